// Input items: every shape clients send (strings or parts, with or without `type`, ids and statuses of items
// the gateway produced earlier) normalized to the full item as the Responses API shows it.
#include <optional>

#include <boost/json.hpp>

#include "protocol/content_parts.hpp"
#include "protocol/create_response.hpp"
#include "protocol/field_reader.hpp"
#include "protocol/ids.hpp"
#include "protocol/tool_items.hpp"

namespace gw::protocol {
namespace json = boost::json;
namespace {

ApiError unsupported_type(const std::string& param, std::string_view type) {
  return ApiError::invalid(param + ".type",
                           "Item type '" + std::string(type) + "' is not supported by this gateway.",
                           "unsupported_value");
}

// Reasoning summary and content parts: objects of an allowed type with a string `text`.
std::optional<ApiError> check_text_parts(const json::array& parts, const std::string& param,
                                         std::initializer_list<std::string_view> types) {
  for (std::size_t i = 0; i < parts.size(); ++i) {
    const std::string p = param + "[" + std::to_string(i) + "]";
    if (!parts[i].is_object())
      return ApiError::invalid(p, "Invalid type for '" + p + "': expected an object.", "invalid_type");
    FieldReader r(parts[i].get_object(), p);
    r.one_of("type", types, true);
    r.string("text", true);
    if (r.failed()) return r.error();
  }
  return std::nullopt;
}

Result<json::object> normalize_message(FieldReader& r, const std::string& param) {
  const auto role = r.one_of("role", {"user", "system", "developer", "assistant"}, true);
  if (r.failed()) return r.error();
  const auto* content = r.get("content");
  if (!content) return ApiError::missing(r.path("content"));
  const ContentOwner owner = *role == "assistant" ? ContentOwner::Assistant
                             : *role == "user"    ? ContentOwner::User
                                                  : ContentOwner::TextOnly;
  auto parts = normalize_content(*content, owner, r.path("content"));
  if (!parts) return parts.error();
  auto id = r.string("id");
  auto status = r.one_of("status", {"in_progress", "completed", "incomplete"});
  if (r.failed()) return r.error();
  json::object item{{"type", "message"},
                    {"id", id ? *id : new_id("msg_")},
                    {"status", status ? *status : "completed"},
                    {"role", *role},
                    {"content", std::move(*parts)}};
  (void)param;
  return item;
}

}  // namespace

Result<json::object> normalize_input_item(const json::value& raw, const std::string& param) {
  if (!raw.is_object())
    return ApiError::invalid(param,
                             "Invalid type for '" + param + "': expected an item object, but got " +
                                 std::string(json_kind(raw)) + " instead.",
                             "invalid_type");
  FieldReader r(raw.get_object(), param);
  auto type = r.string("type");
  if (r.failed()) return r.error();
  if (!type) {
    if (r.get("role")) return normalize_message(r, param);
    if (r.get("id"))
      type = "item_reference";  // the spec allows a reference without its type
    else
      return ApiError::missing(param + ".type");
  }
  if (*type == "message") return normalize_message(r, param);

  auto id = r.string("id");
  if (auto tool_item = normalize_tool_item(*type, r, id)) return std::move(*tool_item);
  if (*type == "reasoning") {
    const auto* summary = r.array("summary");
    const auto* content = r.array("content");
    auto encrypted = r.string("encrypted_content");
    if (r.failed()) return r.error();
    if (summary)
      if (auto bad = check_text_parts(*summary, r.path("summary"), {"summary_text"})) return *bad;
    if (content)
      if (auto bad = check_text_parts(*content, r.path("content"), {"reasoning_text", "text"})) return *bad;
    json::object item{{"type", "reasoning"},
                      {"id", id ? *id : new_id("rs_")},
                      {"summary", summary ? *summary : json::array{}}};
    if (content) item["content"] = *content;
    if (encrypted) item["encrypted_content"] = *encrypted;
    return item;
  }
  if (*type == "item_reference") {
    if (r.failed()) return r.error();
    if (!id) return ApiError::missing(param + ".id");
    return json::object{{"type", "item_reference"}, {"id", *id}};
  }
  return unsupported_type(param, *type);
}

}  // namespace gw::protocol
