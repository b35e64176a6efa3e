#pragma once
// The Conversations API: conversation objects and their items, checked before anything is written, with
// `include` applied to the items answered. Responses join conversations through ResponseService.
#include <string>

#include <boost/json/array.hpp>
#include <boost/json/object.hpp>

#include "crypto/sealer.hpp"
#include "protocol/conversation_request.hpp"
#include "protocol/include.hpp"
#include "protocol/result.hpp"
#include "store/conversation_store.hpp"

namespace gw::engine {

class ConversationService {
 public:
  ConversationService(store::ConversationStore& store, const crypto::Sealer& sealer)
      : store_(store), sealer_(sealer) {}

  // Each answers the Conversation object, or a 404 naming `conversation_id`.
  awaitable<Result<boost::json::object>> create(protocol::CreateConversation request);
  awaitable<Result<boost::json::object>> retrieve(std::string id);
  awaitable<Result<boost::json::object>> update(std::string id, boost::json::object metadata);
  // {"id", "object": "conversation.deleted", "deleted": true}.
  awaitable<Result<boost::json::object>> remove(std::string id);
  // A 400 naming `after` / `before` for a cursor that names no conversation.
  awaitable<Result<store::Page>> list(store::ListQuery query);

  // The items added (all of them: `has_more` is false). 400 naming `items[i].id` for an id the conversation
  // already holds.
  awaitable<Result<store::Page>> add_items(std::string id, boost::json::array items,
                                           protocol::Include include);
  // A 400 naming `after` / `before` for a cursor that names no item of the conversation.
  awaitable<Result<store::Page>> list_items(std::string id, store::ListQuery query,
                                            protocol::Include include);
  // 404 naming `item_id` for an item the conversation does not hold.
  awaitable<Result<boost::json::object>> retrieve_item(std::string id, std::string item_id,
                                                       protocol::Include include);
  // The Conversation object, as OpenAI answers an item deletion.
  awaitable<Result<boost::json::object>> remove_item(std::string id, std::string item_id);

 private:
  // A 400 naming `items[i].encrypted_content` for sealed reasoning this gateway did not seal.
  std::optional<protocol::ApiError> check_sealed(const boost::json::array& items) const;
  // The item as answered: with `include: reasoning.encrypted_content`, reasoning text sealed for the client.
  void apply_include(boost::json::object& item, protocol::Include include) const;

  store::ConversationStore& store_;
  const crypto::Sealer& sealer_;
};

}  // namespace gw::engine
