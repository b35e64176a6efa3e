#include "protocol/tools.hpp"

#include <cctype>
#include <unordered_set>
#include <utility>

#include <boost/json.hpp>

#include "protocol/create_response.hpp"
#include "protocol/field_reader.hpp"

namespace gw::protocol {
namespace json = boost::json;
namespace {

bool supported_type(std::string_view type) {
  return type == "function" || type == "custom" || type == "namespace" || type == "tool_search" ||
         is_web_search(type);
}

// A 400 naming every tool the gateway cannot offer, so a client sees all of them at once; `param` points at
// the first.
ApiError unsupported_tools(const json::array& tools, std::size_t first, const std::string& parent) {
  std::string list;
  for (std::size_t i = first; i < tools.size(); ++i) {
    const auto* tool = tools[i].if_object();
    const auto* type = tool ? tool->if_contains("type") : nullptr;
    if (!type || !type->is_string() || supported_type(type->get_string())) continue;
    const auto* name = tool->if_contains("name");
    list += list.empty() ? "" : ", ";
    list += parent + "[" + std::to_string(i) + "] (type '" + std::string(type->get_string()) + "'";
    if (name && name->is_string()) list += ", name '" + std::string(name->get_string()) + "'";
    list += ")";
  }
  return ApiError::invalid(parent + "[" + std::to_string(first) + "].type",
                           "Supported tool types are 'function', 'custom', 'namespace', 'tool_search' (with "
                           "execution 'client') and 'web_search'; not supported by this gateway: " +
                               list + ".",
                           "unsupported_value");
}

Result<std::string> tool_name(FieldReader& r, const std::string& p) {
  auto name = r.string("name", true);
  if (r.failed()) return r.error();
  if (!valid_name(*name))
    return ApiError::invalid(p + ".name",
                             "Invalid 'name': '" + *name + "'. Use 1-64 letters, digits, '_' or '-'.");
  return std::move(*name);
}

Result<json::object> parse_function(FieldReader& r, const std::string& p) {
  auto name = tool_name(r, p);
  if (!name) return name.error();
  auto description = r.string("description");
  const auto* parameters = r.object("parameters");
  auto strict = r.boolean("strict");
  if (r.failed()) return r.error();
  json::object tool{{"type", "function"}, {"name", std::move(*name)}};
  tool["description"] = description ? json::value(*description) : json::value(nullptr);
  tool["parameters"] = parameters ? json::value(*parameters) : json::value(nullptr);
  tool["strict"] = strict ? json::value(*strict) : json::value(nullptr);
  return tool;
}

// `format`: {"type": "text"} (the default) or {"type": "grammar", "syntax": "lark"|"regex", "definition"}.
Result<json::object> parse_custom(FieldReader& r, const std::string& p) {
  auto name = tool_name(r, p);
  if (!name) return name.error();
  auto description = r.string("description");
  const auto* format = r.object("format");
  if (r.failed()) return r.error();
  json::object normalized_format{{"type", "text"}};
  if (format) {
    FieldReader f(*format, p + ".format");
    auto type = f.one_of("type", {"text", "grammar"}, true);
    if (f.failed()) return f.error();
    if (*type == "grammar") {
      auto syntax = f.one_of("syntax", {"lark", "regex"}, true);
      auto definition = f.string("definition", true);
      if (f.failed()) return f.error();
      normalized_format = json::object{{"type", "grammar"}, {"syntax", *syntax}, {"definition", *definition}};
    }
  }
  json::object tool{{"type", "custom"}, {"name", std::move(*name)}};
  tool["description"] = description ? json::value(*description) : json::value(nullptr);
  tool["format"] = std::move(normalized_format);
  return tool;
}

Result<json::object> parse_namespace(FieldReader& r, const std::string& p) {
  auto name = tool_name(r, p);
  if (!name) return name.error();
  auto description = r.string("description");
  const auto* members = r.array("tools", true);
  if (r.failed()) return r.error();
  if (members->empty())
    return ApiError::invalid(p + ".tools", "A namespace needs at least one tool in 'tools'.");
  json::array tools;
  std::unordered_set<std::string> names;
  for (std::size_t i = 0; i < members->size(); ++i) {
    const std::string mp = p + ".tools[" + std::to_string(i) + "]";
    if (!(*members)[i].is_object())
      return ApiError::invalid(mp, "Invalid type for '" + mp + "': expected a tool object.", "invalid_type");
    FieldReader m((*members)[i].get_object(), mp);
    auto type = m.string("type", true);
    if (m.failed()) return m.error();
    if (*type != "function" && *type != "custom")
      return ApiError::invalid(mp + ".type",
                               "A namespace holds 'function' and 'custom' tools only, not '" + *type + "'.",
                               "unsupported_value");
    auto tool = *type == "function" ? parse_function(m, mp) : parse_custom(m, mp);
    if (!tool) return tool.error();
    if (!names.insert(std::string(tool->at("name").get_string())).second)
      return ApiError::invalid(mp + ".name", "Duplicate tool name '" +
                                                 std::string(tool->at("name").get_string()) +
                                                 "' in namespace '" + *name + "'.");
    tools.push_back(std::move(*tool));
  }
  return json::object{{"type", "namespace"},
                      {"name", std::move(*name)},
                      {"description", description.value_or("")},
                      {"tools", std::move(tools)}};
}

// Only client-executed search: the model asks, the client looks its deferred tools up and answers with a
// `tool_search_output` item. Searching on the server needs a tool index the gateway does not keep.
Result<json::object> parse_tool_search(FieldReader& r, const std::string& p) {
  auto execution = r.one_of("execution", {"server", "client"});
  auto description = r.string("description");
  const auto* parameters = r.object("parameters");
  if (r.failed()) return r.error();
  if (execution.value_or("server") != "client")
    return ApiError::invalid(
        p + ".execution",
        "Tool search runs on the client only with this gateway: set 'execution' to 'client' "
        "and answer the model's 'tool_search_call' with a 'tool_search_output' item.",
        "unsupported_value");
  json::object tool{{"type", "tool_search"}, {"execution", "client"}};
  tool["description"] = description ? json::value(*description) : json::value(nullptr);
  tool["parameters"] = parameters ? json::value(*parameters) : json::value(nullptr);
  return tool;
}

bool has_tool(const json::array& tools, std::string_view type, std::string_view name) {
  for (const auto& t : tools) {
    const auto& tool = t.get_object();
    const auto* tool_name = tool.if_contains("name");
    if (tool.at("type").get_string() == type && tool_name && tool_name->get_string() == name) return true;
  }
  return false;
}

// {"type": "function"|"custom", "name"} naming one of the request's own top-level tools.
Result<json::value> named_choice(FieldReader& r, const std::string& type, const json::array& tools) {
  auto name = r.string("name", true);
  if (r.failed()) return r.error();
  if (!has_tool(tools, type, *name))
    return ApiError::invalid(
        r.path("name"), "Tool '" + *name + "' named in tool_choice is not a '" + type + "' tool in 'tools'.");
  return json::value(json::object{{"type", type}, {"name", *name}});
}

}  // namespace

bool valid_name(std::string_view name) {
  if (name.empty() || name.size() > 64) return false;
  for (char c : name)
    if (!(std::isalnum(static_cast<unsigned char>(c)) || c == '_' || c == '-')) return false;
  return true;
}

bool is_web_search(std::string_view type) {
  return type == "web_search" || type == "web_search_preview" || type == "web_search_2025_08_26" ||
         type == "web_search_preview_2025_03_11";
}

Result<json::array> parse_tools(const json::array& tools, const std::string& parent) {
  json::array out;
  std::unordered_set<std::string> names;  // function and custom tools share the call namespace
  std::unordered_set<std::string> namespaces;
  bool tool_search = false;
  for (std::size_t i = 0; i < tools.size(); ++i) {
    const std::string p = parent + "[" + std::to_string(i) + "]";
    if (!tools[i].is_object())
      return ApiError::invalid(p, "Invalid type for '" + p + "': expected a tool object.", "invalid_type");
    FieldReader r(tools[i].get_object(), p);
    auto type = r.string("type", true);
    if (r.failed()) return r.error();
    if (!supported_type(*type)) return unsupported_tools(tools, i, parent);
    if (is_web_search(*type)) {
      out.push_back(tools[i]);  // kept as sent: the engine refuses or omits it, and the Response echoes it
      continue;
    }
    Result<json::object> tool = *type == "function"    ? parse_function(r, p)
                                : *type == "custom"    ? parse_custom(r, p)
                                : *type == "namespace" ? parse_namespace(r, p)
                                                       : parse_tool_search(r, p);
    if (!tool) return tool.error();
    const std::string name = tool->contains("name") ? std::string(tool->at("name").get_string()) : "";
    if (*type == "tool_search" && std::exchange(tool_search, true))
      return ApiError::invalid(p + ".type", "Only one 'tool_search' tool may be given.");
    if (*type == "namespace" && !namespaces.insert(name).second)
      return ApiError::invalid(p + ".name", "Duplicate namespace name '" + name + "'.");
    if ((*type == "function" || *type == "custom") && !names.insert(name).second)
      return ApiError::invalid(p + ".name", "Duplicate tool name '" + name + "'.");
    out.push_back(std::move(*tool));
  }
  return out;
}

Result<json::value> parse_tool_choice(const json::value* raw, const json::array& tools) {
  if (!raw) return json::value("auto");
  if (raw->is_string()) {
    const auto& s = raw->get_string();
    if (s == "none" || s == "auto" || s == "required") {
      if (s == "required" && tools.empty())
        return ApiError::invalid("tool_choice", "tool_choice 'required' needs at least one tool in 'tools'.");
      return *raw;
    }
    return ApiError::invalid("tool_choice", "Invalid value: '" + std::string(s) +
                                                "'. Supported values are: 'none', 'auto', 'required'.");
  }
  if (!raw->is_object())
    return ApiError::invalid("tool_choice", "Invalid type for 'tool_choice'.", "invalid_type");
  FieldReader r(raw->get_object(), "tool_choice");
  auto type = r.string("type", true);
  if (r.failed()) return r.error();
  if (*type == "function" || *type == "custom") return named_choice(r, *type, tools);
  if (*type == "allowed_tools") {
    auto mode = r.one_of("mode", {"auto", "required"});
    const auto* allowed = r.array("tools", true);
    if (r.failed()) return r.error();
    json::array listed;
    for (std::size_t i = 0; i < allowed->size(); ++i) {
      const std::string p = "tool_choice.tools[" + std::to_string(i) + "]";
      const auto& t = (*allowed)[i];
      if (!t.is_object()) return ApiError::invalid(p, "Expected a tool reference object.", "invalid_type");
      FieldReader tr(t.get_object(), p);
      auto ttype = tr.string("type", true);
      auto name = tr.string("name", true);
      if (tr.failed()) return tr.error();
      if ((*ttype != "function" && *ttype != "custom") || !has_tool(tools, *ttype, *name))
        return ApiError::invalid(p,
                                 "Allowed tool '" + *name + "' is not a function or custom tool in 'tools'.");
      listed.push_back(json::object{{"type", *ttype}, {"name", *name}});
    }
    return json::value(json::object{
        {"type", "allowed_tools"}, {"mode", mode ? *mode : "auto"}, {"tools", std::move(listed)}});
  }
  return ApiError::invalid("tool_choice.type",
                           "Tool choice type '" + *type + "' is not supported by this gateway yet.",
                           "unsupported_value");
}

std::vector<HostedTool> hosted_tools(const CreateResponse& request) {
  std::vector<HostedTool> found;
  auto scan = [&](const json::array& tools, const std::string& parent) {
    for (std::size_t i = 0; i < tools.size(); ++i) {
      const auto& type = tools[i].at("type").get_string();
      if (is_web_search(type)) found.push_back({parent + "[" + std::to_string(i) + "]", std::string(type)});
    }
  };
  scan(request.tools, "tools");
  for (std::size_t i = 0; i < request.input.size(); ++i) {
    const auto& item = request.input[i].get_object();
    if (item.at("type") == "additional_tools")
      scan(item.at("tools").get_array(), "input[" + std::to_string(i) + "].tools");
  }
  return found;
}

}  // namespace gw::protocol
