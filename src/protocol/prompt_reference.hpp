#pragma once
// The `prompt` field of POST /v1/responses: {id, version?, variables?}, a stored prompt template to run, and
// the values of its variables. A value is a string or one content part, as OpenAI takes them: `input_text`
// (substituted like a string), `input_image` or `input_file` (which become content parts of the message
// that names them).
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include <boost/json/object.hpp>
#include <boost/json/value.hpp>

#include "protocol/result.hpp"

namespace gw::protocol {

struct PromptReference {
  std::string id;
  std::optional<std::int64_t> version;  // unset: the prompt's default version
  boost::json::object variables;        // name → string or normalized content part, as given
};

Result<PromptReference> parse_prompt_reference(const boost::json::value& raw);

// What the Response echoes: {id, version (a string, as OpenAI shows it), variables}.
boost::json::object prompt_reference_json(const PromptReference& reference);

// A variable's value (given in a request, or a template's default) normalized: a string as is; an
// `input_text` part as {type, text}; an `input_image` as {type, image_url, detail}; an `input_file` as {type,
// file_data, filename?}. Parts this gateway cannot send to a Chat Completions backend (files by id or URL,
// images by file id) are a 400 naming `param`.
Result<boost::json::value> normalize_variable_value(const boost::json::value& value,
                                                    const std::string& param);

// A version number: a positive integer, or a string of digits ("2", as OpenAI's `prompt.version` is typed).
Result<std::int64_t> parse_version_number(const boost::json::value& value, const std::string& param);
Result<std::int64_t> parse_version_number(std::string_view text, const std::string& param);

}  // namespace gw::protocol
