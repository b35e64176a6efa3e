#include "tools/mock-backend/plan.hpp"

#include <algorithm>
#include <cstdio>

#include "tools/mock-backend/directives.hpp"

namespace gw::mock {
namespace {

constexpr int kContextWindow = 8192;  // tokens, as reported by `[[context_length]]`

std::vector<std::string> numbered(std::string_view stem, int n) {
  std::vector<std::string> out;
  out.reserve(static_cast<std::size_t>(n));
  for (int i = 1; i <= n; ++i) out.push_back((i == 1 ? "" : " ") + std::string(stem) + std::to_string(i));
  return out;
}

protocol::ApiError status_error(int status) {
  using protocol::ApiError;
  auto invalid = [&](std::string code, std::string message) {
    return ApiError{status, "invalid_request_error", std::move(code), {}, std::move(message)};
  };
  switch (status) {
    case 400:
      return invalid("invalid_request", "Mock error: the request was rejected (HTTP 400).");
    case 401:
      return invalid("invalid_api_key", "Incorrect API key provided.");
    case 403:
      return ApiError{403, "permission_error", "forbidden", {}, "You are not allowed to use this model."};
    case 404:
      return invalid("model_not_found", "The model does not exist or you do not have access to it.");
    case 429:
      return ApiError{429,
                      "requests",
                      "rate_limit_exceeded",
                      {},
                      "Rate limit reached for requests. Please try again in 1s."};
    case 500:
      return ApiError::server(500, "server_error",
                              "The server had an error while processing your request. Sorry about that!");
    case 502:
      return ApiError::server(502, "bad_gateway", "Bad gateway.");
    case 503:
      return ApiError::server(503, "service_unavailable",
                              "The engine is currently overloaded, please try again later.");
    case 504:
      return ApiError::server(504, "timeout", "The server timed out while generating the answer.");
    default:
      if (status >= 500)
        return ApiError::server(status, "mock_error", "Mock error (HTTP " + std::to_string(status) + ").");
      return invalid("mock_error", "Mock error (HTTP " + std::to_string(status) + ").");
  }
}

protocol::ApiError context_length_error(int window, int prompt_tokens, std::string_view param) {
  int tokens = std::max(prompt_tokens, window + 1);
  return protocol::ApiError::invalid(std::string(param),
                                     "This model's maximum context length is " + std::to_string(window) +
                                         " tokens. However, your messages resulted in " +
                                         std::to_string(tokens) +
                                         " tokens. Please reduce the length of the messages.",
                                     "context_length_exceeded");
}

// Cuts the token lists to `budget` tokens in the order they are produced; true when something was cut.
bool truncate_to(Plan& plan, int budget) {
  std::size_t left = static_cast<std::size_t>(std::max(budget, 0));
  bool cut = false;
  for (auto* tokens : {&plan.reasoning, &plan.refusal, &plan.content}) {
    if (tokens->size() > left) {
      tokens->resize(left);
      cut = true;
    }
    left -= tokens->size();
  }
  if (cut) plan.tool_calls.clear();
  return cut;
}

}  // namespace

std::uint64_t fnv1a(std::string_view data, std::uint64_t seed) {
  std::uint64_t h = seed;
  for (unsigned char c : data) {
    h ^= c;
    h *= 1099511628211ull;
  }
  return h;
}

std::string make_id(std::string_view prefix, std::uint64_t seed, std::uint64_t salt) {
  std::uint64_t a = fnv1a(std::string_view(reinterpret_cast<const char*>(&salt), sizeof salt), seed);
  std::uint64_t b = fnv1a("id", a);
  char hex[25];
  std::snprintf(hex, sizeof hex, "%016llx%08llx", static_cast<unsigned long long>(a),
                static_cast<unsigned long long>(b >> 32));
  return std::string(prefix) + hex;
}

boost::json::object token_logprob(std::string_view token, std::size_t position, int top) {
  auto entry = [](std::string_view t, double logprob) {
    boost::json::array bytes;
    for (unsigned char c : t) bytes.push_back(c);
    return boost::json::object{{"token", t}, {"logprob", logprob}, {"bytes", std::move(bytes)}};
  };
  std::uint64_t h = fnv1a(token, position + 1);
  double logprob = -static_cast<double>(h % 2000) / 10000.0;  // in (-0.2, 0]: the model is sure
  boost::json::object out = entry(token, logprob);
  boost::json::array alternatives;
  for (int k = 0; k < std::clamp(top, 0, 20); ++k)
    alternatives.push_back(k == 0 ? entry(token, logprob)
                                  : entry(" alt" + std::to_string(k), logprob - 1.25 * k - 0.5));
  out["top_logprobs"] = std::move(alternatives);
  return out;
}

std::string text_of(const boost::json::value& content) {
  if (const auto* s = content.if_string()) return std::string(*s);
  std::string out;
  const auto* parts = content.if_array();
  if (!parts) return out;
  bool first = true;
  for (const auto& part : *parts) {
    const auto* obj = part.if_object();
    if (!obj) continue;
    const auto* type = obj->if_contains("type");
    const auto* text = obj->if_contains("text");
    if (!type || !text || !text->is_string()) continue;
    if (*type != "text" && *type != "input_text" && *type != "output_text") continue;
    if (!first) out.push_back('\n');
    out.append(text->get_string());
    first = false;
  }
  return out;
}

Result<Plan> make_plan(const PlanInput& input) {
  Plan plan;
  plan.seed = input.seed;
  Script script;
  if (input.user_text) {
    auto parsed = parse_script(*input.user_text);
    if (!parsed) {
      parsed.error().param = std::string(input.text_param);
      return parsed.error();
    }
    script = std::move(*parsed);
  }
  plan.delay_ms = script.delay_ms;
  plan.chunk_delay_ms = script.chunk_delay_ms;
  plan.keepalive_ms = script.keepalive_ms;
  plan.cut_after = script.cut_after;
  plan.malformed_after = script.malformed_after;
  plan.interleave_tools = script.interleave_tools;
  int prompt_tokens =
      script.usage_prompt.value_or(std::max<int>(1, static_cast<int>(input.prompt_chars / 4)));
  if (script.context_length)
    plan.failure = Failure{context_length_error(kContextWindow, prompt_tokens, input.text_param), 0};
  else if (script.context_window && prompt_tokens > *script.context_window)
    plan.failure = Failure{context_length_error(*script.context_window, prompt_tokens, input.text_param), 0};
  else if (script.status)
    plan.failure = Failure{status_error(*script.status), script.status_times};

  if (script.think) plan.reasoning = split_words(*script.think);
  if (script.think_tokens) plan.reasoning = numbered("thought", *script.think_tokens);

  plan.has_content = true;
  if (script.refuse) {
    plan.refusal = split_words(*script.refuse);
    plan.has_content = false;
  } else if (script.echo_request) {
    plan.content = split_words(input.raw_body);
  } else if (script.reply) {
    plan.content = split_words(*script.reply);
  } else if (script.tokens) {
    plan.content = numbered("tok", *script.tokens);
  } else if (!script.tools.empty()) {
    plan.has_content = false;
  } else if (input.tool_result) {
    plan.content = split_words("Tool result: " + *input.tool_result);
  } else if (input.user_text && !script.text.empty()) {
    plan.content = split_words("Echo: " + script.text);
  } else {
    plan.content = split_words("This is a mock response.");
  }

  for (std::size_t i = 0; i < script.tools.size(); ++i) {
    auto& tool = script.tools[i];
    plan.tool_calls.push_back(
        {make_id("call_", input.seed, i + 1), std::move(tool.name), std::move(tool.arguments)});
  }

  bool cut = input.max_tokens && truncate_to(plan, *input.max_tokens);
  if (script.finish)
    plan.finish_reason = *script.finish;
  else if (cut)
    plan.finish_reason = "length";
  else if (!plan.tool_calls.empty())
    plan.finish_reason = "tool_calls";
  else
    plan.finish_reason = "stop";

  int produced = static_cast<int>(plan.reasoning.size() + plan.content.size() + plan.refusal.size());
  for (const auto& call : plan.tool_calls)
    produced += static_cast<int>(split_pieces(call.arguments, kArgumentPieceBytes).size());
  plan.usage.prompt_tokens = prompt_tokens;
  plan.usage.completion_tokens = script.usage_completion.value_or(produced);
  plan.usage.cached_tokens = std::min(script.usage_cached.value_or(0), prompt_tokens);
  plan.usage.reasoning_tokens = static_cast<int>(plan.reasoning.size());
  return plan;
}

}  // namespace gw::mock
