#include "protocol/prompt_template.hpp"

#include <string>
#include <unordered_set>

#include <boost/json.hpp>

#include "protocol/create_response.hpp"
#include "protocol/field_reader.hpp"
#include "protocol/metadata.hpp"
#include "protocol/prompt_reference.hpp"

namespace gw::protocol {
namespace json = boost::json;
namespace {

constexpr std::size_t kMaxNameLength = 256;

bool is_name_char(char c) {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_';
}

bool is_space(char c) { return c == ' ' || c == '\t'; }

using Declared = std::unordered_set<std::string_view>;

std::optional<ApiError> check_placeholders(std::string_view text, const Declared& declared,
                                           const std::string& param) {
  for (const auto& p : find_placeholders(text))
    if (!declared.contains(p.name))
      return ApiError::invalid(param, "'" + param + "' uses the variable '" + std::string(p.name) +
                                          "', which 'variables' does not declare.");
  return std::nullopt;
}

Result<json::array> parse_variables(const json::array* raw) {
  json::array out;
  if (!raw) return out;
  std::unordered_set<std::string> names;
  for (std::size_t i = 0; i < raw->size(); ++i) {
    const std::string p = "variables[" + std::to_string(i) + "]";
    const auto& entry = (*raw)[i];
    std::string name;
    json::value default_value = nullptr;
    if (entry.is_string()) {
      name = entry.get_string();  // Llama Stack's form: a name, required
    } else if (entry.is_object()) {
      for (const auto& kv : entry.get_object())
        if (kv.key() != "name" && kv.key() != "default")
          return ApiError::invalid(p + "." + std::string(kv.key()),
                                   "Unknown parameter: '" + p + "." + std::string(kv.key()) + "'.",
                                   "unknown_parameter");
      FieldReader r(entry.get_object(), p);
      auto given = r.string("name", true);
      if (r.failed()) return r.error();
      name = std::move(*given);
      if (const auto* d = r.get("default")) {
        auto normalized = normalize_variable_value(*d, p + ".default");
        if (!normalized) return normalized.error();
        default_value = std::move(*normalized);
      }
    } else {
      return ApiError::invalid(
          p, "Invalid type for '" + p + "': expected a variable name or {\"name\", \"default\"}.",
          "invalid_type");
    }
    const std::string name_param = entry.is_string() ? p : p + ".name";
    if (!valid_variable_name(name))
      return ApiError::invalid(name_param,
                               "Invalid variable name '" + name + "': use 1-64 letters, digits or '_'.");
    if (!names.insert(name).second)
      return ApiError::invalid(name_param, "Duplicate variable name '" + name + "'.");
    out.push_back(json::object{{"name", name}, {"default", std::move(default_value)}});
  }
  return out;
}

Result<json::array> parse_messages(const json::array* raw, const Declared& declared) {
  json::array out;
  if (!raw) return out;
  for (std::size_t i = 0; i < raw->size(); ++i) {
    const std::string p = "messages[" + std::to_string(i) + "]";
    auto item = normalize_input_item((*raw)[i], p);
    if (!item) return item.error();
    if (item->at("type") != "message")
      return ApiError::invalid(p + ".type",
                               "Prompt messages must be messages; got an item of type '" +
                                   std::string(item->at("type").get_string()) + "'.",
                               "unsupported_value");
    // A template's messages are copied into every response that uses it: ids and statuses would repeat.
    json::object message{
        {"type", "message"}, {"role", item->at("role")}, {"content", std::move(item->at("content"))}};
    const auto& parts = message.at("content").get_array();
    for (std::size_t j = 0; j < parts.size(); ++j) {
      const auto* text = parts[j].get_object().if_contains("text");
      if (!text) continue;
      const std::string text_param = p + ".content[" + std::to_string(j) + "].text";
      if (auto bad = check_placeholders(text->get_string(), declared, text_param)) return *bad;
    }
    out.push_back(std::move(message));
  }
  return out;
}

bool allowed_field(std::string_view key, PromptWriteKind kind) {
  if (key == "name" || key == "instructions" || key == "messages" || key == "variables" || key == "metadata")
    return true;
  return kind == PromptWriteKind::Update && (key == "version" || key == "set_as_default");
}

}  // namespace

bool valid_variable_name(std::string_view name) {
  if (name.empty() || name.size() > 64) return false;
  for (char c : name)
    if (!is_name_char(c)) return false;
  return true;
}

std::vector<Placeholder> find_placeholders(std::string_view text) {
  std::vector<Placeholder> found;
  std::size_t from = 0;
  while ((from = text.find("{{", from)) != std::string_view::npos) {
    std::size_t i = from + 2;
    while (i < text.size() && is_space(text[i])) ++i;
    const std::size_t name_start = i;
    while (i < text.size() && is_name_char(text[i])) ++i;
    const std::size_t name_end = i;
    while (i < text.size() && is_space(text[i])) ++i;
    if (name_end > name_start && text.substr(i, 2) == "}}") {
      found.push_back({from, i + 2 - from, text.substr(name_start, name_end - name_start)});
      from = i + 2;
    } else {
      ++from;  // not a placeholder; `{{{x}}` still finds `{{x}}` one brace later
    }
  }
  return found;
}

Result<PromptWrite> parse_prompt_write(const json::value& body, PromptWriteKind kind) {
  if (!body.is_object())
    return ApiError::invalid("", "The request body must be a JSON object.", "invalid_json");
  const auto& o = body.get_object();
  for (const auto& kv : o)
    if (!allowed_field(kv.key(), kind))
      return ApiError::invalid(std::string(kv.key()), "Unknown parameter: '" + std::string(kv.key()) + "'.",
                               "unknown_parameter");
  FieldReader r(o, "");
  auto name = r.string("name");
  auto instructions = r.string("instructions");
  const auto* messages = r.array("messages");
  const auto* variables = r.array("variables");
  const auto* metadata = r.object("metadata");
  auto set_as_default = r.boolean("set_as_default");
  if (r.failed()) return r.error();

  PromptWrite write;
  if (kind == PromptWriteKind::Update) {
    const auto* version = r.get("version");
    if (!version) return ApiError::missing("version");
    auto number = parse_version_number(*version, "version");
    if (!number) return number.error();
    write.version = *number;
    write.set_as_default = set_as_default.value_or(true);
  }
  if (name && name->size() > kMaxNameLength)
    return ApiError::invalid("name",
                             "Invalid 'name': at most " + std::to_string(kMaxNameLength) + " characters.");
  if ((!instructions || instructions->empty()) && (!messages || messages->empty()))
    return ApiError::invalid("instructions", "A prompt needs 'instructions', 'messages' or both.",
                             "missing_required_parameter");

  auto parsed_variables = parse_variables(variables);
  if (!parsed_variables) return parsed_variables.error();
  Declared declared;
  for (const auto& v : *parsed_variables) declared.insert(v.at("name").get_string());
  if (instructions)
    if (auto bad = check_placeholders(*instructions, declared, "instructions")) return *bad;
  auto parsed_messages = parse_messages(messages, declared);
  if (!parsed_messages) return parsed_messages.error();
  if (metadata)
    if (auto bad = check_metadata(*metadata)) return *bad;

  auto& c = write.content;
  if (name) c["name"] = *name;
  c["instructions"] =
      instructions && !instructions->empty() ? json::value(*instructions) : json::value(nullptr);
  c["messages"] = std::move(*parsed_messages);
  c["variables"] = std::move(*parsed_variables);
  if (metadata) c["metadata"] = *metadata;
  return write;
}

}  // namespace gw::protocol
