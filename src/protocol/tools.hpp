#pragma once
// The `tools` a request offers (also inside `additional_tools` and `tool_search_output` items) and its
// `tool_choice`: parsed, validated and normalized to the shapes the Response echoes.
//
// Accepted: `function`; `custom` (freeform text, or text matching a `grammar`); `namespace` (functions and
// custom tools grouped under a name); `tool_search` with `execution: "client"` (the client finds the tools,
// the model only asks); the `web_search` family, which the gateway cannot run and which the engine either
// refuses or omits (see HostedTool). Any other type is a 400 naming every such tool at once.
#include <string>
#include <string_view>
#include <vector>

#include <boost/json/array.hpp>
#include <boost/json/value.hpp>

#include "protocol/result.hpp"

namespace gw::protocol {

struct CreateResponse;

// `parent` is the path of the array (`tools`, `input[0].tools`): errors name `<parent>[i].field`.
Result<boost::json::array> parse_tools(const boost::json::array& tools, const std::string& parent);

// `tool_choice` against the request's own `tools`: "auto" when absent.
Result<boost::json::value> parse_tool_choice(const boost::json::value* raw, const boost::json::array& tools);

// A tool that runs on the provider's side (web search), which this gateway has no provider for.
struct HostedTool {
  std::string param;  // where it is: `tools[4]`, `input[0].tools[2]`
  std::string type;   // `web_search`, `web_search_preview`, …
};

bool is_web_search(std::string_view type);

// A name the API accepts for a tool or a response format: 1-64 letters, digits, '_' or '-'.
bool valid_name(std::string_view name);

// Every hosted tool of a request: in `tools`, then in its `additional_tools` input items.
std::vector<HostedTool> hosted_tools(const CreateResponse& request);

}  // namespace gw::protocol
