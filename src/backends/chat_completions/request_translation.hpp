#pragma once
// Responses request + context → Chat Completions request body. Pure; no I/O.
#include <boost/json/object.hpp>

#include "backends/model_backend.hpp"

namespace gw::backends::chat_completions {

// The /chat/completions body for `request`: streamed with usage when `request.streaming`, else whole. Items
// are mapped as: instructions/system/developer → system messages; user → user (text, image and file parts);
// assistant messages, function_call items and the reasoning item before them → one assistant turn (`content`,
// `tool_calls`, `reasoning_content`); function_call_output → a `tool` message.
boost::json::object build_chat_request(const ModelRequest& request);

// The text of a reasoning item: its `content` parts, else its summary. Empty when it has neither.
std::string reasoning_text(const boost::json::object& item);

}  // namespace gw::backends::chat_completions
