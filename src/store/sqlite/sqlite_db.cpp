#include "store/sqlite/sqlite_db.hpp"

#include <sqlite3.h>

#include <stdexcept>
#include <string>

namespace gw::store::sqlite {

namespace {

[[noreturn]] void throw_error(sqlite3* db, int rc, std::string_view what) {
  std::string message = "sqlite: ";
  message += what;
  message += ": ";
  // The connection's message is more precise than the code's, but only when it describes this code.
  message += db != nullptr && sqlite3_extended_errcode(db) == rc ? sqlite3_errmsg(db) : sqlite3_errstr(rc);
  message += " (code " + std::to_string(rc) + ")";
  throw std::runtime_error(message);
}

}  // namespace

// ---- Database ----

void Database::Closer::operator()(sqlite3* db) const {
  // close_v2 defers the close until any statement still alive is finalized instead of failing.
  sqlite3_close_v2(db);
}

Database::Database(const std::filesystem::path& file, std::chrono::milliseconds busy_timeout) {
  if (file.has_parent_path()) std::filesystem::create_directories(file.parent_path());
  sqlite3* raw = nullptr;
  int rc = sqlite3_open_v2(file.c_str(), &raw, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE, nullptr);
  db_.reset(raw);  // open returns a handle (holding the message) even when it fails
  if (rc != SQLITE_OK) throw_error(raw, rc, "open " + file.string());
  sqlite3_extended_result_codes(raw, 1);
  sqlite3_busy_timeout(raw, static_cast<int>(busy_timeout.count()));
  // WAL lets readers run while one writer commits; NORMAL under WAL may lose the last commits on power
  // loss but never corrupts the file, which is the trade-off SQLite recommends for WAL.
  exec("PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL; PRAGMA foreign_keys=ON;");
}

Database::~Database() = default;

void Database::exec(const char* sql) {
  char* error = nullptr;
  int rc = sqlite3_exec(db_.get(), sql, nullptr, nullptr, &error);
  if (rc == SQLITE_OK) return;
  std::string message = error != nullptr ? error : sqlite3_errstr(rc);
  sqlite3_free(error);
  throw std::runtime_error("sqlite: exec: " + message + " (code " + std::to_string(rc) + ")");
}

Statement Database::prepare(std::string_view sql) {
  sqlite3_stmt* stmt = nullptr;
  int rc = sqlite3_prepare_v2(db_.get(), sql.data(), static_cast<int>(sql.size()), &stmt, nullptr);
  if (rc != SQLITE_OK) {
    sqlite3_finalize(stmt);
    fail(rc, "prepare " + std::string(sql));
  }
  return Statement(*this, stmt);
}

std::int64_t Database::changes() const { return sqlite3_changes64(db_.get()); }

bool Database::in_transaction() const { return sqlite3_get_autocommit(db_.get()) == 0; }

void Database::fail(int rc, std::string_view what) const { throw_error(db_.get(), rc, what); }

// ---- Statement ----

void Statement::Finalizer::operator()(sqlite3_stmt* stmt) const { sqlite3_finalize(stmt); }

Statement::Statement(Database& db, sqlite3_stmt* stmt) : db_(&db), stmt_(stmt) {}

void Statement::check_bind(int rc, int index) {
  if (rc != SQLITE_OK) db_->fail(rc, "bind parameter " + std::to_string(index));
}

Statement& Statement::bind(int index, std::string_view text) {
  // TRANSIENT makes SQLite copy the text, so the caller's buffer may go away before step().
  check_bind(sqlite3_bind_text64(stmt_.get(), index, text.data(), text.size(), SQLITE_TRANSIENT, SQLITE_UTF8),
             index);
  return *this;
}

Statement& Statement::bind(int index, std::int64_t value) {
  check_bind(sqlite3_bind_int64(stmt_.get(), index, value), index);
  return *this;
}

Statement& Statement::bind_null(int index) {
  check_bind(sqlite3_bind_null(stmt_.get(), index), index);
  return *this;
}

bool Statement::step() {
  int rc = sqlite3_step(stmt_.get());
  if (rc == SQLITE_ROW) return true;
  if (rc == SQLITE_DONE) return false;
  db_->fail(rc, std::string("step ") + sqlite3_sql(stmt_.get()));
}

void Statement::run() {
  if (step())
    throw std::logic_error(std::string("sqlite: statement returned rows: ") + sqlite3_sql(stmt_.get()));
}

void Statement::reset() { sqlite3_reset(stmt_.get()); }

bool Statement::column_is_null(int index) const {
  return sqlite3_column_type(stmt_.get(), index) == SQLITE_NULL;
}

std::int64_t Statement::column_int64(int index) const { return sqlite3_column_int64(stmt_.get(), index); }

std::string_view Statement::column_text(int index) const {
  const unsigned char* text = sqlite3_column_text(stmt_.get(), index);
  if (text == nullptr) return {};
  // bytes() must come after text(): it reports the size of the conversion text() just made.
  return {reinterpret_cast<const char*>(text),
          static_cast<std::size_t>(sqlite3_column_bytes(stmt_.get(), index))};
}

// ---- Transaction ----

Transaction::Transaction(Database& db, Mode mode) : db_(db) {
  db_.exec(mode == Mode::Immediate ? "BEGIN IMMEDIATE" : "BEGIN");
}

Transaction::~Transaction() {
  // Some errors (disk full, I/O) already rolled the transaction back; a second ROLLBACK would fail.
  if (!done_ && db_.in_transaction()) sqlite3_exec(db_.handle(), "ROLLBACK", nullptr, nullptr, nullptr);
}

void Transaction::commit() {
  db_.exec("COMMIT");
  done_ = true;
}

}  // namespace gw::store::sqlite
