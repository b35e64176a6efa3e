#pragma once
// Content parts of messages and tool outputs, normalized to the shapes the Responses API shows.
#include <string>

#include <boost/json/array.hpp>
#include <boost/json/value.hpp>

#include "protocol/result.hpp"

namespace gw::protocol {

// Who a content array belongs to: assistant messages hold output parts; user messages input parts; system and
// developer messages and tool outputs text only (Chat Completions carries no images there).
enum class ContentOwner { Assistant, User, TextOnly };

// A string or an array of parts → the normalized parts array; `param` names the field in errors.
Result<boost::json::array> normalize_content(const boost::json::value& content, ContentOwner owner,
                                             const std::string& param);

}  // namespace gw::protocol
