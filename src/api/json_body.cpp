#include "api/json_body.hpp"

#include <boost/json/parse.hpp>

namespace gw::api {

Result<boost::json::value> parse_json_body(http::Exchange& ex) {
  const std::string text = ex.take_body();
  boost::system::error_code ec;
  boost::json::value body = boost::json::parse(text, ec);
  if (ec)
    return protocol::ApiError::invalid("",
                                       "We could not parse the JSON body of your request (" + ec.message() +
                                           "). Send valid JSON with 'Content-Type: application/json'.",
                                       "invalid_json");
  return body;
}

}  // namespace gw::api
