#include "protocol/include.hpp"

namespace gw::protocol {

std::optional<ApiError> add_include(Include& include, std::string_view value, const std::string& param) {
  if (value == "reasoning.encrypted_content")
    include.encrypted_reasoning = true;
  else if (value == "message.output_text.logprobs")
    include.logprobs = true;
  else
    return ApiError::invalid(
        param, "include value '" + std::string(value) + "' is not supported by this gateway yet.",
        "unsupported_value");
  return std::nullopt;
}

}  // namespace gw::protocol
