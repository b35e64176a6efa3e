#pragma once
// One HTTP request and the means to answer it: what a handler sees instead of a socket.
// Lives on its connection's strand for the duration of the handler; not shared across threads.
#include <chrono>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "http/beast.hpp"
#include "protocol/api_error.hpp"

namespace gw::http {

using Request = bhttp::request<bhttp::string_body>;
class SseStream;

class Exchange {
 public:
  Exchange(beast::tcp_stream& stream, Request& request, bool& keep_alive);
  Exchange(const Exchange&) = delete;
  Exchange& operator=(const Exchange&) = delete;
  ~Exchange();

  const Request& request() const { return request_; }
  // Moves the request body out (freeing it from the exchange, which lives as long as the response).
  std::string take_body() { return std::move(request_.body()); }
  std::string_view method() const { return request_.method_string(); }
  std::string_view path() const { return path_; }
  // A `{name}` segment of the matched route pattern; empty when absent.
  std::string_view path_param(std::string_view name) const;
  // The same, percent-decoded, for parameters that may hold any character (model ids: the OpenAI SDKs send
  // `a/b` as `a%2Fb`).
  std::string decoded_path_param(std::string_view name) const;
  // A query-string parameter, percent-decoded (the first, when it is repeated).
  std::optional<std::string> query(std::string_view name) const;
  // Every value of a repeated query-string parameter (`include=a&include=b`), percent-decoded, in order.
  std::vector<std::string> query_all(std::string_view name) const;

  // Answers with a complete body. Call at most once, and not after start_sse().
  awaitable<void> send(bhttp::status status, std::string_view content_type, std::string body);
  awaitable<void> send_json(bhttp::status status, const boost::json::value& body);
  awaitable<void> send_error(const protocol::ApiError& error);
  // Adds a header to the answer (before send/start_sse).
  void set_header(std::string_view name, std::string_view value);

  // Sends `200 text/event-stream` headers at once and returns the stream for the events. A comment line
  // keeps the connection alive whenever nothing was written for `keepalive`. If the client goes away the
  // exchange's cancellation signal fires (see cancellation_slot()).
  awaitable<SseStream*> start_sse(std::chrono::milliseconds keepalive);

  // Cancellation emitted when the client is known to be gone; the session binds the handler to it.
  asio::cancellation_slot cancellation_slot() { return cancel_.slot(); }
  void cancel_handler(asio::cancellation_type type = asio::cancellation_type::terminal) {
    cancel_.emit(type);
  }

  // Fields added to this request's access-log line (response id, backend latency, …).
  void log_field(std::string_view key, boost::json::value value) { log_fields_[key] = std::move(value); }
  const boost::json::object& log_fields() const { return log_fields_; }
  unsigned status_sent() const { return status_sent_; }
  bool answered() const { return status_sent_ != 0; }

  // Used by the router to fill path parameters.
  void set_path_params(std::vector<std::pair<std::string_view, std::string_view>> params) {
    path_params_ = std::move(params);
  }
  // Drops the connection at once, without ending the body (the mock backend uses it to simulate a broken
  // stream).
  void abort();
  // Sends the end of an SSE stream, if one was started and is still open (the session calls it).
  awaitable<void> finish();

 private:
  beast::tcp_stream& stream_;
  Request& request_;
  bool& keep_alive_;
  std::string_view path_;
  std::string_view query_;
  std::vector<std::pair<std::string_view, std::string_view>> path_params_;
  std::vector<std::pair<std::string, std::string>> extra_headers_;
  boost::json::object log_fields_;
  unsigned status_sent_ = 0;
  asio::cancellation_signal cancel_;
  std::unique_ptr<SseStream> sse_;
};

}  // namespace gw::http
