#pragma once
// Input items about tools: calls the model made and the outputs the client sends back (`function_call`,
// `custom_tool_call`, `tool_search_call` and their outputs), tools made available mid-history
// (`additional_tools`), and compaction (`compaction`, `compaction_trigger`). Part of normalize_input_item.
#include <optional>
#include <string>
#include <string_view>

#include <boost/json/object.hpp>

#include "protocol/field_reader.hpp"
#include "protocol/result.hpp"

namespace gw::protocol {

// The normalized item, or nullopt when `type` is none of the types above. `r` reads the item; `id` is its
// `id` field when given (a fresh one is made otherwise, except for `compaction_trigger`, which has none).
std::optional<Result<boost::json::object>> normalize_tool_item(std::string_view type, FieldReader& r,
                                                               const std::optional<std::string>& id);

}  // namespace gw::protocol
