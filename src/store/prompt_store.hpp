#pragma once
// Where prompt templates live: each prompt is a series of immutable versions 1, 2, 3 … and one of them is its
// default (the one used when a request names no version; the newest unless chosen otherwise). A version's
// `content` is the template as protocol::parse_prompt_write normalized it; the store keeps it as given.
// Implementations hop to the blocking pool themselves; every method may be awaited from an I/O thread.
// Every write is atomic.
#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include <boost/json/object.hpp>

#include "store/response_store.hpp"
#include "support/asio.hpp"

namespace gw::store {

struct PromptVersion {
  std::string prompt_id;
  std::int64_t version = 0;     // 1, 2, 3 …
  std::int64_t created_at = 0;  // Unix seconds, when this version was written
  bool is_default = false;
  boost::json::object content;
};

struct PromptPage {
  std::vector<PromptVersion> data;
  bool has_more = false;
};

// What adding a version came to.
struct PromptUpdate {
  enum class Outcome { Added, NotFound, VersionConflict };
  Outcome outcome = Outcome::NotFound;
  PromptVersion added;      // Added: the new version as stored
  std::int64_t latest = 0;  // VersionConflict: the prompt's newest version
};

class PromptStore {
 public:
  virtual ~PromptStore() = default;

  // Stores a new prompt; `first` is its version 1 and its default.
  virtual awaitable<void> create(PromptVersion first) = 0;
  // Adds version `latest + 1` if `latest` is still the prompt's newest version (a client updating an older
  // one would silently drop someone else's change: VersionConflict). With `set_default` it becomes the
  // default. Labels the new content leaves out (`name`, `metadata`) are kept from version `latest`.
  virtual awaitable<PromptUpdate> add_version(std::string prompt_id, std::int64_t latest,
                                              boost::json::object content, std::int64_t created_at,
                                              bool set_default) = 0;
  // One version, or the default one when `version` is unset; nullopt when there is no such prompt or version.
  virtual awaitable<std::optional<PromptVersion>> get(std::string prompt_id,
                                                      std::optional<std::int64_t> version) = 0;
  // Makes `version` the default and returns it; nullopt when there is no such prompt or version.
  virtual awaitable<std::optional<PromptVersion>> set_default(std::string prompt_id,
                                                              std::int64_t version) = 0;
  // Deletes the prompt with every version. False when there was nothing to delete.
  virtual awaitable<bool> remove(std::string prompt_id) = 0;
  // Every prompt at its default version, by creation, newest first unless `ascending`; cursors are prompt
  // ids.
  virtual awaitable<PromptPage> list(ListQuery query) = 0;
  // The versions of one prompt by number, highest first unless `ascending`; cursors are version numbers.
  // nullopt: no such prompt.
  virtual awaitable<std::optional<PromptPage>> list_versions(std::string prompt_id, ListQuery query) = 0;
};

using PromptStorePtr = std::unique_ptr<PromptStore>;

}  // namespace gw::store
