#include "engine/model_catalog.hpp"

#include <gtest/gtest.h>

#include <deque>
#include <optional>
#include <stdexcept>

#include <boost/asio/redirect_error.hpp>
#include <boost/json.hpp>

namespace gw::engine {
namespace {

namespace json = boost::json;
using namespace std::chrono_literals;

// A backend whose model list answers are scripted, one per call.
class ScriptedModels final : public backends::ModelBackend {
 public:
  awaitable<Result<backends::Finish>> stream(const backends::ModelRequest&, backends::DeltaSink&) override {
    throw std::logic_error("not used");
  }
  awaitable<bool> ready() override { co_return true; }
  awaitable<Result<json::array>> list_models() override {
    ++calls;
    if (gate) {
      boost::system::error_code cancelled;  // released by cancelling the timer
      co_await gate->async_wait(asio::redirect_error(use_awaitable, cancelled));
    }
    if (answers.empty()) throw std::logic_error("unexpected model list call");
    Result<json::array> answer = std::move(answers.front());
    answers.pop_front();
    co_return answer;
  }

  std::deque<Result<json::array>> answers;
  int calls = 0;
  std::optional<asio::steady_timer> gate;  // when set, answers wait until it is cancelled
};

json::array models(std::initializer_list<const char*> ids) {
  json::array out;
  for (const char* id : ids) out.push_back(json::object{{"id", id}, {"object", "model"}});
  return out;
}

protocol::ApiError unreachable() {
  return protocol::ApiError::server(502, "server_error", "The model list could not be fetched.");
}

// A free function, not a coroutine lambda: its frame keeps the references, where a lambda's frame would
// point at a closure that is gone once the call is queued.
awaitable<void> call_list(ModelCatalog& catalog, std::optional<Result<ModelList>>& out) {
  out.emplace(co_await catalog.list());
}

class ModelCatalogTest : public ::testing::Test {
 protected:
  // Queues a list() call whose answer lands in `out` once the loop runs.
  void start(ModelCatalog& catalog, std::optional<Result<ModelList>>& out) {
    asio::co_spawn(io_, call_list(catalog, out), asio::detached);
  }
  // Runs list() and every refresh it starts to completion.
  Result<ModelList> list(ModelCatalog& catalog) {
    std::optional<Result<ModelList>> out;
    start(catalog, out);
    io_.run();
    io_.restart();
    return std::move(*out);
  }
  std::vector<std::string> ids(const Result<ModelList>& list) {
    std::vector<std::string> out;
    for (const auto& m : **list) out.emplace_back(m.at("id").get_string());
    return out;
  }

  asio::io_context io_;
  ScriptedModels backend_;
};

using Ids = std::vector<std::string>;

TEST_F(ModelCatalogTest, FirstCallFetchesThenTheListIsServedFromTheCache) {
  ModelCatalog catalog(backend_, 1h);
  backend_.answers.push_back(models({"a", "b"}));
  EXPECT_EQ(ids(list(catalog)), (Ids{"a", "b"}));
  EXPECT_EQ(ids(list(catalog)), (Ids{"a", "b"}));
  EXPECT_EQ(backend_.calls, 1);
}

TEST_F(ModelCatalogTest, AStaleListIsServedWhileItRefreshes) {
  ModelCatalog catalog(backend_, 0ms);
  backend_.answers.push_back(models({"a"}));
  backend_.answers.push_back(models({"a", "new"}));
  EXPECT_EQ(ids(list(catalog)), (Ids{"a"}));
  EXPECT_EQ(ids(list(catalog)), (Ids{"a"}));  // stale: answered at once, refresh started
  EXPECT_EQ(backend_.calls, 2);
  backend_.answers.push_back(models({"a", "new"}));
  EXPECT_EQ(ids(list(catalog)), (Ids{"a", "new"}));  // what the refresh brought
}

TEST_F(ModelCatalogTest, AFailedRefreshKeepsTheList) {
  ModelCatalog catalog(backend_, 0ms);
  backend_.answers.push_back(models({"a"}));
  backend_.answers.push_back(unreachable());
  backend_.answers.push_back(models({"b"}));
  EXPECT_EQ(ids(list(catalog)), (Ids{"a"}));
  EXPECT_EQ(ids(list(catalog)), (Ids{"a"}));  // refresh fails in the background
  EXPECT_EQ(ids(list(catalog)), (Ids{"a"}));  // still served; the next refresh succeeds
  EXPECT_EQ(backend_.calls, 3);
  backend_.answers.push_back(models({"b"}));
  EXPECT_EQ(ids(list(catalog)), (Ids{"b"}));
}

TEST_F(ModelCatalogTest, WithoutAListTheBackendErrorIsTheAnswer) {
  ModelCatalog catalog(backend_, 1h);
  backend_.answers.push_back(unreachable());
  backend_.answers.push_back(models({"a"}));
  auto failed = list(catalog);
  ASSERT_FALSE(failed);
  EXPECT_EQ(failed.error().status, 502);
  EXPECT_EQ(ids(list(catalog)), (Ids{"a"}));  // nothing was cached: the next call fetches again
  EXPECT_EQ(backend_.calls, 2);
}

TEST_F(ModelCatalogTest, OneRefreshAtATime) {
  ModelCatalog catalog(backend_, 0ms);
  backend_.answers.push_back(models({"a"}));
  EXPECT_EQ(ids(list(catalog)), (Ids{"a"}));

  // The next refresh hangs until released: calls meanwhile get the stale list and start no other refresh.
  backend_.gate.emplace(io_, asio::steady_timer::time_point::max());
  backend_.answers.push_back(models({"b"}));
  std::optional<Result<ModelList>> first, second;
  start(catalog, first);
  start(catalog, second);
  io_.poll();
  ASSERT_TRUE(first && second);
  EXPECT_EQ(ids(*first), (Ids{"a"}));
  EXPECT_EQ(ids(*second), (Ids{"a"}));
  EXPECT_EQ(backend_.calls, 2);

  backend_.gate->cancel();
  io_.run();
  io_.restart();
  backend_.gate.reset();
  backend_.answers.push_back(models({"c"}));
  EXPECT_EQ(ids(list(catalog)), (Ids{"b"}));
  EXPECT_EQ(backend_.calls, 3);
}

}  // namespace
}  // namespace gw::engine
