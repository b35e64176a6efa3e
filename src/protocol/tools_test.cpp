// Tools as Codex and the OpenAI API send them: function, custom (freeform), namespace, client tool_search and
// web_search; tool_choice naming them; the hosted tools the engine must refuse or omit.
#include "protocol/tools.hpp"

#include <gtest/gtest.h>

#include <ostream>
#include <string>
#include <string_view>

#include <boost/json.hpp>

#include "protocol/create_response.hpp"

namespace gw::protocol {
namespace {

namespace json = boost::json;

json::array tools_of(std::string_view tools) {
  auto parsed = parse_tools(json::parse(tools).as_array(), "tools");
  EXPECT_TRUE(parsed.has_value()) << (parsed ? "" : parsed.error().param + ": " + parsed.error().message);
  return parsed ? *parsed : json::array{};
}

TEST(ParseTools, CustomToolsKeepTheirFormat) {
  const auto tools = tools_of(R"([
      {"type": "custom", "name": "apply_patch", "description": "Edit files.",
       "format": {"type": "grammar", "syntax": "lark", "definition": "start: \"x\""}},
      {"type": "custom", "name": "note"},
      {"type": "custom", "name": "raw", "format": {"type": "text"}}])");
  EXPECT_EQ(tools[0], json::parse(R"({"type": "custom", "name": "apply_patch", "description": "Edit files.",
      "format": {"type": "grammar", "syntax": "lark", "definition": "start: \"x\""}})"));
  EXPECT_EQ(tools[1], json::parse(R"({"type": "custom", "name": "note", "description": null,
      "format": {"type": "text"}})"));
  EXPECT_EQ(tools[2].at("format"), json::parse(R"({"type": "text"})"));
}

TEST(ParseTools, NamespacesHoldFunctionsAndCustomTools) {
  const auto tools =
      tools_of(R"([{"type": "namespace", "name": "multi_agent_v1", "description": "Sub-agents.",
      "tools": [{"type": "function", "name": "spawn_agent", "strict": false,
                 "parameters": {"type": "object", "properties": {}}},
                {"type": "custom", "name": "exec"}]},
      {"type": "namespace", "name": "functions", "tools": [{"type": "function", "name": "wait"}]}])");
  const auto& ns = tools[0].as_object();
  EXPECT_EQ(ns.at("name"), json::value("multi_agent_v1"));
  EXPECT_EQ(ns.at("description"), json::value("Sub-agents."));
  EXPECT_EQ(ns.at("tools").as_array()[0], json::parse(R"({"type": "function", "name": "spawn_agent",
      "description": null, "parameters": {"type": "object", "properties": {}}, "strict": false})"));
  EXPECT_EQ(ns.at("tools").as_array()[1].at("type"), json::value("custom"));
  EXPECT_EQ(tools[1].at("description"), json::value(""));  // always a string, as the API shows it
}

TEST(ParseTools, ClientToolSearchAndWebSearch) {
  const auto tools = tools_of(R"([
      {"type": "tool_search", "execution": "client", "description": "Find tools.",
       "parameters": {"type": "object", "properties": {"query": {"type": "string"}}}},
      {"type": "web_search", "external_web_access": true, "search_content_types": ["text", "image"]}])");
  EXPECT_EQ(tools[0],
            json::parse(R"({"type": "tool_search", "execution": "client", "description": "Find tools.",
      "parameters": {"type": "object", "properties": {"query": {"type": "string"}}}})"));
  // Kept as sent: the engine refuses or omits it.
  EXPECT_EQ(tools[1], json::parse(R"({"type": "web_search", "external_web_access": true,
      "search_content_types": ["text", "image"]})"));
}

struct ToolError {
  const char* label;
  const char* tools;
  const char* param;
  const char* code;
};

void PrintTo(const ToolError& c, std::ostream* os) { *os << c.label; }

class ToolErrors : public ::testing::TestWithParam<ToolError> {};

TEST_P(ToolErrors, NameTheField) {
  const auto r = parse_tools(json::parse(GetParam().tools).as_array(), "input[0].tools");
  ASSERT_FALSE(r.has_value()) << GetParam().tools;
  EXPECT_EQ(r.error().param, GetParam().param) << r.error().message;
  EXPECT_EQ(r.error().code, GetParam().code) << r.error().message;
}

INSTANTIATE_TEST_SUITE_P(
    ParseTools, ToolErrors,
    ::testing::Values(
        ToolError{"custom_without_name", R"([{"type": "custom"}])", "input[0].tools[0].name",
                  "missing_required_parameter"},
        ToolError{"custom_bad_format_type",
                  R"([{"type": "custom", "name": "c", "format": {"type": "json"}}])",
                  "input[0].tools[0].format.type", "invalid_value"},
        ToolError{"grammar_bad_syntax",
                  R"([{"type": "custom", "name": "c",
                       "format": {"type": "grammar", "syntax": "ebnf", "definition": "x"}}])",
                  "input[0].tools[0].format.syntax", "invalid_value"},
        ToolError{"grammar_without_definition",
                  R"([{"type": "custom", "name": "c", "format": {"type": "grammar", "syntax": "lark"}}])",
                  "input[0].tools[0].format.definition", "missing_required_parameter"},
        ToolError{"namespace_without_tools", R"([{"type": "namespace", "name": "n"}])",
                  "input[0].tools[0].tools", "missing_required_parameter"},
        ToolError{"namespace_empty", R"([{"type": "namespace", "name": "n", "tools": []}])",
                  "input[0].tools[0].tools", "invalid_value"},
        ToolError{"namespace_holding_web_search",
                  R"([{"type": "namespace", "name": "n", "tools": [{"type": "web_search"}]}])",
                  "input[0].tools[0].tools[0].type", "unsupported_value"},
        ToolError{"namespace_duplicate_member",
                  R"([{"type": "namespace", "name": "n",
                       "tools": [{"type": "function", "name": "f"}, {"type": "custom", "name": "f"}]}])",
                  "input[0].tools[0].tools[1].name", "invalid_value"},
        ToolError{"duplicate_namespace",
                  R"([{"type": "namespace", "name": "n", "tools": [{"type": "function", "name": "f"}]},
                      {"type": "namespace", "name": "n", "tools": [{"type": "function", "name": "g"}]}])",
                  "input[0].tools[1].name", "invalid_value"},
        ToolError{"function_and_custom_share_names",
                  R"([{"type": "function", "name": "f"}, {"type": "custom", "name": "f"}])",
                  "input[0].tools[1].name", "invalid_value"},
        ToolError{"tool_search_on_the_server", R"([{"type": "tool_search"}])", "input[0].tools[0].execution",
                  "unsupported_value"},
        ToolError{"two_tool_searches",
                  R"([{"type": "tool_search", "execution": "client"},
                      {"type": "tool_search", "execution": "client"}])",
                  "input[0].tools[1].type", "invalid_value"},
        ToolError{"hosted_tool_named_at_the_first",
                  R"([{"type": "function", "name": "f"}, {"type": "file_search"}, {"type": "mcp"}])",
                  "input[0].tools[1].type", "unsupported_value"}));

TEST(ParseTools, UnsupportedTypesAreListedTogether) {
  const auto r = parse_tools(
      json::parse(
          R"([{"type": "code_interpreter"}, {"type": "custom", "name": "ok"}, {"type": "mcp", "name": "m"}])")
          .as_array(),
      "tools");
  ASSERT_FALSE(r.has_value());
  EXPECT_NE(r.error().message.find("tools[0] (type 'code_interpreter')"), std::string::npos)
      << r.error().message;
  EXPECT_NE(r.error().message.find("tools[2] (type 'mcp', name 'm')"), std::string::npos)
      << r.error().message;
  EXPECT_EQ(r.error().message.find("'custom', name 'ok'"), std::string::npos) << r.error().message;
}

TEST(ParseToolChoice, CustomToolsCanBeChosenAndAllowed) {
  const auto tools =
      tools_of(R"([{"type": "custom", "name": "apply_patch"}, {"type": "function", "name": "f"}])");
  const json::value custom = json::parse(R"({"type": "custom", "name": "apply_patch"})");
  EXPECT_EQ(*parse_tool_choice(&custom, tools), custom);
  const json::value allowed = json::parse(R"({"type": "allowed_tools", "mode": "required",
      "tools": [{"type": "custom", "name": "apply_patch"}]})");
  EXPECT_EQ(*parse_tool_choice(&allowed, tools), allowed);
  // A custom tool is not a function, and the other way round.
  const json::value wrong = json::parse(R"({"type": "function", "name": "apply_patch"})");
  EXPECT_EQ(parse_tool_choice(&wrong, tools).error().param, "tool_choice.name");
  const json::value wrong_kind = json::parse(R"({"type": "custom", "name": "f"})");
  EXPECT_EQ(parse_tool_choice(&wrong_kind, tools).error().param, "tool_choice.name");
}

TEST(HostedTools, AreFoundInToolsAndInAdditionalToolsItems) {
  auto req = parse_create_response(json::parse(R"({"model": "m", "tools": [
      {"type": "function", "name": "f"}, {"type": "web_search", "external_web_access": true}],
      "input": [{"type": "additional_tools", "role": "developer", "tools": [{"type": "web_search_preview"}]},
                {"role": "user", "content": "hi"}]})"));
  ASSERT_TRUE(req.has_value()) << req.error().message;
  const auto hosted = hosted_tools(*req);
  ASSERT_EQ(hosted.size(), 2u);
  EXPECT_EQ(hosted[0].param, "tools[1]");
  EXPECT_EQ(hosted[0].type, "web_search");
  EXPECT_EQ(hosted[1].param, "input[0].tools[0]");
  EXPECT_EQ(hosted[1].type, "web_search_preview");
}

}  // namespace
}  // namespace gw::protocol
