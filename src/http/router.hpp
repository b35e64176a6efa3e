#pragma once
// Method + path pattern → handler. Patterns are literal segments and `{name}` parameters:
// "/v1/responses/{response_id}/input_items". A last segment `{name+}` takes the rest of the path, slashes
// included ("/v1/models/{model+}" matches "/v1/models/meta-llama/Llama-3.1-8B").
#include <functional>
#include <string>
#include <string_view>
#include <vector>

#include "http/exchange.hpp"

namespace gw::http {

using Handler = std::function<awaitable<void>(Exchange&)>;

class Router {
 public:
  void add(bhttp::verb method, std::string_view pattern, Handler handler);
  // Routes the exchange: 404 for an unknown path, 405 for a known path with another method.
  awaitable<void> dispatch(Exchange& exchange) const;

 private:
  struct Route {
    bhttp::verb method;
    std::vector<std::string> segments;  // "{name}" marks a parameter
    Handler handler;
  };
  std::vector<Route> routes_;
};

}  // namespace gw::http
