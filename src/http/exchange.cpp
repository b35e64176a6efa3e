#include "http/exchange.hpp"

#include <boost/json/serialize.hpp>

#include "http/sse_stream.hpp"

namespace gw::http {
namespace {

int hex_value(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

// `plus_is_space`: in a query string '+' stands for a space; in a path it is itself.
std::string percent_decode(std::string_view in, bool plus_is_space = true) {
  std::string out;
  out.reserve(in.size());
  for (std::size_t i = 0; i < in.size(); ++i) {
    if (in[i] == '+' && plus_is_space) {
      out.push_back(' ');
    } else if (in[i] == '%' && i + 2 < in.size() && hex_value(in[i + 1]) >= 0 && hex_value(in[i + 2]) >= 0) {
      out.push_back(static_cast<char>(hex_value(in[i + 1]) * 16 + hex_value(in[i + 2])));
      i += 2;
    } else {
      out.push_back(in[i]);
    }
  }
  return out;
}

}  // namespace

Exchange::Exchange(beast::tcp_stream& stream, Request& request, bool& keep_alive)
    : stream_(stream), request_(request), keep_alive_(keep_alive) {
  const std::string_view target = request_.target();
  const auto q = target.find('?');
  path_ = target.substr(0, q);
  if (q != std::string_view::npos) query_ = target.substr(q + 1);
}

Exchange::~Exchange() = default;

std::string_view Exchange::path_param(std::string_view name) const {
  for (const auto& [key, value] : path_params_)
    if (key == name) return value;
  return {};
}

std::string Exchange::decoded_path_param(std::string_view name) const {
  return percent_decode(path_param(name), /*plus_is_space=*/false);
}

std::optional<std::string> Exchange::query(std::string_view name) const {
  auto values = query_all(name);
  if (values.empty()) return std::nullopt;
  return std::move(values.front());
}

std::vector<std::string> Exchange::query_all(std::string_view name) const {
  std::vector<std::string> values;
  std::string_view rest = query_;
  while (!rest.empty()) {
    const auto amp = rest.find('&');
    const std::string_view pair = rest.substr(0, amp);
    rest = amp == std::string_view::npos ? std::string_view{} : rest.substr(amp + 1);
    const auto eq = pair.find('=');
    if (percent_decode(pair.substr(0, eq)) != name) continue;
    values.push_back(eq == std::string_view::npos ? std::string{} : percent_decode(pair.substr(eq + 1)));
  }
  return values;
}

void Exchange::set_header(std::string_view name, std::string_view value) {
  extra_headers_.emplace_back(std::string(name), std::string(value));
}

awaitable<void> Exchange::send(bhttp::status status, std::string_view content_type, std::string body) {
  bhttp::response<bhttp::string_body> response{status, request_.version()};
  response.set(bhttp::field::content_type, content_type);
  for (const auto& [name, value] : extra_headers_) response.set(name, value);
  response.keep_alive(keep_alive_);
  response.body() = std::move(body);
  response.prepare_payload();
  status_sent_ = static_cast<unsigned>(status);
  stream_.expires_after(kClientWriteTimeout);
  co_await bhttp::async_write(stream_, response, use_awaitable);
}

awaitable<void> Exchange::send_json(bhttp::status status, const boost::json::value& body) {
  co_await send(status, "application/json", boost::json::serialize(body));
}

awaitable<void> Exchange::send_error(const protocol::ApiError& error) {
  co_await send_json(static_cast<bhttp::status>(error.status), error.to_json());
}

awaitable<SseStream*> Exchange::start_sse(std::chrono::milliseconds keepalive) {
  bhttp::response<bhttp::empty_body> response{bhttp::status::ok, request_.version()};
  response.set(bhttp::field::content_type, "text/event-stream; charset=utf-8");
  response.set(bhttp::field::cache_control, "no-cache");
  response.set("x-accel-buffering", "no");  // ask proxies such as nginx not to buffer the stream
  for (const auto& [name, value] : extra_headers_) response.set(name, value);
  response.keep_alive(keep_alive_);
  response.chunked(true);
  status_sent_ = 200;
  bhttp::response_serializer<bhttp::empty_body> serializer{response};
  stream_.expires_after(kClientWriteTimeout);
  co_await bhttp::async_write_header(stream_, serializer, use_awaitable);
  sse_ = std::make_unique<SseStream>(stream_, keepalive, [this] { cancel_handler(); });
  sse_->start();
  co_return sse_.get();
}

void Exchange::abort() {
  keep_alive_ = false;
  if (status_sent_ == 0) status_sent_ = 499;
  boost::system::error_code ec;
  stream_.socket().shutdown(asio::ip::tcp::socket::shutdown_both, ec);
  stream_.socket().close(ec);
}

awaitable<void> Exchange::finish() {
  if (!sse_) co_return;
  co_await sse_->finish();
  if (sse_->broken()) keep_alive_ = false;
}

}  // namespace gw::http
