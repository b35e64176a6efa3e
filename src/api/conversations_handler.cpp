#include "api/conversations_handler.hpp"

#include <boost/json.hpp>

#include "api/json_body.hpp"
#include "api/pagination.hpp"

namespace gw::api {
namespace {

// `include` from the query string: repeated (`include=a&include=b`) or as the official SDKs send arrays
// (`include[]=a&include[]=b`).
Result<protocol::Include> parse_include(const http::Exchange& ex) {
  protocol::Include include;
  for (const char* name : {"include", "include[]"})
    for (const auto& value : ex.query_all(name))
      if (auto bad = protocol::add_include(include, value, "include")) return *bad;
  return include;
}

}  // namespace

awaitable<void> ConversationsHandler::create(http::Exchange& ex) {
  auto body = take_json_body(ex);
  if (!body) co_return co_await ex.send_error(body.error());
  auto request = protocol::parse_create_conversation(*body);
  if (!request) co_return co_await ex.send_error(request.error());
  auto conversation = co_await service_.create(std::move(*request));
  if (!conversation) co_return co_await ex.send_error(conversation.error());
  ex.log_field("conversation_id", conversation->at("id"));
  co_await ex.send_json(bhttp::status::ok, *conversation);
}

awaitable<void> ConversationsHandler::list(http::Exchange& ex) {
  auto query = parse_list_query(ex);
  if (!query) co_return co_await ex.send_error(query.error());
  auto page = co_await service_.list(std::move(*query));
  if (!page) co_return co_await ex.send_error(page.error());
  co_await ex.send_json(bhttp::status::ok, list_envelope(std::move(*page)));
}

awaitable<void> ConversationsHandler::retrieve(http::Exchange& ex) {
  const std::string id(ex.path_param("conversation_id"));
  auto conversation = co_await service_.retrieve(id);
  if (!conversation) co_return co_await ex.send_error(conversation.error());
  co_await ex.send_json(bhttp::status::ok, *conversation);
}

awaitable<void> ConversationsHandler::update(http::Exchange& ex) {
  auto body = take_json_body(ex);
  if (!body) co_return co_await ex.send_error(body.error());
  auto metadata = protocol::parse_update_conversation(*body);
  if (!metadata) co_return co_await ex.send_error(metadata.error());
  const std::string id(ex.path_param("conversation_id"));
  auto conversation = co_await service_.update(id, std::move(*metadata));
  if (!conversation) co_return co_await ex.send_error(conversation.error());
  co_await ex.send_json(bhttp::status::ok, *conversation);
}

awaitable<void> ConversationsHandler::remove(http::Exchange& ex) {
  const std::string id(ex.path_param("conversation_id"));
  auto deleted = co_await service_.remove(id);
  if (!deleted) co_return co_await ex.send_error(deleted.error());
  co_await ex.send_json(bhttp::status::ok, *deleted);
}

awaitable<void> ConversationsHandler::create_items(http::Exchange& ex) {
  auto include = parse_include(ex);
  if (!include) co_return co_await ex.send_error(include.error());
  auto body = take_json_body(ex);
  if (!body) co_return co_await ex.send_error(body.error());
  auto items = protocol::parse_conversation_items(*body);
  if (!items) co_return co_await ex.send_error(items.error());
  const std::string id(ex.path_param("conversation_id"));
  auto added = co_await service_.add_items(id, std::move(*items), *include);
  if (!added) co_return co_await ex.send_error(added.error());
  co_await ex.send_json(bhttp::status::ok, list_envelope(std::move(*added)));
}

awaitable<void> ConversationsHandler::list_items(http::Exchange& ex) {
  auto query = parse_list_query(ex);
  if (!query) co_return co_await ex.send_error(query.error());
  auto include = parse_include(ex);
  if (!include) co_return co_await ex.send_error(include.error());
  const std::string id(ex.path_param("conversation_id"));
  auto page = co_await service_.list_items(id, std::move(*query), *include);
  if (!page) co_return co_await ex.send_error(page.error());
  co_await ex.send_json(bhttp::status::ok, list_envelope(std::move(*page)));
}

awaitable<void> ConversationsHandler::retrieve_item(http::Exchange& ex) {
  auto include = parse_include(ex);
  if (!include) co_return co_await ex.send_error(include.error());
  const std::string id(ex.path_param("conversation_id"));
  const std::string item_id(ex.path_param("item_id"));
  auto item = co_await service_.retrieve_item(id, item_id, *include);
  if (!item) co_return co_await ex.send_error(item.error());
  co_await ex.send_json(bhttp::status::ok, *item);
}

awaitable<void> ConversationsHandler::remove_item(http::Exchange& ex) {
  const std::string id(ex.path_param("conversation_id"));
  const std::string item_id(ex.path_param("item_id"));
  auto conversation = co_await service_.remove_item(id, item_id);
  if (!conversation) co_return co_await ex.send_error(conversation.error());
  co_await ex.send_json(bhttp::status::ok, *conversation);
}

}  // namespace gw::api
