#pragma once
// An HTTP/1.1 client for one upstream (the model backend): plain or TLS, keep-alive connection pool,
// per-stage deadlines (connect, each read), bodies read piece by piece as they arrive.
// Each request runs on its caller's executor; connections never move between execution contexts.
// Failures to connect or to exchange bytes throw boost::system::system_error; a response with any status
// is a value. Cancelling the awaiting coroutine closes the connection (it never goes back to the pool).
#include <chrono>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <unordered_map>
#include <utility>
#include <vector>

#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/ssl/context.hpp>

#include "http/beast.hpp"
#include "protocol/result.hpp"

namespace gw::http {

struct Endpoint {
  bool tls = false;
  std::string host;
  std::string port;       // "80" / "443" by default
  std::string base_path;  // "/v1" of "http://host:port/v1", no trailing slash
  // Parses http(s)://host[:port][/path]; the error names `param`.
  static Result<Endpoint> parse(std::string_view url, std::string param);
};

class UpstreamConnection;

class HttpClient {
 public:
  HttpClient(Endpoint endpoint, std::chrono::milliseconds connect_timeout);
  ~HttpClient();

  class Response {
   public:
    Response(Response&&) noexcept;
    ~Response();  // a fully read keep-alive response gives its connection back to the pool
    unsigned status() const;
    std::string_view header(std::string_view name) const;
    // The next piece of the body as it arrives; nullopt at its end. Throws on a read that exceeds
    // `idle_timeout` (beast::error::timeout) or a broken connection.
    awaitable<std::optional<std::string>> read_some(std::chrono::milliseconds idle_timeout);
    // True when more of the body is already waiting in the socket: reading it costs no wait, so a relay can
    // take it in before writing on.
    bool more_arrived() const;
    // Reads and drops what is left of the body (e.g. the end of a chunked stream after its last event), so
    // the connection can go back to the pool. Failures only mean it will not.
    awaitable<void> drain(std::chrono::milliseconds timeout);
    // The whole body (up to `limit` bytes), each read bounded by `timeout`.
    awaitable<std::string> read_all(std::chrono::milliseconds timeout, std::size_t limit = 64u << 20);

   private:
    friend class HttpClient;
    struct State;
    explicit Response(std::unique_ptr<State> state);
    std::unique_ptr<State> state_;
  };

  // Sends `method target` (target is appended to the endpoint's base path) and reads the response head.
  awaitable<Response> send(bhttp::verb method, std::string_view path, std::string body,
                           const std::vector<std::pair<std::string, std::string>>& headers,
                           std::chrono::milliseconds header_timeout);

  const Endpoint& endpoint() const { return endpoint_; }

 private:
  awaitable<std::unique_ptr<UpstreamConnection>> connect(asio::any_io_executor executor);
  // Idle connections are kept per execution context: a connection is only used on the thread that made it.
  std::unique_ptr<UpstreamConnection> take_idle(const asio::execution_context* context);
  void give_back(std::unique_ptr<UpstreamConnection> connection);

  Endpoint endpoint_;
  std::chrono::milliseconds connect_timeout_;
  std::unique_ptr<asio::ssl::context> tls_context_;
  // Resolved addresses of the endpoint, reused for kResolveTtl: resolving goes through a helper thread
  // (getaddrinfo) and costs more than the request itself on a fast backend.
  awaitable<asio::ip::tcp::resolver::results_type> resolve(asio::any_io_executor executor);
  void forget_addresses();
  std::mutex resolve_mutex_;
  asio::ip::tcp::resolver::results_type addresses_;
  std::chrono::steady_clock::time_point resolved_at_;
  std::mutex idle_mutex_;
  std::unordered_map<const asio::execution_context*, std::vector<std::unique_ptr<UpstreamConnection>>> idle_;
};

}  // namespace gw::http
