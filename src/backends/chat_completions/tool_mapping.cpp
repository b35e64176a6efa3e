#include "backends/chat_completions/tool_mapping.hpp"

#include <cstdio>
#include <unordered_map>
#include <unordered_set>

#include <boost/json.hpp>

namespace gw::backends::chat_completions {
namespace json = boost::json;
namespace {

constexpr std::size_t kMaxChatName = 64;  // OpenAI's limit on function names, which other servers share
constexpr std::string_view kSeparator = "__";

std::string_view str(const json::object& o, std::string_view key) {
  const auto* v = o.if_contains(key);
  return v && v->is_string() ? std::string_view(v->get_string()) : std::string_view();
}

// FNV-1a, as hex: a short stable suffix that keeps a shortened name unique.
std::string hash_hex(std::string_view text) {
  std::uint64_t h = 14695981039346656037ull;
  for (unsigned char c : text) h = (h ^ c) * 1099511628211ull;
  char hex[9];
  std::snprintf(hex, sizeof hex, "%08x", static_cast<unsigned>(h >> 32));
  return hex;
}

std::string join_description(std::string_view first, std::string_view second) {
  if (first.empty()) return std::string(second);
  if (second.empty()) return std::string(first);
  return std::string(first) + "\n\n" + std::string(second);
}

// What a custom tool's `input` must look like, for the model.
std::string input_format(const json::object& tool) {
  const auto& format = tool.at("format").get_object();
  if (str(format, "type") != "grammar") return "The tool's input: free-form text.";
  return "The tool's input: text matching this " + std::string(str(format, "syntax")) + " grammar:\n" +
         std::string(str(format, "definition"));
}

json::value object_schema(json::object properties, json::array required) {
  return json::object{{"type", "object"},
                      {"properties", std::move(properties)},
                      {"required", std::move(required)},
                      {"additionalProperties", false}};
}

}  // namespace

ToolMapping::ToolMapping(const protocol::CreateResponse& request, const json::array& context) {
  add(request.tools);
  for (const auto& value : context) {
    const auto& item = value.get_object();
    const auto type = str(item, "type");
    if (type == "additional_tools" || type == "tool_search_output") add(item.at("tools").get_array());
  }
  assign_chat_names();
}

void ToolMapping::add(const json::array& tools) {
  for (const auto& value : tools) {
    const auto& tool = value.get_object();
    const auto type = str(tool, "type");
    if (type == "function") {
      add_entry(ToolCallKind::Function, {}, tool, {});
    } else if (type == "custom") {
      add_entry(ToolCallKind::Custom, {}, tool, {});
    } else if (type == "tool_search") {
      add_entry(ToolCallKind::ToolSearch, {}, tool, {});
    } else if (type == "namespace") {
      for (const auto& member : tool.at("tools").get_array()) {
        const auto& m = member.get_object();
        add_entry(str(m, "type") == "custom" ? ToolCallKind::Custom : ToolCallKind::Function,
                  str(tool, "name"), m, str(tool, "description"));
      }
    }  // web_search: the engine refused or omitted it; the model is never offered it
  }
}

void ToolMapping::add_entry(ToolCallKind kind, std::string_view namespace_name, const json::object& tool,
                            std::string_view namespace_description) {
  const std::string name(kind == ToolCallKind::ToolSearch ? std::string_view("tool_search")
                                                          : str(tool, "name"));
  // The same tool declared twice (two searches loading it, or a request repeating Codex's tool set): the
  // first declaration stands.
  for (const auto& e : entries_)
    if (e.kind == kind && e.namespace_name == namespace_name && e.name == name) return;
  entries_.push_back(Entry{kind, std::string(namespace_name), name, {}, &tool, namespace_description});
}

void ToolMapping::assign_chat_names() {
  std::unordered_map<std::string_view, int> bare_count;
  for (const auto& e : entries_) ++bare_count[e.name];
  std::unordered_set<std::string> taken;
  // Top-level tools first: their names are the client's own and never change.
  for (auto& e : entries_)
    if (e.namespace_name.empty() && taken.insert(e.name).second) e.chat_name = e.name;
  for (auto& e : entries_) {
    if (!e.chat_name.empty()) continue;
    std::string candidate = !e.namespace_name.empty() && bare_count[e.name] == 1 && !taken.contains(e.name)
                                ? e.name
                                : e.namespace_name + std::string(kSeparator) + e.name;
    if (candidate.size() > kMaxChatName || taken.contains(candidate)) {
      // 50 + "_" + 8 hex digits leaves room for a counter in the (unlikely) case the hash collides too.
      const std::string hashed = candidate.substr(0, 50) + "_" + hash_hex(e.namespace_name + "." + e.name);
      candidate = hashed;
      for (int n = 2; taken.contains(candidate); ++n) candidate = hashed + std::to_string(n);
    }
    taken.insert(candidate);
    e.chat_name = std::move(candidate);
  }
}

json::object ToolMapping::chat_tool(const Entry& e) const {
  const json::object& tool = *e.tool;
  json::object function{{"name", e.chat_name}};
  std::string description = join_description(e.namespace_description, str(tool, "description"));
  switch (e.kind) {
    case ToolCallKind::Function: {
      const auto& parameters = tool.at("parameters");
      // Not a ?: — mixing a prvalue with a const reference there copies the schema twice.
      if (parameters.is_null())
        function["parameters"] = json::object{{"type", "object"}, {"properties", json::object{}}};
      else
        function["parameters"] = parameters;
      if (const auto& strict = tool.at("strict"); strict.is_bool() && strict.get_bool())
        function["strict"] = true;
      break;
    }
    case ToolCallKind::Custom:
      // A freeform tool takes text, not JSON: the model puts all of it in one string, which the gateway hands
      // back as the call's `input`.
      description = join_description(
          description, "Pass the whole input as the string `input`; it is given to the tool as is.");
      function["parameters"] = object_schema(
          json::object{{"input", json::object{{"type", "string"}, {"description", input_format(tool)}}}},
          json::array{"input"});
      break;
    case ToolCallKind::ToolSearch: {
      if (description.empty())
        description =
            "Searches for more tools by keywords; the tools found can be called from the next turn on.";
      const auto& parameters = tool.at("parameters");
      if (parameters.is_null())
        function["parameters"] =
            object_schema(json::object{{"query", json::object{{"type", "string"}}}}, json::array{"query"});
      else
        function["parameters"] = parameters;
      break;
    }
  }
  if (!description.empty()) function["description"] = std::move(description);
  return json::object{{"type", "function"}, {"function", std::move(function)}};
}

json::array ToolMapping::chat_tools(const json::array* allowed) const {
  json::array tools;
  tools.reserve(entries_.size());
  for (const auto& e : entries_) {
    if (allowed) {
      const std::string_view type = e.kind == ToolCallKind::Custom ? "custom" : "function";
      bool listed = false;
      for (const auto& a : *allowed) {
        const auto& ref = a.get_object();
        listed =
            listed || (e.namespace_name.empty() && str(ref, "type") == type && str(ref, "name") == e.name);
      }
      if (!listed) continue;
    }
    tools.push_back(chat_tool(e));
  }
  return tools;
}

std::string ToolMapping::chat_name(ToolCallKind kind, std::string_view namespace_name,
                                   std::string_view name) const {
  for (const auto& e : entries_)
    if (e.kind == kind && e.namespace_name == namespace_name && e.name == name) return e.chat_name;
  if (namespace_name.empty()) return std::string(name);
  return std::string(namespace_name) + std::string(kSeparator) + std::string(name);
}

ToolCallTarget ToolMapping::resolve(std::string_view chat_name) const {
  for (const auto& e : entries_)
    if (e.chat_name == chat_name) return ToolCallTarget{e.kind, e.name, e.namespace_name};
  // Models sometimes spell a namespaced tool in full although it was offered by its bare name.
  for (const auto& e : entries_) {
    if (e.namespace_name.empty() || chat_name.size() != e.namespace_name.size() + 1 + e.name.size()) continue;
    if (chat_name.starts_with(e.namespace_name) && chat_name.ends_with(e.name) &&
        chat_name[e.namespace_name.size()] == '.')
      return ToolCallTarget{e.kind, e.name, e.namespace_name};
  }
  return ToolCallTarget{ToolCallKind::Function, chat_name, {}};
}

}  // namespace gw::backends::chat_completions
