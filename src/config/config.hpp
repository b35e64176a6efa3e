#pragma once
// Every setting of the gateway. Each has a flag, an environment variable and a YAML key; precedence is
// flags > environment > YAML file (--config) > defaults. See options() for the table.
#include <chrono>
#include <cstddef>
#include <cstdint>
#include <string>

namespace gw::config {

struct Config {
  std::string host = "0.0.0.0";
  std::uint16_t port = 8080;
  std::string backend_url = "http://localhost:11434/v1";
  std::string backend_api_key;  // never logged
  std::string data_dir = "./data";
  std::chrono::milliseconds connect_timeout{10'000};       // TCP/TLS connect to the backend
  std::chrono::milliseconds request_timeout{600'000};      // a whole non-streaming response
  std::chrono::milliseconds stream_idle_timeout{300'000};  // longest silence between two backend chunks
  std::chrono::milliseconds idle_timeout{75'000};          // a client keep-alive connection with no request
  std::chrono::milliseconds sse_keepalive{5'000};          // comment line while the model is silent
  std::chrono::milliseconds shutdown_grace{15'000};        // open streams may finish within this on SIGTERM
  std::chrono::milliseconds models_cache_ttl{60'000};      // the backend's model list is refreshed after this
  std::string log_level = "info";                          // debug | info | warn | error
  std::string log_format = "json";                         // json | text
  std::size_t max_body_bytes = 32u << 20;
  unsigned io_threads = 0;        // 0 = number of cores
  unsigned blocking_threads = 4;  // SQLite and other blocking work
  std::string encryption_key;     // base64 of 32 bytes; empty = generated once into <data_dir>/gateway.key
  std::string web_search = "refuse";  // refuse | omit: requests offering web_search (no provider exists yet)
};

}  // namespace gw::config
