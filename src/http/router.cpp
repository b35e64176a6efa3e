#include "http/router.hpp"

namespace gw::http {
namespace {

std::vector<std::string_view> split_path(std::string_view path) {
  std::vector<std::string_view> segments;
  while (!path.empty()) {
    if (path.front() == '/') {
      path.remove_prefix(1);
      continue;
    }
    const auto slash = path.find('/');
    segments.push_back(path.substr(0, slash));
    path = slash == std::string_view::npos ? std::string_view{} : path.substr(slash);
  }
  return segments;
}

bool is_param(std::string_view segment) {
  return segment.size() > 2 && segment.front() == '{' && segment.back() == '}';
}

bool is_rest_param(std::string_view segment) {
  return is_param(segment) && segment[segment.size() - 2] == '+';
}

// From the start of `first` to the end of `last`, views into the same path.
std::string_view span(std::string_view first, std::string_view last) {
  return {first.data(), static_cast<std::size_t>(last.data() + last.size() - first.data())};
}

}  // namespace

void Router::add(bhttp::verb method, std::string_view pattern, Handler handler) {
  Route route{method, {}, std::move(handler)};
  for (auto segment : split_path(pattern)) route.segments.emplace_back(segment);
  routes_.push_back(std::move(route));
}

awaitable<void> Router::dispatch(Exchange& exchange) const {
  const auto segments = split_path(exchange.path());
  bool path_known = false;
  for (const auto& route : routes_) {
    const bool rest = !route.segments.empty() && is_rest_param(route.segments.back());
    if (rest ? segments.size() < route.segments.size() : route.segments.size() != segments.size()) continue;
    std::vector<std::pair<std::string_view, std::string_view>> params;
    bool match = true;
    for (std::size_t i = 0; i < route.segments.size() && match; ++i) {
      const std::string_view pattern = route.segments[i];
      if (rest && i + 1 == route.segments.size())
        params.emplace_back(pattern.substr(1, pattern.size() - 3), span(segments[i], segments.back()));
      else if (is_param(pattern))
        params.emplace_back(pattern.substr(1, pattern.size() - 2), segments[i]);
      else
        match = pattern == segments[i];
    }
    if (!match) continue;
    path_known = true;
    if (route.method != exchange.request().method()) continue;
    exchange.set_path_params(std::move(params));
    co_await route.handler(exchange);
    co_return;
  }
  const std::string what = std::string(exchange.method()) + " " + std::string(exchange.path());
  // Named, not a braced temporary inside co_await: GCC 12 destroys such temporaries twice.
  const protocol::ApiError error =
      path_known ? protocol::ApiError{405,
                                      "invalid_request_error",
                                      "method_not_allowed",
                                      {},
                                      "Method not allowed (" + what + ")."}
                 : protocol::ApiError{
                       404, "invalid_request_error", "unknown_url", {}, "Invalid URL (" + what + ")."};
  co_await exchange.send_error(error);
}

}  // namespace gw::http
