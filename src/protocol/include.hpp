#pragma once
// `include` values the gateway honours, on POST /v1/responses and on the conversation item endpoints.
#include <optional>
#include <string>
#include <string_view>

#include "protocol/api_error.hpp"

namespace gw::protocol {

struct Include {
  bool encrypted_reasoning = false;  // reasoning.encrypted_content
  bool logprobs = false;             // message.output_text.logprobs
};

// Records one `include` value; a 400 naming `param` for one the gateway does not offer.
std::optional<ApiError> add_include(Include& include, std::string_view value, const std::string& param);

}  // namespace gw::protocol
