#include "api/routes.hpp"

namespace gw::api {

void add_routes(http::Router& router, Handlers h) {
  using bhttp::verb;
  auto& r = h.responses;
  auto& p = h.prompts;
  auto& m = h.models;
  for (const char* prefix : {"/v1", ""}) {  // without `/v1` too, for base URLs that omit it
    const std::string v = prefix;
    router.add(verb::post, v + "/responses", [&r](http::Exchange& ex) { return r.create(ex); });
    router.add(verb::get, v + "/responses", [&r](http::Exchange& ex) { return r.list(ex); });
    router.add(verb::get, v + "/responses/{response_id}",
               [&r](http::Exchange& ex) { return r.retrieve(ex); });
    router.add(verb::delete_, v + "/responses/{response_id}",
               [&r](http::Exchange& ex) { return r.remove(ex); });
    router.add(verb::get, v + "/responses/{response_id}/input_items",
               [&r](http::Exchange& ex) { return r.input_items(ex); });
    router.add(verb::post, v + "/responses/{response_id}/cancel",
               [&r](http::Exchange& ex) { return r.cancel(ex); });

    router.add(verb::post, v + "/prompts", [&p](http::Exchange& ex) { return p.create(ex); });
    router.add(verb::get, v + "/prompts", [&p](http::Exchange& ex) { return p.list(ex); });
    router.add(verb::get, v + "/prompts/{prompt_id}", [&p](http::Exchange& ex) { return p.retrieve(ex); });
    // Llama Stack updates with POST; PUT as well, for clients that expect it of a replacement.
    router.add(verb::post, v + "/prompts/{prompt_id}", [&p](http::Exchange& ex) { return p.update(ex); });
    router.add(verb::put, v + "/prompts/{prompt_id}", [&p](http::Exchange& ex) { return p.update(ex); });
    router.add(verb::delete_, v + "/prompts/{prompt_id}", [&p](http::Exchange& ex) { return p.remove(ex); });
    router.add(verb::get, v + "/prompts/{prompt_id}/versions",
               [&p](http::Exchange& ex) { return p.versions(ex); });
    router.add(verb::post, v + "/prompts/{prompt_id}/set-default-version",
               [&p](http::Exchange& ex) { return p.set_default_version(ex); });
    router.add(verb::put, v + "/prompts/{prompt_id}/set-default-version",
               [&p](http::Exchange& ex) { return p.set_default_version(ex); });

    router.add(verb::get, v + "/models", [&m](http::Exchange& ex) { return m.list(ex); });
    // Model ids may hold slashes (vLLM serves "meta-llama/Llama-3.1-8B-Instruct").
    router.add(verb::get, v + "/models/{model+}", [&m](http::Exchange& ex) { return m.retrieve(ex); });
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
