#include "api/prompts_handler.hpp"

#include <boost/json.hpp>

#include "api/json_body.hpp"
#include "api/pagination.hpp"
#include "protocol/field_reader.hpp"
#include "protocol/ids.hpp"
#include "protocol/prompt_reference.hpp"
#include "protocol/prompt_template.hpp"

namespace gw::api {
namespace json = boost::json;
namespace {

using protocol::ApiError;

ApiError prompt_not_found(const std::string& id) {
  return ApiError::not_found("prompt_id", "Prompt with id '" + id + "' not found.");
}

// The Prompt object: Llama Stack's fields (`prompt_id`, `version`, `is_default`, `variables`) with the
// OpenAI conventions (`id`, `object`, `created_at`) and the template itself.
json::object prompt_object(const store::PromptVersion& v) {
  const auto& c = v.content;
  const auto* name = c.if_contains("name");
  const auto* metadata = c.if_contains("metadata");
  return json::object{{"id", v.prompt_id},
                      {"object", "prompt"},
                      {"prompt_id", v.prompt_id},
                      {"version", v.version},
                      {"is_default", v.is_default},
                      {"created_at", v.created_at},
                      {"name", name ? *name : json::value(nullptr)},
                      {"instructions", c.at("instructions")},
                      {"messages", c.at("messages")},
                      {"variables", c.at("variables")},
                      {"metadata", metadata ? *metadata : json::value(json::object{})}};
}

store::Page to_page(store::PromptPage prompts) {
  store::Page page;
  page.has_more = prompts.has_more;
  page.data.reserve(prompts.data.size());
  for (const auto& v : prompts.data) page.data.push_back(prompt_object(v));
  return page;
}

Result<protocol::PromptWrite> parse_write(http::Exchange& ex, protocol::PromptWriteKind kind) {
  auto body = take_json_body(ex);
  if (!body) return body.error();
  return protocol::parse_prompt_write(*body, kind);
}

// The body of set-default-version: {"version": N}.
Result<std::int64_t> parse_default_version(http::Exchange& ex) {
  auto body = take_json_body(ex);
  if (!body) return body.error();
  if (!body->is_object())
    return ApiError::invalid("", "The request body must be a JSON object.", "invalid_json");
  for (const auto& kv : body->get_object())
    if (kv.key() != "version")
      return ApiError::invalid(std::string(kv.key()), "Unknown parameter: '" + std::string(kv.key()) + "'.",
                               "unknown_parameter");
  const auto* version = protocol::FieldReader(body->get_object(), "").get("version");
  if (!version) return ApiError::missing("version");
  return protocol::parse_version_number(*version, "version");
}

// Version lists page by version number: the cursors must be numbers.
std::optional<ApiError> check_version_cursors(const store::ListQuery& q) {
  for (const auto& [cursor, param] : {std::pair{&q.after, "after"}, std::pair{&q.before, "before"}}) {
    if (cursor->empty()) continue;
    auto number = protocol::parse_version_number(std::string_view(*cursor), param);
    if (!number) return number.error();
  }
  return std::nullopt;
}

}  // namespace

awaitable<ApiError> PromptsHandler::not_found(std::string prompt_id, std::int64_t version,
                                              std::string version_param) {
  const std::optional<std::int64_t> default_version;
  auto prompt = co_await store_.get(prompt_id, default_version);
  if (!prompt) co_return prompt_not_found(prompt_id);
  co_return ApiError::not_found(version_param,
                                "Prompt '" + prompt_id + "' has no version " + std::to_string(version) + ".");
}

awaitable<void> PromptsHandler::create(http::Exchange& ex) {
  auto write = parse_write(ex, protocol::PromptWriteKind::Create);
  if (!write) co_return co_await ex.send_error(write.error());
  store::PromptVersion first;
  first.prompt_id = protocol::new_id("pmpt_");
  first.version = 1;
  first.is_default = true;
  first.created_at = protocol::unix_now();
  first.content = std::move(write->content);
  co_await store_.create(first);
  ex.log_field("prompt_id", json::string(first.prompt_id));
  co_await ex.send_json(bhttp::status::ok, prompt_object(first));
}

awaitable<void> PromptsHandler::retrieve(http::Exchange& ex) {
  const std::string id(ex.path_param("prompt_id"));
  std::optional<std::int64_t> version;
  if (auto text = ex.query("version")) {
    auto number = protocol::parse_version_number(std::string_view(*text), "version");
    if (!number) co_return co_await ex.send_error(number.error());
    version = *number;
  }
  auto found = co_await store_.get(id, version);
  if (found) co_return co_await ex.send_json(bhttp::status::ok, prompt_object(*found));
  if (!version) co_return co_await ex.send_error(prompt_not_found(id));
  const ApiError error = co_await not_found(id, *version, "version");
  co_await ex.send_error(error);
}

awaitable<void> PromptsHandler::update(http::Exchange& ex) {
  const std::string id(ex.path_param("prompt_id"));
  auto write = parse_write(ex, protocol::PromptWriteKind::Update);
  if (!write) co_return co_await ex.send_error(write.error());
  const std::int64_t latest = write->version;
  auto result = co_await store_.add_version(id, latest, std::move(write->content), protocol::unix_now(),
                                            write->set_as_default);
  switch (result.outcome) {
    case store::PromptUpdate::Outcome::Added:
      co_return co_await ex.send_json(bhttp::status::ok, prompt_object(result.added));
    case store::PromptUpdate::Outcome::NotFound:
      co_return co_await ex.send_error(prompt_not_found(id));
    case store::PromptUpdate::Outcome::VersionConflict:
      break;
  }
  const ApiError conflict = ApiError::conflict(
      "version", "Version " + std::to_string(latest) + " is not the latest version of prompt '" + id +
                     "' (that is " + std::to_string(result.latest) +
                     "): someone else updated it. Read it again and apply your change to that version.");
  co_await ex.send_error(conflict);
}

awaitable<void> PromptsHandler::remove(http::Exchange& ex) {
  const std::string id(ex.path_param("prompt_id"));
  const bool removed = co_await store_.remove(id);  // not inside the `if`: GCC 12 miscompiles that
  if (!removed) co_return co_await ex.send_error(prompt_not_found(id));
  const json::object deleted{{"id", id}, {"object", "prompt.deleted"}, {"deleted", true}};
  co_await ex.send_json(bhttp::status::ok, deleted);
}

awaitable<void> PromptsHandler::list(http::Exchange& ex) {
  auto query = parse_list_query(ex);
  if (!query) co_return co_await ex.send_error(query.error());
  auto prompts = co_await store_.list(*query);
  co_await ex.send_json(bhttp::status::ok, list_envelope(to_page(std::move(prompts))));
}

awaitable<void> PromptsHandler::versions(http::Exchange& ex) {
  auto query = parse_list_query(ex);
  if (!query) co_return co_await ex.send_error(query.error());
  if (auto bad = check_version_cursors(*query)) co_return co_await ex.send_error(*bad);
  const std::string id(ex.path_param("prompt_id"));
  auto versions = co_await store_.list_versions(id, *query);
  if (!versions) co_return co_await ex.send_error(prompt_not_found(id));
  std::optional<std::int64_t> first, last;
  if (!versions->data.empty()) {
    first = versions->data.front().version;
    last = versions->data.back().version;
  }
  json::object body = list_envelope(to_page(std::move(*versions)));
  // Every entry has the prompt's id; a page of versions is bounded by version numbers (the cursors).
  if (first) {
    body["first_id"] = std::to_string(*first);
    body["last_id"] = std::to_string(*last);
  }
  co_await ex.send_json(bhttp::status::ok, body);
}

awaitable<void> PromptsHandler::set_default_version(http::Exchange& ex) {
  const std::string id(ex.path_param("prompt_id"));
  auto version = parse_default_version(ex);
  if (!version) co_return co_await ex.send_error(version.error());
  auto chosen = co_await store_.set_default(id, *version);
  if (chosen) co_return co_await ex.send_json(bhttp::status::ok, prompt_object(*chosen));
  const ApiError error = co_await not_found(id, *version, "version");
  co_await ex.send_error(error);
}

}  // namespace gw::api
