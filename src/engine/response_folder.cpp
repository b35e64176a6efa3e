#include "engine/response_folder.hpp"

#include <boost/json.hpp>

namespace gw::engine {
namespace json = boost::json;
namespace {

std::size_t index_of(const json::object& event, std::string_view key) {
  return static_cast<std::size_t>(event.at(key).to_number<std::int64_t>());
}

void append_text(json::object& target, std::string_view key, const json::value& delta) {
  auto& text = target[key];
  if (!text.is_string()) text = "";
  text.get_string().append(delta.get_string());
}

}  // namespace

json::object& ResponseFolder::item(std::size_t output_index) {
  return response_.at("output").as_array().at(output_index).as_object();
}

json::object& ResponseFolder::part(const json::object& event) {
  return item(index_of(event, "output_index"))
      .at("content")
      .as_array()
      .at(index_of(event, "content_index"))
      .as_object();
}

void ResponseFolder::apply(const json::object& event) {
  const std::string_view type = event.at("type").get_string();
  if (type == "response.created" || type == "response.in_progress" || type == "response.completed" ||
      type == "response.incomplete" || type == "response.failed" || type == "response.queued") {
    response_ = event.at("response").get_object();
  } else if (type == "response.output_item.added") {
    auto& output = response_.at("output").as_array();
    const auto index = index_of(event, "output_index");
    if (output.size() <= index) output.resize(index + 1);
    output[index] = event.at("item");
  } else if (type == "response.output_item.done") {
    item(index_of(event, "output_index")) = event.at("item").get_object();
  } else if (type == "response.content_part.added") {
    item(index_of(event, "output_index")).at("content").as_array().push_back(event.at("part"));
  } else if (type == "response.content_part.done") {
    part(event) = event.at("part").get_object();
  } else if (type == "response.output_text.delta") {
    auto& p = part(event);
    append_text(p, "text", event.at("delta"));
    if (const auto* logprobs = event.if_contains("logprobs"); logprobs && logprobs->is_array()) {
      auto& all = p["logprobs"];
      if (!all.is_array()) all = json::array{};
      for (const auto& lp : logprobs->get_array()) all.as_array().push_back(lp);
    }
  } else if (type == "response.output_text.done") {
    part(event)["text"] = event.at("text");
  } else if (type == "response.refusal.delta") {
    append_text(part(event), "refusal", event.at("delta"));
  } else if (type == "response.refusal.done") {
    part(event)["refusal"] = event.at("refusal");
  } else if (type == "response.reasoning_text.delta") {
    append_text(part(event), "text", event.at("delta"));
  } else if (type == "response.reasoning_text.done") {
    part(event)["text"] = event.at("text");
  } else if (type == "response.function_call_arguments.delta") {
    append_text(item(index_of(event, "output_index")), "arguments", event.at("delta"));
  } else if (type == "response.function_call_arguments.done") {
    item(index_of(event, "output_index"))["arguments"] = event.at("arguments");
  } else if (type == "response.custom_tool_call_input.delta") {
    append_text(item(index_of(event, "output_index")), "input", event.at("delta"));
  } else if (type == "response.custom_tool_call_input.done") {
    item(index_of(event, "output_index"))["input"] = event.at("input");
  }
  // `error` events and keep-alives change nothing in the object.
}

}  // namespace gw::engine
