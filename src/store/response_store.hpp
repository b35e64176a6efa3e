#pragma once
// Where stored responses live: the Response object, the input items it was given (with their ids, in order)
// and its place in a previous_response_id chain. Implementations hop to the blocking pool themselves;
// every method may be awaited from an I/O thread. Saving is atomic: a response, its input items and the items
// it appends to its conversation are written together or not at all.
#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include <boost/json/object.hpp>

#include "protocol/result.hpp"
#include "support/asio.hpp"

namespace gw::store {

struct StoredResponse {
  std::string id;
  std::string previous_response_id;  // empty when the response starts a chain
  std::string model;
  std::string status;
  std::int64_t created_at = 0;                   // Unix seconds
  boost::json::object response;                  // the Response object as GET /v1/responses/{id} shows it
  std::vector<boost::json::object> input_items;  // this turn's input items only, each with its `id`
  // Set when the response joins a conversation: `conversation_items` (its input, then its output) are
  // appended to conversation `conversation_id` in the transaction that saves the response, so the two never
  // disagree. Items whose id the conversation already holds are skipped; a conversation deleted meanwhile
  // gets nothing.
  std::string conversation_id;
  std::vector<boost::json::object> conversation_items;
};

// Pagination as every OpenAI list: `limit` 1–100, `order`, cursors `after` / `before` (ids).
struct ListQuery {
  int limit = 20;
  bool ascending = false;  // order=desc is the default
  std::string after;
  std::string before;
  std::string model;  // list filter for responses; empty = all
};

struct Page {
  std::vector<boost::json::object> data;
  bool has_more = false;
};

class ResponseStore {
 public:
  virtual ~ResponseStore() = default;

  // Inserts the response, or replaces it and its input items when the id exists.
  virtual awaitable<void> save(StoredResponse response) = 0;
  virtual awaitable<std::optional<StoredResponse>> get(std::string id, bool with_input_items) = 0;
  // False when there was nothing to delete.
  virtual awaitable<bool> remove(std::string id) = 0;
  // The chain that ends with `id`, oldest first, each with its input items. Stops at an ancestor that
  // no longer exists. Empty when `id` itself is unknown.
  virtual awaitable<std::vector<StoredResponse>> chain(std::string id) = 0;
  // Input items of one response in order (`ascending` = the order they were given); nullopt: no such
  // response.
  virtual awaitable<std::optional<Page>> list_input_items(std::string response_id, ListQuery query) = 0;
  // Response objects, newest first unless `ascending`.
  virtual awaitable<Page> list_responses(ListQuery query) = 0;
  // Any stored item (an input item or an output item of any response) by its id, for item_reference.
  virtual awaitable<std::optional<boost::json::object>> find_item(std::string item_id) = 0;
  // A cheap query proving the database answers (for /ready).
  virtual awaitable<bool> ping() = 0;
};

using ResponseStorePtr = std::unique_ptr<ResponseStore>;

}  // namespace gw::store
