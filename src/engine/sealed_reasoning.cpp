#include "engine/sealed_reasoning.hpp"

#include <string>

#include <boost/json.hpp>

#include "engine/response_emitter.hpp"

namespace gw::engine {
namespace json = boost::json;
namespace {

bool is_reasoning(const json::object& item) {
  const auto* type = item.if_contains("type");
  return type && *type == "reasoning";
}

const json::array* text_parts(const json::object& item) {
  const auto* content = item.if_contains("content");
  return content && content->is_array() && !content->get_array().empty() ? &content->get_array() : nullptr;
}

}  // namespace

bool needs_opening(const json::object& item) {
  const auto* sealed = item.if_contains("encrypted_content");
  return is_reasoning(item) && sealed && sealed->is_string() && !text_parts(item);
}

bool open_sealed_reasoning(json::object& item, const crypto::Sealer& sealer) {
  if (!needs_opening(item)) return true;
  auto text = sealer.open(item.at("encrypted_content").get_string(), kReasoningPurpose);
  if (!text) return false;
  item["content"] = json::array{json::object{{"type", "reasoning_text"}, {"text", std::move(*text)}}};
  return true;
}

void seal_reasoning(json::object& item, const crypto::Sealer& sealer) {
  if (!is_reasoning(item) || item.contains("encrypted_content")) return;
  const json::array* parts = text_parts(item);
  if (!parts) return;
  std::string text;
  for (const auto& part : *parts)
    if (const auto* t = part.is_object() ? part.get_object().if_contains("text") : nullptr;
        t && t->is_string())
      text += t->get_string();
  item["encrypted_content"] = sealer.seal(text, kReasoningPurpose);
}

}  // namespace gw::engine
