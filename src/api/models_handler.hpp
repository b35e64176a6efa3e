#pragma once
// /v1/models: the backend's models (list and retrieve), from the cached catalog.
#include "engine/model_catalog.hpp"
#include "http/exchange.hpp"

namespace gw::api {

class ModelsHandler {
 public:
  explicit ModelsHandler(engine::ModelCatalog& catalog) : catalog_(catalog) {}

  awaitable<void> list(http::Exchange& ex);
  awaitable<void> retrieve(http::Exchange& ex);

 private:
  engine::ModelCatalog& catalog_;
};

}  // namespace gw::api
