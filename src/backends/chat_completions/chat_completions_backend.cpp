#include "backends/chat_completions/chat_completions_backend.hpp"

#include <boost/beast/core/error.hpp>
#include <boost/json.hpp>

#include "backends/chat_completions/model_list.hpp"
#include "backends/chat_completions/request_translation.hpp"
#include "backends/chat_completions/stream_decoder.hpp"
#include "backends/chat_completions/tool_call_relay.hpp"
#include "backends/chat_completions/tool_mapping.hpp"
#include "support/log.hpp"

namespace gw::backends::chat_completions {
namespace json = boost::json;
namespace {

constexpr std::size_t kMaxErrorBody = 1u << 20;
constexpr std::chrono::milliseconds kDrainWait{1000};
// Reads relayed in one client write at most, while the backend keeps sending without a pause.
constexpr int kMaxPiecesPerFlush = 16;
// GET /models is a small, quick answer from every backend; a request waiting on it should not wait long.
constexpr std::chrono::milliseconds kModelListTimeout{10'000};

protocol::ApiError transport_error(const boost::system::system_error& e, bool started) {
  if (e.code() == beast::error::timeout)
    return protocol::ApiError::server(504, "server_error",
                                      started ? "The backend stopped sending data in time (timeout)."
                                              : "The backend did not answer in time (timeout).");
  return protocol::ApiError::server(
      502, "server_error",
      (started ? "The backend stream broke: " : "The backend could not be reached: ") + e.code().message() +
          ".");
}

awaitable<void> deliver_calls(const std::vector<RelayedCall>& calls, DeltaSink& sink) {
  for (const auto& call : calls) {
    const ToolCallTarget target = call.target();
    co_await sink.on_tool_call(call.index, call.call_id, target, call.fragment);
  }
}

awaitable<void> deliver(const Delta& delta, ToolCallRelay& relay, DeltaSink& sink) {
  switch (delta.kind) {
    case Delta::Kind::Text:
      co_await sink.on_text(delta.text, delta.logprobs ? &*delta.logprobs : nullptr);
      break;
    case Delta::Kind::Reasoning:
      co_await sink.on_reasoning(delta.text);
      break;
    case Delta::Kind::Refusal:
      co_await sink.on_refusal(delta.text);
      break;
    case Delta::Kind::ToolCall: {
      const auto calls = relay.feed(delta);
      co_await deliver_calls(calls, sink);
      break;
    }
  }
}

}  // namespace

ChatCompletionsBackend::ChatCompletionsBackend(Options options)
    : options_(std::move(options)), client_(options_.endpoint, options_.connect_timeout) {}

std::vector<std::pair<std::string, std::string>> ChatCompletionsBackend::headers() const {
  std::vector<std::pair<std::string, std::string>> h{{"content-type", "application/json"}};
  if (!options_.api_key.empty()) h.emplace_back("authorization", "Bearer " + options_.api_key);
  return h;
}

// The wait allowed for the next bytes: the idle timeout, shortened by the request's deadline if any.
std::chrono::milliseconds ChatCompletionsBackend::next_wait(const ModelRequest& request) const {
  if (!request.deadline) return options_.idle_timeout;
  const auto left = std::chrono::duration_cast<std::chrono::milliseconds>(*request.deadline -
                                                                          std::chrono::steady_clock::now());
  return std::max(std::chrono::milliseconds(1), std::min(left, options_.idle_timeout));
}

awaitable<Result<Finish>> ChatCompletionsBackend::stream(const ModelRequest& request, DeltaSink& sink) {
  auto hdrs = headers();
  if (request.streaming) hdrs.emplace_back("accept", "text/event-stream");
  const ToolMapping tools(request.request, request.context);
  std::string body = json::serialize(build_chat_request(request, tools));
  ToolCallRelay relay(tools);

  bool started = false;
  std::optional<http::HttpClient::Response> response;
  try {
    response.emplace(co_await client_.send(bhttp::verb::post, "/chat/completions", std::move(body), hdrs,
                                           next_wait(request)));
  } catch (const boost::system::system_error& e) {
    if (e.code() == asio::error::operation_aborted) throw;
    co_return transport_error(e, false);
  }
  if (response->status() != 200) {
    std::string error_body;
    try {
      error_body = co_await response->read_all(next_wait(request), kMaxErrorBody);
    } catch (const boost::system::system_error& e) {
      if (e.code() == asio::error::operation_aborted) throw;
    }
    co_return backend_error(response->status(), error_body);
  }

  if (!request.streaming) co_return co_await read_whole(*response, request, relay, sink);

  SseDecoder decoder;
  std::vector<std::string> payloads;
  std::optional<std::string> finish_reason;
  std::optional<Usage> usage;
  int pieces_held = -1;  // pieces read since the last flush; -1 before the first
  try {
    while (!decoder.done()) {
      auto piece = co_await response->read_some(next_wait(request));
      if (!piece) break;
      started = true;
      payloads.clear();
      decoder.feed(*piece, payloads);
      for (const auto& payload : payloads) {
        boost::system::error_code ec;
        const json::value chunk = json::parse(payload, ec);
        if (ec) {
          log::warn("backend sent a malformed chunk", {{"chunk", payload.substr(0, 200)}});
          co_return protocol::ApiError::server(502, "server_error",
                                               "The backend sent a malformed stream chunk.");
        }
        ChunkContent content = decode_chunk(chunk);
        if (content.error) co_return std::move(*content.error);
        for (const auto& delta : content.deltas) co_await deliver(delta, relay, sink);
        if (content.finish_reason) finish_reason = std::move(content.finish_reason);
        if (content.usage) usage = content.usage;
      }
      // A burst (a fast model, or tokens queued while this thread was busy) leaves in one client write,
      // except the first piece, which goes at once (time to first token). kMaxPiecesPerFlush bounds how long
      // a never-ending burst is held.
      if (pieces_held == -1 || ++pieces_held >= kMaxPiecesPerFlush || !response->more_arrived()) {
        pieces_held = 0;
        co_await sink.flush();
      }
    }
  } catch (const boost::system::system_error& e) {
    if (e.code() == asio::error::operation_aborted) throw;
    co_return transport_error(e, started);
  }
  // After [DONE] only the end of the chunked body is left: read it so the connection can be reused (briefly:
  // a backend that never ends the body must not hold up the response).
  if (decoder.done()) co_await response->drain(std::min(next_wait(request), kDrainWait));
  // A stream that ends without [DONE] is complete only if the model said why it stopped.
  if (!decoder.done() && !finish_reason)
    co_return protocol::ApiError::server(502, "server_error",
                                         "The backend stream ended before the response was complete.");
  const auto rest = relay.finish();
  co_await deliver_calls(rest, sink);
  Finish finish;
  finish.reason = finish_reason_from(finish_reason.value_or("stop"));
  finish.usage = usage;
  co_return finish;
}

awaitable<Result<Finish>> ChatCompletionsBackend::read_whole(http::HttpClient::Response& response,
                                                             const ModelRequest& request,
                                                             ToolCallRelay& relay, DeltaSink& sink) {
  std::string body;
  try {
    body = co_await response.read_all(next_wait(request));
  } catch (const boost::system::system_error& e) {
    if (e.code() == asio::error::operation_aborted) throw;
    co_return transport_error(e, true);
  }
  boost::system::error_code ec;
  const json::value completion = json::parse(body, ec);
  if (ec)
    co_return protocol::ApiError::server(502, "server_error", "The backend's answer is not valid JSON.");
  ChunkContent content = decode_completion(completion);
  if (content.error) co_return std::move(*content.error);
  for (const auto& delta : content.deltas) co_await deliver(delta, relay, sink);
  const auto rest = relay.finish();
  co_await deliver_calls(rest, sink);
  co_await sink.flush();
  Finish finish;
  finish.reason = finish_reason_from(content.finish_reason.value_or("stop"));
  finish.usage = content.usage;
  co_return finish;
}

awaitable<bool> ChatCompletionsBackend::ready() {
  try {
    auto response =
        co_await client_.send(bhttp::verb::get, "/models", {}, headers(), std::chrono::seconds(3));
    co_await response.read_all(std::chrono::seconds(3), kMaxErrorBody);
    co_return response.status() == 200;
  } catch (const boost::system::system_error&) {
    co_return false;
  }
}

awaitable<Result<json::array>> ChatCompletionsBackend::list_models() {
  const auto hdrs = headers();
  std::string no_body;
  unsigned status = 0;
  std::string body;
  try {
    auto response =
        co_await client_.send(bhttp::verb::get, "/models", std::move(no_body), hdrs, kModelListTimeout);
    status = response.status();
    body = co_await response.read_all(kModelListTimeout, kMaxErrorBody);
  } catch (const boost::system::system_error& e) {
    if (e.code() == asio::error::operation_aborted) throw;
    const std::string why = e.code() == beast::error::timeout
                                ? "the backend did not answer in time"
                                : "the backend could not be reached (" + e.code().message() + ")";
    co_return protocol::ApiError::server(502, "server_error",
                                         "The model list could not be fetched: " + why + ".");
  }
  if (status != 200)
    co_return protocol::ApiError::server(502, "server_error",
                                         "The model list could not be fetched: the backend answered HTTP " +
                                             std::to_string(status) + " (" +
                                             backend_error(status, body).message + ").");
  co_return decode_model_list(body);
}

}  // namespace gw::backends::chat_completions
