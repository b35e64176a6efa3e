#include "config/options.hpp"

#include <algorithm>
#include <cctype>
#include <cstdint>
#include <initializer_list>

#include <boost/url/parse.hpp>

#include "config/value_parsers.hpp"

namespace gw::config {
namespace {

template <class T>
using Field = T Config::*;

Option text(std::string_view name, std::string_view metavar, Field<std::string> field,
            std::string_view meaning, bool allow_empty) {
  return {name,
          metavar,
          meaning,
          {},
          false,
          [field, allow_empty](Config& c, std::string_view v) -> std::optional<std::string> {
            if (v.empty() && !allow_empty) return "a non-empty value";
            c.*field = std::string(v);
            return std::nullopt;
          },
          [field](const Config& c) { return c.*field; }};
}

Option secret(std::string_view name, std::string_view metavar, Field<std::string> field,
              std::string_view meaning, std::string_view legacy_env = {}) {
  Option o = text(name, metavar, field, meaning, true);
  o.legacy_env = legacy_env;
  o.secret = true;
  return o;
}

template <class T>
Option number(std::string_view name, std::string_view metavar, Field<T> field, std::uint64_t min,
              std::uint64_t max, std::string_view meaning) {
  return {name,
          metavar,
          meaning,
          {},
          false,
          [=](Config& c, std::string_view v) -> std::optional<std::string> {
            const auto n = parse_unsigned(v, max);
            if (!n || *n < min)
              return "an integer from " + std::to_string(min) + " to " + std::to_string(max);
            c.*field = static_cast<T>(*n);
            return std::nullopt;
          },
          [field](const Config& c) { return std::to_string(c.*field); }};
}

Option duration(std::string_view name, Field<std::chrono::milliseconds> field, bool allow_zero,
                std::string_view meaning) {
  return {name,
          "DURATION",
          meaning,
          {},
          false,
          [=](Config& c, std::string_view v) -> std::optional<std::string> {
            const auto d = parse_duration(v);
            if (!d || (!allow_zero && d->count() == 0)) {
              return std::string("a ") + (allow_zero ? "" : "non-zero ") +
                     "duration such as 500ms, 30s, 5m, 1h or a number of seconds";
            }
            c.*field = *d;
            return std::nullopt;
          },
          [field](const Config& c) { return format_duration(c.*field); }};
}

Option size(std::string_view name, Field<std::size_t> field, std::string_view meaning) {
  return {name,
          "SIZE",
          meaning,
          {},
          false,
          [field](Config& c, std::string_view v) -> std::optional<std::string> {
            const auto n = parse_size(v);
            if (!n || *n == 0) return "a non-zero size in bytes or with a unit: 512KB, 32MB, 1GiB";
            c.*field = *n;
            return std::nullopt;
          },
          [field](const Config& c) { return format_size(c.*field); }};
}

// Case-insensitive on input, stored in lower case, so `LOG_LEVEL=INFO` works and consumers compare once.
Option choice(std::string_view name, std::string_view metavar, Field<std::string> field,
              std::initializer_list<std::string_view> allowed, std::string_view meaning) {
  std::vector<std::string> values(allowed.begin(), allowed.end());
  return {name,
          metavar,
          meaning,
          {},
          false,
          [field, values](Config& c, std::string_view v) -> std::optional<std::string> {
            std::string low(v);
            std::transform(low.begin(), low.end(), low.begin(),
                           [](unsigned char ch) { return std::tolower(ch); });
            if (std::find(values.begin(), values.end(), low) == values.end()) {
              std::string expected = "one of";
              for (const auto& a : values) expected += " " + a;
              return expected;
            }
            c.*field = low;
            return std::nullopt;
          },
          [field](const Config& c) { return c.*field; }};
}

Option http_url(std::string_view name, Field<std::string> field, std::string_view legacy_env,
                std::string_view meaning) {
  Option o = text(name, "URL", field, meaning, false);
  o.legacy_env = legacy_env;
  o.apply = [field](Config& c, std::string_view v) -> std::optional<std::string> {
    const auto url = boost::urls::parse_absolute_uri(v);
    const bool ok =
        url &&
        (url->scheme_id() == boost::urls::scheme::http || url->scheme_id() == boost::urls::scheme::https) &&
        url->has_authority() && !url->encoded_host().empty();
    if (!ok) return "an http:// or https:// URL with a host, e.g. http://localhost:11434/v1";
    c.*field = std::string(v);
    return std::nullopt;
  };
  return o;
}

std::vector<Option> build() {
  return {
      text("host", "ADDR", &Config::host, "Address to listen on.", false),
      number("port", "PORT", &Config::port, 0, 65535, "TCP port to listen on; 0 picks a free port (tests)."),
      http_url("backend-url", &Config::backend_url, "OPENAI_API_ENDPOINT",
               "Chat Completions backend base URL (the part before /chat/completions)."),
      secret("backend-api-key", "KEY", &Config::backend_api_key,
             "Bearer token sent to the backend; empty sends none.", "OPENAI_API_KEY"),
      text("data-dir", "DIR", &Config::data_dir, "Directory for the SQLite database, files and the key file.",
           false),
      duration("connect-timeout", &Config::connect_timeout, false, "TCP/TLS connect to the backend."),
      duration("request-timeout", &Config::request_timeout, false, "A whole non-streaming backend response."),
      duration("stream-idle-timeout", &Config::stream_idle_timeout, false,
               "Longest silence between two chunks of a backend stream."),
      duration("idle-timeout", &Config::idle_timeout, false,
               "Close a client keep-alive connection idle this long."),
      duration("sse-keepalive", &Config::sse_keepalive, false,
               "Send an SSE comment line when the model is silent this long."),
      duration("shutdown-grace", &Config::shutdown_grace, true,
               "On SIGTERM, let open streams finish within this; 0 cancels them at once."),
      duration("models-cache-ttl", &Config::models_cache_ttl, true,
               "Serve the backend's model list this long, then refresh it in the background (the old list "
               "is served meanwhile); 0 refreshes after every request."),
      choice("log-level", "LEVEL", &Config::log_level, {"debug", "info", "warn", "error"},
             "Least severe log level written: debug, info, warn or error."),
      choice("log-format", "FORMAT", &Config::log_format, {"json", "text"},
             "Log lines as json (one object per line) or text."),
      size("max-body-bytes", &Config::max_body_bytes, "Largest request body accepted."),
      number("io-threads", "N", &Config::io_threads, 0, 256, "Threads serving sockets; 0 = one per core."),
      number("blocking-threads", "N", &Config::blocking_threads, 1, 256,
             "Threads for SQLite and other blocking work."),
      secret("encryption-key", "KEY", &Config::encryption_key,
             "Base64 of 32 bytes sealing encrypted_content; empty = generated once into "
             "<data-dir>/gateway.key."),
      choice("web-search", "MODE", &Config::web_search, {"refuse", "omit"},
             "Requests offering a web_search tool, which needs a search provider (none yet): refuse (a 400 "
             "naming this switch) or omit (the model is not offered the tool; the response says so in its "
             "x-gateway-omitted-tools header)."),
  };
}

}  // namespace

std::string Option::flag() const { return "--" + std::string(name); }

std::string Option::yaml_key() const {
  std::string key(name);
  std::replace(key.begin(), key.end(), '-', '_');
  return key;
}

std::string Option::env() const {
  std::string env = "GATEWAY_" + yaml_key();
  std::transform(env.begin(), env.end(), env.begin(), [](unsigned char c) { return std::toupper(c); });
  return env;
}

const std::vector<Option>& options() {
  static const std::vector<Option> table = build();
  return table;
}

const Option* find_by_name(std::string_view name) {
  for (const auto& o : options()) {
    if (o.name == name) return &o;
  }
  return nullptr;
}

const Option* find_by_yaml_key(std::string_view key) {
  for (const auto& o : options()) {
    if (o.yaml_key() == key) return &o;
  }
  return nullptr;
}

}  // namespace gw::config
