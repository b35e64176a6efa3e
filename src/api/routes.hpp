#pragma once
#include "api/conversations_handler.hpp"
#include "api/health_handler.hpp"
#include "api/models_handler.hpp"
#include "api/prompts_handler.hpp"
#include "api/responses_handler.hpp"
#include "http/router.hpp"

namespace gw::api {

struct Handlers {
  ResponsesHandler& responses;
  ConversationsHandler& conversations;
  PromptsHandler& prompts;
  ModelsHandler& models;
  HealthHandler& health;
};

// Every method and path the gateway serves.
void add_routes(http::Router& router, Handlers handlers);

}  // namespace gw::api
