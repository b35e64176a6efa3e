#include "store/sqlite/sqlite_prompt_store.hpp"

#include <stdlib.h>

#include <filesystem>
#include <memory>
#include <string>
#include <vector>

#include <gtest/gtest.h>
#include <boost/asio/use_future.hpp>

namespace gw::store::sqlite {
namespace {

namespace fs = std::filesystem;
using Outcome = PromptUpdate::Outcome;

template <class T>
T run(awaitable<T> task) {
  asio::io_context io;
  auto result = asio::co_spawn(io, std::move(task), asio::use_future);
  io.run();
  return result.get();
}

json::object content(std::string instructions) {
  return {
      {"instructions", std::move(instructions)}, {"messages", json::array{}}, {"variables", json::array{}}};
}

PromptVersion first_version(std::string id, std::int64_t created_at, std::string instructions = "v1") {
  PromptVersion v;
  v.prompt_id = std::move(id);
  v.created_at = created_at;
  v.content = content(std::move(instructions));
  return v;
}

std::vector<std::string> ids(const PromptPage& page) {
  std::vector<std::string> out;
  for (const auto& v : page.data) out.push_back(v.prompt_id);
  return out;
}

std::vector<std::int64_t> versions(const PromptPage& page) {
  std::vector<std::int64_t> out;
  for (const auto& v : page.data) out.push_back(v.version);
  return out;
}

using Ids = std::vector<std::string>;
using Versions = std::vector<std::int64_t>;

class SqlitePromptStoreTest : public ::testing::Test {
 protected:
  void SetUp() override {
    std::string pattern = (fs::temp_directory_path() / "gw_prompt_store_XXXXXX").string();
    ASSERT_NE(mkdtemp(pattern.data()), nullptr);
    dir_ = pattern;
    open();
  }
  void TearDown() override {
    close();
    fs::remove_all(dir_);
  }
  void open() {
    connection_ = std::make_unique<SqliteConnection>(dir_ / "gateway.db", pool_);
    store_ = std::make_unique<SqlitePromptStore>(*connection_);
  }
  void close() {
    store_.reset();
    connection_.reset();
  }
  PromptUpdate update(const std::string& id, std::int64_t latest, std::string instructions,
                      bool set_default = true) {
    return run(store_->add_version(id, latest, content(std::move(instructions)), 200 + latest, set_default));
  }

  asio::thread_pool pool_{2};
  fs::path dir_;
  std::unique_ptr<SqliteConnection> connection_;
  std::unique_ptr<SqlitePromptStore> store_;
};

TEST_F(SqlitePromptStoreTest, CreatesVersionOneAsTheDefault) {
  PromptVersion first = first_version("pmpt_a", 100);
  first.content["name"] = "greeter";
  run(store_->create(first));

  auto got = run(store_->get("pmpt_a", std::nullopt));
  ASSERT_TRUE(got);
  EXPECT_EQ(got->prompt_id, "pmpt_a");
  EXPECT_EQ(got->version, 1);
  EXPECT_EQ(got->created_at, 100);
  EXPECT_TRUE(got->is_default);
  EXPECT_EQ(got->content, first.content);
  EXPECT_TRUE(run(store_->get("pmpt_a", 1)));
  EXPECT_FALSE(run(store_->get("pmpt_a", 2)));
  EXPECT_FALSE(run(store_->get("pmpt_missing", std::nullopt)));
}

TEST_F(SqlitePromptStoreTest, UpdatesAddImmutableVersions) {
  run(store_->create(first_version("pmpt_a", 100)));
  PromptUpdate second = update("pmpt_a", 1, "v2");
  ASSERT_EQ(second.outcome, Outcome::Added);
  EXPECT_EQ(second.added.version, 2);
  EXPECT_EQ(second.added.created_at, 201);
  EXPECT_TRUE(second.added.is_default);
  EXPECT_EQ(second.added.content.at("instructions"), "v2");

  auto old = run(store_->get("pmpt_a", 1));
  ASSERT_TRUE(old);
  EXPECT_EQ(old->content.at("instructions"), "v1");
  EXPECT_FALSE(old->is_default);
  EXPECT_EQ(run(store_->get("pmpt_a", std::nullopt))->version, 2);
}

TEST_F(SqlitePromptStoreTest, UpdateOfAnOlderVersionIsAConflictAndWritesNothing) {
  run(store_->create(first_version("pmpt_a", 100)));
  ASSERT_EQ(update("pmpt_a", 1, "v2").outcome, Outcome::Added);
  PromptUpdate stale = update("pmpt_a", 1, "lost");
  EXPECT_EQ(stale.outcome, Outcome::VersionConflict);
  EXPECT_EQ(stale.latest, 2);
  EXPECT_FALSE(run(store_->get("pmpt_a", 3)));
  EXPECT_EQ(update("pmpt_missing", 1, "x").outcome, Outcome::NotFound);
}

TEST_F(SqlitePromptStoreTest, UpdateKeepsLabelsItLeavesOut) {
  PromptVersion first = first_version("pmpt_a", 100);
  first.content["name"] = "greeter";
  first.content["metadata"] = json::object{{"team", "a"}};
  run(store_->create(first));
  PromptUpdate kept = update("pmpt_a", 1, "v2");
  EXPECT_EQ(kept.added.content.at("name"), "greeter");
  EXPECT_EQ(kept.added.content.at("metadata"), (json::object{{"team", "a"}}));

  json::object renamed = content("v3");
  renamed["name"] = "welcomer";
  PromptUpdate changed = run(store_->add_version("pmpt_a", 2, renamed, 300, true));
  EXPECT_EQ(changed.added.content.at("name"), "welcomer");
  EXPECT_EQ(changed.added.content.at("metadata"), (json::object{{"team", "a"}}));
}

TEST_F(SqlitePromptStoreTest, DefaultVersionCanBeChosen) {
  run(store_->create(first_version("pmpt_a", 100)));
  ASSERT_EQ(update("pmpt_a", 1, "v2", /*set_default=*/false).outcome, Outcome::Added);
  EXPECT_EQ(run(store_->get("pmpt_a", std::nullopt))->version, 1);  // not made the default

  auto chosen = run(store_->set_default("pmpt_a", 2));
  ASSERT_TRUE(chosen);
  EXPECT_EQ(chosen->version, 2);
  EXPECT_TRUE(chosen->is_default);
  EXPECT_EQ(run(store_->get("pmpt_a", std::nullopt))->version, 2);
  EXPECT_FALSE(run(store_->set_default("pmpt_a", 7)));
  EXPECT_FALSE(run(store_->set_default("pmpt_missing", 1)));
  EXPECT_EQ(run(store_->get("pmpt_a", std::nullopt))->version, 2);
}

TEST_F(SqlitePromptStoreTest, RemoveDeletesEveryVersion) {
  run(store_->create(first_version("pmpt_a", 100)));
  update("pmpt_a", 1, "v2");
  EXPECT_TRUE(run(store_->remove("pmpt_a")));
  EXPECT_FALSE(run(store_->get("pmpt_a", 1)));
  EXPECT_FALSE(run(store_->list_versions("pmpt_a", {})));
  EXPECT_FALSE(run(store_->remove("pmpt_a")));
  // The id may not come back with stale versions: a new prompt of that id starts over.
  run(store_->create(first_version("pmpt_a", 300, "fresh")));
  EXPECT_EQ(versions(*run(store_->list_versions("pmpt_a", {}))), (Versions{1}));
}

TEST_F(SqlitePromptStoreTest, ListShowsDefaultVersionsWithCursors) {
  run(store_->create(first_version("pmpt_a", 100)));
  run(store_->create(first_version("pmpt_b", 100)));  // same second: insertion order breaks the tie
  run(store_->create(first_version("pmpt_c", 101)));
  update("pmpt_a", 1, "a2");

  PromptPage all = run(store_->list({}));
  EXPECT_EQ(ids(all), (Ids{"pmpt_c", "pmpt_b", "pmpt_a"}));
  EXPECT_FALSE(all.has_more);
  EXPECT_EQ(all.data.back().version, 2);
  EXPECT_TRUE(all.data.back().is_default);

  PromptPage first = run(store_->list({.limit = 2, .ascending = true}));
  EXPECT_EQ(ids(first), (Ids{"pmpt_a", "pmpt_b"}));
  EXPECT_TRUE(first.has_more);
  EXPECT_EQ(ids(run(store_->list({.limit = 2, .ascending = true, .after = "pmpt_b"}))), (Ids{"pmpt_c"}));
  EXPECT_EQ(ids(run(store_->list({.limit = 1, .before = "pmpt_a"}))), (Ids{"pmpt_b"}));
  EXPECT_EQ(ids(run(store_->list({.limit = 5, .ascending = true, .before = "pmpt_c"}))),
            (Ids{"pmpt_a", "pmpt_b"}));
  EXPECT_TRUE(run(store_->list({.after = "pmpt_unknown"})).data.empty());
}

TEST_F(SqlitePromptStoreTest, VersionsPageByNumber) {
  run(store_->create(first_version("pmpt_a", 100)));
  for (std::int64_t v = 1; v < 5; ++v) update("pmpt_a", v, "v" + std::to_string(v + 1));

  PromptPage desc = *run(store_->list_versions("pmpt_a", {.limit = 2}));
  EXPECT_EQ(versions(desc), (Versions{5, 4}));
  EXPECT_TRUE(desc.has_more);
  EXPECT_TRUE(desc.data.front().is_default);
  EXPECT_FALSE(desc.data.back().is_default);
  EXPECT_EQ(versions(*run(store_->list_versions("pmpt_a", {.limit = 2, .after = "4"}))), (Versions{3, 2}));
  EXPECT_EQ(versions(*run(store_->list_versions("pmpt_a", {.ascending = true, .after = "3"}))),
            (Versions{4, 5}));
  EXPECT_EQ(versions(*run(store_->list_versions("pmpt_a", {.limit = 2, .ascending = true, .before = "5"}))),
            (Versions{3, 4}));
  EXPECT_FALSE(run(store_->list_versions("pmpt_missing", {})));
}

TEST_F(SqlitePromptStoreTest, DataSurvivesReopening) {
  run(store_->create(first_version("pmpt_a", 100)));
  update("pmpt_a", 1, "v2", /*set_default=*/false);
  close();
  open();
  EXPECT_EQ(run(store_->get("pmpt_a", std::nullopt))->version, 1);
  EXPECT_EQ(run(store_->get("pmpt_a", 2))->content.at("instructions"), "v2");
}

}  // namespace
}  // namespace gw::store::sqlite
