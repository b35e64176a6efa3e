#include "engine/response_object.hpp"

#include <boost/json.hpp>

namespace gw::engine {
namespace json = boost::json;
namespace {

template <class T>
json::value or_null(const std::optional<T>& v) {
  return v ? json::value(*v) : json::value(nullptr);
}

}  // namespace

json::object initial_response(const protocol::CreateResponse& req, const std::string& id,
                              std::int64_t created_at) {
  json::object r;
  r.reserve(40);
  r["id"] = id;
  r["object"] = "response";
  r["created_at"] = created_at;
  r["status"] = "in_progress";
  r["background"] = false;
  r["completed_at"] = nullptr;
  r["conversation"] =
      req.conversation ? json::value(json::object{{"id", *req.conversation}}) : json::value(nullptr);
  r["error"] = nullptr;
  r["incomplete_details"] = nullptr;
  r["instructions"] = or_null(req.instructions);
  r["max_output_tokens"] = or_null(req.max_output_tokens);
  r["max_tool_calls"] = or_null(req.max_tool_calls);
  r["model"] = req.model;
  r["output"] = json::array{};
  r["parallel_tool_calls"] = req.parallel_tool_calls;
  r["previous_response_id"] = or_null(req.previous_response_id);
  if (req.prompt) r["prompt"] = protocol::prompt_reference_json(*req.prompt);
  r["prompt_cache_key"] = or_null(req.prompt_cache_key);
  if (req.prompt_cache_retention) r["prompt_cache_retention"] = *req.prompt_cache_retention;
  r["reasoning"] = req.reasoning.is_object()
                       ? req.reasoning
                       : json::value(json::object{{"effort", nullptr}, {"summary", nullptr}});
  r["safety_identifier"] = or_null(req.safety_identifier);
  r["service_tier"] = req.service_tier.value_or("default");
  r["store"] = req.store;
  r["temperature"] = req.temperature.value_or(1.0);
  r["text"] = req.text;
  r["tool_choice"] = req.tool_choice;
  r["tools"] = req.tools;
  r["top_logprobs"] = req.top_logprobs.value_or(0);
  r["top_p"] = req.top_p.value_or(1.0);
  r["presence_penalty"] = req.presence_penalty.value_or(0.0);
  r["frequency_penalty"] = req.frequency_penalty.value_or(0.0);
  r["truncation"] = req.truncation;
  r["usage"] = nullptr;
  r["user"] = or_null(req.user);
  r["metadata"] = req.metadata;
  return r;
}

json::object failed_error(const protocol::ApiError& error) {
  std::string_view code = "invalid_prompt";
  if (error.code == "context_length_exceeded")
    code = error.code;
  else if (error.status == 429)
    code = "rate_limit_exceeded";
  else if (error.status >= 500)
    code = "server_error";
  return json::object{{"code", code}, {"message", error.message}};
}

json::object usage_json(const backends::Usage& u) {
  return json::object{{"input_tokens", u.input_tokens},
                      {"input_tokens_details", json::object{{"cached_tokens", u.cached_tokens}}},
                      {"output_tokens", u.output_tokens},
                      {"output_tokens_details", json::object{{"reasoning_tokens", u.reasoning_tokens}}},
                      {"total_tokens", u.input_tokens + u.output_tokens}};
}

}  // namespace gw::engine
