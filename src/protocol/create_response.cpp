#include "protocol/create_response.hpp"

#include <unordered_set>

#include <boost/json.hpp>

#include "protocol/field_reader.hpp"
#include "protocol/include.hpp"
#include "protocol/metadata.hpp"
#include "protocol/prompt_reference.hpp"
#include "protocol/tools.hpp"

namespace gw::protocol {
namespace json = boost::json;
namespace {

Result<json::object> parse_text(const json::object* raw) {
  json::object text{{"format", json::object{{"type", "text"}}}};
  if (!raw) return text;
  FieldReader r(*raw, "text");
  const auto* format = r.object("format");
  auto verbosity = r.one_of("verbosity", {"low", "medium", "high"});
  if (r.failed()) return r.error();
  if (verbosity) text["verbosity"] = *verbosity;
  if (!format) return text;
  FieldReader f(*format, "text.format");
  auto type = f.one_of("type", {"text", "json_object", "json_schema"}, true);
  if (f.failed()) return f.error();
  if (*type == "json_schema") {
    auto name = f.string("name", true);
    const auto* schema = f.object("schema", true);
    auto strict = f.boolean("strict");
    auto description = f.string("description");
    if (f.failed()) return f.error();
    if (!valid_name(*name))
      return ApiError::invalid("text.format.name",
                               "Invalid 'text.format.name': use 1-64 letters, digits, '_' or '-'.");
    json::object out{{"type", "json_schema"}, {"name", *name}, {"schema", *schema}};
    out["description"] = description ? json::value(*description) : json::value(nullptr);
    out["strict"] = strict.value_or(false);
    text["format"] = std::move(out);
  } else {
    text["format"] = json::object{{"type", *type}};
  }
  return text;
}

Result<json::value> parse_reasoning(const json::object* raw) {
  if (!raw) return json::value(nullptr);
  FieldReader r(*raw, "reasoning");
  auto effort = r.one_of("effort", {"none", "minimal", "low", "medium", "high", "xhigh", "max"});
  auto summary = r.one_of("summary", {"auto", "concise", "detailed"});
  auto generate_summary = r.one_of("generate_summary", {"auto", "concise", "detailed"});  // deprecated alias
  // Which turns' reasoning the model sees again (see the chat translation); only echoed when given.
  auto context = r.one_of("context", {"auto", "current_turn", "all_turns"});
  if (r.failed()) return r.error();
  if (!summary) summary = generate_summary;
  json::object out{{"effort", effort ? json::value(*effort) : json::value(nullptr)},
                   {"summary", summary ? json::value(*summary) : json::value(nullptr)}};
  if (context) out["context"] = *context;
  return json::value(std::move(out));
}

// `conversation`: its id, or an object {"id": …} (as the Response echoes it).
Result<std::string> parse_conversation(const json::value& raw) {
  std::optional<std::string> id;
  if (raw.is_string()) {
    id = std::string(raw.get_string());
  } else if (raw.is_object()) {
    FieldReader r(raw.get_object(), "conversation");
    id = r.string("id", true);
    if (r.failed()) return r.error();
  } else {
    const std::string message =
        "Invalid type for 'conversation': expected a conversation id or an object "
        "with an 'id', but got " +
        std::string(json_kind(raw)) + " instead.";
    return ApiError::invalid("conversation", message, "invalid_type");
  }
  if (id->empty())
    return ApiError::invalid(raw.is_object() ? "conversation.id" : "conversation",
                             "Invalid 'conversation': the conversation id must not be empty.");
  return std::move(*id);
}

// `compaction_trigger` asks for the history so far to be compacted into one `compaction` item: it closes the
// input, and it compacts what a stateless client resends (a conversation keeps every item as it is).
std::optional<ApiError> check_compaction_trigger(const CreateResponse& req) {
  for (std::size_t i = 0; i < req.input.size(); ++i) {
    if (req.input[i].at("type") != "compaction_trigger") continue;
    const std::string p = "input[" + std::to_string(i) + "]";
    if (i + 1 != req.input.size())
      return ApiError::invalid(p + ".type", "A 'compaction_trigger' item must be the last input item.");
    if (req.conversation || req.previous_response_id)
      return ApiError::invalid(p + ".type",
                               "'compaction_trigger' compacts the history the request carries; it cannot be "
                               "used with 'conversation' or 'previous_response_id'.",
                               "unsupported_value");
  }
  return std::nullopt;
}

const std::unordered_set<std::string_view>& known_fields() {
  static const std::unordered_set<std::string_view> fields{"model",
                                                           "input",
                                                           "instructions",
                                                           "previous_response_id",
                                                           "include",
                                                           "tools",
                                                           "tool_choice",
                                                           "metadata",
                                                           "text",
                                                           "temperature",
                                                           "top_p",
                                                           "presence_penalty",
                                                           "frequency_penalty",
                                                           "parallel_tool_calls",
                                                           "stream",
                                                           "stream_options",
                                                           "background",
                                                           "max_output_tokens",
                                                           "max_tool_calls",
                                                           "reasoning",
                                                           "safety_identifier",
                                                           "prompt_cache_key",
                                                           "prompt_cache_retention",
                                                           "truncation",
                                                           "store",
                                                           "service_tier",
                                                           "top_logprobs",
                                                           "user",
                                                           "conversation",
                                                           "prompt",
                                                           "client_metadata"};
  return fields;
}

}  // namespace

Result<CreateResponse> parse_create_response(const json::value& body) {
  if (!body.is_object())
    return ApiError::invalid("", "The request body must be a JSON object.", "invalid_json");
  const auto& o = body.get_object();
  for (const auto& kv : o)
    if (!known_fields().contains(kv.key()))
      return ApiError::invalid(std::string(kv.key()), "Unknown parameter: '" + std::string(kv.key()) + "'.",
                               "unknown_parameter");

  FieldReader r(o, "");
  CreateResponse req;
  auto model = r.string("model", true);
  req.instructions = r.string("instructions");
  req.previous_response_id = r.string("previous_response_id");
  req.temperature = r.number("temperature", 0, 2);
  req.top_p = r.number("top_p", 0, 1);
  req.presence_penalty = r.number("presence_penalty", -2, 2);
  req.frequency_penalty = r.number("frequency_penalty", -2, 2);
  req.max_output_tokens = r.integer("max_output_tokens", 1, INT32_MAX);
  req.max_tool_calls = r.integer("max_tool_calls", 1, INT32_MAX);
  req.top_logprobs = r.integer("top_logprobs", 0, 20);
  auto parallel = r.boolean("parallel_tool_calls");
  auto stream = r.boolean("stream");
  auto store = r.boolean("store");
  auto background = r.boolean("background");
  auto truncation = r.one_of("truncation", {"auto", "disabled"});
  req.user = r.string("user");
  req.safety_identifier = r.string("safety_identifier");
  req.prompt_cache_key = r.string("prompt_cache_key");
  // "in-memory" is the spelling older SDKs sent.
  req.prompt_cache_retention = r.one_of("prompt_cache_retention", {"in_memory", "in-memory", "24h"});
  if (req.prompt_cache_retention == "in-memory") req.prompt_cache_retention = "in_memory";
  req.service_tier = r.one_of("service_tier", {"auto", "default", "flex", "scale", "priority"});
  const auto* include = r.array("include");
  const auto* tools = r.array("tools");
  const auto* text = r.object("text");
  const auto* reasoning = r.object("reasoning");
  const auto* metadata = r.object("metadata");
  const auto* stream_options = r.object("stream_options");
  r.object("client_metadata");  // the client's own bookkeeping (Codex): type-checked, not forwarded
  if (r.failed()) return r.error();

  if (const auto* conversation = r.get("conversation")) {
    auto id = parse_conversation(*conversation);
    if (!id) return id.error();
    if (req.previous_response_id)
      return ApiError::invalid("conversation",
                               "Mutually exclusive parameters: ensure you are only providing one of: "
                               "'previous_response_id' or 'conversation'.",
                               "mutually_exclusive_parameters");
    req.conversation = std::move(*id);
  }
  if (const auto* prompt = r.get("prompt")) {
    auto reference = parse_prompt_reference(*prompt);
    if (!reference) return reference.error();
    req.prompt = std::move(*reference);
  }
  if (background.value_or(false))
    return ApiError::unsupported(
        "background", "Background responses ('background': true) are not supported by this gateway yet.");

  req.model = std::move(*model);
  if (req.model.empty()) return ApiError::invalid("model", "'model' must not be empty.");
  req.parallel_tool_calls = parallel.value_or(true);
  req.stream = stream.value_or(false);
  req.store = store.value_or(true);
  req.truncation = truncation.value_or("disabled");

  if (stream_options) {
    FieldReader so(*stream_options, "stream_options");
    auto obfuscation = so.boolean("include_obfuscation");
    if (so.failed()) return so.error();
    req.include_obfuscation = obfuscation.value_or(true);
  }

  if (include) {
    Include wanted;
    for (std::size_t i = 0; i < include->size(); ++i) {
      const std::string p = "include[" + std::to_string(i) + "]";
      const auto& v = (*include)[i];
      if (!v.is_string())
        return ApiError::invalid(p, "Invalid type for '" + p + "': expected a string.", "invalid_type");
      if (auto bad = add_include(wanted, v.get_string(), p)) return *bad;
      req.include.emplace_back(v.get_string());
    }
    req.include_encrypted_reasoning = wanted.encrypted_reasoning;
    req.include_logprobs = wanted.logprobs;
  }

  if (const auto* input = r.get("input")) {
    if (input->is_string()) {
      auto item =
          normalize_input_item(json::object{{"role", "user"}, {"content", input->get_string()}}, "input");
      if (!item) return item.error();
      req.input.push_back(std::move(*item));
    } else if (input->is_array()) {
      const auto& items = input->get_array();
      req.input.reserve(items.size());
      for (std::size_t i = 0; i < items.size(); ++i) {
        auto item = normalize_input_item(items[i], "input[" + std::to_string(i) + "]");
        if (!item) return item.error();
        req.input.push_back(std::move(*item));
      }
    } else {
      return ApiError::invalid("input", "Invalid type for 'input': expected a string or an array of items.",
                               "invalid_type");
    }
  }

  if (auto bad = check_compaction_trigger(req)) return *bad;

  if (tools) {
    auto parsed = parse_tools(*tools, "tools");
    if (!parsed) return parsed.error();
    req.tools = std::move(*parsed);
  }
  auto tool_choice = parse_tool_choice(r.get("tool_choice"), req.tools);
  if (!tool_choice) return tool_choice.error();
  req.tool_choice = std::move(*tool_choice);
  auto parsed_text = parse_text(text);
  if (!parsed_text) return parsed_text.error();
  req.text = std::move(*parsed_text);
  auto parsed_reasoning = parse_reasoning(reasoning);
  if (!parsed_reasoning) return parsed_reasoning.error();
  req.reasoning = std::move(*parsed_reasoning);
  if (metadata) {
    if (auto bad = check_metadata(*metadata)) return *bad;
    req.metadata = *metadata;
  }
  return req;
}

}  // namespace gw::protocol
