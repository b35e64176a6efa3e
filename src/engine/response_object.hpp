#pragma once
// The Response object: its initial shape (every field the spec requires, request settings echoed) and the
// pieces set when it ends.
#include <cstdint>
#include <optional>
#include <string>

#include <boost/json/object.hpp>

#include "backends/model_backend.hpp"
#include "protocol/create_response.hpp"

namespace gw::engine {

boost::json::object initial_response(const protocol::CreateResponse& request, const std::string& id,
                                     std::int64_t created_at);

// The `error` of a Response that failed because the model could not answer: `error`'s message, and the code
// the Responses API gives in streams, which clients act on: context_length_exceeded (the context must
// shrink), rate_limit_exceeded (429: retry later), server_error (5xx, a broken or silent backend: retry),
// invalid_prompt (any other refusal: retrying the same request cannot help). Codex retries the first two
// retryable ones and stops at once on the others.
boost::json::object failed_error(const protocol::ApiError& error);

// Responses `usage` from backend counts.
boost::json::object usage_json(const backends::Usage& usage);

}  // namespace gw::engine
