#include "store/sqlite/sqlite_connection.hpp"

#include <sqlite3.h>

#include "store/sqlite/migrations.hpp"

namespace gw::store::sqlite {

namespace {

// Replaces SQLite's automatic checkpoint on the writer: the checkpointer thread does them (see
// WalCheckpointer).
int after_commit(void* checkpointer, sqlite3* db, const char*, int wal_pages) {
  static_cast<WalCheckpointer*>(checkpointer)->wal_grew(db, wal_pages);
  return SQLITE_OK;
}

}  // namespace

SqliteConnection::SqliteConnection(std::filesystem::path db_file, asio::thread_pool& blocking_pool)
    : pool_(blocking_pool), db_(db_file), checkpointer_(db_file, std::chrono::milliseconds(200)) {
  sqlite3_wal_hook(db_.handle(), &after_commit, &checkpointer_);
  migrate(db_);
}

SqliteConnection::~SqliteConnection() { sqlite3_wal_hook(db_.handle(), nullptr, nullptr); }

}  // namespace gw::store::sqlite
