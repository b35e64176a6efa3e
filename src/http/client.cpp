#include "http/client.hpp"

#include <variant>

#include <openssl/ssl.h>
#include <boost/asio/as_tuple.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/ssl/host_name_verification.hpp>
#include <boost/beast/ssl/ssl_stream.hpp>

namespace gw::http {

using TlsStream = beast::ssl_stream<beast::tcp_stream>;

class UpstreamConnection {
 public:
  explicit UpstreamConnection(beast::tcp_stream tcp) : stream(std::move(tcp)) {}
  UpstreamConnection(asio::any_io_executor ex, asio::ssl::context& tls)
      : stream(std::in_place_type<TlsStream>, ex, tls) {}

  beast::tcp_stream& tcp() {
    return std::visit([](auto& s) -> beast::tcp_stream& { return beast::get_lowest_layer(s); }, stream);
  }
  void close() {
    boost::system::error_code ignored;
    tcp().socket().shutdown(asio::ip::tcp::socket::shutdown_both, ignored);
    tcp().socket().close(ignored);
  }

  std::variant<beast::tcp_stream, TlsStream> stream;
  beast::flat_buffer buffer;
};

Result<Endpoint> Endpoint::parse(std::string_view url, std::string param) {
  Endpoint e;
  std::string_view rest;
  if (url.starts_with("http://")) {
    rest = url.substr(7);
  } else if (url.starts_with("https://")) {
    e.tls = true;
    rest = url.substr(8);
  } else {
    return protocol::ApiError::invalid(param,
                                       "'" + std::string(url) + "' is not an http:// or https:// URL.");
  }
  const auto slash = rest.find('/');
  std::string_view authority = rest.substr(0, slash);
  std::string_view path = slash == std::string_view::npos ? std::string_view{} : rest.substr(slash);
  while (path.ends_with('/')) path.remove_suffix(1);
  e.base_path = std::string(path);
  std::string_view host = authority;
  std::string_view port;
  if (authority.starts_with('[')) {  // [::1]:8080
    const auto close = authority.find(']');
    if (close == std::string_view::npos)
      return protocol::ApiError::invalid(param, "Malformed IPv6 host in URL.");
    host = authority.substr(1, close - 1);
    if (close + 1 < authority.size() && authority[close + 1] == ':') port = authority.substr(close + 2);
  } else if (const auto colon = authority.rfind(':'); colon != std::string_view::npos) {
    host = authority.substr(0, colon);
    port = authority.substr(colon + 1);
  }
  if (host.empty()) return protocol::ApiError::invalid(param, "URL '" + std::string(url) + "' has no host.");
  for (char c : port)
    if (c < '0' || c > '9')
      return protocol::ApiError::invalid(param, "URL '" + std::string(url) + "' has a bad port.");
  e.host = std::string(host);
  e.port = port.empty() ? (e.tls ? "443" : "80") : std::string(port);
  return e;
}

struct HttpClient::Response::State {
  HttpClient* client = nullptr;
  std::unique_ptr<UpstreamConnection> connection;
  bhttp::response_parser<bhttp::string_body> parser;
  bool failed = false;
  boost::system::error_code pending_error;

  void parse_buffered();
};

HttpClient::Response::Response(std::unique_ptr<State> state) : state_(std::move(state)) {}
HttpClient::Response::Response(Response&&) noexcept = default;

HttpClient::Response::~Response() {
  if (!state_ || !state_->connection) return;
  if (!state_->failed && state_->parser.is_done() && state_->parser.get().keep_alive())
    state_->client->give_back(std::move(state_->connection));
  else
    state_->connection->close();
}

unsigned HttpClient::Response::status() const { return state_->parser.get().result_int(); }

std::string_view HttpClient::Response::header(std::string_view name) const {
  const auto& head = state_->parser.get();
  const auto it = head.find(beast::string_view(name.data(), name.size()));
  if (it == head.end()) return {};
  return std::string_view(it->value().data(), it->value().size());
}

// Beast's async_read_some hands back after one parser step, which for a chunked body is one chunk, though
// the socket read may have brought many (a fast model's tokens arrive together). Parsing what is already
// buffered before returning makes one piece of everything received, so the caller does one client write per
// socket read rather than one per token.
void HttpClient::Response::State::parse_buffered() {
  while (connection->buffer.size() > 0 && !parser.is_done()) {
    boost::system::error_code ec;
    const std::size_t used = parser.put(connection->buffer.data(), ec);
    connection->buffer.consume(used);
    if (ec || used == 0) return;  // need_more (a partial chunk), or an error the next read reports
  }
}

awaitable<std::optional<std::string>> HttpClient::Response::read_some(
    std::chrono::milliseconds idle_timeout) {
  auto& s = *state_;
  if (s.pending_error) throw boost::system::system_error(s.pending_error);
  while (!s.parser.is_done()) {
    s.connection->tcp().expires_after(idle_timeout);
    // The lambda is named, not written inside the co_await: GCC 12 miscompiles capturing lambdas there.
    const auto read = [&](auto& stream) {
      return bhttp::async_read_some(stream, s.connection->buffer, s.parser, asio::as_tuple(use_awaitable));
    };
    auto [ec, n] = co_await std::visit(read, s.connection->stream);
    auto& body = s.parser.get().body();
    if (ec) {
      s.failed = true;
      // Bytes parsed by the read that then failed (a stream cut mid-way) are still delivered; the error
      // comes with the next call.
      if (!body.empty()) {
        s.pending_error = ec;
        std::string piece = std::move(body);
        body.clear();
        co_return piece;
      }
      throw boost::system::system_error(ec);
    }
    if (!body.empty()) {
      s.parse_buffered();
      std::string piece = std::move(body);
      body.clear();
      co_return piece;
    }
  }
  co_return std::nullopt;
}

bool HttpClient::Response::more_arrived() const {
  const auto& s = *state_;
  if (s.failed || s.parser.is_done() || !s.connection) return false;
  // Only the socket tells: what read_some left in the buffer is an incomplete piece (often just the CRLF
  // that ends a chunk), which needs more bytes before it parses.
  boost::system::error_code ec;
  return s.connection->tcp().socket().available(ec) > 0 && !ec;
}

awaitable<void> HttpClient::Response::drain(std::chrono::milliseconds timeout) {
  try {
    for (;;) {
      auto piece = co_await read_some(timeout);
      if (!piece) break;
    }
  } catch (const boost::system::system_error& e) {
    if (e.code() == asio::error::operation_aborted) throw;
    state_->failed = true;
  }
}

awaitable<std::string> HttpClient::Response::read_all(std::chrono::milliseconds timeout, std::size_t limit) {
  std::string all;
  for (;;) {
    auto piece = co_await read_some(timeout);  // not in the loop condition: GCC 12 miscompiles that
    if (!piece) break;
    all += *piece;
    if (all.size() > limit) {
      state_->failed = true;
      throw boost::system::system_error(bhttp::error::body_limit);
    }
  }
  co_return all;
}

HttpClient::HttpClient(Endpoint endpoint, std::chrono::milliseconds connect_timeout)
    : endpoint_(std::move(endpoint)), connect_timeout_(connect_timeout) {
  if (endpoint_.tls) {
    tls_context_ = std::make_unique<asio::ssl::context>(asio::ssl::context::tls_client);
    tls_context_->set_default_verify_paths();
    tls_context_->set_verify_mode(asio::ssl::verify_peer);
  }
}

HttpClient::~HttpClient() = default;

namespace {
const asio::execution_context* context_of(const asio::any_io_executor& executor) {
  return &asio::query(executor, asio::execution::context);
}
}  // namespace

std::unique_ptr<UpstreamConnection> HttpClient::take_idle(const asio::execution_context* context) {
  std::lock_guard lock(idle_mutex_);
  auto it = idle_.find(context);
  if (it == idle_.end()) return nullptr;
  auto& idle = it->second;
  while (!idle.empty()) {
    auto connection = std::move(idle.back());
    idle.pop_back();
    if (connection->tcp().socket().is_open()) return connection;
  }
  return nullptr;
}

void HttpClient::give_back(std::unique_ptr<UpstreamConnection> connection) {
  static constexpr std::size_t kMaxIdlePerContext = 256;
  connection->buffer.clear();
  const auto* context = context_of(connection->tcp().get_executor());
  std::lock_guard lock(idle_mutex_);
  auto& idle = idle_[context];
  if (idle.size() < kMaxIdlePerContext) idle.push_back(std::move(connection));
}

namespace {
constexpr auto kResolveTtl = std::chrono::seconds(30);
}

awaitable<asio::ip::tcp::resolver::results_type> HttpClient::resolve(asio::any_io_executor ex) {
  {
    std::lock_guard lock(resolve_mutex_);
    if (!addresses_.empty() && std::chrono::steady_clock::now() - resolved_at_ < kResolveTtl)
      co_return addresses_;
  }
  asio::ip::tcp::resolver resolver(ex);
  auto results = co_await resolver.async_resolve(endpoint_.host, endpoint_.port, use_awaitable);
  std::lock_guard lock(resolve_mutex_);
  addresses_ = results;
  resolved_at_ = std::chrono::steady_clock::now();
  co_return results;
}

void HttpClient::forget_addresses() {
  std::lock_guard lock(resolve_mutex_);
  addresses_ = {};
}

awaitable<std::unique_ptr<UpstreamConnection>> HttpClient::connect(asio::any_io_executor ex) {
  const auto results = co_await resolve(ex);
  std::unique_ptr<UpstreamConnection> connection =
      endpoint_.tls ? std::make_unique<UpstreamConnection>(ex, *tls_context_)
                    : std::make_unique<UpstreamConnection>(beast::tcp_stream(ex));
  auto& tcp = connection->tcp();
  tcp.expires_after(connect_timeout_);
  auto [connect_ec, connected] = co_await tcp.async_connect(results, asio::as_tuple(use_awaitable));
  if (connect_ec) {
    forget_addresses();  // the backend may have moved: resolve again next time
    throw boost::system::system_error(connect_ec);
  }
  tcp.socket().set_option(asio::ip::tcp::no_delay(true));
  if (auto* tls = std::get_if<TlsStream>(&connection->stream)) {
    if (!SSL_set_tlsext_host_name(tls->native_handle(), endpoint_.host.c_str()))
      throw boost::system::system_error(asio::error::invalid_argument, "TLS server name");
    tls->set_verify_callback(asio::ssl::host_name_verification(endpoint_.host));
    co_await tls->async_handshake(asio::ssl::stream_base::client, use_awaitable);
  }
  tcp.expires_never();
  co_return connection;
}

awaitable<HttpClient::Response> HttpClient::send(
    bhttp::verb method, std::string_view path, std::string body,
    const std::vector<std::pair<std::string, std::string>>& headers,
    std::chrono::milliseconds header_timeout) {
  bhttp::request<bhttp::string_body> request{method, endpoint_.base_path + std::string(path), 11};
  request.set(bhttp::field::host, endpoint_.host);
  request.set(bhttp::field::user_agent, "open-responses-gateway");
  for (const auto& [name, value] : headers) request.set(name, value);
  request.body() = std::move(body);
  request.prepare_payload();

  // A pooled connection may have been closed by the server while idle; such a failure before any byte of
  // the answer is retried once on a fresh connection.
  auto executor = co_await asio::this_coro::executor;
  for (int attempt = 0;; ++attempt) {
    auto connection = attempt == 0 ? take_idle(context_of(executor)) : nullptr;
    const bool reused = connection != nullptr;
    if (!connection) connection = co_await connect(executor);
    auto state = std::make_unique<Response::State>();
    state->client = this;
    state->parser.body_limit(boost::none);
    state->parser.header_limit(64 * 1024);
    connection->tcp().expires_after(header_timeout);
    // Lambdas named, not written inside the co_await: GCC 12 miscompiles capturing lambdas there.
    const auto write = [&](auto& stream) {
      return bhttp::async_write(stream, request, asio::as_tuple(use_awaitable));
    };
    const auto read_header = [&](auto& stream) {
      return bhttp::async_read_header(stream, connection->buffer, state->parser,
                                      asio::as_tuple(use_awaitable));
    };
    auto [write_ec, written] = co_await std::visit(write, connection->stream);
    boost::system::error_code ec = write_ec;
    if (!ec) {
      auto [read_ec, n] = co_await std::visit(read_header, connection->stream);
      ec = read_ec;
    }
    if (ec) {
      connection->close();
      const bool stale = ec == bhttp::error::end_of_stream || ec == asio::error::connection_reset ||
                         ec == asio::error::broken_pipe || ec == asio::error::eof;
      if (reused && stale && attempt == 0) continue;
      throw boost::system::system_error(ec);
    }
    state->connection = std::move(connection);
    co_return Response(std::move(state));
  }
}

}  // namespace gw::http
