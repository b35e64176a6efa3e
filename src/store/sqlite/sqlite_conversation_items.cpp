#include "store/sqlite/sqlite_conversation_items.hpp"

#include <boost/json/serialize.hpp>

namespace gw::store::sqlite {

namespace json = boost::json;

bool conversation_exists(Database& db, const std::string& conversation_id) {
  Statement stmt = db.prepare("SELECT 1 FROM conversations WHERE id = ?1");
  stmt.bind(1, conversation_id);
  return stmt.step();
}

void insert_conversation_items(Database& db, const std::string& conversation_id,
                               const std::vector<json::object>& items) {
  Statement next =
      db.prepare("SELECT coalesce(max(position) + 1, 0) FROM conversation_items WHERE conversation_id = ?1");
  next.bind(1, conversation_id);
  next.step();
  std::int64_t position = next.column_int64(0);

  // DO NOTHING on the (conversation_id, item_id) unique index: an item the conversation already holds stays
  // where it is.
  Statement insert = db.prepare(
      "INSERT INTO conversation_items (conversation_id, position, item_id, item_json) VALUES (?1, ?2, ?3, ?4)"
      " ON CONFLICT DO NOTHING");
  insert.bind(1, conversation_id);
  for (const json::object& item : items) {
    insert.bind(2, position++).bind(3, item.at("id").as_string()).bind(4, json::serialize(item));
    insert.run();
    insert.reset();
  }
}

}  // namespace gw::store::sqlite
