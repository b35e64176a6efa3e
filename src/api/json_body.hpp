#pragma once
// The JSON body of a request, taken out of the exchange (its text is freed once parsed).
#include <boost/json/value.hpp>

#include "http/exchange.hpp"
#include "protocol/result.hpp"

namespace gw::api {

// A 400 `invalid_json` when the body is not JSON.
Result<boost::json::value> parse_json_body(http::Exchange& ex);

}  // namespace gw::api
