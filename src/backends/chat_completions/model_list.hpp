#pragma once
// The backend's `GET /models` answer → OpenAI model objects. Pure; no I/O.
#include <string_view>

#include <boost/json/array.hpp>

#include "protocol/result.hpp"

namespace gw::backends::chat_completions {

// Each entry of `{"data": [...]}` as {id, object: "model", created, owned_by}, in the backend's order.
// Backends add fields of their own (vLLM `max_model_len`, llama.cpp `meta`), which are dropped; an entry
// without a string id is skipped; a missing `created` is 0 and a missing `owned_by` "system". A body that is
// not such a list is a 502.
Result<boost::json::array> decode_model_list(std::string_view body);

}  // namespace gw::backends::chat_completions
