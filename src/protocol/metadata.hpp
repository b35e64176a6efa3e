#pragma once
// `metadata` as every OpenAI object carries it: at most 16 string values, keys up to 64 characters, values up
// to 512.
#include <optional>

#include <boost/json/object.hpp>

#include "protocol/api_error.hpp"

namespace gw::protocol {

// The error naming `metadata` (or `metadata.<key>`) when `metadata` breaks a limit.
std::optional<ApiError> check_metadata(const boost::json::object& metadata);

}  // namespace gw::protocol
