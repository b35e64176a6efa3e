#include "store/sqlite/sqlite_conversation_store.hpp"

#include <utility>

#include "store/sqlite/sqlite_conversation_items.hpp"
#include "store/sqlite/sqlite_paging.hpp"

namespace gw::store::sqlite {

namespace {

// ---- conversations ----

void insert_conversation(Database& db, const StoredConversation& c, const std::vector<json::object>& items) {
  Transaction tx(db);
  Statement insert =
      db.prepare("INSERT INTO conversations (id, created_at, conversation_json) VALUES (?1, ?2, ?3)");
  insert.bind(1, c.id).bind(2, c.created_at).bind(3, json::serialize(c.conversation));
  insert.run();
  insert_conversation_items(db, c.id, items);
  tx.commit();
}

std::optional<json::object> read_conversation(Database& db, const std::string& id) {
  Statement stmt = db.prepare("SELECT conversation_json FROM conversations WHERE id = ?1");
  stmt.bind(1, id);
  if (!stmt.step()) return std::nullopt;
  return parse_object(stmt.column_text(0));
}

std::optional<json::object> write_metadata(Database& db, const std::string& id, json::object metadata) {
  Transaction tx(db);
  std::optional<json::object> conversation = read_conversation(db, id);
  if (!conversation) return std::nullopt;
  (*conversation)["metadata"] = std::move(metadata);
  Statement update = db.prepare("UPDATE conversations SET conversation_json = ?2 WHERE id = ?1");
  update.bind(1, id).bind(2, json::serialize(*conversation));
  update.run();
  tx.commit();
  return conversation;
}

bool delete_conversation(Database& db, const std::string& id) {
  // Its items go with it through ON DELETE CASCADE.
  Statement stmt = db.prepare("DELETE FROM conversations WHERE id = ?1");
  stmt.bind(1, id).run();
  return db.changes() > 0;
}

Page read_conversation_page(Database& db, const ListQuery& q) {
  // ?1 limit + 1, ?2 after, ?3 before.
  std::string sql = "SELECT conversation_json FROM conversations WHERE 1";
  sql += cursor_conditions(q, "(created_at, seq)",
                           "(SELECT created_at, seq FROM conversations WHERE id = {cursor})", 2, 3);
  sql += order_clause(q, " ORDER BY created_at ASC, seq ASC", " ORDER BY created_at DESC, seq DESC");
  sql += " LIMIT ?1";
  Statement stmt = db.prepare(sql);
  stmt.bind(1, static_cast<std::int64_t>(q.limit) + 1);
  bind_cursors(stmt, q, 2, 3);
  return finish_page(read_page(stmt, q.limit), q);
}

// ---- items ----

std::optional<json::object> read_item(Database& db, const std::string& id, const std::string& item_id) {
  Statement stmt =
      db.prepare("SELECT item_json FROM conversation_items WHERE conversation_id = ?1 AND item_id = ?2");
  stmt.bind(1, id).bind(2, item_id);
  if (!stmt.step()) return std::nullopt;
  return parse_object(stmt.column_text(0));
}

ItemResult add(Database& db, const std::string& id, const std::vector<json::object>& items) {
  Transaction tx(db);
  if (!conversation_exists(db, id)) return {ItemStatus::NoConversation};
  // Checked in the transaction that inserts, so a concurrent add cannot slip the same id in between.
  Statement held = db.prepare("SELECT 1 FROM conversation_items WHERE conversation_id = ?1 AND item_id = ?2");
  held.bind(1, id);
  for (const json::object& item : items) {
    held.bind(2, item.at("id").as_string());
    const bool duplicate = held.step();
    held.reset();
    if (duplicate) return {ItemStatus::DuplicateItem, {}, std::string(item.at("id").as_string())};
  }
  insert_conversation_items(db, id, items);
  tx.commit();
  return {ItemStatus::Ok};
}

void append(Database& db, const std::string& id, const std::vector<json::object>& items) {
  Transaction tx(db);
  if (!conversation_exists(db, id)) return;
  insert_conversation_items(db, id, items);
  tx.commit();
}

std::optional<std::vector<json::object>> read_items(Database& db, const std::string& id) {
  // One read transaction: the conversation and its items as of the same moment.
  Transaction tx(db, Transaction::Mode::Deferred);
  if (!conversation_exists(db, id)) return std::nullopt;
  Statement stmt =
      db.prepare("SELECT item_json FROM conversation_items WHERE conversation_id = ?1 ORDER BY position");
  stmt.bind(1, id);
  std::vector<json::object> items;
  while (stmt.step()) items.push_back(parse_object(stmt.column_text(0)));
  tx.commit();
  return items;
}

std::optional<Page> read_conversation_item_page(Database& db, const std::string& id, const ListQuery& q) {
  Transaction tx(db, Transaction::Mode::Deferred);
  if (!conversation_exists(db, id)) return std::nullopt;
  Page page = read_item_page(db, "conversation_items", "conversation_id", id, q);
  tx.commit();
  return page;
}

ItemResult find_item(Database& db, const std::string& id, const std::string& item_id) {
  Transaction tx(db, Transaction::Mode::Deferred);
  if (!conversation_exists(db, id)) return {ItemStatus::NoConversation};
  std::optional<json::object> item = read_item(db, id, item_id);
  tx.commit();
  if (!item) return {ItemStatus::NoItem};
  return {ItemStatus::Ok, std::move(*item)};
}

ItemResult delete_item(Database& db, const std::string& id, const std::string& item_id) {
  Transaction tx(db);
  std::optional<json::object> conversation = read_conversation(db, id);
  if (!conversation) return {ItemStatus::NoConversation};
  Statement stmt = db.prepare("DELETE FROM conversation_items WHERE conversation_id = ?1 AND item_id = ?2");
  stmt.bind(1, id).bind(2, item_id).run();
  if (db.changes() == 0) return {ItemStatus::NoItem};
  tx.commit();
  return {ItemStatus::Ok, std::move(*conversation)};
}

}  // namespace

// Each lambda owns its arguments: the work runs on another thread after this frame has suspended.

awaitable<void> SqliteConversationStore::create(StoredConversation conversation,
                                                std::vector<json::object> items) {
  return connection_.run([c = std::move(conversation), items = std::move(items)](Database& db) {
    insert_conversation(db, c, items);
  });
}

awaitable<std::optional<json::object>> SqliteConversationStore::get(std::string id) {
  return connection_.run([id = std::move(id)](Database& db) { return read_conversation(db, id); });
}

awaitable<std::optional<json::object>> SqliteConversationStore::update_metadata(std::string id,
                                                                                json::object metadata) {
  return connection_.run([id = std::move(id), metadata = std::move(metadata)](Database& db) mutable {
    return write_metadata(db, id, std::move(metadata));
  });
}

awaitable<bool> SqliteConversationStore::remove(std::string id) {
  return connection_.run([id = std::move(id)](Database& db) { return delete_conversation(db, id); });
}

awaitable<Page> SqliteConversationStore::list(ListQuery query) {
  return connection_.run([q = std::move(query)](Database& db) { return read_conversation_page(db, q); });
}

awaitable<ItemResult> SqliteConversationStore::add_items(std::string id, std::vector<json::object> items) {
  return connection_.run(
      [id = std::move(id), items = std::move(items)](Database& db) { return add(db, id, items); });
}

awaitable<void> SqliteConversationStore::append_items(std::string id, std::vector<json::object> items) {
  return connection_.run(
      [id = std::move(id), items = std::move(items)](Database& db) { append(db, id, items); });
}

awaitable<std::optional<std::vector<json::object>>> SqliteConversationStore::items(std::string id) {
  return connection_.run([id = std::move(id)](Database& db) { return read_items(db, id); });
}

awaitable<std::optional<Page>> SqliteConversationStore::list_items(std::string id, ListQuery query) {
  return connection_.run([id = std::move(id), q = std::move(query)](Database& db) {
    return read_conversation_item_page(db, id, q);
  });
}

awaitable<ItemResult> SqliteConversationStore::get_item(std::string id, std::string item_id) {
  return connection_.run([id = std::move(id), item_id = std::move(item_id)](Database& db) {
    return find_item(db, id, item_id);
  });
}

awaitable<ItemResult> SqliteConversationStore::remove_item(std::string id, std::string item_id) {
  return connection_.run([id = std::move(id), item_id = std::move(item_id)](Database& db) {
    return delete_item(db, id, item_id);
  });
}

}  // namespace gw::store::sqlite
