#include "engine/model_catalog.hpp"

#include <exception>
#include <utility>

#include "support/log.hpp"

namespace gw::engine {

ModelCatalog::ModelCatalog(backends::ModelBackend& backend, std::chrono::milliseconds ttl)
    : backend_(backend), ttl_(ttl) {}

ModelCatalog::Cached ModelCatalog::cached() {
  std::lock_guard lock(mutex_);
  Cached c{models_, false};
  if (models_ && std::chrono::steady_clock::now() - fetched_at_ >= ttl_ && !refreshing_) {
    refreshing_ = true;
    c.start_refresh = true;
  }
  return c;
}

ModelList ModelCatalog::keep(boost::json::array models) {
  auto list = std::make_shared<const boost::json::array>(std::move(models));
  std::lock_guard lock(mutex_);
  models_ = list;
  fetched_at_ = std::chrono::steady_clock::now();
  return list;
}

void ModelCatalog::refreshed() {
  std::lock_guard lock(mutex_);
  refreshing_ = false;
}

awaitable<Result<ModelList>> ModelCatalog::list() {
  Cached c = cached();
  if (c.models) {
    if (c.start_refresh) {
      // Named, not built inside the call: GCC 12 miscompiles capturing lambdas in coroutine expressions.
      auto on_done = [this](std::exception_ptr error) {
        if (error) refreshed();
      };
      const auto executor = co_await asio::this_coro::executor;
      asio::co_spawn(executor, refresh(), std::move(on_done));
    }
    co_return c.models;
  }
  // No list yet: this caller waits for it. Callers arriving together at start-up each fetch (rare, cheap).
  auto fetched = co_await backend_.list_models();
  if (!fetched) co_return fetched.error();
  co_return keep(std::move(*fetched));
}

awaitable<void> ModelCatalog::refresh() {
  auto fetched = co_await backend_.list_models();
  if (fetched)
    keep(std::move(*fetched));
  else
    log::warn("model list refresh failed; serving the cached list", {{"error", fetched.error().message}});
  refreshed();
}

}  // namespace gw::engine
