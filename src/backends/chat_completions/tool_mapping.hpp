#pragma once
// The client's tools as a chat model sees them. Chat Completions knows only flat function names, so every
// function, custom and tool_search tool (top-level, inside a namespace, in `additional_tools` and
// `tool_search_output` items of the history) gets one unique chat function name, and each call the model
// makes is mapped back to the tool the client declared. Pure.
//
// Naming: a top-level tool keeps its name; a namespaced tool is offered under its bare name when no other
// tool has it, else as `<namespace>__<name>` (a hash keeps it unique and within 64 characters when needed).
// Custom (freeform) tools become a function taking one string, `input`; tool_search keeps its parameters.
#include <string>
#include <string_view>
#include <vector>

#include <boost/json/array.hpp>
#include <boost/json/object.hpp>

#include "backends/model_backend.hpp"

namespace gw::backends::chat_completions {

class ToolMapping {
 public:
  // Reads `request.tools` and the tool-bearing items of `context`, which must outlive the mapping.
  ToolMapping(const protocol::CreateResponse& request, const boost::json::array& context);

  bool empty() const { return entries_.empty(); }
  // Chat `tools` entries for every tool, in declaration order; with `allowed` (allowed_tools' `tools` list)
  // only the top-level tools it names.
  boost::json::array chat_tools(const boost::json::array* allowed) const;
  // The chat name of a declared tool, to replay a call to it; for a tool not offered (any more) its name,
  // qualified by its namespace.
  std::string chat_name(ToolCallKind kind, std::string_view namespace_name, std::string_view name) const;
  // The declared tool behind a chat function name. A name the model made up comes back as a Function of
  // that name, so the client sees (and can answer) the call.
  ToolCallTarget resolve(std::string_view chat_name) const;

 private:
  struct Entry {
    ToolCallKind kind;
    std::string namespace_name;
    std::string name;
    std::string chat_name;
    const boost::json::object* tool;         // the declared tool
    std::string_view namespace_description;  // of its namespace, when it has one
  };
  void add(const boost::json::array& tools);
  void add_entry(ToolCallKind kind, std::string_view namespace_name, const boost::json::object& tool,
                 std::string_view namespace_description);
  void assign_chat_names();
  boost::json::object chat_tool(const Entry& entry) const;

  std::vector<Entry> entries_;
};

}  // namespace gw::backends::chat_completions
