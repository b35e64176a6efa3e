#include "protocol/api_error.hpp"

namespace gw::protocol {

ApiError ApiError::invalid(std::string param, std::string message, std::string code) {
  return ApiError{400, "invalid_request_error", std::move(code), std::move(param), std::move(message)};
}

ApiError ApiError::missing(std::string param) {
  std::string message = "Missing required parameter: '" + param + "'.";
  return ApiError{400, "invalid_request_error", "missing_required_parameter", std::move(param),
                  std::move(message)};
}

ApiError ApiError::unsupported(std::string param, std::string message) {
  return ApiError{400, "invalid_request_error", "unsupported_parameter", std::move(param),
                  std::move(message)};
}

ApiError ApiError::not_found(std::string param, std::string message) {
  return ApiError{404, "invalid_request_error", "not_found", std::move(param), std::move(message)};
}

ApiError ApiError::conflict(std::string param, std::string message) {
  return ApiError{409, "invalid_request_error", "conflict", std::move(param), std::move(message)};
}

ApiError ApiError::server(int status, std::string code, std::string message) {
  return ApiError{status, "server_error", std::move(code), {}, std::move(message)};
}

boost::json::object ApiError::error_object() const {
  boost::json::object e;
  e["message"] = message;
  e["type"] = type;
  // Always a string: the AI SDK shows the message only when `param` and `code` are strings, and falls back to
  // a bare status text ("Bad Gateway") otherwise.
  e["param"] = param;
  e["code"] = code;
  return e;
}

boost::json::object ApiError::to_json() const {
  boost::json::object body;
  body["error"] = error_object();
  return body;
}

}  // namespace gw::protocol
