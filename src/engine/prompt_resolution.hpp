#pragma once
// A stored prompt template and a request's variable values → what the model is given: the template's
// instructions and messages with every `{{ name }}` placeholder replaced. Pure.
//
// A string or `input_text` value is substituted into the text, once (a value that itself holds `{{x}}` is
// not expanded again). An `input_image` or `input_file` value becomes a content part of the user message
// that names it, in place of the placeholder, splitting the text around it; Chat Completions backends take
// no images or files in system, developer or assistant messages, so naming one there is a 400.
#include <optional>
#include <string>

#include <boost/json/array.hpp>
#include <boost/json/object.hpp>

#include "protocol/result.hpp"

namespace gw::engine {

struct ResolvedPrompt {
  std::optional<std::string> instructions;  // unset when the template has none
  boost::json::array messages;              // message items (type, role, content), in the template's order
};

// `content` is a template as protocol::parse_prompt_write normalized it; `values` the request's variables as
// protocol::parse_prompt_reference normalized them. A value for an undeclared variable, a required one
// left out, or an image or file where only text can go is a 400 naming `prompt.variables.<name>`.
Result<ResolvedPrompt> resolve_prompt(const boost::json::object& content, const boost::json::object& values);

}  // namespace gw::engine
