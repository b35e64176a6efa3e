// ResponseEmitter, tool calls: `function_call` (arguments streamed), `custom_tool_call` (input streamed as
// `response.custom_tool_call_input.delta`) and `tool_search_call` (arguments given whole, as a JSON value,
// when the item closes: the API has no delta event for them).
#include <algorithm>

#include <boost/json.hpp>

#include "engine/response_emitter.hpp"
#include "protocol/ids.hpp"

namespace gw::engine {
namespace json = boost::json;
using backends::ToolCallKind;
namespace {

std::string_view item_type(ToolCallKind kind) {
  switch (kind) {
    case ToolCallKind::Custom:
      return "custom_tool_call";
    case ToolCallKind::ToolSearch:
      return "tool_search_call";
    case ToolCallKind::Function:
      break;
  }
  return "function_call";
}

std::string_view id_prefix(ToolCallKind kind) {
  switch (kind) {
    case ToolCallKind::Custom:
      return "ctc_";
    case ToolCallKind::ToolSearch:
      return "tsc_";
    case ToolCallKind::Function:
      break;
  }
  return "fc_";
}

// A tool search's arguments as the item holds them: the JSON the model wrote, or its text when it is not JSON
// (the client then sees what went wrong).
json::value search_arguments(const std::string& text) {
  if (text.empty()) return json::object{};
  boost::system::error_code ec;
  json::value parsed = json::parse(text, ec);
  return ec ? json::value(text) : parsed;
}

}  // namespace

awaitable<void> ResponseEmitter::open_call(int index, std::string_view call_id,
                                           backends::ToolCallTarget tool) {
  co_await close_message("completed");
  co_await close_reasoning("completed");
  OpenCall call{next_output_index(), protocol::new_id(id_prefix(tool.kind)), tool.kind, {}};
  // A backend that sends no call id (some llama.cpp builds) still needs one the client can answer to.
  std::string id = call_id.empty() ? protocol::new_id("call_") : std::string(call_id);
  json::object item{{"id", call.item_id}, {"type", item_type(tool.kind)}, {"status", "in_progress"}};
  switch (tool.kind) {
    case ToolCallKind::Function:
      item["arguments"] = "";
      item["call_id"] = std::move(id);
      item["name"] = tool.name;
      break;
    case ToolCallKind::Custom:
      item["call_id"] = std::move(id);
      item["name"] = tool.name;
      item["input"] = "";
      break;
    case ToolCallKind::ToolSearch:
      item["call_id"] = std::move(id);
      item["execution"] = "client";
      item["arguments"] = json::object{};
      break;
  }
  // Codex finds a namespaced tool by `namespace` + `name`; a top-level one has no `namespace`.
  if (!tool.namespace_name.empty()) item["namespace"] = tool.namespace_name;
  json::object event{
      {"type", "response.output_item.added"}, {"output_index", call.output_index}, {"item", std::move(item)}};
  co_await emit(std::move(event));
  calls_.emplace(index, std::move(call));
}

awaitable<void> ResponseEmitter::on_tool_call(int index, std::string_view call_id,
                                              backends::ToolCallTarget tool, std::string_view fragment) {
  auto it = calls_.find(index);
  if (it != calls_.end() && !call_id.empty() &&
      !folder_.item(it->second.output_index).at("call_id").get_string().empty() &&
      folder_.item(it->second.output_index).at("call_id").get_string() != call_id) {
    // Ollama 0.20 numbers every streamed call 0, each whole with its own id: a new id is a new call. The
    // earlier one keeps its place under a key no backend index uses.
    calls_.emplace(--retired_key_, std::move(it->second));
    calls_.erase(it);
    it = calls_.end();
  }
  if (it == calls_.end()) {
    co_await open_call(index, call_id, tool);
    it = calls_.find(index);
  } else if (!tool.name.empty() && it->second.kind != ToolCallKind::ToolSearch &&
             folder_.item(it->second.output_index).at("name").get_string().empty()) {
    folder_.item(it->second.output_index)["name"] = tool.name;
  }
  if (fragment.empty()) co_return;
  OpenCall& call = it->second;
  if (call.kind == ToolCallKind::ToolSearch) {
    call.arguments.append(fragment);
    co_return;
  }
  json::object event{{"type", call.kind == ToolCallKind::Custom ? "response.custom_tool_call_input.delta"
                                                                : "response.function_call_arguments.delta"},
                     {"item_id", call.item_id},
                     {"output_index", call.output_index},
                     {"delta", fragment}};
  co_await emit(std::move(event));
}

awaitable<void> ResponseEmitter::close_call(OpenCall& call, std::string_view status) {
  json::object item = folder_.item(call.output_index);
  if (call.kind == ToolCallKind::Function) {
    json::object event{{"type", "response.function_call_arguments.done"},
                       {"item_id", call.item_id},
                       {"output_index", call.output_index},
                       {"name", item.at("name")},
                       {"arguments", item.at("arguments")}};
    co_await emit(std::move(event));
  } else if (call.kind == ToolCallKind::Custom) {
    json::object event{{"type", "response.custom_tool_call_input.done"},
                       {"item_id", call.item_id},
                       {"output_index", call.output_index},
                       {"input", item.at("input")}};
    co_await emit(std::move(event));
  } else {
    item["arguments"] = search_arguments(call.arguments);
  }
  item["status"] = status;
  json::object event{
      {"type", "response.output_item.done"}, {"output_index", call.output_index}, {"item", std::move(item)}};
  co_await emit(std::move(event));
}

awaitable<void> ResponseEmitter::close_calls(std::string_view status) {
  auto calls = std::move(calls_);
  calls_.clear();
  // Closed in output_index order, whatever order the backend numbered them in.
  std::vector<OpenCall> ordered;
  for (auto& [index, call] : calls) ordered.push_back(std::move(call));
  std::sort(ordered.begin(), ordered.end(),
            [](const OpenCall& a, const OpenCall& b) { return a.output_index < b.output_index; });
  for (auto& call : ordered) co_await close_call(call, status);
}

}  // namespace gw::engine
