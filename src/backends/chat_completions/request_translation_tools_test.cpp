// Translation of what Codex sends: namespace, custom and tool_search tools (also from `additional_tools`),
// the calls to them and their outputs replayed, compaction summaries, reasoning.context.
#include "backends/chat_completions/request_translation.hpp"

#include <gtest/gtest.h>

#include <string>
#include <string_view>

#include <boost/json.hpp>

#include "protocol/create_response.hpp"

namespace gw::backends::chat_completions {
namespace {

namespace json = boost::json;

json::object translate(std::string_view request_body, bool offer_tools = true) {
  auto req = protocol::parse_create_response(json::parse(request_body));
  EXPECT_TRUE(req.has_value()) << (req ? "" : req.error().param + ": " + req.error().message);
  if (!req) return {};
  ModelRequest model_request{*req, req->input, {}};
  model_request.offer_tools = offer_tools;
  return build_chat_request(model_request);
}

constexpr std::string_view kCodexTools = R"("tools": [
    {"type": "function", "name": "exec_command", "parameters": {"type": "object", "properties": {"cmd": {"type": "string"}}}},
    {"type": "custom", "name": "apply_patch", "format": {"type": "grammar", "syntax": "lark", "definition": "start: x"}},
    {"type": "namespace", "name": "multi_agent_v1", "tools": [{"type": "function", "name": "spawn_agent"}]},
    {"type": "tool_search", "execution": "client"},
    {"type": "web_search", "external_web_access": true}])";

std::string with_input(std::string_view input) {
  return R"({"model": "m", )" + std::string(kCodexTools) + R"(, "input": )" + std::string(input) + "}";
}

TEST(TranslateCodexTools, EveryToolBecomesAChatFunctionButWebSearch) {
  const auto body = translate(with_input(R"("hi")"));
  std::vector<std::string> names;
  for (const auto& t : body.at("tools").as_array())
    names.emplace_back(t.at("function").at("name").get_string());
  EXPECT_EQ(names, (std::vector<std::string>{"exec_command", "apply_patch", "spawn_agent", "tool_search"}));
  EXPECT_EQ(body.at("tool_choice"), json::value("auto"));
}

TEST(TranslateCodexTools, AdditionalToolsAreOfferedWithoutAMessage) {
  const auto body = translate(R"({"model": "m", "parallel_tool_calls": false, "input": [
      {"type": "additional_tools", "id": "at_1", "role": "developer", "tools": [
          {"type": "namespace", "name": "functions", "description": "",
           "tools": [{"type": "custom", "name": "exec"}, {"type": "function", "name": "wait"}]},
          {"type": "namespace", "name": "clock", "description": "Time.", "tools": [{"type": "function", "name": "sleep"}]}]},
      {"role": "developer", "content": "You are Codex."},
      {"role": "user", "content": "hi"}]})");
  EXPECT_EQ(body.at("messages"), json::parse(R"([{"role": "system", "content": "You are Codex."},
                                                 {"role": "user", "content": "hi"}])"));
  ASSERT_EQ(body.at("tools").as_array().size(), 3u);
  EXPECT_EQ(body.at("tools").as_array()[0].at("function").at("name"), json::value("exec"));
  EXPECT_EQ(body.at("tools").as_array()[2].at("function").at("description"), json::value("Time."));
  EXPECT_EQ(body.at("parallel_tool_calls"), json::value(false));
}

TEST(TranslateCodexTools, CallsAndOutputsAreReplayedUnderChatNames) {
  const auto body = translate(with_input(R"([
      {"role": "user", "content": "go"},
      {"type": "custom_tool_call", "call_id": "call_p", "name": "apply_patch", "input": "*** Begin Patch\n"},
      {"type": "custom_tool_call_output", "call_id": "call_p", "output": "Done!"},
      {"type": "function_call", "call_id": "call_a", "name": "spawn_agent", "namespace": "multi_agent_v1",
       "arguments": "{}"},
      {"type": "function_call_output", "call_id": "call_a", "output": "spawned"},
      {"type": "custom_tool_call", "call_id": "call_x", "name": "exec", "namespace": "functions", "input": "1"},
      {"type": "custom_tool_call_output", "call_id": "call_x",
       "output": [{"type": "input_text", "text": "Script completed\n"}, {"type": "input_text", "text": "{}"}]}])"));
  EXPECT_EQ(body.at("messages"), json::parse(R"([
      {"role": "user", "content": "go"},
      {"role": "assistant", "content": null, "tool_calls": [{"id": "call_p", "type": "function",
          "function": {"name": "apply_patch", "arguments": "{\"input\":\"*** Begin Patch\\n\"}"}}]},
      {"role": "tool", "tool_call_id": "call_p", "content": "Done!"},
      {"role": "assistant", "content": null, "tool_calls": [{"id": "call_a", "type": "function",
          "function": {"name": "spawn_agent", "arguments": "{}"}}]},
      {"role": "tool", "tool_call_id": "call_a", "content": "spawned"},
      {"role": "assistant", "content": null, "tool_calls": [{"id": "call_x", "type": "function",
          "function": {"name": "functions__exec", "arguments": "{\"input\":\"1\"}"}}]},
      {"role": "tool", "tool_call_id": "call_x", "content": "Script completed\n{}"}])"));
}

TEST(TranslateCodexTools, ToolSearchRoundTripOffersTheToolsFound) {
  const auto body = translate(with_input(R"([
      {"role": "user", "content": "spawn a helper"},
      {"type": "tool_search_call", "call_id": "call_s", "execution": "client", "arguments": {"query": "agent"}},
      {"type": "tool_search_output", "call_id": "call_s", "execution": "client", "tools": [
          {"type": "namespace", "name": "helpers", "tools": [{"type": "function", "name": "ask_helper"}]}]}])"));
  const auto& messages = body.at("messages").as_array();
  EXPECT_EQ(messages[1].at("tool_calls").as_array()[0].at("function"),
            json::parse(R"({"name": "tool_search", "arguments": "{\"query\":\"agent\"}"})"));
  EXPECT_EQ(messages[2], json::parse(R"({"role": "tool", "tool_call_id": "call_s",
      "content": "Tools found, callable from now on: ask_helper."})"));
  EXPECT_EQ(body.at("tools").as_array().back().at("function").at("name"), json::value("ask_helper"));
}

TEST(TranslateCodexTools, OpenedCompactionBecomesASummaryMessage) {
  const auto body = translate(R"({"model": "m", "input": [{"role": "developer", "content": "dev"},
      {"type": "compaction", "id": "cmp_1", "encrypted_content": "sealed"},
      {"role": "user", "content": "next"}]})");
  // Not opened (the engine does that): nothing to say.
  EXPECT_EQ(body.at("messages").as_array().size(), 2u);

  auto req = *protocol::parse_create_response(json::parse(R"({"model": "m"})"));
  const json::array context =
      json::parse(R"([{"type": "compaction", "id": "cmp_1", "encrypted_content": "sealed",
      "content": [{"type": "input_text", "text": "We fixed bug 42."}]}, {"type": "message", "role": "user",
      "content": [{"type": "input_text", "text": "next"}]}])")
          .as_array();
  const auto opened = build_chat_request(ModelRequest{req, context, {}});
  const auto& summary = opened.at("messages").as_array()[0].as_object();
  EXPECT_EQ(summary.at("role"), json::value("user"));
  EXPECT_TRUE(std::string_view(summary.at("content").get_string()).ends_with("\n\nWe fixed bug 42."));
}

TEST(TranslateCodexTools, NoToolsOfferedForASummary) {
  const auto body = translate(with_input(R"("summarize")"), false);
  EXPECT_FALSE(body.contains("tools"));
  EXPECT_FALSE(body.contains("tool_choice"));
  EXPECT_FALSE(body.contains("parallel_tool_calls"));
}

TEST(TranslateCodexTools, ToolChoiceNamingACustomTool) {
  const auto body = translate(R"({"model": "m", "tools": [{"type": "custom", "name": "apply_patch"}],
      "tool_choice": {"type": "custom", "name": "apply_patch"}, "input": "patch it"})");
  EXPECT_EQ(body.at("tool_choice"),
            json::parse(R"({"type": "function", "function": {"name": "apply_patch"}})"));
}

constexpr std::string_view kTwoTurns = R"([
    {"role": "user", "content": "first"},
    {"type": "reasoning", "summary": [], "content": [{"type": "reasoning_text", "text": "old thought"}]},
    {"role": "assistant", "content": "one"},
    {"role": "user", "content": "second"},
    {"type": "reasoning", "summary": [], "content": [{"type": "reasoning_text", "text": "new thought"}]},
    {"type": "function_call", "call_id": "c", "name": "exec_command", "arguments": "{}"},
    {"type": "function_call_output", "call_id": "c", "output": "ok"}])";

TEST(TranslateReasoningContext, CurrentTurnDropsEarlierReasoning) {
  const auto current = translate(R"({"model": "m", "reasoning": {"context": "current_turn"}, "input": )" +
                                 std::string(kTwoTurns) + "}");
  const auto& messages = current.at("messages").as_array();
  EXPECT_FALSE(messages[1].as_object().contains("reasoning_content")) << messages[1];
  EXPECT_EQ(messages[3].at("reasoning_content"), json::value("new thought"));

  const auto all = translate(R"({"model": "m", "reasoning": {"context": "all_turns"}, "input": )" +
                             std::string(kTwoTurns) + "}");
  EXPECT_EQ(all.at("messages").as_array()[1].at("reasoning_content"), json::value("old thought"));
}

}  // namespace
}  // namespace gw::backends::chat_completions
