#pragma once
// /v1/prompts: versioned prompt templates, as Llama Stack's Prompts API shapes them (OpenAI offers no
// CRUD API for the prompts its `prompt` field names). Create, retrieve (the default version or
// `?version=N`), list, update (a new version; the body names the version it replaces), delete, list a
// prompt's versions, choose its default version.
#include "http/exchange.hpp"
#include "store/prompt_store.hpp"

namespace gw::api {

class PromptsHandler {
 public:
  explicit PromptsHandler(store::PromptStore& store) : store_(store) {}

  awaitable<void> create(http::Exchange& ex);
  awaitable<void> retrieve(http::Exchange& ex);
  awaitable<void> update(http::Exchange& ex);
  awaitable<void> remove(http::Exchange& ex);
  awaitable<void> list(http::Exchange& ex);
  awaitable<void> versions(http::Exchange& ex);
  awaitable<void> set_default_version(http::Exchange& ex);

 private:
  // 404 naming `prompt_id`, or `version_param` when the prompt exists but not that version.
  awaitable<protocol::ApiError> not_found(std::string prompt_id, std::int64_t version,
                                          std::string version_param);

  store::PromptStore& store_;
};

}  // namespace gw::api
