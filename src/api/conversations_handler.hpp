#pragma once
// /v1/conversations: create, list, retrieve, update, delete; and their items: add, list, retrieve, delete.
#include "engine/conversation_service.hpp"
#include "http/exchange.hpp"

namespace gw::api {

class ConversationsHandler {
 public:
  explicit ConversationsHandler(engine::ConversationService& service) : service_(service) {}

  awaitable<void> create(http::Exchange& ex);
  awaitable<void> list(http::Exchange& ex);
  awaitable<void> retrieve(http::Exchange& ex);
  awaitable<void> update(http::Exchange& ex);
  awaitable<void> remove(http::Exchange& ex);
  awaitable<void> create_items(http::Exchange& ex);
  awaitable<void> list_items(http::Exchange& ex);
  awaitable<void> retrieve_item(http::Exchange& ex);
  awaitable<void> remove_item(http::Exchange& ex);

 private:
  engine::ConversationService& service_;
};

}  // namespace gw::api
