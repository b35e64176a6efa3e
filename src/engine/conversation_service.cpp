#include "engine/conversation_service.hpp"

#include <utility>
#include <vector>

#include <boost/json.hpp>

#include "engine/compaction.hpp"
#include "engine/sealed_reasoning.hpp"
#include "protocol/ids.hpp"

namespace gw::engine {
namespace json = boost::json;
namespace {

protocol::ApiError conversation_not_found(const std::string& id) {
  return protocol::ApiError::not_found("conversation_id", "Conversation with id '" + id + "' not found.");
}

protocol::ApiError item_not_found(const std::string& id, const std::string& item_id) {
  return protocol::ApiError::not_found(
      "item_id", "Item with id '" + item_id + "' not found in conversation '" + id + "'.");
}

// A cursor that names nothing in the list is refused: an empty page would pass for the end of the list.
protocol::ApiError unknown_cursor(const char* param, std::string message) {
  return protocol::ApiError::invalid(param, "Invalid '" + std::string(param) + "': " + std::move(message));
}

std::vector<json::object> objects(json::array items) {
  std::vector<json::object> out;
  out.reserve(items.size());
  for (auto& item : items) out.push_back(std::move(item.as_object()));
  return out;
}

}  // namespace

std::optional<protocol::ApiError> ConversationService::check_sealed(const json::array& items) const {
  for (std::size_t i = 0; i < items.size(); ++i) {
    if (!needs_opening(items[i].get_object()) && !is_sealed_compaction(items[i].get_object())) continue;
    json::object item = items[i].get_object();
    if (!open_sealed_reasoning(item, sealer_) || !open_compaction(item, sealer_))
      return protocol::ApiError::invalid(
          "items[" + std::to_string(i) + "].encrypted_content",
          "The encrypted content of " + std::string(item.at("type").get_string()) + " item '" +
              std::string(item.at("id").get_string()) +
              "' could not be verified: it was not sealed by this gateway's key or was altered.",
          "invalid_encrypted_content");
  }
  return std::nullopt;
}

void ConversationService::apply_include(json::object& item, protocol::Include include) const {
  if (include.encrypted_reasoning) seal_reasoning(item, sealer_);
}

awaitable<Result<json::object>> ConversationService::create(protocol::CreateConversation request) {
  if (auto bad = check_sealed(request.items)) co_return *bad;
  store::StoredConversation conversation;
  conversation.id = protocol::new_id("conv_");
  conversation.created_at = protocol::unix_now();
  conversation.conversation = json::object{{"id", conversation.id},
                                           {"object", "conversation"},
                                           {"created_at", conversation.created_at},
                                           {"metadata", std::move(request.metadata)}};
  json::object answer = conversation.conversation;
  std::vector<json::object> items = objects(std::move(request.items));
  co_await store_.create(std::move(conversation), std::move(items));
  co_return answer;
}

awaitable<Result<json::object>> ConversationService::retrieve(std::string id) {
  auto conversation = co_await store_.get(id);
  if (!conversation) co_return conversation_not_found(id);
  co_return std::move(*conversation);
}

awaitable<Result<json::object>> ConversationService::update(std::string id, json::object metadata) {
  auto conversation = co_await store_.update_metadata(id, std::move(metadata));
  if (!conversation) co_return conversation_not_found(id);
  co_return std::move(*conversation);
}

awaitable<Result<json::object>> ConversationService::remove(std::string id) {
  const bool removed = co_await store_.remove(id);
  if (!removed) co_return conversation_not_found(id);
  json::object deleted{{"id", id}, {"object", "conversation.deleted"}, {"deleted", true}};
  co_return deleted;
}

awaitable<Result<store::Page>> ConversationService::list(store::ListQuery query) {
  // A named array, not a braced list in the range-for: its elements must live across the co_await (GCC 12).
  const std::pair<const char*, std::string> cursors[] = {{"after", query.after}, {"before", query.before}};
  for (const auto& [param, cursor] : cursors) {
    if (cursor.empty()) continue;
    auto held = co_await store_.get(cursor);
    if (!held) co_return unknown_cursor(param, "No conversation with id '" + cursor + "'.");
  }
  auto page = co_await store_.list(std::move(query));
  co_return page;
}

awaitable<Result<store::Page>> ConversationService::add_items(std::string id, json::array items,
                                                              protocol::Include include) {
  if (auto bad = check_sealed(items)) co_return *bad;
  std::vector<json::object> added = objects(std::move(items));
  auto result = co_await store_.add_items(id, added);
  if (result.status == store::ItemStatus::NoConversation) co_return conversation_not_found(id);
  if (result.status == store::ItemStatus::DuplicateItem) {
    std::size_t i = 0;
    while (i < added.size() && added[i].at("id").as_string() != result.item_id) ++i;
    co_return protocol::ApiError::invalid(
        "items[" + std::to_string(i) + "].id",
        "Duplicate item found with id '" + result.item_id + "': the conversation already holds it.");
  }
  for (auto& item : added) apply_include(item, include);
  store::Page page;
  page.data = std::move(added);
  co_return page;
}

awaitable<Result<store::Page>> ConversationService::list_items(std::string id, store::ListQuery query,
                                                               protocol::Include include) {
  // A named array, not a braced list in the range-for: its elements must live across the co_await (GCC 12).
  const std::pair<const char*, std::string> cursors[] = {{"after", query.after}, {"before", query.before}};
  for (const auto& [param, cursor] : cursors) {
    if (cursor.empty()) continue;
    auto held = co_await store_.get_item(id, cursor);
    if (held.status == store::ItemStatus::NoConversation) co_return conversation_not_found(id);
    if (held.status == store::ItemStatus::NoItem)
      co_return unknown_cursor(param, "No item with id '" + cursor + "' in conversation '" + id + "'.");
  }
  auto page = co_await store_.list_items(id, std::move(query));
  if (!page) co_return conversation_not_found(id);
  for (auto& item : page->data) apply_include(item, include);
  co_return std::move(*page);
}

awaitable<Result<json::object>> ConversationService::retrieve_item(std::string id, std::string item_id,
                                                                   protocol::Include include) {
  auto result = co_await store_.get_item(id, item_id);
  if (result.status == store::ItemStatus::NoConversation) co_return conversation_not_found(id);
  if (result.status != store::ItemStatus::Ok) co_return item_not_found(id, item_id);
  apply_include(result.object, include);
  co_return std::move(result.object);
}

awaitable<Result<json::object>> ConversationService::remove_item(std::string id, std::string item_id) {
  auto result = co_await store_.remove_item(id, item_id);
  if (result.status == store::ItemStatus::NoConversation) co_return conversation_not_found(id);
  if (result.status != store::ItemStatus::Ok) co_return item_not_found(id, item_id);
  co_return std::move(result.object);
}

}  // namespace gw::engine
