#pragma once
// ConversationStore over the embedded SQLite database.
#include "store/conversation_store.hpp"
#include "store/sqlite/sqlite_connection.hpp"

namespace gw::store::sqlite {

class SqliteConversationStore final : public ConversationStore {
 public:
  explicit SqliteConversationStore(SqliteConnection& connection) : connection_(connection) {}

  awaitable<void> create(StoredConversation conversation, std::vector<boost::json::object> items) override;
  awaitable<std::optional<boost::json::object>> get(std::string id) override;
  awaitable<std::optional<boost::json::object>> update_metadata(std::string id,
                                                                boost::json::object metadata) override;
  awaitable<bool> remove(std::string id) override;
  awaitable<Page> list(ListQuery query) override;
  awaitable<ItemResult> add_items(std::string id, std::vector<boost::json::object> items) override;
  awaitable<void> append_items(std::string id, std::vector<boost::json::object> items) override;
  awaitable<std::optional<std::vector<boost::json::object>>> items(std::string id) override;
  awaitable<std::optional<Page>> list_items(std::string id, ListQuery query) override;
  awaitable<ItemResult> get_item(std::string id, std::string item_id) override;
  awaitable<ItemResult> remove_item(std::string id, std::string item_id) override;

 private:
  SqliteConnection& connection_;
};

}  // namespace gw::store::sqlite
