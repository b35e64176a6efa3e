#pragma once
// POST /v1/responses request body: parsed, validated and normalized. Every field of the Responses API is
// accepted; what the gateway cannot honour yet is refused with a 400 naming it (never silently ignored).
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include <boost/json/array.hpp>
#include <boost/json/object.hpp>
#include <boost/json/value.hpp>

#include "protocol/prompt_reference.hpp"
#include "protocol/result.hpp"

namespace gw::protocol {

struct CreateResponse {
  std::string model;
  // Input items normalized to their full Responses shape (`type`, `id`, `status`, content parts as arrays);
  // `item_reference` items stay as they are until the engine resolves them.
  boost::json::array input;
  std::optional<std::string> instructions;
  std::optional<std::string> previous_response_id;
  std::optional<std::string> conversation;  // its id; never set together with previous_response_id
  // A stored prompt template; the engine resolves it (its version is then the one used).
  std::optional<PromptReference> prompt;
  // Normalized (see tools.hpp): function, custom, namespace and tool_search tools, and web_search tools as
  // sent (the engine refuses or omits them).
  boost::json::array tools;
  boost::json::value tool_choice;  // "auto" unless given
  boost::json::object text;        // {"format": {...}, "verbosity"?}
  boost::json::value reasoning;    // null or {"effort", "summary", "context"?}
  boost::json::object metadata;
  std::optional<double> temperature, top_p, presence_penalty, frequency_penalty;
  std::optional<std::int64_t> max_output_tokens, max_tool_calls, top_logprobs;
  bool parallel_tool_calls = true;
  bool stream = false;
  bool store = true;
  bool include_obfuscation = true;  // stream_options.include_obfuscation, default on as OpenAI
  bool include_encrypted_reasoning = false;
  bool include_logprobs = false;
  std::vector<std::string> include;
  std::string truncation = "disabled";
  std::optional<std::string> user, safety_identifier, prompt_cache_key, prompt_cache_retention, service_tier;
};

Result<CreateResponse> parse_create_response(const boost::json::value& body);

// Normalizes one input item (also used for items given back through other APIs). `param` is its path.
Result<boost::json::object> normalize_input_item(const boost::json::value& item, const std::string& param);

}  // namespace gw::protocol
