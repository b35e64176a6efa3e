#pragma once
// Where conversations live: the Conversation object and its items, in order. Items are kept exactly as the
// API shows them (each with its `id` and `type`); an item id appears at most once in a conversation.
// Implementations hop to the blocking pool themselves; every method may be awaited from an I/O thread. Every
// write is atomic: a conversation and its first items, or a batch of items, are written together or not at
// all.
#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include <boost/json/object.hpp>

#include "store/response_store.hpp"
#include "support/asio.hpp"

namespace gw::store {

struct StoredConversation {
  std::string id;
  std::int64_t created_at = 0;       // Unix seconds
  boost::json::object conversation;  // the Conversation object as GET /v1/conversations/{id} shows it
};

// How a call that names a conversation (and maybe one of its items) went.
enum class ItemStatus {
  Ok,
  NoConversation,
  NoItem,         // the conversation exists, the item does not
  DuplicateItem,  // an item to add has an id the conversation already holds
};

struct ItemResult {
  ItemStatus status = ItemStatus::Ok;
  boost::json::object object;  // what the call answers when Ok (see each method)
  std::string item_id;         // the duplicate id when DuplicateItem
};

class ConversationStore {
 public:
  virtual ~ConversationStore() = default;

  // Inserts a new conversation with its first items (which the caller has checked for duplicate ids).
  virtual awaitable<void> create(StoredConversation conversation, std::vector<boost::json::object> items) = 0;
  // The Conversation object; nullopt when there is none.
  virtual awaitable<std::optional<boost::json::object>> get(std::string id) = 0;
  // Replaces the conversation's `metadata`; answers the updated object, nullopt when there is none.
  virtual awaitable<std::optional<boost::json::object>> update_metadata(std::string id,
                                                                        boost::json::object metadata) = 0;
  // Deletes the conversation and its items. False when there was nothing to delete.
  virtual awaitable<bool> remove(std::string id) = 0;
  // Conversation objects, newest first unless `ascending`.
  virtual awaitable<Page> list(ListQuery query) = 0;

  // Appends `items` after the conversation's last item, or none of them: DuplicateItem (naming the id) when
  // one of them is already in the conversation. `object` stays empty.
  virtual awaitable<ItemResult> add_items(std::string id, std::vector<boost::json::object> items) = 0;
  // Appends what a response added to the conversation when it is not stored itself (store: false); items
  // whose id the conversation already holds are skipped, and nothing happens when the conversation was
  // deleted meanwhile. A stored response appends through ResponseStore::save, in the same transaction.
  virtual awaitable<void> append_items(std::string id, std::vector<boost::json::object> items) = 0;
  // Every item, oldest first (a response's context); nullopt when there is no such conversation.
  virtual awaitable<std::optional<std::vector<boost::json::object>>> items(std::string id) = 0;
  // A page of items (`ascending` = the order they were added); nullopt when there is no such conversation.
  virtual awaitable<std::optional<Page>> list_items(std::string id, ListQuery query) = 0;
  // `object` is the item.
  virtual awaitable<ItemResult> get_item(std::string id, std::string item_id) = 0;
  // Deletes one item; `object` is the Conversation object.
  virtual awaitable<ItemResult> remove_item(std::string id, std::string item_id) = 0;
};

using ConversationStorePtr = std::unique_ptr<ConversationStore>;

}  // namespace gw::store
