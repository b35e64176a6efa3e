// The input items Codex sends about tools and compaction, normalized; and the request settings it adds.
#include "protocol/tool_items.hpp"

#include <gtest/gtest.h>

#include <string>
#include <string_view>

#include <boost/json.hpp>

#include "protocol/create_response.hpp"

namespace gw::protocol {
namespace {

namespace json = boost::json;

json::object item(std::string_view raw) {
  auto normalized = normalize_input_item(json::parse(raw), "input[0]");
  EXPECT_TRUE(normalized.has_value())
      << (normalized ? "" : normalized.error().param + ": " + normalized.error().message);
  return normalized ? *normalized : json::object{};
}

ApiError item_error(std::string_view raw) {
  auto normalized = normalize_input_item(json::parse(raw), "input[3]");
  EXPECT_FALSE(normalized.has_value()) << raw;
  return normalized ? ApiError{} : normalized.error();
}

TEST(ToolItems, FunctionCallKeepsItsNamespace) {
  const auto call = item(R"({"type": "function_call", "call_id": "call_1", "name": "spawn_agent",
      "namespace": "multi_agent_v1", "arguments": "{}"})");
  EXPECT_EQ(call.at("namespace"), json::value("multi_agent_v1"));
  EXPECT_FALSE(item(R"({"type": "function_call", "call_id": "c", "name": "f", "arguments": "{}"})")
                   .contains("namespace"));
}

TEST(ToolItems, CustomToolCallAndItsOutput) {
  EXPECT_EQ(item(R"({"type": "custom_tool_call", "id": "ctc_1", "call_id": "call_1", "name": "exec",
                     "input": "const r = 1;", "status": "completed"})"),
            json::parse(R"({"type": "custom_tool_call", "id": "ctc_1", "call_id": "call_1", "name": "exec",
                            "input": "const r = 1;", "status": "completed"})"));
  const auto no_id = item(R"({"type": "custom_tool_call", "call_id": "c", "name": "apply_patch", "input": "x",
                              "namespace": "functions"})");
  EXPECT_TRUE(std::string_view(no_id.at("id").get_string()).starts_with("ctc_"));
  EXPECT_EQ(no_id.at("namespace"), json::value("functions"));

  // Codex sends the output of `exec` as input_text parts, of apply_patch as a string.
  const auto parts = item(R"({"type": "custom_tool_call_output", "id": "ctco_1", "call_id": "call_1",
      "output": [{"type": "input_text", "text": "Script completed\n"}, {"type": "input_text", "text": "{}"}]})");
  EXPECT_EQ(parts.at("output"), json::parse(R"([{"type": "input_text", "text": "Script completed\n"},
                                                {"type": "input_text", "text": "{}"}])"));
  const auto text = item(R"({"type": "custom_tool_call_output", "call_id": "call_1", "output": "Done!"})");
  EXPECT_TRUE(std::string_view(text.at("id").get_string()).starts_with("ctco_"));
  EXPECT_EQ(text.at("output"), json::value("Done!"));
}

TEST(ToolItems, ToolSearchCallAndOutput) {
  const auto call = item(R"({"type": "tool_search_call", "call_id": "call_s", "execution": "client",
      "arguments": {"query": "agents", "limit": 3}, "status": "completed"})");
  EXPECT_EQ(call.at("arguments"), json::parse(R"({"query": "agents", "limit": 3})"));
  EXPECT_TRUE(std::string_view(call.at("id").get_string()).starts_with("tsc_"));
  const auto output = item(R"({"type": "tool_search_output", "call_id": "call_s", "execution": "client",
      "tools": [{"type": "namespace", "name": "multi_agent_v1",
                 "tools": [{"type": "function", "name": "spawn_agent"}]}]})");
  EXPECT_EQ(output.at("tools").as_array()[0].at("tools").as_array()[0].at("description"),
            json::value(nullptr));
  EXPECT_EQ(output.at("execution"), json::value("client"));
  const auto server =
      item(R"({"type": "tool_search_output", "call_id": null, "execution": "server", "tools": []})");
  EXPECT_EQ(server.at("call_id"), json::value(nullptr));
}

TEST(ToolItems, AdditionalToolsAreParsedAsTools) {
  const auto tools = item(R"({"type": "additional_tools", "id": "at_1", "role": "developer",
      "tools": [{"type": "namespace", "name": "functions", "description": "",
                 "tools": [{"type": "custom", "name": "exec",
                            "format": {"type": "grammar", "syntax": "lark", "definition": "start: /.+/"}}]}]})");
  EXPECT_EQ(tools.at("id"), json::value("at_1"));
  EXPECT_EQ(tools.at("role"), json::value("developer"));
  EXPECT_EQ(tools.at("tools").as_array()[0].at("tools").as_array()[0].at("format").at("syntax"),
            json::value("lark"));
  const auto bad = item_error(R"({"type": "additional_tools", "tools": [{"type": "custom"}]})");
  EXPECT_EQ(bad.param, "input[3].tools[0].name");
  EXPECT_EQ(item_error(R"({"type": "additional_tools", "role": "user", "tools": []})").param,
            "input[3].role");
}

TEST(ToolItems, CompactionItems) {
  const auto compaction = item(R"({"type": "compaction", "encrypted_content": "blob"})");
  EXPECT_TRUE(std::string_view(compaction.at("id").get_string()).starts_with("cmp_"));
  EXPECT_EQ(compaction.at("encrypted_content"), json::value("blob"));
  EXPECT_EQ(item_error(R"({"type": "compaction"})").param, "input[3].encrypted_content");
  EXPECT_EQ(item(R"({"type": "compaction_trigger"})"), json::parse(R"({"type": "compaction_trigger"})"));
}

TEST(ToolItems, RequiredFieldsAreNamed) {
  EXPECT_EQ(item_error(R"({"type": "custom_tool_call", "call_id": "c", "name": "n"})").param,
            "input[3].input");
  EXPECT_EQ(item_error(R"({"type": "custom_tool_call_output", "call_id": "c"})").param, "input[3].output");
  EXPECT_EQ(item_error(R"({"type": "tool_search_call", "call_id": "c"})").param, "input[3].arguments");
  EXPECT_EQ(item_error(R"({"type": "tool_search_output", "call_id": "c"})").param, "input[3].tools");
  // Tool outputs are text for a chat backend: an image in one is refused by name.
  EXPECT_EQ(item_error(R"({"type": "custom_tool_call_output", "call_id": "c",
                           "output": [{"type": "input_image", "image_url": "data:x"}]})")
                .param,
            "input[3].output[0].type");
}

TEST(CompactionTrigger, MustBeLastAndWithoutConversationOrChain) {
  auto ok = parse_create_response(json::parse(R"({"model": "m", "input": [
      {"role": "user", "content": "hi"}, {"type": "compaction_trigger"}]})"));
  ASSERT_TRUE(ok.has_value()) << ok.error().message;
  auto early = parse_create_response(json::parse(R"({"model": "m", "input": [
      {"type": "compaction_trigger"}, {"role": "user", "content": "hi"}]})"));
  ASSERT_FALSE(early.has_value());
  EXPECT_EQ(early.error().param, "input[0].type");
  auto with_conversation = parse_create_response(json::parse(R"({"model": "m", "conversation": "conv_1",
      "input": [{"type": "compaction_trigger"}]})"));
  ASSERT_FALSE(with_conversation.has_value());
  EXPECT_EQ(with_conversation.error().code, "unsupported_value");
  // A chain would replay the whole history before the summary: nothing would be compacted.
  auto with_chain = parse_create_response(json::parse(R"({"model": "m", "previous_response_id": "resp_1",
      "input": [{"type": "compaction_trigger"}]})"));
  ASSERT_FALSE(with_chain.has_value());
  EXPECT_EQ(with_chain.error().param, "input[0].type");
}

// What Codex's default slug sends besides its items: reasoning with a context mode, effort up to max.
TEST(CodexSettings, ReasoningContextIsKept) {
  auto req = parse_create_response(json::parse(R"({"model": "gpt-6.1-sol", "store": false, "stream": true,
      "reasoning": {"effort": "low", "context": "all_turns"}, "text": {"verbosity": "low"},
      "parallel_tool_calls": false, "prompt_cache_key": "thread-1", "include": ["reasoning.encrypted_content"],
      "client_metadata": {"thread_id": "thread-1"}, "tool_choice": "auto", "input": []})"));
  ASSERT_TRUE(req.has_value()) << req.error().message;
  EXPECT_EQ(req->reasoning, json::parse(R"({"effort": "low", "summary": null, "context": "all_turns"})"));
  auto max = parse_create_response(json::parse(R"({"model": "m", "reasoning": {"effort": "max"}})"));
  EXPECT_TRUE(max.has_value());
  auto bad = parse_create_response(json::parse(R"({"model": "m", "reasoning": {"context": "forever"}})"));
  ASSERT_FALSE(bad.has_value());
  EXPECT_EQ(bad.error().param, "reasoning.context");
}

}  // namespace
}  // namespace gw::protocol
