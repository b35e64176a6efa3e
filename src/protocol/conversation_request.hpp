#pragma once
// Request bodies of the Conversations API: create (POST /v1/conversations), update (POST
// /v1/conversations/{id}) and add items (POST /v1/conversations/{id}/items). Items are normalized as response
// input items are (`id` assigned when missing, `type`, `status`, content parts as arrays), so they keep their
// ids and types exactly as the Responses API shows them.
#include <cstddef>

#include <boost/json/array.hpp>
#include <boost/json/object.hpp>
#include <boost/json/value.hpp>

#include "protocol/result.hpp"

namespace gw::protocol {

// At most this many items per create or add call, as OpenAI.
inline constexpr std::size_t kMaxConversationItemsPerCall = 20;

struct CreateConversation {
  boost::json::array items;  // normalized, ids distinct
  boost::json::object metadata;
};

Result<CreateConversation> parse_create_conversation(const boost::json::value& body);
// The new metadata (replacing the old one whole; null clears it).
Result<boost::json::object> parse_update_conversation(const boost::json::value& body);
// The items to add: normalized, ids distinct.
Result<boost::json::array> parse_conversation_items(const boost::json::value& body);

}  // namespace gw::protocol
