#include "store/sqlite/sqlite_prompt_store.hpp"

#include <algorithm>
#include <utility>

#include "store/sqlite/sqlite_paging.hpp"

namespace gw::store::sqlite {

namespace {

// What every read of a version selects (`v` a prompt_versions row, `p` its prompts row), in read_version's
// order.
constexpr std::string_view kVersionColumns =
    "SELECT v.prompt_id, v.version, v.created_at, v.version = p.default_version, v.content_json";

PromptVersion read_version(const Statement& stmt) {
  PromptVersion v;
  v.prompt_id = std::string(stmt.column_text(0));
  v.version = stmt.column_int64(1);
  v.created_at = stmt.column_int64(2);
  v.is_default = stmt.column_int64(3) != 0;
  v.content = parse_object(stmt.column_text(4));
  return v;
}

PromptPage read_prompt_page(Statement& stmt, const ListQuery& q) {
  PromptPage page;
  while (stmt.step()) {
    if (std::cmp_greater_equal(page.data.size(), q.limit)) {
      page.has_more = true;
      break;
    }
    page.data.push_back(read_version(stmt));
  }
  if (reads_backwards(q)) std::reverse(page.data.begin(), page.data.end());
  return page;
}

// `version` unset: the default one.
std::optional<PromptVersion> find_version(Database& db, const std::string& prompt_id,
                                          std::optional<std::int64_t> version) {
  std::string sql(kVersionColumns);
  sql +=
      " FROM prompt_versions v JOIN prompts p ON p.id = v.prompt_id"
      " WHERE v.prompt_id = ?1 AND v.version = COALESCE(?2, p.default_version)";
  Statement stmt = db.prepare(sql);
  stmt.bind(1, prompt_id);
  if (version)
    stmt.bind(2, *version);
  else
    stmt.bind_null(2);
  if (!stmt.step()) return std::nullopt;
  return read_version(stmt);
}

void insert_version(Database& db, const std::string& prompt_id, std::int64_t version, std::int64_t created_at,
                    const json::object& content) {
  Statement insert = db.prepare(
      "INSERT INTO prompt_versions (prompt_id, version, created_at, content_json) VALUES (?1, ?2, ?3, ?4)");
  insert.bind(1, prompt_id).bind(2, version).bind(3, created_at).bind(4, json::serialize(content));
  insert.run();
}

void set_default_version(Database& db, const std::string& prompt_id, std::int64_t version) {
  Statement update = db.prepare("UPDATE prompts SET default_version = ?2 WHERE id = ?1");
  update.bind(1, prompt_id).bind(2, version).run();
}

// ---- writes ----

void create_prompt(Database& db, const PromptVersion& first) {
  Transaction tx(db);
  Statement insert = db.prepare("INSERT INTO prompts (id, created_at, default_version) VALUES (?1, ?2, 1)");
  insert.bind(1, first.prompt_id).bind(2, first.created_at).run();
  insert_version(db, first.prompt_id, 1, first.created_at, first.content);
  tx.commit();
}

PromptUpdate add_prompt_version(Database& db, const std::string& prompt_id, std::int64_t latest,
                                json::object content, std::int64_t created_at, bool set_default) {
  // IMMEDIATE: the check of the newest version and the insert happen under one write lock.
  Transaction tx(db);
  PromptUpdate result;
  Statement newest = db.prepare("SELECT MAX(version) FROM prompt_versions WHERE prompt_id = ?1");
  newest.bind(1, prompt_id);
  newest.step();
  if (newest.column_is_null(0)) return result;  // NotFound
  result.latest = newest.column_int64(0);
  if (result.latest != latest) {
    result.outcome = PromptUpdate::Outcome::VersionConflict;
    return result;
  }
  const std::optional<PromptVersion> previous = find_version(db, prompt_id, latest);
  for (const char* label : {"name", "metadata"})
    if (!content.contains(label))
      if (const auto* kept = previous->content.if_contains(label)) content[label] = *kept;
  insert_version(db, prompt_id, latest + 1, created_at, content);
  if (set_default) set_default_version(db, prompt_id, latest + 1);
  result.added = *find_version(db, prompt_id, latest + 1);
  result.outcome = PromptUpdate::Outcome::Added;
  tx.commit();
  return result;
}

std::optional<PromptVersion> make_default(Database& db, const std::string& prompt_id, std::int64_t version) {
  Transaction tx(db);
  if (!find_version(db, prompt_id, version)) return std::nullopt;
  set_default_version(db, prompt_id, version);
  std::optional<PromptVersion> chosen = find_version(db, prompt_id, version);
  tx.commit();
  return chosen;
}

bool remove_prompt(Database& db, const std::string& prompt_id) {
  // Its versions go with it through ON DELETE CASCADE.
  Statement stmt = db.prepare("DELETE FROM prompts WHERE id = ?1");
  stmt.bind(1, prompt_id).run();
  return db.changes() > 0;
}

// ---- lists ----

PromptPage read_prompts(Database& db, const ListQuery& q) {
  // ?1 limit + 1, ?2 after, ?3 before.
  std::string sql(kVersionColumns);
  sql +=
      " FROM prompts p JOIN prompt_versions v ON v.prompt_id = p.id AND v.version = p.default_version"
      " WHERE 1";
  sql += cursor_conditions(q, "(p.created_at, p.seq)",
                           "(SELECT created_at, seq FROM prompts WHERE id = {cursor})", 2, 3);
  sql += order_clause(q, " ORDER BY p.created_at ASC, p.seq ASC", " ORDER BY p.created_at DESC, p.seq DESC");
  sql += " LIMIT ?1";
  Statement stmt = db.prepare(sql);
  stmt.bind(1, static_cast<std::int64_t>(q.limit) + 1);
  bind_cursors(stmt, q, 2, 3);
  return read_prompt_page(stmt, q);
}

std::optional<PromptPage> read_versions(Database& db, const std::string& prompt_id, const ListQuery& q) {
  Transaction tx(db, Transaction::Mode::Deferred);
  Statement exists = db.prepare("SELECT 1 FROM prompts WHERE id = ?1");
  exists.bind(1, prompt_id);
  if (!exists.step()) return std::nullopt;

  // ?1 prompt id, ?2 limit + 1, ?3 after, ?4 before. Cursors are version numbers, not ids.
  std::string sql(kVersionColumns);
  sql += " FROM prompt_versions v JOIN prompts p ON p.id = v.prompt_id WHERE v.prompt_id = ?1";
  sql += cursor_conditions(q, "v.version", "CAST({cursor} AS INTEGER)", 3, 4);
  sql += order_clause(q, " ORDER BY v.version ASC", " ORDER BY v.version DESC");
  sql += " LIMIT ?2";
  Statement stmt = db.prepare(sql);
  stmt.bind(1, prompt_id).bind(2, static_cast<std::int64_t>(q.limit) + 1);
  bind_cursors(stmt, q, 3, 4);
  PromptPage page = read_prompt_page(stmt, q);
  tx.commit();
  return page;
}

}  // namespace

// Each lambda owns its arguments: the work runs on another thread after this frame has suspended.

awaitable<void> SqlitePromptStore::create(PromptVersion first) {
  return connection_.run([first = std::move(first)](Database& db) { create_prompt(db, first); });
}

awaitable<PromptUpdate> SqlitePromptStore::add_version(std::string prompt_id, std::int64_t latest,
                                                       json::object content, std::int64_t created_at,
                                                       bool set_default) {
  return connection_.run([id = std::move(prompt_id), latest, content = std::move(content), created_at,
                          set_default](Database& db) mutable {
    return add_prompt_version(db, id, latest, std::move(content), created_at, set_default);
  });
}

awaitable<std::optional<PromptVersion>> SqlitePromptStore::get(std::string prompt_id,
                                                               std::optional<std::int64_t> version) {
  return connection_.run(
      [id = std::move(prompt_id), version](Database& db) { return find_version(db, id, version); });
}

awaitable<std::optional<PromptVersion>> SqlitePromptStore::set_default(std::string prompt_id,
                                                                       std::int64_t version) {
  return connection_.run(
      [id = std::move(prompt_id), version](Database& db) { return make_default(db, id, version); });
}

awaitable<bool> SqlitePromptStore::remove(std::string prompt_id) {
  return connection_.run([id = std::move(prompt_id)](Database& db) { return remove_prompt(db, id); });
}

awaitable<PromptPage> SqlitePromptStore::list(ListQuery query) {
  return connection_.run([q = std::move(query)](Database& db) { return read_prompts(db, q); });
}

awaitable<std::optional<PromptPage>> SqlitePromptStore::list_versions(std::string prompt_id,
                                                                      ListQuery query) {
  return connection_.run(
      [id = std::move(prompt_id), q = std::move(query)](Database& db) { return read_versions(db, id, q); });
}

}  // namespace gw::store::sqlite
