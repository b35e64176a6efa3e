#include "store/sqlite/sqlite_conversation_store.hpp"

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
#include "store/sqlite/sqlite_response_store.hpp"

namespace gw::store::sqlite {
namespace {

namespace fs = std::filesystem;
using Ids = std::vector<std::string>;
using Items = std::vector<json::object>;

// Drives one awaitable to completion on a private io_context; the store hops to the pool and back.
template <class T>
T run(awaitable<T> task) {
  asio::io_context io;
  auto result = asio::co_spawn(io, std::move(task), asio::use_future);
  io.run();
  return result.get();
}

StoredConversation make_conversation(std::string id, std::int64_t created_at, json::object metadata = {}) {
  json::object object{
      {"id", id}, {"object", "conversation"}, {"created_at", created_at}, {"metadata", std::move(metadata)}};
  return StoredConversation{std::move(id), created_at, std::move(object)};
}

json::object message(std::string id, std::string text) {
  return {{"id", std::move(id)},
          {"type", "message"},
          {"status", "completed"},
          {"role", "user"},
          {"content", json::array{json::object{{"type", "input_text"}, {"text", std::move(text)}}}}};
}

// Items `<prefix>0` … `<prefix>{n-1}`.
Items messages(const std::string& prefix, int n) {
  Items items;
  for (int i = 0; i < n; ++i)
    items.push_back(message(prefix + std::to_string(i), "text " + std::to_string(i)));
  return items;
}

Ids ids(const std::vector<json::object>& objects) {
  Ids out;
  for (const json::object& o : objects) out.emplace_back(o.at("id").as_string());
  return out;
}

class SqliteConversationStoreTest : public ::testing::Test {
 protected:
  void SetUp() override {
    std::string pattern = (fs::temp_directory_path() / "gw_conversation_store_XXXXXX").string();
    ASSERT_NE(mkdtemp(pattern.data()), nullptr);
    dir_ = pattern;
    db_file_ = dir_ / "gateway.db";
    open();
  }
  void TearDown() override {
    close();
    fs::remove_all(dir_);
  }

  void open() {
    connection_ = std::make_unique<SqliteConnection>(db_file_, pool_);
    store_ = std::make_unique<SqliteConversationStore>(*connection_);
    responses_ = std::make_unique<SqliteResponseStore>(*connection_);
  }
  void close() {
    responses_.reset();
    store_.reset();
    connection_.reset();
  }

  Ids item_ids(const std::string& id) {
    auto items = run(store_->items(id));
    EXPECT_TRUE(items.has_value());
    return ids(items.value_or(Items{}));
  }
  Page items_page(const std::string& id, ListQuery q) {
    std::optional<Page> page = run(store_->list_items(id, std::move(q)));
    EXPECT_TRUE(page.has_value());
    return page.value_or(Page{});
  }
  std::int64_t count(const char* sql) {
    Database db(db_file_);
    Statement stmt = db.prepare(sql);
    EXPECT_TRUE(stmt.step());
    return stmt.column_int64(0);
  }
  // Makes any insert of a conversation item with this id fail, mid-transaction.
  void fail_inserting_item(const std::string& item_id) {
    Database db(db_file_);
    const std::string sql = "CREATE TRIGGER boom BEFORE INSERT ON conversation_items WHEN NEW.item_id = '" +
                            item_id + "' BEGIN SELECT RAISE(ABORT, 'boom'); END";
    db.exec(sql.c_str());
  }

  asio::thread_pool pool_{2};
  fs::path dir_;
  fs::path db_file_;
  std::unique_ptr<SqliteConnection> connection_;
  std::unique_ptr<SqliteConversationStore> store_;
  std::unique_ptr<SqliteResponseStore> responses_;
};

TEST_F(SqliteConversationStoreTest, CreatesWithItemsAndReadsThemBack) {
  const StoredConversation created = make_conversation("conv_a", 100, {{"topic", "demo"}});
  const Items items = messages("msg_a", 3);
  run(store_->create(created, items));

  std::optional<json::object> got = run(store_->get("conv_a"));
  ASSERT_TRUE(got);
  EXPECT_EQ(*got, created.conversation);
  EXPECT_EQ(run(store_->items("conv_a")), items);  // whole objects, in order

  ItemResult item = run(store_->get_item("conv_a", "msg_a1"));
  EXPECT_EQ(item.status, ItemStatus::Ok);
  EXPECT_EQ(item.object, items[1]);
  EXPECT_EQ(run(store_->get_item("conv_a", "msg_nope")).status, ItemStatus::NoItem);
  EXPECT_EQ(run(store_->get_item("conv_nope", "msg_a1")).status, ItemStatus::NoConversation);

  EXPECT_FALSE(run(store_->get("conv_nope")));
  EXPECT_FALSE(run(store_->items("conv_nope")));
  EXPECT_FALSE(run(store_->list_items("conv_nope", {})));

  run(store_->create(make_conversation("conv_empty", 100), {}));
  EXPECT_EQ(item_ids("conv_empty"), Ids{});
}

TEST_F(SqliteConversationStoreTest, FailedCreateLeavesNothing) {
  fail_inserting_item("msg_a2");
  EXPECT_THROW(run(store_->create(make_conversation("conv_a", 100), messages("msg_a", 3))),
               std::runtime_error);
  EXPECT_FALSE(run(store_->get("conv_a")));
  EXPECT_EQ(count("SELECT count(*) FROM conversation_items"), 0);
  EXPECT_TRUE(run(store_->list({})).data.empty());  // the connection is usable again
}

TEST_F(SqliteConversationStoreTest, UpdatesMetadata) {
  run(store_->create(make_conversation("conv_a", 100, {{"a", "1"}}), {}));
  std::optional<json::object> updated = run(store_->update_metadata("conv_a", {{"b", "2"}}));
  ASSERT_TRUE(updated);
  EXPECT_EQ(updated->at("metadata"), (json::object{{"b", "2"}}));  // replaced, not merged
  EXPECT_EQ(updated->at("created_at"), 100);
  EXPECT_EQ(run(store_->get("conv_a")), updated);
  EXPECT_FALSE(run(store_->update_metadata("conv_nope", {})));
}

TEST_F(SqliteConversationStoreTest, RemoveDeletesTheConversationAndItsItems) {
  run(store_->create(make_conversation("conv_a", 100), messages("msg_a", 3)));
  run(store_->create(make_conversation("conv_b", 101), messages("msg_b", 1)));

  EXPECT_TRUE(run(store_->remove("conv_a")));
  EXPECT_FALSE(run(store_->get("conv_a")));
  EXPECT_FALSE(run(store_->items("conv_a")));
  EXPECT_FALSE(run(store_->remove("conv_a")));
  EXPECT_EQ(count("SELECT count(*) FROM conversation_items WHERE conversation_id = 'conv_a'"), 0);
  EXPECT_EQ(item_ids("conv_b"), Ids{"msg_b0"});
}

TEST_F(SqliteConversationStoreTest, ListsConversationsBothWaysWithCursors) {
  run(store_->create(make_conversation("c1", 100), {}));
  run(store_->create(make_conversation("c2", 100), {}));  // same second: insertion order breaks the tie
  run(store_->create(make_conversation("c3", 200), {}));
  run(store_->create(make_conversation("c4", 300), {}));

  Page p = run(store_->list({}));
  EXPECT_EQ(ids(p.data), (Ids{"c4", "c3", "c2", "c1"}));
  EXPECT_FALSE(p.has_more);
  EXPECT_EQ(ids(run(store_->list({.ascending = true})).data), (Ids{"c1", "c2", "c3", "c4"}));

  p = run(store_->list({.limit = 2}));
  EXPECT_EQ(ids(p.data), (Ids{"c4", "c3"}));
  EXPECT_TRUE(p.has_more);
  p = run(store_->list({.limit = 2, .after = "c3"}));
  EXPECT_EQ(ids(p.data), (Ids{"c2", "c1"}));
  EXPECT_FALSE(p.has_more);
  p = run(store_->list({.limit = 2, .ascending = true, .after = "c1"}));
  EXPECT_EQ(ids(p.data), (Ids{"c2", "c3"}));
  EXPECT_TRUE(p.has_more);
  // `before` alone pages backwards: the nearest ones, in the order asked for.
  p = run(store_->list({.limit = 2, .ascending = true, .before = "c4"}));
  EXPECT_EQ(ids(p.data), (Ids{"c2", "c3"}));
  EXPECT_TRUE(p.has_more);
  p = run(store_->list({.limit = 10, .before = "c2"}));
  EXPECT_EQ(ids(p.data), (Ids{"c4", "c3"}));
  EXPECT_FALSE(p.has_more);
  p = run(store_->list({.after = "c4", .before = "c1"}));
  EXPECT_EQ(ids(p.data), (Ids{"c3", "c2"}));
  EXPECT_TRUE(run(store_->list({.after = "unknown"})).data.empty());
}

TEST_F(SqliteConversationStoreTest, ItemsPageAscending) {
  run(store_->create(make_conversation("c", 100), messages("i", 5)));

  Page p = items_page("c", {.limit = 2, .ascending = true});
  EXPECT_EQ(ids(p.data), (Ids{"i0", "i1"}));
  EXPECT_TRUE(p.has_more);
  p = items_page("c", {.limit = 2, .ascending = true, .after = "i1"});
  EXPECT_EQ(ids(p.data), (Ids{"i2", "i3"}));
  EXPECT_TRUE(p.has_more);
  p = items_page("c", {.limit = 2, .ascending = true, .after = "i3"});
  EXPECT_EQ(ids(p.data), (Ids{"i4"}));
  EXPECT_FALSE(p.has_more);

  p = items_page("c", {.limit = 2, .ascending = true, .before = "i3"});
  EXPECT_EQ(ids(p.data), (Ids{"i1", "i2"}));
  EXPECT_TRUE(p.has_more);
  p = items_page("c", {.limit = 2, .ascending = true, .before = "i1"});
  EXPECT_EQ(ids(p.data), (Ids{"i0"}));
  EXPECT_FALSE(p.has_more);
  p = items_page("c", {.limit = 3, .ascending = true, .after = "i0", .before = "i4"});
  EXPECT_EQ(ids(p.data), (Ids{"i1", "i2", "i3"}));
  EXPECT_FALSE(p.has_more);
}

TEST_F(SqliteConversationStoreTest, ItemsPageDescendingIsTheDefault) {
  run(store_->create(make_conversation("c", 100), messages("i", 5)));

  Page p = items_page("c", {.limit = 2});
  EXPECT_EQ(ids(p.data), (Ids{"i4", "i3"}));
  EXPECT_TRUE(p.has_more);
  p = items_page("c", {.limit = 2, .after = "i3"});
  EXPECT_EQ(ids(p.data), (Ids{"i2", "i1"}));
  EXPECT_TRUE(p.has_more);
  p = items_page("c", {.limit = 2, .after = "i1"});
  EXPECT_EQ(ids(p.data), (Ids{"i0"}));
  EXPECT_FALSE(p.has_more);
  p = items_page("c", {.limit = 2, .before = "i1"});
  EXPECT_EQ(ids(p.data), (Ids{"i3", "i2"}));
  EXPECT_TRUE(p.has_more);
  p = items_page("c", {.limit = 10, .before = "i3"});
  EXPECT_EQ(ids(p.data), (Ids{"i4"}));
  EXPECT_FALSE(p.has_more);
}

TEST_F(SqliteConversationStoreTest, ItemCursorsAreScopedToTheConversation) {
  run(store_->create(make_conversation("c", 100), messages("i", 2)));
  run(store_->create(make_conversation("other", 100), messages("o", 2)));
  EXPECT_TRUE(items_page("c", {.after = "unknown"}).data.empty());
  EXPECT_TRUE(items_page("c", {.after = "o0"}).data.empty());
  Page p = items_page("c", {.limit = 2});
  EXPECT_EQ(p.data.size(), 2u);
  EXPECT_FALSE(p.has_more);  // exactly `limit` items: nothing more
}

TEST_F(SqliteConversationStoreTest, AddItemsAppendsOrRefusesTheWholeBatch) {
  run(store_->create(make_conversation("c", 100), messages("a", 2)));

  EXPECT_EQ(run(store_->add_items("c", messages("b", 2))).status, ItemStatus::Ok);
  EXPECT_EQ(item_ids("c"), (Ids{"a0", "a1", "b0", "b1"}));

  Items batch = messages("c", 2);
  batch.push_back(message("a1", "again"));
  ItemResult duplicate = run(store_->add_items("c", batch));
  EXPECT_EQ(duplicate.status, ItemStatus::DuplicateItem);
  EXPECT_EQ(duplicate.item_id, "a1");
  EXPECT_EQ(item_ids("c"), (Ids{"a0", "a1", "b0", "b1"}));  // c0, c1 were not written either

  EXPECT_EQ(run(store_->add_items("nope", messages("x", 1))).status, ItemStatus::NoConversation);
  EXPECT_EQ(count("SELECT count(*) FROM conversation_items WHERE conversation_id = 'nope'"), 0);
}

TEST_F(SqliteConversationStoreTest, RemoveItemAnswersTheConversationAndKeepsTheOrder) {
  const StoredConversation c = make_conversation("c", 100, {{"k", "v"}});
  run(store_->create(c, messages("a", 3)));

  ItemResult removed = run(store_->remove_item("c", "a2"));
  EXPECT_EQ(removed.status, ItemStatus::Ok);
  EXPECT_EQ(removed.object, c.conversation);
  EXPECT_EQ(run(store_->remove_item("c", "a2")).status, ItemStatus::NoItem);
  EXPECT_EQ(run(store_->remove_item("nope", "a0")).status, ItemStatus::NoConversation);
  EXPECT_EQ(run(store_->remove_item("c", "a0")).status, ItemStatus::Ok);

  // New items go after the last one still there, and a deleted id may come back.
  EXPECT_EQ(run(store_->add_items("c", {message("a2", "back"), message("a0", "back")})).status,
            ItemStatus::Ok);
  EXPECT_EQ(item_ids("c"), (Ids{"a1", "a2", "a0"}));
  EXPECT_EQ(ids(items_page("c", {.limit = 1, .ascending = true, .after = "a1"}).data), Ids{"a2"});
}

TEST_F(SqliteConversationStoreTest, AppendItemsSkipsHeldIdsAndVanishedConversations) {
  run(store_->create(make_conversation("c", 100), messages("a", 2)));
  Items turn = messages("t", 2);
  turn.insert(turn.begin(), message("a0", "replayed"));
  run(store_->append_items("c", turn));
  EXPECT_EQ(item_ids("c"), (Ids{"a0", "a1", "t0", "t1"}));
  EXPECT_EQ(run(store_->get_item("c", "a0")).object.at("content").at(0).at("text"), "text 0");  // unchanged

  EXPECT_NO_THROW(run(store_->append_items("gone", messages("x", 1))));
  EXPECT_EQ(count("SELECT count(*) FROM conversation_items WHERE conversation_id = 'gone'"), 0);
}

// ---- a response joins its conversation in the transaction that saves it ----

StoredResponse response_in(std::string id, std::string conversation_id, Items items) {
  StoredResponse r;
  r.id = id;
  r.created_at = 100;
  r.model = "m";
  r.status = "completed";
  r.response = {{"id", id}, {"object", "response"}, {"status", "completed"}, {"output", json::array{}}};
  r.input_items = {items.front()};
  r.conversation_id = std::move(conversation_id);
  r.conversation_items = std::move(items);
  return r;
}

TEST_F(SqliteConversationStoreTest, SavingAResponseAppendsItsItems) {
  run(store_->create(make_conversation("c", 100), messages("a", 1)));
  run(responses_->save(response_in("resp_1", "c", {message("in1", "q"), message("out1", "a")})));
  EXPECT_EQ(item_ids("c"), (Ids{"a0", "in1", "out1"}));
  EXPECT_TRUE(run(responses_->get("resp_1", false)));

  // A response without a conversation touches none.
  run(responses_->save(response_in("resp_2", "", {message("in2", "q")})));
  EXPECT_EQ(item_ids("c"), (Ids{"a0", "in1", "out1"}));
}

TEST_F(SqliteConversationStoreTest, AFailedAppendLeavesNeitherTheResponseNorItsItems) {
  run(store_->create(make_conversation("c", 100), messages("a", 1)));
  fail_inserting_item("out1");
  EXPECT_THROW(run(responses_->save(response_in("resp_1", "c", {message("in1", "q"), message("out1", "a")}))),
               std::runtime_error);
  EXPECT_FALSE(run(responses_->get("resp_1", false)));
  EXPECT_EQ(item_ids("c"), Ids{"a0"});
  EXPECT_EQ(count("SELECT count(*) FROM response_input_items"), 0);
}

TEST_F(SqliteConversationStoreTest, AResponseOutlivesItsDeletedConversation) {
  run(store_->create(make_conversation("c", 100), {}));
  ASSERT_TRUE(run(store_->remove("c")));
  run(responses_->save(response_in("resp_1", "c", {message("in1", "q")})));
  EXPECT_TRUE(run(responses_->get("resp_1", true)));
  EXPECT_EQ(count("SELECT count(*) FROM conversation_items"), 0);

  // And deleting a response leaves the conversation's copies of its items.
  run(store_->create(make_conversation("d", 100), {}));
  run(responses_->save(response_in("resp_2", "d", {message("in2", "q")})));
  ASSERT_TRUE(run(responses_->remove("resp_2")));
  EXPECT_EQ(item_ids("d"), Ids{"in2"});
}

TEST_F(SqliteConversationStoreTest, DataSurvivesReopening) {
  const StoredConversation c = make_conversation("c", 100, {{"k", "v"}});
  run(store_->create(c, messages("a", 2)));
  run(responses_->save(response_in("resp_1", "c", {message("in1", "q")})));
  close();

  open();
  EXPECT_EQ(run(store_->get("c")), c.conversation);
  EXPECT_EQ(item_ids("c"), (Ids{"a0", "a1", "in1"}));
  EXPECT_EQ(run(store_->add_items("c", messages("b", 1))).status, ItemStatus::Ok);
  EXPECT_EQ(item_ids("c"), (Ids{"a0", "a1", "in1", "b0"}));
}

TEST_F(SqliteConversationStoreTest, AVersionTwoFileMigratesKeepingItsResponses) {
  const fs::path file = dir_ / "v2.db";
  {
    Database db(file);
    migrate(db, schema_migrations().first(2));
    db.exec(
        "INSERT INTO responses (id, created_at, model, status, response_json)"
        " VALUES ('resp_old', 1, 'm', 'completed', '{\"id\":\"resp_old\"}')");
  }
  SqliteConnection connection(file, pool_);
  SqliteResponseStore responses(connection);
  SqliteConversationStore conversations(connection);
  EXPECT_TRUE(run(responses.get("resp_old", false)));
  run(conversations.create(make_conversation("c", 1), messages("a", 1)));
  EXPECT_TRUE(run(conversations.get("c")));
  Database db(file);
  EXPECT_EQ(schema_version(db), latest_schema_version());
}

}  // namespace
}  // namespace gw::store::sqlite
