#pragma once
// Responses request + context → Chat Completions request body. Pure; no I/O.
#include <boost/json/object.hpp>

#include "backends/chat_completions/tool_mapping.hpp"
#include "backends/model_backend.hpp"

namespace gw::backends::chat_completions {

// The /chat/completions body for `request`: streamed with usage when `request.streaming`, else whole. Items
// are mapped as: instructions/system/developer → system messages; user → user (text, image and file parts);
// assistant messages, tool calls (function, custom, tool_search) and the reasoning item before them → one
// assistant turn (`content`, `tool_calls`, `reasoning_content`); tool outputs → `tool` messages; an opened
// `compaction` item → a user message with its summary; `additional_tools` → only `tools`. `tools` names the
// client's tools as ToolMapping does.
boost::json::object build_chat_request(const ModelRequest& request, const ToolMapping& tools);
// The same, with the mapping of the request's own tools.
boost::json::object build_chat_request(const ModelRequest& request);

// The text of a reasoning item: its `content` parts, else its summary. Empty when it has neither.
std::string reasoning_text(const boost::json::object& item);

}  // namespace gw::backends::chat_completions
