#include "backends/chat_completions/tool_mapping.hpp"

#include <gtest/gtest.h>

#include <string>
#include <string_view>

#include <boost/json.hpp>

#include "protocol/create_response.hpp"

namespace gw::backends::chat_completions {
namespace {

namespace json = boost::json;

// A request (normalized as the gateway parses it) and its mapping; the context is the request's input.
struct Mapped {
  explicit Mapped(std::string_view body) : request(*protocol::parse_create_response(json::parse(body))) {}
  protocol::CreateResponse request;
  ToolMapping mapping{request, request.input};
};

std::vector<std::string> names(const json::array& chat_tools) {
  std::vector<std::string> out;
  for (const auto& t : chat_tools) out.emplace_back(t.at("function").at("name").get_string());
  return out;
}

TEST(ToolMapping, NamespacedToolsKeepTheirBareNameWhenUnique) {
  const Mapped m(R"({"model": "m", "tools": [
      {"type": "function", "name": "exec_command"},
      {"type": "namespace", "name": "multi_agent_v1", "description": "Sub-agents.",
       "tools": [{"type": "function", "name": "spawn_agent"}, {"type": "function", "name": "wait_agent"}]},
      {"type": "web_search"}]})");
  EXPECT_EQ(names(m.mapping.chat_tools(nullptr)),
            (std::vector<std::string>{"exec_command", "spawn_agent", "wait_agent"}));
  const auto target = m.mapping.resolve("spawn_agent");
  EXPECT_EQ(target.kind, ToolCallKind::Function);
  EXPECT_EQ(target.name, "spawn_agent");
  EXPECT_EQ(target.namespace_name, "multi_agent_v1");
  EXPECT_EQ(m.mapping.chat_name(ToolCallKind::Function, "multi_agent_v1", "wait_agent"), "wait_agent");
  // The namespace's description leads each of its tools' own.
  EXPECT_EQ(m.mapping.chat_tools(nullptr)[1].at("function").at("description"), json::value("Sub-agents."));
}

TEST(ToolMapping, CollidingNamesAreQualifiedByNamespace) {
  const Mapped m(R"({"model": "m", "tools": [
      {"type": "function", "name": "wait"},
      {"type": "namespace", "name": "functions", "tools": [{"type": "function", "name": "wait"}]},
      {"type": "namespace", "name": "clock", "tools": [{"type": "function", "name": "sleep"},
                                                      {"type": "function", "name": "tick"}]},
      {"type": "namespace", "name": "timer", "tools": [{"type": "function", "name": "tick"}]}]})");
  EXPECT_EQ(names(m.mapping.chat_tools(nullptr)),
            (std::vector<std::string>{"wait", "functions__wait", "sleep", "clock__tick", "timer__tick"}));
  EXPECT_EQ(m.mapping.resolve("wait").namespace_name, "");  // the top-level tool keeps its own name
  EXPECT_EQ(m.mapping.resolve("functions__wait").namespace_name, "functions");
  EXPECT_EQ(m.mapping.resolve("timer__tick").name, "tick");
  EXPECT_EQ(m.mapping.resolve("timer__tick").namespace_name, "timer");
}

TEST(ToolMapping, TooLongQualifiedNamesAreShortenedUniquely) {
  const std::string ns(40, 'n');
  const std::string tool(30, 't');
  const Mapped m(R"({"model": "m", "tools": [{"type": "function", "name": ")" + tool + R"("},
      {"type": "namespace", "name": ")" +
                 ns + R"(", "tools": [{"type": "function", "name": ")" + tool + R"("}]}]})");
  const auto chat = names(m.mapping.chat_tools(nullptr));
  ASSERT_EQ(chat.size(), 2u);
  EXPECT_LE(chat[1].size(), 64u);
  EXPECT_NE(chat[1], chat[0]);
  EXPECT_EQ(m.mapping.resolve(chat[1]).namespace_name, ns);
  EXPECT_EQ(m.mapping.chat_name(ToolCallKind::Function, ns, tool), chat[1]);
}

TEST(ToolMapping, DottedSpellingOfANamespacedToolResolves) {
  const Mapped m(R"({"model": "m", "tools": [{"type": "namespace", "name": "clock",
      "tools": [{"type": "function", "name": "sleep"}]}]})");
  const auto target = m.mapping.resolve("clock.sleep");
  EXPECT_EQ(target.name, "sleep");
  EXPECT_EQ(target.namespace_name, "clock");
  // A name nobody declared comes back as a plain function call, for the client to answer.
  const auto unknown = m.mapping.resolve("made_up");
  EXPECT_EQ(unknown.kind, ToolCallKind::Function);
  EXPECT_EQ(unknown.name, "made_up");
  EXPECT_EQ(unknown.namespace_name, "");
}

TEST(ToolMapping, CustomToolsTakeOneStringWithTheirFormat) {
  const Mapped m(R"({"model": "m", "tools": [
      {"type": "custom", "name": "apply_patch", "description": "Edit files.",
       "format": {"type": "grammar", "syntax": "lark", "definition": "start: begin_patch"}},
      {"type": "custom", "name": "note"}]})");
  const auto tools = m.mapping.chat_tools(nullptr);
  const auto& patch = tools[0].at("function").as_object();
  EXPECT_EQ(patch.at("parameters").at("required"), json::parse(R"(["input"])"));
  EXPECT_EQ(patch.at("parameters").at("properties").at("input").at("type"), json::value("string"));
  const std::string format(
      patch.at("parameters").at("properties").at("input").at("description").get_string());
  EXPECT_NE(format.find("lark grammar"), std::string::npos) << format;
  EXPECT_NE(format.find("start: begin_patch"), std::string::npos) << format;
  EXPECT_TRUE(std::string_view(patch.at("description").get_string()).starts_with("Edit files.")) << patch;
  EXPECT_NE(tools[1]
                .at("function")
                .at("parameters")
                .at("properties")
                .at("input")
                .at("description")
                .get_string()
                .find("free-form"),
            std::string::npos);
  EXPECT_EQ(m.mapping.resolve("apply_patch").kind, ToolCallKind::Custom);
}

TEST(ToolMapping, ToolSearchIsAFunctionWithItsParameters) {
  const Mapped m(R"({"model": "m", "tools": [{"type": "tool_search", "execution": "client",
      "description": "Find deferred tools.",
      "parameters": {"type": "object", "properties": {"query": {"type": "string"}, "limit": {"type": "number"}}}}]})");
  const auto tools = m.mapping.chat_tools(nullptr);
  EXPECT_EQ(tools[0], json::parse(R"({"type": "function", "function": {"name": "tool_search",
      "parameters": {"type": "object", "properties": {"query": {"type": "string"}, "limit": {"type": "number"}}},
      "description": "Find deferred tools."}})"));
  EXPECT_EQ(m.mapping.resolve("tool_search").kind, ToolCallKind::ToolSearch);
}

TEST(ToolMapping, ToolsFromTheHistoryAreOfferedOnce) {
  const Mapped m(R"({"model": "m", "tools": [{"type": "function", "name": "exec_command"}], "input": [
      {"type": "additional_tools", "tools": [{"type": "namespace", "name": "clock",
                                              "tools": [{"type": "function", "name": "sleep"}]}]},
      {"type": "tool_search_output", "call_id": "c", "tools": [
          {"type": "namespace", "name": "clock", "tools": [{"type": "function", "name": "sleep"}]},
          {"type": "function", "name": "exec_command"},
          {"type": "custom", "name": "found"}]}]})");
  EXPECT_EQ(names(m.mapping.chat_tools(nullptr)),
            (std::vector<std::string>{"exec_command", "sleep", "found"}));
}

TEST(ToolMapping, AllowedToolsKeepOnlyTheNamedTopLevelTools) {
  const Mapped m(
      R"({"model": "m", "tools": [{"type": "function", "name": "a"}, {"type": "custom", "name": "b"},
      {"type": "namespace", "name": "n", "tools": [{"type": "function", "name": "c"}]}]})");
  const json::array allowed =
      json::parse(R"([{"type": "custom", "name": "b"}, {"type": "function", "name": "c"}])").as_array();
  EXPECT_EQ(names(m.mapping.chat_tools(&allowed)), (std::vector<std::string>{"b"}));
}

}  // namespace
}  // namespace gw::backends::chat_completions
