#include "api/routes.hpp"

namespace gw::api {

void add_routes(http::Router& router, Handlers h) {
  using bhttp::verb;
  auto& r = h.responses;
  for (const char* prefix : {"/v1", ""}) {  // `/responses` without `/v1` too, for base URLs that omit it
    const std::string p = prefix;
    router.add(verb::post, p + "/responses", [&r](http::Exchange& ex) { return r.create(ex); });
    router.add(verb::get, p + "/responses", [&r](http::Exchange& ex) { return r.list(ex); });
    router.add(verb::get, p + "/responses/{response_id}",
               [&r](http::Exchange& ex) { return r.retrieve(ex); });
    router.add(verb::delete_, p + "/responses/{response_id}",
               [&r](http::Exchange& ex) { return r.remove(ex); });
    router.add(verb::get, p + "/responses/{response_id}/input_items",
               [&r](http::Exchange& ex) { return r.input_items(ex); });
    router.add(verb::post, p + "/responses/{response_id}/cancel",
               [&r](http::Exchange& ex) { return r.cancel(ex); });
  }
  auto& c = h.conversations;
  for (const char* prefix : {"/v1", ""}) {
    const std::string p = prefix;
    const std::string one = p + "/conversations/{conversation_id}";
    const std::string item = one + "/items/{item_id}";
    router.add(verb::post, p + "/conversations", [&c](http::Exchange& ex) { return c.create(ex); });
    router.add(verb::get, p + "/conversations", [&c](http::Exchange& ex) { return c.list(ex); });
    router.add(verb::get, one, [&c](http::Exchange& ex) { return c.retrieve(ex); });
    router.add(verb::post, one, [&c](http::Exchange& ex) { return c.update(ex); });
    router.add(verb::delete_, one, [&c](http::Exchange& ex) { return c.remove(ex); });
    router.add(verb::post, one + "/items", [&c](http::Exchange& ex) { return c.create_items(ex); });
    router.add(verb::get, one + "/items", [&c](http::Exchange& ex) { return c.list_items(ex); });
    router.add(verb::get, item, [&c](http::Exchange& ex) { return c.retrieve_item(ex); });
    router.add(verb::delete_, item, [&c](http::Exchange& ex) { return c.remove_item(ex); });
  }
  auto& health = h.health;
  router.add(verb::get, "/health", [&health](http::Exchange& ex) { return health.health(ex); });
  router.add(verb::get, "/ready", [&health](http::Exchange& ex) { return health.ready(ex); });
}

}  // namespace gw::api
