#include "protocol/conversation_request.hpp"

#include <initializer_list>
#include <string>
#include <string_view>
#include <unordered_set>

#include "protocol/create_response.hpp"
#include "protocol/field_reader.hpp"
#include "protocol/metadata.hpp"

namespace gw::protocol {
namespace json = boost::json;
namespace {

Result<const json::object*> body_object(const json::value& body,
                                        std::initializer_list<std::string_view> fields) {
  if (!body.is_object())
    return ApiError::invalid("", "The request body must be a JSON object.", "invalid_json");
  const auto& o = body.get_object();
  for (const auto& kv : o) {
    bool known = false;
    for (std::string_view field : fields) known = known || kv.key() == field;
    if (!known)
      return ApiError::invalid(std::string(kv.key()), "Unknown parameter: '" + std::string(kv.key()) + "'.",
                               "unknown_parameter");
  }
  return &o;
}

Result<json::array> parse_items(const json::array& raw) {
  if (raw.size() > kMaxConversationItemsPerCall)
    return ApiError::invalid("items",
                             "Invalid 'items': array too long. Expected an array with maximum length " +
                                 std::to_string(kMaxConversationItemsPerCall) +
                                 ", but got an array with length " + std::to_string(raw.size()) + " instead.",
                             "array_above_max_length");
  json::array items;
  std::unordered_set<std::string> ids;
  for (std::size_t i = 0; i < raw.size(); ++i) {
    const std::string p = "items[" + std::to_string(i) + "]";
    auto item = normalize_input_item(raw[i], p);
    if (!item) return item.error();
    // A reference would copy an item from elsewhere; the conversation would then hold what the client never
    // saw in the request.
    if (item->at("type") == "compaction_trigger")
      return ApiError::invalid(p + ".type",
                               "Items of type 'compaction_trigger' ask a response to compact; they cannot be "
                               "added to a conversation.",
                               "unsupported_value");
    if (item->at("type") == "item_reference")
      return ApiError::invalid(p + ".type",
                               "Items of type 'item_reference' cannot be added to a conversation; send the "
                               "item itself.",
                               "unsupported_value");
    std::string id(item->at("id").get_string());
    if (!ids.insert(id).second)
      return ApiError::invalid(p + ".id", "Duplicate item found with id '" + id + "'.");
    items.push_back(std::move(*item));
  }
  return items;
}

Result<json::object> parse_metadata(const json::value* raw) {
  if (!raw || raw->is_null()) return json::object{};
  if (!raw->is_object())
    return ApiError::invalid("metadata", "Invalid type for 'metadata': expected an object.", "invalid_type");
  if (auto bad = check_metadata(raw->get_object())) return *bad;
  return raw->get_object();
}

}  // namespace

Result<CreateConversation> parse_create_conversation(const json::value& body) {
  auto o = body_object(body, {"items", "metadata"});
  if (!o) return o.error();
  FieldReader r(**o, "");
  const auto* items = r.array("items");
  if (r.failed()) return r.error();
  CreateConversation request;
  if (items) {
    auto parsed = parse_items(*items);
    if (!parsed) return parsed.error();
    request.items = std::move(*parsed);
  }
  auto metadata = parse_metadata((*o)->if_contains("metadata"));
  if (!metadata) return metadata.error();
  request.metadata = std::move(*metadata);
  return request;
}

Result<json::object> parse_update_conversation(const json::value& body) {
  auto o = body_object(body, {"metadata"});
  if (!o) return o.error();
  // Required, but may be null: OpenAI's update replaces the metadata whole.
  const auto* metadata = (*o)->if_contains("metadata");
  if (!metadata) return ApiError::missing("metadata");
  return parse_metadata(metadata);
}

Result<json::array> parse_conversation_items(const json::value& body) {
  auto o = body_object(body, {"items"});
  if (!o) return o.error();
  FieldReader r(**o, "");
  const auto* items = r.array("items", true);
  if (r.failed()) return r.error();
  return parse_items(*items);
}

}  // namespace gw::protocol
