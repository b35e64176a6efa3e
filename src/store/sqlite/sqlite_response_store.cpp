#include "store/sqlite/sqlite_response_store.hpp"

#include <algorithm>
#include <string_view>
#include <type_traits>
#include <unordered_set>
#include <utility>

#include "store/sqlite/sqlite_conversation_items.hpp"
#include "store/sqlite/sqlite_paging.hpp"

namespace gw::store::sqlite {

namespace {

std::string item_id_of(const json::object& item) {
  const json::value* id = item.if_contains("id");
  return id != nullptr && id->is_string() ? std::string(id->get_string()) : std::string();
}

// ---- writes ----

void save_response(Database& db, const StoredResponse& r) {
  Transaction tx(db);
  // An upsert rather than INSERT OR REPLACE: REPLACE deletes the row and inserts a new one, which would
  // give it a new `seq` and move it among responses created in the same second.
  Statement upsert = db.prepare(
      "INSERT INTO responses (id, created_at, model, status, previous_response_id, response_json)"
      " VALUES (?1, ?2, ?3, ?4, ?5, ?6)"
      " ON CONFLICT (id) DO UPDATE SET created_at = excluded.created_at, model = excluded.model,"
      " status = excluded.status, previous_response_id = excluded.previous_response_id,"
      " response_json = excluded.response_json");
  upsert.bind(1, r.id).bind(2, r.created_at).bind(3, r.model).bind(4, r.status);
  if (r.previous_response_id.empty()) {
    upsert.bind_null(5);
  } else {
    upsert.bind(5, r.previous_response_id);
  }
  upsert.bind(6, json::serialize(r.response));
  upsert.run();

  Statement clear = db.prepare("DELETE FROM response_input_items WHERE response_id = ?1");
  clear.bind(1, r.id).run();

  Statement insert = db.prepare(
      "INSERT INTO response_input_items (response_id, position, item_id, item_json) VALUES (?1, ?2, ?3, ?4)");
  insert.bind(1, r.id);
  for (std::size_t i = 0; i < r.input_items.size(); ++i) {
    const json::object& item = r.input_items[i];
    insert.bind(2, static_cast<std::int64_t>(i)).bind(3, item_id_of(item)).bind(4, json::serialize(item));
    insert.run();
    insert.reset();
  }

  Statement clear_output = db.prepare("DELETE FROM response_output_items WHERE response_id = ?1");
  clear_output.bind(1, r.id).run();
  if (const auto* output = r.response.if_contains("output"); output && output->is_array()) {
    Statement insert_output = db.prepare(
        "INSERT INTO response_output_items (response_id, position, item_id, item_json) VALUES (?1, ?2, ?3, "
        "?4)");
    insert_output.bind(1, r.id);
    const auto& items = output->get_array();
    for (std::size_t i = 0; i < items.size(); ++i) {
      if (!items[i].is_object()) continue;
      const json::object& item = items[i].get_object();
      insert_output.bind(2, static_cast<std::int64_t>(i))
          .bind(3, item_id_of(item))
          .bind(4, json::serialize(item));
      insert_output.run();
      insert_output.reset();
    }
  }
  if (!r.conversation_id.empty() && conversation_exists(db, r.conversation_id))
    insert_conversation_items(db, r.conversation_id, r.conversation_items);
  tx.commit();
}

std::optional<json::object> find_stored_item(Database& db, const std::string& item_id) {
  Statement stmt = db.prepare(
      "SELECT item_json FROM response_output_items WHERE item_id = ?1"
      " UNION ALL SELECT item_json FROM response_input_items WHERE item_id = ?1 LIMIT 1");
  stmt.bind(1, item_id);
  if (!stmt.step()) return std::nullopt;
  return parse_object(stmt.column_text(0));
}

bool remove_response(Database& db, const std::string& id) {
  // Input items go with it through ON DELETE CASCADE.
  Statement stmt = db.prepare("DELETE FROM responses WHERE id = ?1");
  stmt.bind(1, id).run();
  return db.changes() > 0;
}

// ---- reads ----

std::vector<json::object> read_input_items(Database& db, const std::string& response_id) {
  Statement stmt =
      db.prepare("SELECT item_json FROM response_input_items WHERE response_id = ?1 ORDER BY position");
  stmt.bind(1, response_id);
  std::vector<json::object> items;
  while (stmt.step()) items.push_back(parse_object(stmt.column_text(0)));
  return items;
}

std::optional<StoredResponse> read_response(Database& db, const std::string& id, bool with_input_items) {
  Statement stmt = db.prepare(
      "SELECT previous_response_id, model, status, created_at, response_json FROM responses WHERE id = ?1");
  stmt.bind(1, id);
  if (!stmt.step()) return std::nullopt;
  StoredResponse r;
  r.id = id;
  if (!stmt.column_is_null(0)) r.previous_response_id = std::string(stmt.column_text(0));
  r.model = std::string(stmt.column_text(1));
  r.status = std::string(stmt.column_text(2));
  r.created_at = stmt.column_int64(3);
  r.response = parse_object(stmt.column_text(4));
  if (with_input_items) r.input_items = read_input_items(db, id);
  return r;
}

std::vector<StoredResponse> read_chain(Database& db, const std::string& id) {
  // One read transaction, so a concurrent writer in another process cannot show us half a chain.
  Transaction tx(db, Transaction::Mode::Deferred);
  std::vector<StoredResponse> chain;
  std::unordered_set<std::string> seen;  // ids are client-chosen on save; a cycle must not loop forever
  std::string next = id;
  while (!next.empty() && seen.insert(next).second) {
    std::optional<StoredResponse> r = read_response(db, next, /*with_input_items=*/true);
    if (!r) break;  // a deleted ancestor ends the chain
    next = r->previous_response_id;
    chain.push_back(std::move(*r));
  }
  tx.commit();
  std::reverse(chain.begin(), chain.end());
  return chain;
}

std::optional<Page> read_input_item_page(Database& db, const std::string& response_id, const ListQuery& q) {
  Transaction tx(db, Transaction::Mode::Deferred);
  Statement exists = db.prepare("SELECT 1 FROM responses WHERE id = ?1");
  exists.bind(1, response_id);
  if (!exists.step()) return std::nullopt;

  Page page = read_item_page(db, "response_input_items", "response_id", response_id, q);
  tx.commit();
  return page;
}

Page read_response_page(Database& db, const ListQuery& q) {
  // ?1 limit + 1, ?2 model, ?3 after, ?4 before.
  std::string sql = "SELECT response_json FROM responses WHERE 1";
  if (!q.model.empty()) sql += " AND model = ?2";
  sql += cursor_conditions(q, "(created_at, seq)",
                           "(SELECT created_at, seq FROM responses WHERE id = {cursor})", 3, 4);
  sql += order_clause(q, " ORDER BY created_at ASC, seq ASC", " ORDER BY created_at DESC, seq DESC");
  sql += " LIMIT ?1";
  Statement stmt = db.prepare(sql);
  stmt.bind(1, static_cast<std::int64_t>(q.limit) + 1);
  if (!q.model.empty()) stmt.bind(2, q.model);
  bind_cursors(stmt, q, 3, 4);
  return finish_page(read_page(stmt, q.limit), q);
}

}  // namespace

// Each lambda owns its arguments: the work runs on another thread after this frame has suspended.

awaitable<void> SqliteResponseStore::save(StoredResponse response) {
  return connection_.run([r = std::move(response)](Database& db) { save_response(db, r); });
}

awaitable<std::optional<StoredResponse>> SqliteResponseStore::get(std::string id, bool with_input_items) {
  return connection_.run([id = std::move(id), with_input_items](Database& db) {
    return read_response(db, id, with_input_items);
  });
}

awaitable<bool> SqliteResponseStore::remove(std::string id) {
  return connection_.run([id = std::move(id)](Database& db) { return remove_response(db, id); });
}

awaitable<std::vector<StoredResponse>> SqliteResponseStore::chain(std::string id) {
  return connection_.run([id = std::move(id)](Database& db) { return read_chain(db, id); });
}

awaitable<std::optional<Page>> SqliteResponseStore::list_input_items(std::string response_id,
                                                                     ListQuery query) {
  return connection_.run([id = std::move(response_id), q = std::move(query)](Database& db) {
    return read_input_item_page(db, id, q);
  });
}

awaitable<Page> SqliteResponseStore::list_responses(ListQuery query) {
  return connection_.run([q = std::move(query)](Database& db) { return read_response_page(db, q); });
}

awaitable<std::optional<json::object>> SqliteResponseStore::find_item(std::string item_id) {
  return connection_.run([id = std::move(item_id)](Database& db) { return find_stored_item(db, id); });
}

awaitable<bool> SqliteResponseStore::ping() {
  return connection_.run([](Database& db) {
    Statement stmt = db.prepare("SELECT 1");
    return stmt.step() && stmt.column_int64(0) == 1;
  });
}

}  // namespace gw::store::sqlite
