#include "protocol/create_response.hpp"

#include <gtest/gtest.h>

#include <ostream>
#include <string>
#include <string_view>
#include <vector>

#include <boost/json.hpp>

namespace gw::protocol {
namespace {

namespace json = boost::json;

Result<CreateResponse> parse(std::string_view body) { return parse_create_response(json::parse(body)); }

// A request that must parse; fails the test (and returns a default) when it does not.
CreateResponse parse_ok(std::string_view body) {
  auto r = parse(body);
  EXPECT_TRUE(r.has_value()) << body << "\n→ " << (r ? "" : r.error().param + ": " + r.error().message);
  return r ? std::move(*r) : CreateResponse{};
}

bool is_generated_id(const json::value& id, std::string_view prefix) {
  if (!id.is_string()) return false;
  const std::string_view s = id.get_string();
  if (!s.starts_with(prefix) || s.size() != prefix.size() + 48) return false;
  return s.substr(prefix.size()).find_first_not_of("0123456789abcdef") == std::string_view::npos;
}

// ---------------------------------------------------------------------------------------------------------
// Defaults

TEST(ParseCreateResponse, MinimalRequestGetsDefaults) {
  const auto req = parse_ok(R"({"model": "llama3.2", "input": "Hello"})");
  EXPECT_EQ(req.model, "llama3.2");
  EXPECT_FALSE(req.instructions);
  EXPECT_FALSE(req.previous_response_id);
  EXPECT_TRUE(req.tools.empty());
  EXPECT_EQ(req.tool_choice, json::value("auto"));
  EXPECT_EQ(req.text, json::parse(R"({"format": {"type": "text"}})").as_object());
  EXPECT_TRUE(req.reasoning.is_null());
  EXPECT_TRUE(req.metadata.empty());
  EXPECT_FALSE(req.temperature);
  EXPECT_FALSE(req.top_p);
  EXPECT_FALSE(req.presence_penalty);
  EXPECT_FALSE(req.frequency_penalty);
  EXPECT_FALSE(req.max_output_tokens);
  EXPECT_FALSE(req.max_tool_calls);
  EXPECT_FALSE(req.top_logprobs);
  EXPECT_TRUE(req.parallel_tool_calls);
  EXPECT_FALSE(req.stream);
  EXPECT_TRUE(req.store);
  EXPECT_TRUE(req.include_obfuscation);
  EXPECT_FALSE(req.include_encrypted_reasoning);
  EXPECT_FALSE(req.include_logprobs);
  EXPECT_TRUE(req.include.empty());
  EXPECT_EQ(req.truncation, "disabled");
  EXPECT_FALSE(req.user);
  EXPECT_FALSE(req.service_tier);
}

TEST(ParseCreateResponse, InputMayBeOmitted) {
  // Only the engine knows whether previous_response_id supplies the context.
  const auto req = parse_ok(R"({"model": "m", "previous_response_id": "resp_1"})");
  EXPECT_TRUE(req.input.empty());
  EXPECT_EQ(req.previous_response_id, "resp_1");
}

TEST(ParseCreateResponse, ConversationIsAnIdOrAnObjectWithOne) {
  EXPECT_EQ(parse_ok(R"({"model": "m", "input": "x", "conversation": "conv_1"})").conversation, "conv_1");
  EXPECT_EQ(parse_ok(R"({"model": "m", "input": "x", "conversation": {"id": "conv_2"}})").conversation,
            "conv_2");
  // A null on either side is no conflict (clients spell out what they do not use).
  const auto req = parse_ok(R"({"model": "m", "conversation": "conv_3", "previous_response_id": null})");
  EXPECT_EQ(req.conversation, "conv_3");
  EXPECT_FALSE(req.previous_response_id);
  EXPECT_FALSE(parse_ok(R"({"model": "m", "input": "x", "conversation": null})").conversation);
  EXPECT_FALSE(parse_ok(R"({"model": "m", "input": "x"})").conversation);
}

TEST(ParseCreateResponse, StringInputBecomesOneUserMessage) {
  const auto req = parse_ok(R"({"model": "m", "input": "What is 2+2?"})");
  ASSERT_EQ(req.input.size(), 1u);
  json::object item = req.input[0].as_object();
  EXPECT_TRUE(is_generated_id(item["id"], "msg_")) << item["id"];
  item.erase("id");
  EXPECT_EQ(item, json::parse(R"({"type": "message", "status": "completed", "role": "user",
                                  "content": [{"type": "input_text", "text": "What is 2+2?"}]})")
                      .as_object());
}

TEST(ParseCreateResponse, EachStringInputGetsAFreshId) {
  const auto a = parse_ok(R"({"model": "m", "input": "x"})");
  const auto b = parse_ok(R"({"model": "m", "input": "x"})");
  EXPECT_NE(a.input[0].at("id"), b.input[0].at("id"));
}

// What real clients send (DESIGN.md): none of it may be refused.
TEST(ParseCreateResponse, AcceptsWhatRealClientsSend) {
  const auto req = parse_ok(R"({
    "model": "gpt-oss:20b", "input": [{"role": "user", "content": [{"type": "input_text", "text": "hi"}]}],
    "include": [], "text": {}, "stream": false, "instructions": "Be brief.",
    "temperature": null, "top_p": null, "tool_choice": null, "previous_response_id": null,
    "tools": [{"type": "function", "name": "a", "strict": true,
               "parameters": {"$schema": "http://json-schema.org/draft-07/schema#", "type": "object",
                              "properties": {}, "additionalProperties": false}},
              {"type": "function", "name": "b", "strict": null, "description": "B",
               "parameters": {"$schema": "https://json-schema.org/draft/2020-12/schema", "type": "object"}}],
    "client_metadata": {"session": "x"}
  })");
  EXPECT_EQ(req.instructions, "Be brief.");
  EXPECT_EQ(req.tool_choice, json::value("auto"));
  EXPECT_FALSE(req.temperature);
  EXPECT_FALSE(req.previous_response_id);
  ASSERT_EQ(req.tools.size(), 2u);
  EXPECT_EQ(req.tools[0].at("strict"), json::value(true));
  EXPECT_TRUE(req.tools[1].at("strict").is_null());
  EXPECT_EQ(req.tools[1].at("parameters").at("$schema"),
            json::value("https://json-schema.org/draft/2020-12/schema"));
  EXPECT_EQ(req.text, json::parse(R"({"format": {"type": "text"}})").as_object());
}

TEST(ParseCreateResponse, ReadsEveryScalarSetting) {
  const auto req = parse_ok(R"({
    "model": "m", "input": "x", "temperature": 0.2, "top_p": 0.9, "presence_penalty": -1.5,
    "frequency_penalty": 2, "max_output_tokens": 256, "max_tool_calls": 3, "top_logprobs": 5,
    "parallel_tool_calls": false, "stream": true, "store": false, "truncation": "auto", "user": "u1",
    "safety_identifier": "s1", "prompt_cache_key": "k1", "prompt_cache_retention": "24h",
    "service_tier": "flex", "stream_options": {"include_obfuscation": false},
    "include": ["reasoning.encrypted_content", "message.output_text.logprobs"],
    "metadata": {"team": "search", "run": "7"}
  })");
  EXPECT_EQ(req.temperature, 0.2);
  EXPECT_EQ(req.top_p, 0.9);
  EXPECT_EQ(req.presence_penalty, -1.5);
  EXPECT_EQ(req.frequency_penalty, 2.0);
  EXPECT_EQ(req.max_output_tokens, 256);
  EXPECT_EQ(req.max_tool_calls, 3);
  EXPECT_EQ(req.top_logprobs, 5);
  EXPECT_FALSE(req.parallel_tool_calls);
  EXPECT_TRUE(req.stream);
  EXPECT_FALSE(req.store);
  EXPECT_EQ(req.truncation, "auto");
  EXPECT_EQ(req.user, "u1");
  EXPECT_EQ(req.safety_identifier, "s1");
  EXPECT_EQ(req.prompt_cache_key, "k1");
  EXPECT_EQ(req.prompt_cache_retention, "24h");
  EXPECT_EQ(req.service_tier, "flex");
  EXPECT_FALSE(req.include_obfuscation);
  EXPECT_TRUE(req.include_encrypted_reasoning);
  EXPECT_TRUE(req.include_logprobs);
  EXPECT_EQ(req.include,
            (std::vector<std::string>{"reasoning.encrypted_content", "message.output_text.logprobs"}));
  EXPECT_EQ(req.metadata, json::parse(R"({"team": "search", "run": "7"})").as_object());
}

TEST(ParseCreateResponse, RangeBoundsAreInclusive) {
  const auto req = parse_ok(R"({"model": "m", "temperature": 2, "top_p": 0, "presence_penalty": -2,
                                "frequency_penalty": 2, "top_logprobs": 20, "max_output_tokens": 1})");
  EXPECT_EQ(req.temperature, 2.0);
  EXPECT_EQ(req.top_p, 0.0);
  EXPECT_EQ(req.top_logprobs, 20);
  EXPECT_EQ(req.max_output_tokens, 1);
}

TEST(ParseCreateResponse, BackgroundFalseIsAccepted) {
  EXPECT_TRUE(parse(R"({"model": "m", "background": false})").has_value());
}

TEST(ParseCreateResponse, NormalizesFunctionTools) {
  const auto req = parse_ok(R"({"model": "m", "tools": [
      {"type": "function", "name": "get_weather"},
      {"type": "function", "name": "lookup-2", "description": "Looks up", "strict": false,
       "parameters": {"type": "object", "properties": {"q": {"type": "string"}}, "required": ["q"]}}]})");
  ASSERT_EQ(req.tools.size(), 2u);
  EXPECT_EQ(req.tools[0], json::parse(R"({"type": "function", "name": "get_weather", "description": null,
                                          "parameters": null, "strict": null})"));
  EXPECT_EQ(
      req.tools[1],
      json::parse(R"({"type": "function", "name": "lookup-2", "description": "Looks up", "strict": false,
                            "parameters": {"type": "object", "properties": {"q": {"type": "string"}},
                                           "required": ["q"]}})"));
}

struct ToolChoiceCase {
  const char* label;
  const char* tool_choice;
  const char* expected;
};

void PrintTo(const ToolChoiceCase& c, std::ostream* os) { *os << c.label; }

class ToolChoice : public ::testing::TestWithParam<ToolChoiceCase> {};

TEST_P(ToolChoice, IsNormalized) {
  const auto& c = GetParam();
  const std::string body = std::string(R"({"model": "m", "tools": [{"type": "function", "name": "a"},
      {"type": "function", "name": "b"}], "tool_choice": )") +
                           c.tool_choice + "}";
  const auto req = parse_ok(body);
  EXPECT_EQ(req.tool_choice, json::parse(c.expected));
}

INSTANTIATE_TEST_SUITE_P(
    ParseCreateResponse, ToolChoice,
    ::testing::Values(ToolChoiceCase{"auto", R"("auto")", R"("auto")"},
                      ToolChoiceCase{"none", R"("none")", R"("none")"},
                      ToolChoiceCase{"required", R"("required")", R"("required")"},
                      ToolChoiceCase{"function", R"({"type": "function", "name": "b"})",
                                     R"({"type": "function", "name": "b"})"},
                      ToolChoiceCase{
                          "allowed_default_mode",
                          R"({"type": "allowed_tools", "tools": [{"type": "function", "name": "a"}]})",
                          R"({"type": "allowed_tools", "mode": "auto",
                                         "tools": [{"type": "function", "name": "a"}]})"},
                      ToolChoiceCase{"allowed_required",
                                     R"({"type": "allowed_tools", "mode": "required",
                                         "tools": [{"type": "function", "name": "b"},
                                                   {"type": "function", "name": "a"}]})",
                                     R"({"type": "allowed_tools", "mode": "required",
                                         "tools": [{"type": "function", "name": "b"},
                                                   {"type": "function", "name": "a"}]})"}),
    [](const auto& info) { return std::string(info.param.label); });

struct TextCase {
  const char* label;
  const char* text;
  const char* expected;
};

void PrintTo(const TextCase& c, std::ostream* os) { *os << c.label; }

class TextFormat : public ::testing::TestWithParam<TextCase> {};

TEST_P(TextFormat, IsNormalized) {
  const auto& c = GetParam();
  const auto req = parse_ok(std::string(R"({"model": "m", "text": )") + c.text + "}");
  EXPECT_EQ(req.text, json::parse(c.expected).as_object());
}

INSTANTIATE_TEST_SUITE_P(
    ParseCreateResponse, TextFormat,
    ::testing::Values(
        TextCase{"empty", "{}", R"({"format": {"type": "text"}})"},
        TextCase{"text", R"({"format": {"type": "text"}})", R"({"format": {"type": "text"}})"},
        TextCase{"json_object", R"({"format": {"type": "json_object"}})",
                 R"({"format": {"type": "json_object"}})"},
        TextCase{"json_schema_defaults",
                 R"({"format": {"type": "json_schema", "name": "person",
                                              "schema": {"type": "object"}}})",
                 R"({"format": {"type": "json_schema", "name": "person", "schema": {"type": "object"},
                                              "description": null, "strict": false}})"},
        TextCase{"json_schema_full",
                 R"({"format": {"type": "json_schema", "name": "p", "strict": true,
                                              "description": "A person", "schema": {"type": "object"}},
                                   "verbosity": "low"})",
                 R"({"format": {"type": "json_schema", "name": "p", "schema": {"type": "object"},
                                              "description": "A person", "strict": true},
                                   "verbosity": "low"})"}),
    [](const auto& info) { return std::string(info.param.label); });

TEST(ParseCreateResponse, ReasoningSettings) {
  EXPECT_EQ(parse_ok(R"({"model": "m", "reasoning": {"effort": "high", "summary": "auto"}})").reasoning,
            json::parse(R"({"effort": "high", "summary": "auto"})"));
  EXPECT_EQ(parse_ok(R"({"model": "m", "reasoning": {}})").reasoning,
            json::parse(R"({"effort": null, "summary": null})"));
  // generate_summary is the deprecated spelling of summary.
  EXPECT_EQ(parse_ok(R"({"model": "m", "reasoning": {"generate_summary": "concise"}})").reasoning,
            json::parse(R"({"effort": null, "summary": "concise"})"));
}

// ---------------------------------------------------------------------------------------------------------
// Input items: every kind normalized to its full shape

struct ItemCase {
  const char* label;
  const char* raw;
  const char* expected;   // without `id` when id_prefix is set
  const char* id_prefix;  // nullptr: the id is part of `expected`; "*": any non-empty id
};

void PrintTo(const ItemCase& c, std::ostream* os) { *os << c.label; }

class InputItem : public ::testing::TestWithParam<ItemCase> {};

TEST_P(InputItem, IsNormalized) {
  const auto& c = GetParam();
  auto item = normalize_input_item(json::parse(c.raw), "input[0]");
  ASSERT_TRUE(item.has_value()) << item.error().param << ": " << item.error().message;
  json::object got = *item;
  if (c.id_prefix) {
    if (std::string_view(c.id_prefix) == "*") {
      EXPECT_TRUE(got["id"].is_string() && !got["id"].get_string().empty()) << got["id"];
    } else {
      EXPECT_TRUE(is_generated_id(got["id"], c.id_prefix)) << got["id"];
    }
    got.erase("id");
  }
  EXPECT_EQ(got, json::parse(c.expected).as_object()) << json::serialize(got);

  // The same item inside a request comes out the same way.
  const auto req = parse_ok(std::string(R"({"model": "m", "input": [)") + c.raw + "]}");
  ASSERT_EQ(req.input.size(), 1u);
  json::object in_request = req.input[0].as_object();
  if (c.id_prefix) in_request.erase("id");
  EXPECT_EQ(in_request, json::parse(c.expected).as_object());
}

INSTANTIATE_TEST_SUITE_P(
    Normalize, InputItem,
    ::testing::Values(
        ItemCase{"user_string", R"({"type": "message", "role": "user", "content": "Hi"})",
                 R"({"type": "message", "status": "completed", "role": "user",
                     "content": [{"type": "input_text", "text": "Hi"}]})",
                 "msg_"},
        ItemCase{"system_string", R"({"type": "message", "role": "system", "content": "Be terse."})",
                 R"({"type": "message", "status": "completed", "role": "system",
                     "content": [{"type": "input_text", "text": "Be terse."}]})",
                 "msg_"},
        ItemCase{"developer_string", R"({"type": "message", "role": "developer", "content": "Use JSON."})",
                 R"({"type": "message", "status": "completed", "role": "developer",
                     "content": [{"type": "input_text", "text": "Use JSON."}]})",
                 "msg_"},
        ItemCase{"assistant_string", R"({"type": "message", "role": "assistant", "content": "4"})",
                 R"({"type": "message", "status": "completed", "role": "assistant",
                     "content": [{"type": "output_text", "text": "4", "annotations": []}]})",
                 "msg_"},
        ItemCase{"user_parts",
                 R"({"type": "message", "role": "user", "content": [
                       {"type": "input_text", "text": "What is this?"},
                       {"type": "input_image", "image_url": "https://example.com/cat.png"},
                       {"type": "input_image", "image_url": "data:image/png;base64,AAAA", "detail": "low"}]})",
                 R"({"type": "message", "status": "completed", "role": "user", "content": [
                       {"type": "input_text", "text": "What is this?"},
                       {"type": "input_image", "image_url": "https://example.com/cat.png", "detail": "auto"},
                       {"type": "input_image", "image_url": "data:image/png;base64,AAAA", "detail": "low"}]})",
                 "msg_"},
        ItemCase{"user_text_part_alias", R"({"role": "user", "content": [{"type": "text", "text": "x"}]})",
                 R"({"type": "message", "status": "completed", "role": "user",
                     "content": [{"type": "input_text", "text": "x"}]})",
                 "msg_"},
        ItemCase{"assistant_parts",
                 R"({"type": "message", "role": "assistant", "content": [
                       {"type": "output_text", "text": "Sure."},
                       {"type": "refusal", "refusal": "I can't help with that."}]})",
                 R"({"type": "message", "status": "completed", "role": "assistant", "content": [
                       {"type": "output_text", "text": "Sure.", "annotations": []},
                       {"type": "refusal", "refusal": "I can't help with that."}]})",
                 "msg_"},
        ItemCase{"message_without_type", R"({"role": "user", "content": "No type here"})",
                 R"({"type": "message", "status": "completed", "role": "user",
                     "content": [{"type": "input_text", "text": "No type here"}]})",
                 "msg_"},
        ItemCase{"function_call_without_id",
                 R"({"type": "function_call", "call_id": "call_1", "name": "get_weather",
                     "arguments": "{\"city\":\"Paris\"}"})",
                 R"({"type": "function_call", "call_id": "call_1", "name": "get_weather",
                     "arguments": "{\"city\":\"Paris\"}", "status": "completed"})",
                 "fc_"},
        ItemCase{"function_call_output_string",
                 R"({"type": "function_call_output", "call_id": "call_1", "output": "{\"temp\": 21}"})",
                 R"({"type": "function_call_output", "call_id": "call_1", "output": "{\"temp\": 21}",
                     "status": "completed"})",
                 "*"},
        ItemCase{"function_call_output_parts",
                 R"({"type": "function_call_output", "call_id": "call_1",
                     "output": [{"type": "input_text", "text": "21 degrees"}]})",
                 R"({"type": "function_call_output", "call_id": "call_1",
                     "output": [{"type": "input_text", "text": "21 degrees"}], "status": "completed"})",
                 "*"},
        ItemCase{"reasoning_full",
                 R"({"type": "reasoning", "id": "rs_1",
                     "summary": [{"type": "summary_text", "text": "Thought about it."}],
                     "content": [{"type": "reasoning_text", "text": "Let me think."}],
                     "encrypted_content": "AQIDBA=="})",
                 R"({"type": "reasoning", "id": "rs_1",
                     "summary": [{"type": "summary_text", "text": "Thought about it."}],
                     "content": [{"type": "reasoning_text", "text": "Let me think."}],
                     "encrypted_content": "AQIDBA=="})",
                 nullptr},
        ItemCase{"reasoning_minimal", R"({"type": "reasoning", "encrypted_content": "AQID"})",
                 R"({"type": "reasoning", "summary": [], "encrypted_content": "AQID"})", "rs_"},
        ItemCase{"item_reference", R"({"type": "item_reference", "id": "msg_abc"})",
                 R"({"type": "item_reference", "id": "msg_abc"})", nullptr},
        ItemCase{"item_reference_without_type", R"({"id": "fc_abc"})",
                 R"({"type": "item_reference", "id": "fc_abc"})", nullptr}),
    [](const auto& info) { return std::string(info.param.label); });

// The Agents SDK and LangChain send the gateway's own output back: it must come through unchanged.
TEST(ParseCreateResponse, GatewayOutputItemsComeBackUnchanged) {
  const json::array items = json::parse(R"([
    {"type": "message", "id": "msg_0123", "status": "completed", "role": "user",
     "content": [{"type": "input_text", "text": "Weather in Paris?"}]},
    {"type": "reasoning", "id": "rs_0123", "summary": [],
     "content": [{"type": "reasoning_text", "text": "Call the tool."}], "encrypted_content": "AQIDBAUG"},
    {"type": "function_call", "id": "fc_0123", "status": "completed", "arguments": "{\"city\":\"Paris\"}",
     "call_id": "call_abc", "name": "get_weather"},
    {"type": "function_call_output", "id": "fco_0123", "call_id": "call_abc", "output": "21C",
     "status": "completed"},
    {"type": "message", "id": "msg_4567", "status": "incomplete", "role": "assistant",
     "content": [{"type": "output_text", "text": "It is 21C",
                  "annotations": [{"type": "url_citation", "url": "https://w.example", "title": "W",
                                   "start_index": 0, "end_index": 9}],
                  "logprobs": [{"token": "It", "logprob": -0.01, "bytes": [73, 116], "top_logprobs": []}]},
                 {"type": "refusal", "refusal": "no more"}]}
  ])")
                                .as_array();
  json::object body{{"model", "m"}, {"input", items}};
  auto req = parse_create_response(body);
  ASSERT_TRUE(req.has_value()) << req.error().param << ": " << req.error().message;
  ASSERT_EQ(req->input.size(), items.size());
  for (std::size_t i = 0; i < items.size(); ++i)
    EXPECT_EQ(req->input[i], items[i]) << "input[" << i << "]: " << json::serialize(req->input[i]);
}

TEST(ParseCreateResponse, FunctionCallReplayedWithoutIdGetsOne) {
  // The AI SDK replays function_call items without their id.
  const auto req = parse_ok(R"({"model": "m", "input": [
      {"role": "user", "content": "hi"},
      {"type": "function_call", "call_id": "call_1", "name": "f", "arguments": "{}"},
      {"type": "function_call_output", "call_id": "call_1", "output": "ok"}]})");
  ASSERT_EQ(req.input.size(), 3u);
  EXPECT_TRUE(is_generated_id(req.input[1].at("id"), "fc_"));
  EXPECT_TRUE(req.input[2].at("id").is_string());
  EXPECT_FALSE(req.input[2].at("id").get_string().empty());
  EXPECT_NE(req.input[1].at("id"), req.input[2].at("id"));
}

}  // namespace
}  // namespace gw::protocol
