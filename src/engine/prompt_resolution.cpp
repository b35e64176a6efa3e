#include "engine/prompt_resolution.hpp"

#include <string_view>
#include <unordered_map>

#include <boost/json.hpp>

#include "protocol/prompt_template.hpp"

namespace gw::engine {
namespace json = boost::json;
namespace {

using Values = std::unordered_map<std::string_view, const json::value*>;

std::string param_of(std::string_view name) { return "prompt.variables." + std::string(name); }

// The text a value stands for, or nullptr for an image or a file.
const json::string* text_of(const json::value& value) {
  if (value.is_string()) return &value.get_string();
  const auto& part = value.get_object();
  return part.at("type") == "input_text" ? &part.at("text").get_string() : nullptr;
}

protocol::ApiError not_text(std::string_view name, const json::value& value, std::string_view where) {
  return protocol::ApiError::invalid(
      param_of(name),
      "Prompt variable '" + std::string(name) + "' is an " + std::string(value.at("type").get_string()) +
          ", which can only stand in a user message of the prompt; the prompt uses it in " +
          std::string(where) + ", where Chat Completions backends take text only.",
      "unsupported_value");
}

// Every declared variable's value: given, else its default. Checks the given names against the declared.
Result<Values> bind_values(const json::array& declared, const json::object& given) {
  Values values;
  for (const auto& v : declared) {
    const auto& variable = v.get_object();
    const auto& name = variable.at("name").get_string();
    const json::value* value = given.if_contains(name);
    if (!value && !variable.at("default").is_null()) value = &variable.at("default");
    if (!value)
      return protocol::ApiError{
          400, "invalid_request_error", "missing_required_parameter", param_of(name),
          "Missing prompt variable '" + std::string(name) + "': the prompt declares it without a default."};
    values.emplace(name, value);
  }
  for (const auto& kv : given)
    if (!values.contains(kv.key()))
      return protocol::ApiError::invalid(
          param_of(kv.key()),
          "Unknown prompt variable '" + std::string(kv.key()) + "': the prompt does not declare it.",
          "unknown_parameter");
  return values;
}

// `text` with its placeholders replaced by text values; a placeholder of an image or file is an error.
Result<std::string> render_text(std::string_view text, const Values& values, std::string_view where) {
  std::string out;
  std::size_t done = 0;
  for (const auto& p : protocol::find_placeholders(text)) {
    const json::value& value = *values.at(p.name);
    const json::string* replacement = text_of(value);
    if (!replacement) return not_text(p.name, value, where);
    out.append(text.substr(done, p.offset - done));
    out.append(replacement->data(), replacement->size());
    done = p.offset + p.length;
  }
  out.append(text.substr(done));
  return out;
}

// A user message's text part: text pieces stay `input_text` parts, image and file values become parts of
// their own where their placeholder stood. Empty text pieces around them are dropped.
void split_user_text(std::string_view text, const Values& values, json::array& parts) {
  std::string pending;
  std::size_t done = 0;
  bool split = false;
  auto flush = [&] {
    if (!pending.empty()) parts.push_back(json::object{{"type", "input_text"}, {"text", pending}});
    pending.clear();
  };
  for (const auto& p : protocol::find_placeholders(text)) {
    pending.append(text.substr(done, p.offset - done));
    done = p.offset + p.length;
    const json::value& value = *values.at(p.name);
    if (const json::string* replacement = text_of(value)) {
      pending.append(replacement->data(), replacement->size());
      continue;
    }
    flush();
    parts.push_back(value);
    split = true;
  }
  pending.append(text.substr(done));
  // A text part that renders empty stays (as the template wrote it) unless it was split around a part.
  if (!pending.empty() || !split) parts.push_back(json::object{{"type", "input_text"}, {"text", pending}});
}

Result<json::object> render_message(const json::object& message, const Values& values, std::size_t index) {
  const bool user = message.at("role") == "user";
  const std::string where =
      "messages[" + std::to_string(index) + "] (role " + std::string(message.at("role").get_string()) + ")";
  json::array parts;
  for (const auto& raw : message.at("content").get_array()) {
    const auto& part = raw.get_object();
    const auto* text = part.if_contains("text");
    if (!text) {
      parts.push_back(part);  // an image of the template itself, a refusal
    } else if (user) {
      split_user_text(text->get_string(), values, parts);
    } else {
      auto rendered = render_text(text->get_string(), values, where);
      if (!rendered) return rendered.error();
      json::object copy = part;
      copy["text"] = std::move(*rendered);
      parts.push_back(std::move(copy));
    }
  }
  json::object out = message;
  out["content"] = std::move(parts);
  return out;
}

}  // namespace

Result<ResolvedPrompt> resolve_prompt(const json::object& content, const json::object& given) {
  auto values = bind_values(content.at("variables").get_array(), given);
  if (!values) return values.error();
  ResolvedPrompt resolved;
  if (const auto& instructions = content.at("instructions"); instructions.is_string()) {
    auto rendered = render_text(instructions.get_string(), *values, "its instructions");
    if (!rendered) return rendered.error();
    resolved.instructions = std::move(*rendered);
  }
  const auto& messages = content.at("messages").get_array();
  for (std::size_t i = 0; i < messages.size(); ++i) {
    auto message = render_message(messages[i].get_object(), *values, i);
    if (!message) return message.error();
    resolved.messages.push_back(std::move(*message));
  }
  return resolved;
}

}  // namespace gw::engine
