#include "protocol/tool_items.hpp"

#include <boost/json.hpp>

#include "protocol/content_parts.hpp"
#include "protocol/ids.hpp"
#include "protocol/tools.hpp"

namespace gw::protocol {
namespace json = boost::json;
namespace {

std::optional<std::string> item_status(FieldReader& r) {
  return r.one_of("status", {"in_progress", "completed", "incomplete"});
}

// A tool output: a string, or text parts (chat `tool` messages take text only).
Result<json::value> tool_output(FieldReader& r) {
  const auto* output = r.get("output");
  if (!output) return ApiError::missing(r.path("output"));
  if (output->is_string()) return *output;
  auto parts = normalize_content(*output, ContentOwner::TextOnly, r.path("output"));
  if (!parts) return parts.error();
  return json::value(std::move(*parts));
}

Result<json::object> function_call(FieldReader& r, const std::optional<std::string>& id) {
  auto call_id = r.string("call_id", true);
  auto name = r.string("name", true);
  auto arguments = r.string("arguments", true);
  auto ns = r.string("namespace");
  auto status = item_status(r);
  if (r.failed()) return r.error();
  json::object item{{"type", "function_call"}, {"id", id ? *id : new_id("fc_")},
                    {"call_id", *call_id},     {"name", *name},
                    {"arguments", *arguments}, {"status", status ? *status : "completed"}};
  if (ns) item["namespace"] = *ns;  // the tool's namespace, when it was declared in one
  return item;
}

Result<json::object> custom_tool_call(FieldReader& r, const std::optional<std::string>& id) {
  auto call_id = r.string("call_id", true);
  auto name = r.string("name", true);
  auto input = r.string("input", true);
  auto ns = r.string("namespace");
  auto status = item_status(r);
  if (r.failed()) return r.error();
  json::object item{{"type", "custom_tool_call"},
                    {"id", id ? *id : new_id("ctc_")},
                    {"call_id", *call_id},
                    {"name", *name},
                    {"input", *input},
                    {"status", status ? *status : "completed"}};
  if (ns) item["namespace"] = *ns;
  return item;
}

// function_call_output and custom_tool_call_output.
Result<json::object> call_output(std::string_view type, FieldReader& r,
                                 const std::optional<std::string>& id) {
  auto call_id = r.string("call_id", true);
  auto status = item_status(r);
  if (r.failed()) return r.error();
  auto output = tool_output(r);
  if (!output) return output.error();
  return json::object{{"type", type},
                      {"id", id ? *id : new_id(type == "function_call_output" ? "fco_" : "ctco_")},
                      {"call_id", *call_id},
                      {"output", std::move(*output)},
                      {"status", status ? *status : "completed"}};
}

// `call_id` of tool search items: a string, or null when the server ran the search.
Result<json::value> search_call_id(FieldReader& r) {
  auto call_id = r.string("call_id");
  if (r.failed()) return r.error();
  return call_id ? json::value(*call_id) : json::value(nullptr);
}

Result<json::object> tool_search_call(FieldReader& r, const std::optional<std::string>& id) {
  auto call_id = search_call_id(r);
  auto execution = r.one_of("execution", {"server", "client"});
  auto status = item_status(r);
  if (r.failed()) return r.error();
  if (!call_id) return call_id.error();
  const auto* arguments = r.get("arguments");
  if (!arguments) return ApiError::missing(r.path("arguments"));
  return json::object{{"type", "tool_search_call"},     {"id", id ? *id : new_id("tsc_")},
                      {"call_id", std::move(*call_id)}, {"execution", execution.value_or("client")},
                      {"arguments", *arguments},        {"status", status ? *status : "completed"}};
}

// The tools a client search found; they are offered to the model from here on.
Result<json::object> tool_search_output(FieldReader& r, const std::optional<std::string>& id) {
  auto call_id = search_call_id(r);
  auto execution = r.one_of("execution", {"server", "client"});
  auto status = item_status(r);
  const auto* tools = r.array("tools", true);
  if (r.failed()) return r.error();
  if (!call_id) return call_id.error();
  auto parsed = parse_tools(*tools, r.path("tools"));
  if (!parsed) return parsed.error();
  return json::object{{"type", "tool_search_output"},   {"id", id ? *id : new_id("tso_")},
                      {"call_id", std::move(*call_id)}, {"execution", execution.value_or("client")},
                      {"tools", std::move(*parsed)},    {"status", status ? *status : "completed"}};
}

// Tools made available at this point of the history (Codex sends its whole tool set this way).
Result<json::object> additional_tools(FieldReader& r, const std::optional<std::string>& id) {
  r.one_of("role", {"developer"});
  const auto* tools = r.array("tools", true);
  if (r.failed()) return r.error();
  auto parsed = parse_tools(*tools, r.path("tools"));
  if (!parsed) return parsed.error();
  return json::object{{"type", "additional_tools"},
                      {"id", id ? *id : new_id("at_")},
                      {"role", "developer"},
                      {"tools", std::move(*parsed)}};
}

// A summary of earlier history, sealed by this gateway when it answered a `compaction_trigger`.
Result<json::object> compaction(FieldReader& r, const std::optional<std::string>& id) {
  auto sealed = r.string("encrypted_content", true);
  if (r.failed()) return r.error();
  return json::object{
      {"type", "compaction"}, {"id", id ? *id : new_id("cmp_")}, {"encrypted_content", *sealed}};
}

}  // namespace

std::optional<Result<json::object>> normalize_tool_item(std::string_view type, FieldReader& r,
                                                        const std::optional<std::string>& id) {
  if (type == "function_call") return function_call(r, id);
  if (type == "function_call_output" || type == "custom_tool_call_output") return call_output(type, r, id);
  if (type == "custom_tool_call") return custom_tool_call(r, id);
  if (type == "tool_search_call") return tool_search_call(r, id);
  if (type == "tool_search_output") return tool_search_output(r, id);
  if (type == "additional_tools") return additional_tools(r, id);
  if (type == "compaction") return compaction(r, id);
  if (type == "compaction_trigger") {
    if (r.failed()) return Result<json::object>(r.error());
    return Result<json::object>(json::object{{"type", "compaction_trigger"}});
  }
  return std::nullopt;
}

}  // namespace gw::protocol
