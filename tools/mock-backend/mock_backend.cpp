#include "tools/mock-backend/mock_backend.hpp"

#include <boost/asio/as_tuple.hpp>
#include <boost/json/parse.hpp>

#include "http/sse_stream.hpp"
#include "tools/mock-backend/chat_completions.hpp"
#include "tools/mock-backend/embeddings.hpp"

namespace gw::mock {
namespace {

// GCC 12 miscompiles some `if (co_await f()) co_return;` statements (the frame is corrupted and the
// coroutine crashes later), so every awaited value is stored in a local before it is tested.

using protocol::ApiError;
using std::chrono::milliseconds;

// What `[[malformed_after K]]` sends: the start of a JSON object that never ends.
constexpr std::string_view kMalformed = "{\"malformed\": tru";

// The body as JSON, or the 400 OpenAI gives for a body that is not.
Result<json::value> parse_body(const http::Exchange& ex) {
  boost::system::error_code ec;
  json::value body = json::parse(ex.request().body(), ec);
  if (ec)
    return ApiError::invalid({}, "We could not parse the JSON body of your request: " + ec.message() + ".",
                             "invalid_json");
  return body;
}

// Waits `ms`; false when the wait was cancelled (the client went away).
awaitable<bool> sleep_for(int ms) {
  if (ms <= 0) co_return true;
  asio::steady_timer timer(co_await asio::this_coro::executor);
  timer.expires_after(milliseconds(ms));
  auto [ec] = co_await timer.async_wait(asio::as_tuple(use_awaitable));
  co_return !ec;
}

json::object model_object(const std::string& id) {
  return {{"id", id}, {"object", "model"}, {"created", kCreated}, {"owned_by", "mock"}};
}

}  // namespace

MockBackend::MockBackend(MockBackendOptions options) : options_(std::move(options)) {}

const std::vector<std::string>& MockBackend::model_ids() {
  // One id with a slash, as vLLM names models after their Hugging Face repository.
  static const std::vector<std::string> ids = {"mock-model", "mock-reasoning", "mock-embedding",
                                               "mock-org/mock-model"};
  return ids;
}

void MockBackend::add_routes(http::Router& router) {
  using Method = awaitable<void> (MockBackend::*)(http::Exchange&);
  auto guarded = [this](Method method) {
    return [this, method](http::Exchange& ex) -> awaitable<void> {
      if (!authorized(ex)) {
        // A named local: GCC 12 destroys a braced temporary inside `co_await` twice.
        const ApiError error{401,
                             "invalid_request_error",
                             "invalid_api_key",
                             {},
                             "Incorrect API key provided. Send `Authorization: Bearer <key>`."};
        co_await ex.send_error(error);
        co_return;
      }
      co_await (this->*method)(ex);
    };
  };
  router.add(bhttp::verb::post, "/v1/chat/completions", guarded(&MockBackend::chat_completions));
  router.add(bhttp::verb::post, "/v1/responses", guarded(&MockBackend::responses));
  router.add(bhttp::verb::post, "/v1/embeddings", guarded(&MockBackend::embeddings));
  router.add(bhttp::verb::get, "/v1/models", guarded(&MockBackend::list_models));
  router.add(bhttp::verb::get, "/v1/models/{model+}", guarded(&MockBackend::get_model));
  router.add(bhttp::verb::get, "/health", [](http::Exchange& ex) -> awaitable<void> {
    json::value body = json::object{{"status", "ok"}};  // a local: GCC 12 rejects init lists in co_await
    co_await ex.send_json(bhttp::status::ok, body);
  });
}

bool MockBackend::authorized(const http::Exchange& ex) const {
  if (options_.api_key.empty()) return true;
  std::string_view header = ex.request()[bhttp::field::authorization];
  return header.starts_with("Bearer ") && header.substr(7) == options_.api_key;
}

std::uint64_t MockBackend::seed_for(std::string_view body) {
  std::uint64_t seed = fnv1a(body);
  if (!options_.unique_ids) return seed;
  std::uint64_t n = counter_.fetch_add(1, std::memory_order_relaxed);
  return fnv1a(std::string_view(reinterpret_cast<const char*>(&n), sizeof n), seed);
}

awaitable<bool> MockBackend::fail_if_planned(http::Exchange& ex, const Plan& plan) {
  if (!plan.failure) co_return false;
  if (plan.failure->times > 0) {
    std::lock_guard lock(failures_mutex_);
    int& sent = failures_[fnv1a(ex.request().body())];
    if (sent >= plan.failure->times) co_return false;
    ++sent;
  }
  const bool waited = co_await sleep_for(plan.delay_ms);
  if (!waited) co_return true;
  if (plan.failure->error.status == 429) ex.set_header("retry-after", "1");
  co_await ex.send_error(plan.failure->error);
  co_return true;
}

awaitable<void> MockBackend::chat_completions(http::Exchange& ex) {
  auto body = parse_body(ex);
  if (!body) {
    co_await ex.send_error(body.error());
    co_return;
  }
  auto request = parse_chat_request(*body, ex.request().body(), seed_for(ex.request().body()));
  if (!request) {
    co_await ex.send_error(request.error());
    co_return;
  }
  auto plan = make_plan(request->input);
  if (!plan) {
    co_await ex.send_error(plan.error());
    co_return;
  }
  const bool failed = co_await fail_if_planned(ex, *plan);
  if (failed) co_return;
  if (!request->stream) {
    const json::value completion = chat_completion(*request, *plan);
    co_await answer(ex, *plan, completion);
    co_return;
  }
  std::vector<StreamEvent> events;
  for (auto& chunk : chat_chunks(*request, *plan)) events.push_back({{}, std::move(chunk)});
  co_await play(ex, *plan, std::move(events));
}

awaitable<void> MockBackend::responses(http::Exchange& ex) {
  auto body = parse_body(ex);
  if (!body) {
    co_await ex.send_error(body.error());
    co_return;
  }
  auto request = parse_responses_request(*body, ex.request().body(), seed_for(ex.request().body()));
  if (!request) {
    co_await ex.send_error(request.error());
    co_return;
  }
  auto plan = make_plan(request->input);
  if (!plan) {
    co_await ex.send_error(plan.error());
    co_return;
  }
  const bool failed = co_await fail_if_planned(ex, *plan);
  if (failed) co_return;
  if (!request->stream) {
    const json::value response = response_object(*request, *plan);
    co_await answer(ex, *plan, response);
    co_return;
  }
  co_await play(ex, *plan, response_events(*request, *plan));
}

awaitable<void> MockBackend::answer(http::Exchange& ex, const Plan& plan, const json::value& body) {
  const bool waited = co_await sleep_for(plan.delay_ms);
  if (!waited) co_return;
  // Without a stream, `cut_after` drops the connection with no answer and `malformed_after` sends a body that
  // is not JSON: the same faults, as a non-streaming client meets them.
  if (plan.cut_after) {
    ex.abort();
    co_return;
  }
  if (plan.malformed_after) {
    co_await ex.send(bhttp::status::ok, "application/json", std::string(kMalformed));
    co_return;
  }
  co_await ex.send_json(bhttp::status::ok, body);
}

awaitable<void> MockBackend::play(http::Exchange& ex, const Plan& plan, std::vector<StreamEvent> events) {
  const bool waited = co_await sleep_for(plan.delay_ms);
  if (!waited) co_return;
  // Keep-alive comments only when asked for (`[[keepalive_ms N]]`): real backends mostly send none.
  http::SseStream* sse = co_await ex.start_sse(milliseconds(plan.keepalive_ms.value_or(0)));
  try {
    for (std::size_t i = 0; i < events.size(); ++i) {
      // A cut or malformed line asked for past the end happens just before the last line ([DONE] or
      // response.completed), so the stream is always broken as asked.
      bool last = i + 1 == events.size();
      if (plan.cut_after && (i >= static_cast<std::size_t>(*plan.cut_after) || last)) {
        ex.abort();
        co_return;
      }
      const bool waited = co_await sleep_for(i > 0 ? plan.chunk_delay_ms : 0);
      if (!waited) co_return;
      if (plan.malformed_after && (i == static_cast<std::size_t>(*plan.malformed_after) ||
                                   (last && static_cast<std::size_t>(*plan.malformed_after) > i))) {
        if (events[i].type.empty())
          co_await sse->send_data(kMalformed);
        else
          co_await sse->send_event(events[i].type, kMalformed);
      }
      if (events[i].type.empty())
        co_await sse->send_data(events[i].data);
      else
        co_await sse->send_event(events[i].type, events[i].data);
    }
  } catch (const boost::system::system_error&) {
    co_return;  // the client went away mid-stream: nothing left to do
  }
  co_await sse->finish();
}

awaitable<void> MockBackend::embeddings(http::Exchange& ex) {
  auto body = parse_body(ex);
  if (!body) {
    co_await ex.send_error(body.error());
    co_return;
  }
  auto request = parse_embedding_request(*body);
  if (!request) {
    co_await ex.send_error(request.error());
    co_return;
  }
  co_await ex.send_json(bhttp::status::ok, embeddings_response(*request));
}

awaitable<void> MockBackend::list_models(http::Exchange& ex) {
  json::array data;
  for (const auto& id : model_ids()) data.push_back(model_object(id));
  json::value body = json::object{{"object", "list"}, {"data", std::move(data)}};
  co_await ex.send_json(bhttp::status::ok, body);
}

awaitable<void> MockBackend::get_model(http::Exchange& ex) {
  std::string id = ex.decoded_path_param("model");
  for (const auto& known : model_ids())
    if (known == id) {
      co_await ex.send_json(bhttp::status::ok, model_object(id));
      co_return;
    }
  const ApiError error{404, "invalid_request_error", "model_not_found", "model",
                       "The model '" + id + "' does not exist or you do not have access to it."};
  co_await ex.send_error(error);
}

}  // namespace gw::mock
