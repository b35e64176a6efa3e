#include "backends/chat_completions/request_translation.hpp"

#include <boost/json.hpp>

namespace gw::backends::chat_completions {
namespace json = boost::json;
namespace {

std::string join_text(const json::array& parts, std::string_view key = "text") {
  std::string out;
  for (const auto& part : parts) {
    if (!part.is_object()) continue;
    if (const auto* t = part.get_object().if_contains(key); t && t->is_string()) out += t->get_string();
  }
  return out;
}

// User content: a plain string when it is only text (every backend takes that), else typed parts.
json::value user_content(const json::array& parts) {
  bool text_only = true;
  for (const auto& part : parts)
    if (part.at("type").get_string() != "input_text") text_only = false;
  if (text_only) return json::value(join_text(parts));
  json::array out;
  for (const auto& part : parts) {
    const auto& p = part.get_object();
    const auto& type = p.at("type").get_string();
    if (type == "input_text") {
      out.push_back(json::object{{"type", "text"}, {"text", p.at("text")}});
    } else if (type == "input_image") {
      json::object image{{"url", p.at("image_url")}};
      if (const auto* d = p.if_contains("detail"); d && d->is_string() && d->get_string() != "auto")
        image["detail"] = *d;
      out.push_back(json::object{{"type", "image_url"}, {"image_url", std::move(image)}});
    } else if (type == "input_file") {  // only from prompt variables, always with file_data
      json::object file{{"file_data", p.at("file_data")}};
      if (const auto* name = p.if_contains("filename")) file["filename"] = *name;
      out.push_back(json::object{{"type", "file"}, {"file", std::move(file)}});
    }
  }
  return out;
}

// A tool output (function_call_output, custom_tool_call_output): a string, or parts whose text is joined
// (chat `tool` messages take text).
json::value tool_output(const json::value& output) {
  if (output.is_string()) return output;
  return json::value(join_text(output.get_array()));
}

std::string_view type_of(const json::object& item) { return item.at("type").get_string(); }

std::string_view namespace_of(const json::object& item) {
  const auto* ns = item.if_contains("namespace");
  return ns && ns->is_string() ? std::string_view(ns->get_string()) : std::string_view();
}

// What a client's tool search loaded, for the model: the chat names it can call from now on.
std::string search_result(const json::array& tools, const ToolMapping& mapping) {
  std::string names;
  auto add = [&](ToolCallKind kind, std::string_view ns, const json::object& tool) {
    names += names.empty() ? "" : ", ";
    names += mapping.chat_name(kind, ns, tool.at("name").get_string());
  };
  for (const auto& value : tools) {
    const auto& tool = value.get_object();
    const auto type = type_of(tool);
    if (type == "function") add(ToolCallKind::Function, {}, tool);
    if (type == "custom") add(ToolCallKind::Custom, {}, tool);
    if (type == "namespace")
      for (const auto& member : tool.at("tools").get_array())
        add(type_of(member.get_object()) == "custom" ? ToolCallKind::Custom : ToolCallKind::Function,
            tool.at("name").get_string(), member.get_object());
  }
  return names.empty() ? "No tools found." : "Tools found, callable from now on: " + names + ".";
}

// The assistant's tool call as the chat model made it: its chat name, and JSON arguments.
json::object chat_call(const json::object& item, const ToolMapping& mapping) {
  const auto type = type_of(item);
  std::string name;
  json::value arguments;
  if (type == "custom_tool_call") {
    name = mapping.chat_name(ToolCallKind::Custom, namespace_of(item), item.at("name").get_string());
    arguments = json::serialize(json::object{{"input", item.at("input")}});
  } else if (type == "tool_search_call") {
    name = mapping.chat_name(ToolCallKind::ToolSearch, {}, "tool_search");
    const auto& args = item.at("arguments");
    arguments = args.is_string() ? args : json::value(json::serialize(args));
  } else {
    name = mapping.chat_name(ToolCallKind::Function, namespace_of(item), item.at("name").get_string());
    arguments = item.at("arguments");
  }
  return json::object{
      {"id", item.at("call_id")},
      {"type", "function"},
      {"function", json::object{{"name", std::move(name)}, {"arguments", std::move(arguments)}}}};
}

// The text of a compaction item opened by the engine.
constexpr std::string_view kSummaryIntro =
    "Summary of the earlier part of this conversation, which was compacted to save context:\n\n";

class MessageBuilder {
 public:
  // Reasoning before `first_reasoning` (an index into the context) is left out (reasoning.context
  // "current_turn").
  MessageBuilder(const ToolMapping& tools, std::size_t first_reasoning)
      : tools_(tools), first_reasoning_(first_reasoning) {}

  void add_item(const json::object& item) {
    const auto type = type_of(item);
    ++position_;
    if (type == "message") {
      const auto& role = item.at("role").get_string();
      const auto& parts = item.at("content").get_array();
      if (role == "assistant") {
        auto& turn = assistant_for_content();
        std::string text = join_text(parts);
        std::string refusal = join_text(parts, "refusal");
        if (!refusal.empty()) text += refusal;
        turn["content"] = std::move(text);
        return;
      }
      close_assistant();
      pending_reasoning_.clear();  // reasoning that no assistant turn followed (the model ran out of tokens)
      if (role == "user")
        messages_.push_back(json::object{{"role", "user"}, {"content", user_content(parts)}});
      else  // system and developer: every chat backend knows "system"; many do not know "developer"
        messages_.push_back(json::object{{"role", "system"}, {"content", join_text(parts)}});
    } else if (type == "function_call" || type == "custom_tool_call" || type == "tool_search_call") {
      // A search the server ran has no call id, and no tool reply answers it: it is not a chat tool call.
      if (item.at("call_id").is_string())
        assistant_for_tool_call()["tool_calls"].as_array().push_back(chat_call(item, tools_));
    } else if (type == "function_call_output" || type == "custom_tool_call_output") {
      add_tool_message(item.at("call_id"), tool_output(item.at("output")));
    } else if (type == "tool_search_output") {
      // A search the server ran has no call in the history to answer; its tools are offered all the same.
      if (item.at("call_id").is_string())
        add_tool_message(item.at("call_id"),
                         json::value(search_result(item.at("tools").get_array(), tools_)));
    } else if (type == "reasoning") {
      // The reasoning belongs to the assistant turn that follows it (DeepSeek and Kimi reject tool-call turns
      // whose reasoning_content is missing).
      close_assistant();
      pending_reasoning_ = position_ > first_reasoning_ ? reasoning_text(item) : std::string();
    } else if (type == "compaction") {
      close_assistant();
      pending_reasoning_.clear();
      if (const auto* content = item.if_contains("content"); content && content->is_array())
        messages_.push_back(json::object{
            {"role", "user"}, {"content", std::string(kSummaryIntro) + join_text(content->get_array())}});
    }  // additional_tools: its tools are in the request's `tools`, not in a message
  }

  json::array finish() {
    close_assistant();
    return std::move(messages_);
  }

 private:
  void add_tool_message(const json::value& call_id, json::value content) {
    close_assistant();
    pending_reasoning_.clear();
    messages_.push_back(
        json::object{{"role", "tool"}, {"tool_call_id", call_id}, {"content", std::move(content)}});
  }
  json::object& open_assistant() {
    if (!assistant_open_) {
      json::object turn{{"role", "assistant"}, {"content", nullptr}};
      if (!pending_reasoning_.empty()) turn["reasoning_content"] = std::move(pending_reasoning_);
      pending_reasoning_.clear();
      messages_.push_back(std::move(turn));
      assistant_open_ = true;
    }
    return messages_.back().as_object();
  }
  // Text after text or after tool calls starts a new turn; text after reasoning alone joins it.
  json::object& assistant_for_content() {
    if (assistant_open_) {
      const auto& turn = messages_.back().as_object();
      if (!turn.at("content").is_null() || turn.contains("tool_calls")) close_assistant();
    }
    return open_assistant();
  }
  json::object& assistant_for_tool_call() {
    auto& turn = open_assistant();
    if (!turn.contains("tool_calls")) turn["tool_calls"] = json::array{};
    return turn;
  }
  void close_assistant() { assistant_open_ = false; }

  const ToolMapping& tools_;
  std::size_t first_reasoning_;
  std::size_t position_ = 0;  // 1-based position of the item being added, in the context
  json::array messages_;
  bool assistant_open_ = false;
  std::string pending_reasoning_;
};

// Where the current turn starts (the last user message) when only its reasoning is replayed; 0 otherwise.
std::size_t first_reasoning(const protocol::CreateResponse& req, const json::array& context) {
  const auto* settings = req.reasoning.if_object();
  const auto* mode = settings ? settings->if_contains("context") : nullptr;
  if (!mode || *mode != "current_turn") return 0;
  for (std::size_t i = context.size(); i-- > 0;) {
    const auto& item = context[i].get_object();
    if (type_of(item) == "message" && item.at("role") == "user") return i + 1;
  }
  return 0;
}

}  // namespace

std::string reasoning_text(const json::object& item) {
  if (const auto* content = item.if_contains("content");
      content && content->is_array() && !content->get_array().empty())
    return join_text(content->get_array());
  if (const auto* summary = item.if_contains("summary"); summary && summary->is_array()) {
    std::string text;
    for (const auto& part : summary->get_array()) {
      if (!text.empty()) text += "\n\n";
      if (!part.is_object()) continue;
      if (const auto* t = part.get_object().if_contains("text"); t && t->is_string()) text += t->get_string();
    }
    return text;
  }
  return {};
}

json::object build_chat_request(const ModelRequest& model_request) {
  const ToolMapping tools(model_request.request, model_request.context);
  return build_chat_request(model_request, tools);
}

json::object build_chat_request(const ModelRequest& model_request, const ToolMapping& tools) {
  const auto& req = model_request.request;
  json::object body;
  body["model"] = req.model;

  MessageBuilder builder(tools, first_reasoning(req, model_request.context));
  if (req.instructions && !req.instructions->empty())
    builder.add_item(json::object{
        {"type", "message"},
        {"role", "system"},
        {"content", json::array{json::object{{"type", "input_text"}, {"text", *req.instructions}}}}});
  for (const auto& item : model_request.context) builder.add_item(item.get_object());
  body["messages"] = builder.finish();
  body["stream"] = model_request.streaming;
  if (model_request.streaming) body["stream_options"] = json::object{{"include_usage", true}};

  if (req.temperature) body["temperature"] = *req.temperature;
  if (req.top_p) body["top_p"] = *req.top_p;
  if (req.presence_penalty) body["presence_penalty"] = *req.presence_penalty;
  if (req.frequency_penalty) body["frequency_penalty"] = *req.frequency_penalty;
  if (req.max_output_tokens) body["max_completion_tokens"] = *req.max_output_tokens;
  if (req.include_logprobs || req.top_logprobs.value_or(0) > 0) {
    body["logprobs"] = true;
    if (req.top_logprobs) body["top_logprobs"] = *req.top_logprobs;
  }
  if (req.user) body["user"] = *req.user;
  if (req.safety_identifier) body["safety_identifier"] = *req.safety_identifier;
  if (req.prompt_cache_key) body["prompt_cache_key"] = *req.prompt_cache_key;
  if (req.prompt_cache_retention) body["prompt_cache_retention"] = *req.prompt_cache_retention;
  if (req.service_tier) body["service_tier"] = *req.service_tier;
  if (req.reasoning.is_object())
    if (const auto& effort = req.reasoning.at("effort"); effort.is_string())
      body["reasoning_effort"] = effort;
  if (const auto* verbosity = req.text.if_contains("verbosity")) body["verbosity"] = *verbosity;

  const auto& format = req.text.at("format").get_object();
  const auto& format_type = format.at("type").get_string();
  if (format_type == "json_object") {
    body["response_format"] = json::object{{"type", "json_object"}};
  } else if (format_type == "json_schema") {
    json::object schema{
        {"name", format.at("name")}, {"schema", format.at("schema")}, {"strict", format.at("strict")}};
    if (const auto& d = format.at("description"); !d.is_null()) schema["description"] = d;
    body["response_format"] = json::object{{"type", "json_schema"}, {"json_schema", std::move(schema)}};
  }

  if (model_request.offer_tools && !tools.empty()) {
    // allowed_tools narrows the offered tools; the model then chooses among them with the given mode.
    const json::array* allowed = nullptr;
    json::value choice = req.tool_choice;
    if (req.tool_choice.is_object() && req.tool_choice.at("type") == "allowed_tools") {
      allowed = &req.tool_choice.at("tools").get_array();
      choice = req.tool_choice.at("mode");
    }
    body["tools"] = tools.chat_tools(allowed);
    if (choice.is_object()) {
      const auto kind = choice.at("type") == "custom" ? ToolCallKind::Custom : ToolCallKind::Function;
      const std::string name = tools.chat_name(kind, {}, choice.at("name").get_string());
      body["tool_choice"] = json::object{{"type", "function"}, {"function", json::object{{"name", name}}}};
    } else {
      body["tool_choice"] = choice;
    }
    body["parallel_tool_calls"] = req.parallel_tool_calls;
  }
  return body;
}

}  // namespace gw::backends::chat_completions
