#pragma once
// PromptStore over the embedded SQLite database.
#include "store/prompt_store.hpp"
#include "store/sqlite/sqlite_connection.hpp"

namespace gw::store::sqlite {

class SqlitePromptStore final : public PromptStore {
 public:
  explicit SqlitePromptStore(SqliteConnection& connection) : connection_(connection) {}

  awaitable<void> create(PromptVersion first) override;
  awaitable<PromptUpdate> add_version(std::string prompt_id, std::int64_t latest, boost::json::object content,
                                      std::int64_t created_at, bool set_default) override;
  awaitable<std::optional<PromptVersion>> get(std::string prompt_id,
                                              std::optional<std::int64_t> version) override;
  awaitable<std::optional<PromptVersion>> set_default(std::string prompt_id, std::int64_t version) override;
  awaitable<bool> remove(std::string prompt_id) override;
  awaitable<PromptPage> list(ListQuery query) override;
  awaitable<std::optional<PromptPage>> list_versions(std::string prompt_id, ListQuery query) override;

 private:
  SqliteConnection& connection_;
};

}  // namespace gw::store::sqlite
