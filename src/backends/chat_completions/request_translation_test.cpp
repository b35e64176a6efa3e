#include "backends/chat_completions/request_translation.hpp"

#include <gtest/gtest.h>

#include <ostream>
#include <string>
#include <string_view>

#include <boost/json.hpp>

#include "protocol/create_response.hpp"

namespace gw::backends::chat_completions {
namespace {

namespace json = boost::json;

// The chat body for a Responses request body; the context is the request's own (normalized) input.
json::object translate(std::string_view request_body) {
  auto req = protocol::parse_create_response(json::parse(request_body));
  EXPECT_TRUE(req.has_value()) << (req ? "" : req.error().param + ": " + req.error().message);
  if (!req) return {};
  return build_chat_request(ModelRequest{*req, req->input, {}});
}

// The chat body for `request_body` with an explicit context (items as the engine assembles them).
json::object translate(std::string_view request_body, std::string_view context) {
  auto req = protocol::parse_create_response(json::parse(request_body));
  EXPECT_TRUE(req.has_value()) << (req ? "" : req.error().param + ": " + req.error().message);
  if (!req) return {};
  const json::array items = json::parse(context).as_array();
  return build_chat_request(ModelRequest{*req, items, {}});
}

json::array messages_of(std::string_view input_json) {
  return translate(std::string(R"({"model": "m", "input": )") + std::string(input_json) + "}")
      .at("messages")
      .as_array();
}

// ---------------------------------------------------------------------------------------------------------
// Messages

TEST(BuildChatRequest, StringInputAndStreamingSettings) {
  const auto body = translate(R"({"model": "qwen3:8b", "input": "Hello"})");
  EXPECT_EQ(body.at("model"), json::value("qwen3:8b"));
  EXPECT_EQ(body.at("messages"), json::parse(R"([{"role": "user", "content": "Hello"}])"));
  EXPECT_EQ(body.at("stream"), json::value(true));
  EXPECT_EQ(body.at("stream_options"), json::parse(R"({"include_usage": true})"));
}

TEST(BuildChatRequest, InstructionsComeFirstAsSystem) {
  const auto body = translate(R"({"model": "m", "instructions": "Answer in French.", "input": [
      {"role": "developer", "content": "Be brief."}, {"role": "user", "content": "Hi"}]})");
  EXPECT_EQ(body.at("messages"), json::parse(R"([{"role": "system", "content": "Answer in French."},
                                                 {"role": "system", "content": "Be brief."},
                                                 {"role": "user", "content": "Hi"}])"));
}

TEST(BuildChatRequest, EmptyInstructionsAreDropped) {
  const auto body = translate(R"({"model": "m", "instructions": "", "input": "Hi"})");
  EXPECT_EQ(body.at("messages"), json::parse(R"([{"role": "user", "content": "Hi"}])"));
}

TEST(BuildChatRequest, EveryRole) {
  EXPECT_EQ(messages_of(R"([{"role": "system", "content": "S"}, {"role": "developer", "content": "D"},
                            {"role": "user", "content": "U"}, {"role": "assistant", "content": "A"}])"),
            json::parse(R"([{"role": "system", "content": "S"}, {"role": "system", "content": "D"},
                            {"role": "user", "content": "U"}, {"role": "assistant", "content": "A"}])"));
}

TEST(BuildChatRequest, UserImagesBecomeTypedParts) {
  EXPECT_EQ(messages_of(R"([{"role": "user", "content": [
                {"type": "input_text", "text": "Compare these."},
                {"type": "input_image", "image_url": "https://example.com/a.png"},
                {"type": "input_image", "image_url": "data:image/jpeg;base64,/9j/4AAQ", "detail": "high"}]}])"),
            json::parse(R"([{"role": "user", "content": [
                {"type": "text", "text": "Compare these."},
                {"type": "image_url", "image_url": {"url": "https://example.com/a.png"}},
                {"type": "image_url", "image_url": {"url": "data:image/jpeg;base64,/9j/4AAQ", "detail": "high"}}]}])"));
}

TEST(BuildChatRequest, ImageOnlyUserMessage) {
  EXPECT_EQ(messages_of(R"([{"role": "user", "content": [
                {"type": "input_image", "image_url": "https://example.com/a.png", "detail": "low"}]}])"),
            json::parse(R"([{"role": "user", "content": [
                {"type": "image_url", "image_url": {"url": "https://example.com/a.png", "detail": "low"}}]}])"));
}

// File parts reach the context only from prompt variables (client input refuses them); Chat Completions
// takes them as `file` parts with the bytes inline.
TEST(BuildChatRequest, UserFilePartsBecomeFileParts) {
  const auto body = translate(R"({"model": "m"})", R"([{"type": "message", "role": "user", "content": [
      {"type": "input_text", "text": "Summarize "},
      {"type": "input_file", "file_data": "data:application/pdf;base64,JVBERi0=", "filename": "a.pdf"},
      {"type": "input_file", "file_data": "data:text/plain;base64,aGk="}]}])");
  EXPECT_EQ(body.at("messages"), json::parse(R"([{"role": "user", "content": [
      {"type": "text", "text": "Summarize "},
      {"type": "file", "file": {"file_data": "data:application/pdf;base64,JVBERi0=", "filename": "a.pdf"}},
      {"type": "file", "file": {"file_data": "data:text/plain;base64,aGk="}}]}])"));
}

TEST(BuildChatRequest, AssistantPartsAndRefusal) {
  const auto messages = messages_of(R"([{"role": "user", "content": "x"}, {"role": "assistant", "content": [
      {"type": "output_text", "text": "I can't "}, {"type": "refusal", "refusal": "help with that."}]}])");
  ASSERT_EQ(messages.size(), 2u);
  EXPECT_EQ(messages[1], json::parse(R"({"role": "assistant", "content": "I can't help with that."})"));
}

// ---------------------------------------------------------------------------------------------------------
// Assistant turns: reasoning, text and tool calls of one model turn become one chat message

struct TurnCase {
  const char* label;
  const char* context;
  const char* messages;
};

void PrintTo(const TurnCase& c, std::ostream* os) { *os << c.label; }

class AssistantTurns : public ::testing::TestWithParam<TurnCase> {};

TEST_P(AssistantTurns, AreGrouped) {
  const auto& c = GetParam();
  const auto body = translate(R"({"model": "m"})", c.context);
  EXPECT_EQ(body.at("messages"), json::parse(c.messages)) << json::serialize(body.at("messages"));
}

INSTANTIATE_TEST_SUITE_P(
    BuildChatRequest, AssistantTurns,
    ::testing::Values(
        TurnCase{"reasoning_then_text",
                 R"([{"type": "message", "role": "user", "content": [{"type": "input_text", "text": "2+2?"}]},
                     {"type": "reasoning", "id": "rs_1", "summary": [],
                      "content": [{"type": "reasoning_text", "text": "Simple sum."}]},
                     {"type": "message", "id": "msg_1", "role": "assistant", "status": "completed",
                      "content": [{"type": "output_text", "text": "4", "annotations": []}]}])",
                 R"([{"role": "user", "content": "2+2?"},
                     {"role": "assistant", "content": "4", "reasoning_content": "Simple sum."}])"},
        TurnCase{
            "reasoning_then_parallel_calls",
            R"([{"type": "message", "role": "user", "content": [{"type": "input_text", "text": "Weather?"}]},
                     {"type": "reasoning", "id": "rs_1", "summary": [],
                      "content": [{"type": "reasoning_text", "text": "Two cities."}]},
                     {"type": "function_call", "id": "fc_1", "call_id": "call_a", "name": "weather",
                      "arguments": "{\"city\":\"Paris\"}", "status": "completed"},
                     {"type": "function_call", "id": "fc_2", "call_id": "call_b", "name": "weather",
                      "arguments": "{\"city\":\"Rome\"}", "status": "completed"},
                     {"type": "function_call_output", "call_id": "call_a", "output": "18C"},
                     {"type": "function_call_output", "call_id": "call_b", "output": "24C"}])",
            R"([{"role": "user", "content": "Weather?"},
                     {"role": "assistant", "content": null, "reasoning_content": "Two cities.", "tool_calls": [
                       {"id": "call_a", "type": "function",
                        "function": {"name": "weather", "arguments": "{\"city\":\"Paris\"}"}},
                       {"id": "call_b", "type": "function",
                        "function": {"name": "weather", "arguments": "{\"city\":\"Rome\"}"}}]},
                     {"role": "tool", "tool_call_id": "call_a", "content": "18C"},
                     {"role": "tool", "tool_call_id": "call_b", "content": "24C"}])"},
        TurnCase{
            "text_then_call",
            R"([{"type": "message", "role": "assistant", "content": [{"type": "output_text", "text": "Let me check."}]},
                     {"type": "function_call", "call_id": "call_a", "name": "lookup", "arguments": "{}"}])",
            R"([{"role": "assistant", "content": "Let me check.", "tool_calls": [
                       {"id": "call_a", "type": "function", "function": {"name": "lookup", "arguments": "{}"}}]}])"},
        TurnCase{"call_output_then_answer",
                 R"([{"type": "function_call", "call_id": "call_a", "name": "lookup", "arguments": "{}"},
                     {"type": "function_call_output", "call_id": "call_a",
                      "output": [{"type": "input_text", "text": "found "}, {"type": "input_text", "text": "it"}]},
                     {"type": "message", "role": "assistant", "content": [{"type": "output_text", "text": "Done."}]}])",
                 R"([{"role": "assistant", "content": null, "tool_calls": [
                       {"id": "call_a", "type": "function", "function": {"name": "lookup", "arguments": "{}"}}]},
                     {"role": "tool", "tool_call_id": "call_a", "content": "found it"},
                     {"role": "assistant", "content": "Done."}])"},
        TurnCase{"call_then_text_is_a_new_turn",
                 R"([{"type": "function_call", "call_id": "call_a", "name": "f", "arguments": "{}"},
                     {"type": "message", "role": "assistant", "content": [{"type": "output_text", "text": "Hm."}]}])",
                 R"([{"role": "assistant", "content": null, "tool_calls": [
                       {"id": "call_a", "type": "function", "function": {"name": "f", "arguments": "{}"}}]},
                     {"role": "assistant", "content": "Hm."}])"},
        TurnCase{
            "two_answers_are_two_turns",
            R"([{"type": "message", "role": "assistant", "content": [{"type": "output_text", "text": "One."}]},
                     {"type": "message", "role": "assistant", "content": [{"type": "output_text", "text": "Two."}]}])",
            R"([{"role": "assistant", "content": "One."}, {"role": "assistant", "content": "Two."}])"},
        TurnCase{"user_between_turns",
                 R"([{"type": "function_call", "call_id": "c1", "name": "f", "arguments": "{}"},
                     {"type": "message", "role": "user", "content": [{"type": "input_text", "text": "and?"}]},
                     {"type": "function_call", "call_id": "c2", "name": "f", "arguments": "{}"}])",
                 R"([{"role": "assistant", "content": null, "tool_calls": [
                       {"id": "c1", "type": "function", "function": {"name": "f", "arguments": "{}"}}]},
                     {"role": "user", "content": "and?"},
                     {"role": "assistant", "content": null, "tool_calls": [
                       {"id": "c2", "type": "function", "function": {"name": "f", "arguments": "{}"}}]}])"},
        TurnCase{"reasoning_from_summary",
                 R"([{"type": "reasoning", "id": "rs_1",
                      "summary": [{"type": "summary_text", "text": "First."}, {"type": "summary_text", "text": "Second."}]},
                     {"type": "message", "role": "assistant", "content": [{"type": "output_text", "text": "A"}]}])",
                 R"([{"role": "assistant", "content": "A", "reasoning_content": "First.\n\nSecond."}])"},
        // A reasoning item belongs to the assistant turn right after it; with a user message in between (the
        // model ran out of tokens while reasoning) it must not be pinned on a later, unrelated turn.
        TurnCase{"reasoning_not_carried_past_user",
                 R"([{"type": "message", "role": "user", "content": [{"type": "input_text", "text": "Q1"}]},
                     {"type": "reasoning", "id": "rs_1", "summary": [],
                      "content": [{"type": "reasoning_text", "text": "About Q1"}]},
                     {"type": "message", "role": "user", "content": [{"type": "input_text", "text": "Q2"}]},
                     {"type": "message", "role": "assistant", "content": [{"type": "output_text", "text": "A2"}]}])",
                 R"([{"role": "user", "content": "Q1"}, {"role": "user", "content": "Q2"},
                     {"role": "assistant", "content": "A2"}])"},
        TurnCase{"empty_reasoning_adds_nothing",
                 R"([{"type": "reasoning", "id": "rs_1", "summary": [], "encrypted_content": "AQID"},
                     {"type": "message", "role": "assistant", "content": [{"type": "output_text", "text": "A"}]}])",
                 R"([{"role": "assistant", "content": "A"}])"}),
    [](const auto& info) { return std::string(info.param.label); });

TEST(ReasoningText, PrefersContentOverSummary) {
  EXPECT_EQ(
      reasoning_text(json::parse(R"({"type": "reasoning", "summary": [{"type": "summary_text", "text": "S"}],
                                           "content": [{"type": "reasoning_text", "text": "C1"},
                                                       {"type": "reasoning_text", "text": "C2"}]})")
                         .as_object()),
      "C1C2");
  EXPECT_EQ(
      reasoning_text(json::parse(R"({"type": "reasoning", "summary": [{"type": "summary_text", "text": "S"}],
                                           "content": []})")
                         .as_object()),
      "S");
  EXPECT_EQ(reasoning_text(json::parse(R"({"type": "reasoning", "summary": []})").as_object()), "");
  EXPECT_EQ(reasoning_text(json::parse(R"({"type": "reasoning"})").as_object()), "");
}

// create_response.hpp: what the gateway cannot honour is refused with a 400 naming it, never silently
// ignored. So an image the parser accepts must reach the backend.
void expect_image_forwarded_or_refused(std::string_view body, std::string_view url) {
  auto req = protocol::parse_create_response(json::parse(body));
  if (!req) {
    EXPECT_FALSE(req.error().param.empty()) << req.error().message;
    return;
  }
  const auto chat = build_chat_request(ModelRequest{*req, req->input, {}});
  EXPECT_NE(json::serialize(chat).find(url), std::string::npos)
      << "accepted, then dropped: " << json::serialize(chat.at("messages"));
}

TEST(BuildChatRequest, ImageInToolOutputIsNotDropped) {
  expect_image_forwarded_or_refused(R"({"model": "m", "input": [
      {"type": "function_call", "call_id": "call_1", "name": "screenshot", "arguments": "{}"},
      {"type": "function_call_output", "call_id": "call_1", "output": [
        {"type": "input_text", "text": "Here it is"},
        {"type": "input_image", "image_url": "https://example.com/shot.png"}]}]})",
                                    "https://example.com/shot.png");
}

TEST(BuildChatRequest, ImageInSystemMessageIsNotDropped) {
  expect_image_forwarded_or_refused(R"({"model": "m", "input": [
      {"role": "developer", "content": [{"type": "input_text", "text": "Brand:"},
                                        {"type": "input_image", "image_url": "https://example.com/logo.png"}]},
      {"role": "user", "content": "Describe our logo."}]})",
                                    "https://example.com/logo.png");
}

// ---------------------------------------------------------------------------------------------------------
// Tools

constexpr const char* kTwoTools = R"("tools": [
    {"type": "function", "name": "get_weather", "description": "Weather for a city", "strict": true,
     "parameters": {"type": "object", "properties": {"city": {"type": "string"}}, "required": ["city"],
                    "additionalProperties": false}},
    {"type": "function", "name": "now"}])";

TEST(BuildChatRequest, ToolsBecomeChatFunctions) {
  const auto body = translate(std::string(R"({"model": "m", "input": "x", )") + kTwoTools + "}");
  EXPECT_EQ(body.at("tools"), json::parse(R"([
      {"type": "function", "function": {"name": "get_weather", "description": "Weather for a city", "strict": true,
        "parameters": {"type": "object", "properties": {"city": {"type": "string"}}, "required": ["city"],
                       "additionalProperties": false}}},
      {"type": "function", "function": {"name": "now", "parameters": {"type": "object", "properties": {}}}}])"));
  EXPECT_EQ(body.at("tool_choice"), json::value("auto"));
  EXPECT_EQ(body.at("parallel_tool_calls"), json::value(true));
}

TEST(BuildChatRequest, NoToolsNoToolFields) {
  const auto body = translate(R"({"model": "m", "input": "x", "tool_choice": "none"})");
  EXPECT_FALSE(body.contains("tools"));
  EXPECT_FALSE(body.contains("tool_choice"));
  EXPECT_FALSE(body.contains("parallel_tool_calls"));
}

struct ChoiceCase {
  const char* label;
  const char* extra;       // request fields after the tools
  const char* choice;      // expected chat tool_choice
  const char* tool_names;  // expected offered tools, comma-separated
};

void PrintTo(const ChoiceCase& c, std::ostream* os) { *os << c.label; }

class ChatToolChoice : public ::testing::TestWithParam<ChoiceCase> {};

TEST_P(ChatToolChoice, IsTranslated) {
  const auto& c = GetParam();
  const auto body =
      translate(std::string(R"({"model": "m", "input": "x", )") + kTwoTools + ", " + c.extra + "}");
  EXPECT_EQ(body.at("tool_choice"), json::parse(c.choice));
  std::string names;
  for (const auto& t : body.at("tools").as_array())
    names += (names.empty() ? "" : ",") + std::string(t.at("function").at("name").as_string());
  EXPECT_EQ(names, c.tool_names);
}

INSTANTIATE_TEST_SUITE_P(
    BuildChatRequest, ChatToolChoice,
    ::testing::Values(ChoiceCase{"none", R"("tool_choice": "none")", R"("none")", "get_weather,now"},
                      ChoiceCase{"required", R"("tool_choice": "required")", R"("required")",
                                 "get_weather,now"},
                      ChoiceCase{"function", R"("tool_choice": {"type": "function", "name": "now"})",
                                 R"({"type": "function", "function": {"name": "now"}})", "get_weather,now"},
                      ChoiceCase{"allowed_tools_auto",
                                 R"("tool_choice": {"type": "allowed_tools", "mode": "auto",
                                      "tools": [{"type": "function", "name": "now"}]})",
                                 R"("auto")", "now"},
                      ChoiceCase{"allowed_tools_required",
                                 R"("tool_choice": {"type": "allowed_tools", "mode": "required",
                                      "tools": [{"type": "function", "name": "get_weather"}]})",
                                 R"("required")", "get_weather"}),
    [](const auto& info) { return std::string(info.param.label); });

TEST(BuildChatRequest, ParallelToolCallsOff) {
  const auto body = translate(std::string(R"({"model": "m", "input": "x", "parallel_tool_calls": false, )") +
                              kTwoTools + "}");
  EXPECT_EQ(body.at("parallel_tool_calls"), json::value(false));
}

// ---------------------------------------------------------------------------------------------------------
// Output format and sampling

TEST(BuildChatRequest, ResponseFormat) {
  EXPECT_FALSE(translate(R"({"model": "m", "input": "x"})").contains("response_format"));
  EXPECT_FALSE(translate(R"({"model": "m", "input": "x", "text": {"format": {"type": "text"}}})")
                   .contains("response_format"));
  EXPECT_EQ(translate(R"({"model": "m", "input": "x", "text": {"format": {"type": "json_object"}}})")
                .at("response_format"),
            json::parse(R"({"type": "json_object"})"));
  EXPECT_EQ(
      translate(R"({"model": "m", "input": "x", "text": {"format": {"type": "json_schema", "name": "person",
                         "strict": true, "schema": {"type": "object", "properties": {"name": {"type": "string"}}}}}})")
          .at("response_format"),
      json::parse(R"({"type": "json_schema", "json_schema": {"name": "person", "strict": true,
                            "schema": {"type": "object", "properties": {"name": {"type": "string"}}}}})"));
  EXPECT_EQ(translate(R"({"model": "m", "input": "x", "text": {"format": {"type": "json_schema", "name": "p",
                         "description": "A person", "schema": {"type": "object"}}}})")
                .at("response_format"),
            json::parse(R"({"type": "json_schema", "json_schema": {"name": "p", "strict": false,
                            "description": "A person", "schema": {"type": "object"}}})"));
}

TEST(BuildChatRequest, SamplingAndRequestSettings) {
  const auto body = translate(R"({"model": "m", "input": "x", "temperature": 0.3, "top_p": 0.8,
      "presence_penalty": 0.5, "frequency_penalty": -0.5, "max_output_tokens": 512, "user": "u-1",
      "safety_identifier": "sid", "prompt_cache_key": "pck", "prompt_cache_retention": "24h",
      "service_tier": "priority", "reasoning": {"effort": "low"}, "text": {"verbosity": "high"}})");
  EXPECT_EQ(body.at("temperature"), json::value(0.3));
  EXPECT_EQ(body.at("top_p"), json::value(0.8));
  EXPECT_EQ(body.at("presence_penalty"), json::value(0.5));
  EXPECT_EQ(body.at("frequency_penalty"), json::value(-0.5));
  EXPECT_EQ(body.at("max_completion_tokens").to_number<std::int64_t>(), 512);
  EXPECT_EQ(body.at("user"), json::value("u-1"));
  EXPECT_EQ(body.at("safety_identifier"), json::value("sid"));
  EXPECT_EQ(body.at("prompt_cache_key"), json::value("pck"));
  EXPECT_EQ(body.at("prompt_cache_retention"), json::value("24h"));
  EXPECT_EQ(body.at("service_tier"), json::value("priority"));
  EXPECT_EQ(body.at("reasoning_effort"), json::value("low"));
  EXPECT_EQ(body.at("verbosity"), json::value("high"));
}

TEST(BuildChatRequest, UnsetSettingsAreNotSent) {
  const auto body = translate(R"({"model": "m", "input": "x", "reasoning": {"summary": "auto"}})");
  for (const char* key :
       {"temperature", "top_p", "presence_penalty", "frequency_penalty", "max_completion_tokens",
        "max_tokens", "user", "safety_identifier", "prompt_cache_key", "service_tier", "reasoning_effort",
        "verbosity", "logprobs", "top_logprobs", "response_format"})
    EXPECT_FALSE(body.contains(key)) << key;
}

struct LogprobCase {
  const char* label;
  const char* extra;
  bool logprobs;
  int top_logprobs;  // -1: absent
};

void PrintTo(const LogprobCase& c, std::ostream* os) { *os << c.label; }

class Logprobs : public ::testing::TestWithParam<LogprobCase> {};

TEST_P(Logprobs, Flags) {
  const auto& c = GetParam();
  const auto body = translate(std::string(R"({"model": "m", "input": "x")") + c.extra + "}");
  if (c.logprobs)
    EXPECT_EQ(body.at("logprobs"), json::value(true));
  else
    EXPECT_FALSE(body.contains("logprobs"));
  if (c.top_logprobs < 0)
    EXPECT_FALSE(body.contains("top_logprobs"));
  else
    EXPECT_EQ(body.at("top_logprobs").to_number<std::int64_t>(), c.top_logprobs);
}

INSTANTIATE_TEST_SUITE_P(
    BuildChatRequest, Logprobs,
    ::testing::Values(
        LogprobCase{"none", "", false, -1},
        LogprobCase{"top_logprobs_zero", R"(, "top_logprobs": 0)", false, -1},
        LogprobCase{"include_only", R"(, "include": ["message.output_text.logprobs"])", true, -1},
        LogprobCase{"top_logprobs", R"(, "top_logprobs": 3)", true, 3},
        LogprobCase{"both", R"(, "top_logprobs": 5, "include": ["message.output_text.logprobs"])", true, 5}),
    [](const auto& info) { return std::string(info.param.label); });

}  // namespace
}  // namespace gw::backends::chat_completions
