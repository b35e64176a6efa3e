#include "api/responses_handler.hpp"

#include <boost/json.hpp>

#include "api/json_body.hpp"
#include "api/pagination.hpp"
#include "api/sse_event_sink.hpp"
#include "http/sse_stream.hpp"

namespace gw::api {
namespace json = boost::json;
namespace {

protocol::ApiError response_not_found(std::string_view id) {
  return protocol::ApiError::not_found("response_id",
                                       "Response with id '" + std::string(id) + "' not found.");
}

// Parses and validates the body, then lets go of its text and JSON tree.
Result<protocol::CreateResponse> parse_request(http::Exchange& ex) {
  auto body = take_json_body(ex);
  if (!body) return body.error();
  return protocol::parse_create_response(*body);
}

}  // namespace

awaitable<void> ResponsesHandler::create(http::Exchange& ex) {
  auto request = parse_request(ex);
  if (!request) co_return co_await ex.send_error(request.error());
  const bool stream = request->stream;
  auto prepared = co_await service_.prepare(std::move(*request));
  if (!prepared) co_return co_await ex.send_error(prepared.error());
  ex.log_field("response_id", boost::json::string(prepared->id));
  ex.log_field("model", boost::json::string(prepared->request.model));
  if (!prepared->omitted_tools.empty()) {
    // --web-search=omit: the tool was left out of what the model sees; the client is told, never silently.
    std::string omitted;
    for (const auto& type : prepared->omitted_tools) omitted += (omitted.empty() ? "" : ", ") + type;
    ex.set_header("x-gateway-omitted-tools", omitted);
    ex.log_field("omitted_tools", boost::json::string(omitted));
  }

  if (stream) {
    http::SseStream* sse = co_await ex.start_sse(sse_keepalive_);
    SseEventSink sink(*sse);
    std::optional<engine::ResponseOutcome> outcome;
    try {
      outcome = co_await service_.run(*prepared, sink, true);
    } catch (const engine::ClientGone&) {
      ex.log_field("response_status", "cancelled");  // stored as such; the session closes the connection
      co_return;
    }
    ex.log_field("backend_ms", outcome->backend_ms);
    ex.log_field("response_status", outcome->response.at("status"));
    co_return;
  }
  engine::DiscardingSink sink;
  auto outcome = co_await service_.run(*prepared, sink, false);
  ex.log_field("backend_ms", outcome.backend_ms);
  if (outcome.error) co_return co_await ex.send_error(*outcome.error);
  ex.log_field("response_status", outcome.response.at("status"));
  co_await ex.send_json(bhttp::status::ok, outcome.response);
}

awaitable<void> ResponsesHandler::retrieve(http::Exchange& ex) {
  const std::string id(ex.path_param("response_id"));
  if (auto stream = ex.query("stream"); stream && *stream == "true")
    co_return co_await ex.send_error(protocol::ApiError::unsupported(
        "stream",
        "Streaming a stored response again needs background mode, which this gateway does not offer yet."));
  auto stored = co_await service_.store().get(id, false);
  if (!stored) co_return co_await ex.send_error(response_not_found(id));
  co_await ex.send_json(bhttp::status::ok, stored->response);
}

awaitable<void> ResponsesHandler::remove(http::Exchange& ex) {
  const std::string id(ex.path_param("response_id"));
  const bool removed = co_await service_.store().remove(id);  // not inside the `if`: GCC 12 miscompiles that
  if (!removed) co_return co_await ex.send_error(response_not_found(id));
  const json::object deleted{{"id", id}, {"object", "response.deleted"}, {"deleted", true}};
  co_await ex.send_json(bhttp::status::ok, deleted);
}

awaitable<void> ResponsesHandler::list(http::Exchange& ex) {
  auto query = parse_list_query(ex);
  if (!query) co_return co_await ex.send_error(query.error());
  if (auto model = ex.query("model")) query->model = std::move(*model);
  auto page = co_await service_.store().list_responses(*query);
  co_await ex.send_json(bhttp::status::ok, list_envelope(std::move(page)));
}

awaitable<void> ResponsesHandler::input_items(http::Exchange& ex) {
  auto query = parse_list_query(ex);
  if (!query) co_return co_await ex.send_error(query.error());
  const std::string id(ex.path_param("response_id"));
  auto page = co_await service_.store().list_input_items(id, *query);
  if (!page) co_return co_await ex.send_error(response_not_found(id));
  co_await ex.send_json(bhttp::status::ok, list_envelope(std::move(*page)));
}

awaitable<void> ResponsesHandler::cancel(http::Exchange& ex) {
  const std::string id(ex.path_param("response_id"));
  auto stored = co_await service_.store().get(id, false);
  if (!stored) co_return co_await ex.send_error(response_not_found(id));
  co_await ex.send_error(
      protocol::ApiError::invalid("response_id", "Only background responses can be cancelled."));
}

}  // namespace gw::api
