#pragma once
// The request body as JSON, taken out of the exchange (a stream may stay open for minutes, and agent requests
// carry tens of kilobytes); a 400 `invalid_json` when it does not parse.
#include <boost/json/value.hpp>

#include "http/exchange.hpp"
#include "protocol/result.hpp"

namespace gw::api {

Result<boost::json::value> take_json_body(http::Exchange& ex);

}  // namespace gw::api
