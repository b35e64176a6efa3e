#pragma once
// ResponseStore over the embedded SQLite database.
#include "store/response_store.hpp"
#include "store/sqlite/sqlite_connection.hpp"

namespace gw::store::sqlite {

class SqliteResponseStore final : public ResponseStore {
 public:
  explicit SqliteResponseStore(SqliteConnection& connection) : connection_(connection) {}

  awaitable<void> save(StoredResponse response) override;
  awaitable<std::optional<StoredResponse>> get(std::string id, bool with_input_items) override;
  awaitable<bool> remove(std::string id) override;
  awaitable<std::vector<StoredResponse>> chain(std::string id) override;
  awaitable<std::optional<Page>> list_input_items(std::string response_id, ListQuery query) override;
  awaitable<Page> list_responses(ListQuery query) override;
  awaitable<std::optional<boost::json::object>> find_item(std::string item_id) override;
  awaitable<bool> ping() override;

 private:
  SqliteConnection& connection_;
};

}  // namespace gw::store::sqlite
