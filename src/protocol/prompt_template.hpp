#pragma once
// Prompt templates, the body of POST /v1/prompts (create) and POST/PUT /v1/prompts/{prompt_id} (a new
// version): `instructions` and `messages` whose text holds `{{ name }}` placeholders, and the `variables`
// they use, each required or with a default. Parsing checks that every placeholder names a declared
// variable, so a stored template never refers to anything it does not declare.
#include <cstddef>
#include <cstdint>
#include <string_view>
#include <vector>

#include <boost/json/object.hpp>
#include <boost/json/value.hpp>

#include "protocol/result.hpp"

namespace gw::protocol {

struct Placeholder {
  std::size_t offset = 0;  // where its `{{` starts
  std::size_t length = 0;  // through its `}}`
  std::string_view name;
};

// The placeholders of `text` in order: `{{`, optional spaces, a variable name, optional spaces, `}}` (the
// syntax of Llama Stack's prompts). Any other `{{` is plain text. There is no escape: a template cannot show
// a literal `{{name}}` for a name it does not declare.
std::vector<Placeholder> find_placeholders(std::string_view text);

// 1–64 ASCII letters, digits or '_'.
bool valid_variable_name(std::string_view name);

struct PromptWrite {
  // The template, normalized: `instructions` (a string or null), `messages` (message items without ids),
  // `variables` ([{name, default}], `default` null when the variable is required), and `name` and
  // `metadata` when the body gave them (an update keeps the earlier version's otherwise).
  boost::json::object content;
  std::int64_t version = 0;    // update only: the latest version, which the client says it replaces
  bool set_as_default = true;  // update only: make the new version the default
};

enum class PromptWriteKind { Create, Update };

// A 400 naming the field at fault: unknown fields, a template with neither instructions nor messages, a
// placeholder of an undeclared variable, a bad variable name or default, an update without `version`.
Result<PromptWrite> parse_prompt_write(const boost::json::value& body, PromptWriteKind kind);

}  // namespace gw::protocol
