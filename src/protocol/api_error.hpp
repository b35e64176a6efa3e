#pragma once
// An error as the OpenAI API shows it: {"error": {"message", "type", "param", "code"}} with an HTTP status.
// `code` and `param` are always strings (the AI SDK only shows messages when both are); `param` is empty
// when no field is at fault.
#include <string>

#include <boost/json/object.hpp>

namespace gw::protocol {

struct ApiError {
  int status = 400;
  std::string type = "invalid_request_error";
  std::string code = "invalid_value";
  std::string param;  // the field at fault, or empty
  std::string message;

  // 400 for a request field; `param` names it with dots and brackets (`input[2].content`).
  static ApiError invalid(std::string param, std::string message, std::string code = "invalid_value");
  static ApiError missing(std::string param);
  static ApiError unsupported(std::string param, std::string message);
  static ApiError not_found(std::string param, std::string message);
  // 409: the request is valid but the resource moved on (an update of a version that is no longer the
  // latest).
  static ApiError conflict(std::string param, std::string message);
  static ApiError server(int status, std::string code, std::string message);

  // The body a client sees: {"error": {...}}.
  boost::json::object to_json() const;
  // The inner object, as carried by `response.failed` and `error` events.
  boost::json::object error_object() const;
};

}  // namespace gw::protocol
