#include "store/sqlite/sqlite_response_store.hpp"

#include <stdlib.h>

#include <filesystem>
#include <memory>
#include <stdexcept>
#include <string>
#include <vector>

#include <gtest/gtest.h>
#include <boost/asio/use_future.hpp>

#include "store/sqlite/migrations.hpp"
#include "store/sqlite/sqlite_db.hpp"

namespace gw::store::sqlite {
namespace {

namespace fs = std::filesystem;

// Drives one awaitable to completion on a private io_context; the store hops to the pool and back.
template <class T>
T run(awaitable<T> task) {
  asio::io_context io;
  auto result = asio::co_spawn(io, std::move(task), asio::use_future);
  io.run();
  return result.get();
}

StoredResponse make_response(std::string id, std::int64_t created_at, std::string model = "m1",
                             std::string previous = "", int items = 2) {
  StoredResponse r;
  r.id = id;
  r.created_at = created_at;
  r.model = model;
  r.status = "completed";
  r.previous_response_id = previous;
  r.response = {{"id", id},       {"object", "response"},  {"created_at", created_at},
                {"model", model}, {"status", "completed"}, {"output", json::array{}}};
  for (int i = 0; i < items; ++i) {
    r.input_items.push_back(
        {{"id", id + "_in" + std::to_string(i)}, {"type", "message"}, {"role", "user"}, {"content", "turn"}});
  }
  return r;
}

std::vector<std::string> ids(const std::vector<json::object>& objects) {
  std::vector<std::string> out;
  for (const json::object& o : objects) out.emplace_back(o.at("id").as_string());
  return out;
}

std::vector<std::string> ids(const std::vector<StoredResponse>& responses) {
  std::vector<std::string> out;
  for (const StoredResponse& r : responses) out.push_back(r.id);
  return out;
}

using Ids = std::vector<std::string>;

class SqliteResponseStoreTest : public ::testing::Test {
 protected:
  void SetUp() override {
    std::string pattern = (fs::temp_directory_path() / "gw_store_sqlite_XXXXXX").string();
    ASSERT_NE(mkdtemp(pattern.data()), nullptr);
    dir_ = pattern;
    db_file_ = dir_ / "nested" / "gateway.db";  // the store must create missing folders
    open();
  }
  void TearDown() override {
    close();
    fs::remove_all(dir_);
  }

  Page items_page(const std::string& response_id, ListQuery q) {
    std::optional<Page> page = run(store_->list_input_items(response_id, std::move(q)));
    EXPECT_TRUE(page.has_value());
    return page.value_or(Page{});
  }

  void open() {
    connection_ = std::make_unique<SqliteConnection>(db_file_, pool_);
    store_ = std::make_unique<SqliteResponseStore>(*connection_);
  }
  void close() {
    store_.reset();
    connection_.reset();
  }

  asio::thread_pool pool_{2};
  fs::path dir_;
  fs::path db_file_;
  std::unique_ptr<SqliteConnection> connection_;
  std::unique_ptr<SqliteResponseStore> store_;
};

TEST_F(SqliteResponseStoreTest, SavesAndGets) {
  StoredResponse saved = make_response("resp_a", 100, "m1", "resp_zero", 3);
  run(store_->save(saved));

  std::optional<StoredResponse> got = run(store_->get("resp_a", true));
  ASSERT_TRUE(got);
  EXPECT_EQ(got->id, "resp_a");
  EXPECT_EQ(got->previous_response_id, "resp_zero");
  EXPECT_EQ(got->model, "m1");
  EXPECT_EQ(got->status, "completed");
  EXPECT_EQ(got->created_at, 100);
  EXPECT_EQ(got->response, saved.response);
  EXPECT_EQ(got->input_items, saved.input_items);

  std::optional<StoredResponse> bare = run(store_->get("resp_a", false));
  ASSERT_TRUE(bare);
  EXPECT_TRUE(bare->input_items.empty());

  EXPECT_FALSE(run(store_->get("resp_missing", true)));
  EXPECT_TRUE(run(store_->ping()));
}

TEST_F(SqliteResponseStoreTest, SaveReplacesResponseAndItsItems) {
  run(store_->save(make_response("resp_a", 100, "m1", "", 3)));
  StoredResponse replacement = make_response("resp_a", 100, "m2", "", 1);
  replacement.status = "failed";
  replacement.response["status"] = "failed";
  run(store_->save(replacement));

  std::optional<StoredResponse> got = run(store_->get("resp_a", true));
  ASSERT_TRUE(got);
  EXPECT_EQ(got->status, "failed");
  EXPECT_EQ(got->model, "m2");
  EXPECT_EQ(got->response.at("status"), "failed");
  EXPECT_EQ(ids(got->input_items), (Ids{"resp_a_in0"}));
}

TEST_F(SqliteResponseStoreTest, ReplacingKeepsListPositionWithinTheSameSecond) {
  run(store_->save(make_response("resp_a", 100)));
  run(store_->save(make_response("resp_b", 100)));
  run(store_->save(make_response("resp_a", 100)));
  EXPECT_EQ(ids(run(store_->list_responses({.ascending = true})).data), (Ids{"resp_a", "resp_b"}));
}

TEST_F(SqliteResponseStoreTest, FailedSaveLeavesThePreviousVersion) {
  run(store_->save(make_response("resp_a", 100, "m1", "", 2)));
  {
    // Make the second input item of any save fail, mid-transaction.
    Database db(db_file_);
    db.exec(
        "CREATE TRIGGER boom BEFORE INSERT ON response_input_items WHEN NEW.item_id LIKE '%_in1'"
        " BEGIN SELECT RAISE(ABORT, 'boom'); END");
  }
  EXPECT_THROW(run(store_->save(make_response("resp_a", 200, "m2", "", 2))), std::runtime_error);
  EXPECT_THROW(run(store_->save(make_response("resp_new", 200, "m2", "", 2))), std::runtime_error);

  std::optional<StoredResponse> got = run(store_->get("resp_a", true));
  ASSERT_TRUE(got);
  EXPECT_EQ(got->model, "m1");
  EXPECT_EQ(got->created_at, 100);
  EXPECT_EQ(ids(got->input_items), (Ids{"resp_a_in0", "resp_a_in1"}));
  EXPECT_FALSE(run(store_->get("resp_new", true)));
  EXPECT_TRUE(run(store_->ping()));  // the connection is usable again: no transaction left open
}

TEST_F(SqliteResponseStoreTest, RemoveDeletesResponseAndItems) {
  run(store_->save(make_response("resp_a", 100, "m1", "", 3)));
  run(store_->save(make_response("resp_b", 101)));

  EXPECT_TRUE(run(store_->remove("resp_a")));
  EXPECT_FALSE(run(store_->get("resp_a", true)));
  EXPECT_FALSE(run(store_->list_input_items("resp_a", {})));
  EXPECT_FALSE(run(store_->remove("resp_a")));
  EXPECT_TRUE(run(store_->get("resp_b", false)));

  Database db(db_file_);
  Statement count = db.prepare("SELECT count(*) FROM response_input_items WHERE response_id = 'resp_a'");
  ASSERT_TRUE(count.step());
  EXPECT_EQ(count.column_int64(0), 0);
}

TEST_F(SqliteResponseStoreTest, ChainIsOldestFirstWithInputItems) {
  run(store_->save(make_response("resp_a", 100, "m1", "", 1)));
  run(store_->save(make_response("resp_b", 101, "m1", "resp_a", 2)));
  run(store_->save(make_response("resp_c", 102, "m1", "resp_b", 3)));

  std::vector<StoredResponse> chain = run(store_->chain("resp_c"));
  EXPECT_EQ(ids(chain), (Ids{"resp_a", "resp_b", "resp_c"}));
  ASSERT_EQ(chain.size(), 3u);
  EXPECT_EQ(chain[0].input_items.size(), 1u);
  EXPECT_EQ(chain[2].input_items.size(), 3u);

  EXPECT_EQ(ids(run(store_->chain("resp_b"))), (Ids{"resp_a", "resp_b"}));
  EXPECT_EQ(ids(run(store_->chain("resp_a"))), (Ids{"resp_a"}));
  EXPECT_TRUE(run(store_->chain("resp_unknown")).empty());
}

TEST_F(SqliteResponseStoreTest, ChainStopsAtMissingAncestor) {
  run(store_->save(make_response("resp_a", 100)));
  run(store_->save(make_response("resp_b", 101, "m1", "resp_a")));
  run(store_->save(make_response("resp_c", 102, "m1", "resp_b")));
  run(store_->save(make_response("resp_x", 103, "m1", "resp_never_saved")));
  ASSERT_TRUE(run(store_->remove("resp_a")));

  EXPECT_EQ(ids(run(store_->chain("resp_c"))), (Ids{"resp_b", "resp_c"}));
  EXPECT_EQ(ids(run(store_->chain("resp_x"))), (Ids{"resp_x"}));
}

TEST_F(SqliteResponseStoreTest, ChainSurvivesACycle) {
  run(store_->save(make_response("resp_a", 100, "m1", "resp_b")));
  run(store_->save(make_response("resp_b", 101, "m1", "resp_a")));
  EXPECT_EQ(ids(run(store_->chain("resp_a"))), (Ids{"resp_b", "resp_a"}));
  run(store_->save(make_response("resp_self", 102, "m1", "resp_self")));
  EXPECT_EQ(ids(run(store_->chain("resp_self"))), (Ids{"resp_self"}));
}

TEST_F(SqliteResponseStoreTest, InputItemsPageAscending) {
  run(store_->save(make_response("r", 100, "m1", "", 5)));  // items r_in0 … r_in4

  Page p = items_page("r", {.limit = 2, .ascending = true});
  EXPECT_EQ(ids(p.data), (Ids{"r_in0", "r_in1"}));
  EXPECT_TRUE(p.has_more);
  p = items_page("r", {.limit = 2, .ascending = true, .after = "r_in1"});
  EXPECT_EQ(ids(p.data), (Ids{"r_in2", "r_in3"}));
  EXPECT_TRUE(p.has_more);
  p = items_page("r", {.limit = 2, .ascending = true, .after = "r_in3"});
  EXPECT_EQ(ids(p.data), (Ids{"r_in4"}));
  EXPECT_FALSE(p.has_more);

  p = items_page("r", {.limit = 10, .ascending = true, .before = "r_in3"});
  EXPECT_EQ(ids(p.data), (Ids{"r_in0", "r_in1", "r_in2"}));
  EXPECT_FALSE(p.has_more);
  // `before` alone pages backwards: the items nearest the cursor, still in ascending order; has_more says
  // whether more lie further back.
  p = items_page("r", {.limit = 2, .ascending = true, .before = "r_in3"});
  EXPECT_EQ(ids(p.data), (Ids{"r_in1", "r_in2"}));
  EXPECT_TRUE(p.has_more);
  p = items_page("r", {.limit = 2, .ascending = true, .before = "r_in1"});
  EXPECT_EQ(ids(p.data), (Ids{"r_in0"}));
  EXPECT_FALSE(p.has_more);

  p = items_page("r", {.limit = 2, .ascending = true, .after = "r_in0", .before = "r_in4"});
  EXPECT_EQ(ids(p.data), (Ids{"r_in1", "r_in2"}));
  EXPECT_TRUE(p.has_more);
  p = items_page("r", {.limit = 3, .ascending = true, .after = "r_in0", .before = "r_in4"});
  EXPECT_EQ(ids(p.data), (Ids{"r_in1", "r_in2", "r_in3"}));
  EXPECT_FALSE(p.has_more);

  // The stored objects come back whole.
  p = items_page("r", {.limit = 1, .ascending = true});
  ASSERT_EQ(p.data.size(), 1u);
  EXPECT_EQ(p.data[0], make_response("r", 100, "m1", "", 5).input_items[0]);
}

TEST_F(SqliteResponseStoreTest, InputItemsPageDescending) {
  run(store_->save(make_response("r", 100, "m1", "", 5)));

  Page p = items_page("r", {.limit = 2});
  EXPECT_EQ(ids(p.data), (Ids{"r_in4", "r_in3"}));
  EXPECT_TRUE(p.has_more);
  p = items_page("r", {.limit = 2, .after = "r_in3"});
  EXPECT_EQ(ids(p.data), (Ids{"r_in2", "r_in1"}));
  EXPECT_TRUE(p.has_more);
  p = items_page("r", {.limit = 2, .after = "r_in1"});
  EXPECT_EQ(ids(p.data), (Ids{"r_in0"}));
  EXPECT_FALSE(p.has_more);

  p = items_page("r", {.limit = 10, .before = "r_in1"});
  EXPECT_EQ(ids(p.data), (Ids{"r_in4", "r_in3", "r_in2"}));
  EXPECT_FALSE(p.has_more);
  p = items_page("r", {.limit = 10, .after = "r_in4", .before = "r_in1"});
  EXPECT_EQ(ids(p.data), (Ids{"r_in3", "r_in2"}));
  EXPECT_FALSE(p.has_more);
}

TEST_F(SqliteResponseStoreTest, InputItemsEdgeCases) {
  run(store_->save(make_response("r", 100, "m1", "", 2)));
  run(store_->save(make_response("empty", 100, "m1", "", 0)));

  EXPECT_FALSE(run(store_->list_input_items("nope", {})));
  Page p = items_page("empty", {});
  EXPECT_TRUE(p.data.empty());
  EXPECT_FALSE(p.has_more);
  p = items_page("r", {.limit = 2});
  EXPECT_EQ(p.data.size(), 2u);
  EXPECT_FALSE(p.has_more);  // exactly `limit` items: nothing more
  // An unknown cursor gives an empty page rather than restarting from the top.
  p = items_page("r", {.after = "unknown"});
  EXPECT_TRUE(p.data.empty());
  EXPECT_FALSE(p.has_more);
  // Cursors are scoped to the response: another response's item id is unknown here.
  p = items_page("empty", {.after = "r_in0"});
  EXPECT_TRUE(p.data.empty());
}

TEST_F(SqliteResponseStoreTest, ListResponsesOrderFilterAndCursors) {
  run(store_->save(make_response("r1", 100, "a")));
  run(store_->save(make_response("r2", 100, "b")));  // same second: insertion order breaks the tie
  run(store_->save(make_response("r3", 200, "a")));
  run(store_->save(make_response("r4", 300, "b")));

  Page p = run(store_->list_responses({}));
  EXPECT_EQ(ids(p.data), (Ids{"r4", "r3", "r2", "r1"}));
  EXPECT_FALSE(p.has_more);
  EXPECT_EQ(ids(run(store_->list_responses({.ascending = true})).data), (Ids{"r1", "r2", "r3", "r4"}));

  p = run(store_->list_responses({.limit = 2}));
  EXPECT_EQ(ids(p.data), (Ids{"r4", "r3"}));
  EXPECT_TRUE(p.has_more);
  p = run(store_->list_responses({.limit = 2, .after = "r3"}));
  EXPECT_EQ(ids(p.data), (Ids{"r2", "r1"}));
  EXPECT_FALSE(p.has_more);
  p = run(store_->list_responses({.limit = 2, .ascending = true, .after = "r1"}));
  EXPECT_EQ(ids(p.data), (Ids{"r2", "r3"}));
  EXPECT_TRUE(p.has_more);
  p = run(store_->list_responses({.limit = 10, .before = "r2"}));
  EXPECT_EQ(ids(p.data), (Ids{"r4", "r3"}));
  EXPECT_FALSE(p.has_more);
  p = run(store_->list_responses({.limit = 10, .after = "r4", .before = "r1"}));
  EXPECT_EQ(ids(p.data), (Ids{"r3", "r2"}));

  EXPECT_EQ(ids(run(store_->list_responses({.model = "a"})).data), (Ids{"r3", "r1"}));
  p = run(store_->list_responses({.limit = 1, .ascending = true, .model = "b"}));
  EXPECT_EQ(ids(p.data), (Ids{"r2"}));
  EXPECT_TRUE(p.has_more);
  p = run(store_->list_responses({.limit = 1, .ascending = true, .after = "r2", .model = "b"}));
  EXPECT_EQ(ids(p.data), (Ids{"r4"}));
  EXPECT_FALSE(p.has_more);
  // A cursor from outside the filter still marks a position in the order.
  EXPECT_EQ(ids(run(store_->list_responses({.after = "r3", .model = "b"})).data), (Ids{"r2"}));
  EXPECT_TRUE(run(store_->list_responses({.model = "none"})).data.empty());
  EXPECT_TRUE(run(store_->list_responses({.after = "unknown"})).data.empty());
}

TEST_F(SqliteResponseStoreTest, DataSurvivesReopening) {
  StoredResponse saved = make_response("resp_a", 100, "m1", "", 2);
  run(store_->save(saved));
  run(store_->save(make_response("resp_b", 101, "m1", "resp_a")));
  close();

  open();
  std::optional<StoredResponse> got = run(store_->get("resp_a", true));
  ASSERT_TRUE(got);
  EXPECT_EQ(got->response, saved.response);
  EXPECT_EQ(got->input_items, saved.input_items);
  EXPECT_EQ(ids(run(store_->chain("resp_b"))), (Ids{"resp_a", "resp_b"}));

  Database db(db_file_);
  EXPECT_EQ(schema_version(db), latest_schema_version());
}

// ---- migrations ----

class MigrationsTest : public SqliteResponseStoreTest {};

TEST_F(MigrationsTest, NewFileReachesLatestVersionAndRerunIsANoOp) {
  Database db(dir_ / "fresh.db");
  EXPECT_EQ(schema_version(db), 0);
  migrate(db);
  EXPECT_EQ(schema_version(db), latest_schema_version());
  migrate(db);  // would fail on CREATE TABLE if it re-applied v1
  EXPECT_EQ(schema_version(db), latest_schema_version());
}

TEST_F(MigrationsTest, AppliesOnlyNewerMigrationsInOrder) {
  Database db(dir_ / "grow.db");
  const Migration v1[] = {{1, "CREATE TABLE a (x INTEGER)"}};
  migrate(db, v1);
  const Migration v2[] = {{1, "CREATE TABLE a (x INTEGER)"},
                          {2, "CREATE TABLE b (y INTEGER); INSERT INTO b SELECT x FROM a"}};
  migrate(db, v2);
  EXPECT_EQ(schema_version(db), 2);
  EXPECT_NO_THROW(db.exec("SELECT y FROM b"));
}

TEST_F(MigrationsTest, FailedMigrationLeavesTheOldVersion) {
  Database db(dir_ / "fail.db");
  const Migration bad[] = {{1, "CREATE TABLE a (x INTEGER)"}, {2, "CREATE TABLE broken ("}};
  EXPECT_THROW(migrate(db, bad), std::runtime_error);
  EXPECT_EQ(schema_version(db), 0);
  EXPECT_THROW(db.exec("SELECT x FROM a"), std::runtime_error);  // v1 was rolled back too
}

TEST_F(MigrationsTest, RefusesANewerDatabase) {
  Database db(dir_ / "future.db");
  db.exec("PRAGMA user_version = 99");
  EXPECT_THROW(migrate(db), std::runtime_error);
  EXPECT_THROW(SqliteConnection(dir_ / "future.db", pool_), std::runtime_error);
}

TEST_F(MigrationsTest, RejectsGapsInNumbering) {
  Database db(dir_ / "gap.db");
  const Migration gap[] = {{1, "SELECT 1"}, {3, "SELECT 1"}};
  EXPECT_THROW(migrate(db, gap), std::logic_error);
  EXPECT_EQ(schema_version(db), 0);
}

}  // namespace
}  // namespace gw::store::sqlite

namespace gw::store::sqlite {
namespace {

TEST_F(SqliteResponseStoreTest, FindsAnyStoredItemById) {
  StoredResponse r = make_response("r", 100);
  r.response["output"] =
      json::array{json::object{{"id", "msg_out"}, {"type", "message"}, {"role", "assistant"}}};
  run(store_->save(r));
  auto output = run(store_->find_item("msg_out"));
  ASSERT_TRUE(output);
  EXPECT_EQ(output->at("role"), "assistant");
  auto input = run(store_->find_item("r_in1"));
  ASSERT_TRUE(input);
  EXPECT_EQ(input->at("role"), "user");
  EXPECT_FALSE(run(store_->find_item("nope")));

  // Replacing the response replaces its indexed outputs; deleting it removes them.
  r.response["output"] = json::array{};
  run(store_->save(r));
  EXPECT_FALSE(run(store_->find_item("msg_out")));
  run(store_->remove("r"));
  EXPECT_FALSE(run(store_->find_item("r_in1")));
}

}  // namespace
}  // namespace gw::store::sqlite

namespace gw::store::sqlite {
namespace {

// Continuous saves must not grow the WAL without end (it rewinds after each completed checkpoint).
TEST_F(SqliteResponseStoreTest, WalStaysBoundedUnderContinuousSaves) {
  for (int i = 0; i < 6000; ++i) {
    StoredResponse r = make_response("r" + std::to_string(i), 100 + i);
    r.response["instructions"] = std::string(4000, 'x');
    run(store_->save(std::move(r)));
  }
  const auto wal = std::filesystem::path(db_file_.string() + "-wal");
  ASSERT_TRUE(std::filesystem::exists(wal));
  // About 100 MB of WAL pages written; the WAL rewinds after a completed checkpoint, which the checkpointer
  // forces (RESTART) once a round leaves more than 4000 pages (16 MB).
  EXPECT_LT(std::filesystem::file_size(wal), 32u << 20);
}

}  // namespace
}  // namespace gw::store::sqlite
