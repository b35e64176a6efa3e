#pragma once
// `metadata` as OpenAI validates it on every resource that carries it (responses, prompts): at most 16
// keys of up to 64 characters, each value a string of up to 512 characters.
#include <boost/json/object.hpp>

#include "protocol/result.hpp"

namespace gw::protocol {

// An empty object when `raw` is null (absent); a 400 naming `metadata.<key>` for a bad entry.
Result<boost::json::object> parse_metadata(const boost::json::object* raw);

}  // namespace gw::protocol
