#pragma once
// The backend's models, as GET /v1/models shows them, cached: the first call fetches the list; then it is
// kept for `ttl`. Once older, the cached list is still answered at once while one refresh runs in the
// background; a refresh that fails keeps the list there was (a model list changes rarely, and a stale one
// serves clients better than an error). Shared by every I/O thread.
#include <chrono>
#include <memory>
#include <mutex>

#include <boost/json/array.hpp>

#include "backends/model_backend.hpp"
#include "protocol/result.hpp"
#include "support/asio.hpp"

namespace gw::engine {

using ModelList = std::shared_ptr<const boost::json::array>;  // OpenAI model objects, shared, never changed

class ModelCatalog {
 public:
  // `backend` must outlive this; so must the executors of the coroutines that call list().
  ModelCatalog(backends::ModelBackend& backend, std::chrono::milliseconds ttl);

  // The list; the backend's error (502) only when there is no list yet and fetching it failed.
  awaitable<Result<ModelList>> list();

 private:
  struct Cached {
    ModelList models;
    bool start_refresh = false;  // the list is stale and this caller is the one to refresh it
  };
  // The mutex is only taken in these plain functions, so no lock is ever held across a suspension.
  Cached cached();
  ModelList keep(boost::json::array models);
  void refreshed();
  // Runs detached on the caller's executor; `refreshing_` is cleared whatever happens.
  awaitable<void> refresh();

  backends::ModelBackend& backend_;
  const std::chrono::milliseconds ttl_;
  std::mutex mutex_;  // guards what follows
  ModelList models_;
  std::chrono::steady_clock::time_point fetched_at_;
  bool refreshing_ = false;
};

}  // namespace gw::engine
