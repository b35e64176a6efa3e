// Validation errors of POST /v1/responses bodies: each names the field at fault and carries a string code.
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

struct ErrorCase {
  const char* label;
  const char* body;
  const char* param;
  const char* code;  // nullptr: any non-empty code
};

void PrintTo(const ErrorCase& c, std::ostream* os) { *os << c.label; }

class RequestError : public ::testing::TestWithParam<ErrorCase> {};

TEST_P(RequestError, NamesTheField) {
  const auto& c = GetParam();
  const auto r = parse(c.body);
  ASSERT_FALSE(r.has_value()) << "accepted: " << c.body;
  const auto& e = r.error();
  EXPECT_EQ(e.status, 400);
  EXPECT_EQ(e.type, "invalid_request_error");
  EXPECT_EQ(e.param, c.param) << e.message;
  EXPECT_FALSE(e.code.empty());
  if (c.code) {
    EXPECT_EQ(e.code, c.code) << e.message;
  }
  EXPECT_FALSE(e.message.empty());
  // The rendered body: code and param are strings (the AI SDK shows nothing otherwise).
  const auto rendered = e.to_json();
  EXPECT_TRUE(rendered.at("error").at("code").is_string());
  EXPECT_TRUE(rendered.at("error").at("param").is_string());
}

std::string metadata_with(int keys) {
  json::object m;
  for (int i = 0; i < keys; ++i) m["k" + std::to_string(i)] = "v";
  return json::serialize(json::object{{"model", "m"}, {"metadata", std::move(m)}});
}

const std::string kSeventeenKeys = metadata_with(17);
const std::string kLongKey = R"({"model": "m", "metadata": {")" + std::string(65, 'k') + R"(": "v"}})";
const std::string kLongKeyParam = "metadata." + std::string(65, 'k');
const std::string kLongValue = R"({"model": "m", "metadata": {"note": ")" + std::string(513, 'v') + R"("}})";

#define TOOLS_AB R"("tools": [{"type": "function", "name": "a"}, {"type": "function", "name": "b"}])"

INSTANTIATE_TEST_SUITE_P(
    ParseCreateResponse, RequestError,
    ::testing::Values(
        ErrorCase{"unknown_parameter", R"({"model": "m", "input": "x", "max_tokens": 5})", "max_tokens",
                  "unknown_parameter"},
        ErrorCase{"missing_model", R"({"input": "x"})", "model", "missing_required_parameter"},
        ErrorCase{"model_not_string", R"({"model": 4, "input": "x"})", "model", "invalid_type"},
        ErrorCase{"empty_model", R"({"model": "", "input": "x"})", "model", "invalid_value"},
        ErrorCase{"instructions_not_string", R"({"model": "m", "instructions": ["x"]})", "instructions",
                  "invalid_type"},
        ErrorCase{"temperature_high", R"({"model": "m", "temperature": 2.5})", "temperature",
                  "invalid_value"},
        ErrorCase{"temperature_negative", R"({"model": "m", "temperature": -0.1})", "temperature",
                  "invalid_value"},
        ErrorCase{"temperature_string", R"({"model": "m", "temperature": "0.5"})", "temperature",
                  "invalid_type"},
        ErrorCase{"top_p_high", R"({"model": "m", "top_p": 1.01})", "top_p", "invalid_value"},
        ErrorCase{"top_p_negative", R"({"model": "m", "top_p": -1})", "top_p", "invalid_value"},
        ErrorCase{"presence_penalty_high", R"({"model": "m", "presence_penalty": 2.1})", "presence_penalty",
                  "invalid_value"},
        ErrorCase{"frequency_penalty_low", R"({"model": "m", "frequency_penalty": -3})", "frequency_penalty",
                  "invalid_value"},
        ErrorCase{"max_output_tokens_zero", R"({"model": "m", "max_output_tokens": 0})", "max_output_tokens",
                  "invalid_value"},
        ErrorCase{"max_output_tokens_fraction", R"({"model": "m", "max_output_tokens": 10.5})",
                  "max_output_tokens", "invalid_type"},
        ErrorCase{"top_logprobs_high", R"({"model": "m", "top_logprobs": 21})", "top_logprobs",
                  "invalid_value"},
        ErrorCase{"stream_not_bool", R"({"model": "m", "stream": "true"})", "stream", "invalid_type"},
        ErrorCase{"store_not_bool", R"({"model": "m", "store": 1})", "store", "invalid_type"},
        ErrorCase{"parallel_not_bool", R"({"model": "m", "parallel_tool_calls": "no"})",
                  "parallel_tool_calls", "invalid_type"},
        ErrorCase{"truncation_value", R"({"model": "m", "truncation": "middle"})", "truncation",
                  "invalid_value"},
        ErrorCase{"service_tier_value", R"({"model": "m", "service_tier": "gold"})", "service_tier",
                  "invalid_value"},
        ErrorCase{"stream_options_obfuscation",
                  R"({"model": "m", "stream_options": {"include_obfuscation": 1}})",
                  "stream_options.include_obfuscation", "invalid_type"},
        ErrorCase{"metadata_not_object", R"({"model": "m", "metadata": ["a"]})", "metadata", "invalid_type"},
        ErrorCase{"metadata_17_keys", kSeventeenKeys.c_str(), "metadata", "invalid_value"},
        ErrorCase{"metadata_long_key", kLongKey.c_str(), kLongKeyParam.c_str(), "invalid_value"},
        ErrorCase{"metadata_number_value", R"({"model": "m", "metadata": {"n": 1}})", "metadata.n",
                  "invalid_type"},
        ErrorCase{"metadata_long_value", kLongValue.c_str(), "metadata.note", "invalid_value"},
        ErrorCase{"tools_not_array", R"({"model": "m", "tools": {"type": "function"}})", "tools",
                  "invalid_type"},
        ErrorCase{"tool_not_object", R"({"model": "m", "tools": ["get_weather"]})", "tools[0]",
                  "invalid_type"},
        ErrorCase{"tool_type_file_search", R"({"model": "m", "tools": [{"type": "file_search"}]})",
                  "tools[0].type", "unsupported_value"},
        ErrorCase{"tool_without_type", R"({"model": "m", "tools": [{"name": "f"}]})", "tools[0].type",
                  "missing_required_parameter"},
        ErrorCase{"tool_without_name", R"({"model": "m", "tools": [{"type": "function"}]})", "tools[0].name",
                  "missing_required_parameter"},
        ErrorCase{"tool_bad_name",
                  R"({"model": "m", "tools": [{"type": "function", "name": "get weather"}]})",
                  "tools[0].name", "invalid_value"},
        ErrorCase{"tool_parameters_not_object",
                  R"({"model": "m", "tools": [{"type": "function", "name": "f", "parameters": "{}"}]})",
                  "tools[0].parameters", "invalid_type"},
        ErrorCase{
            "duplicate_tool_name",
            R"({"model": "m", "tools": [{"type": "function", "name": "f"}, {"type": "function", "name": "g"},
                                              {"type": "function", "name": "f"}]})",
            "tools[2].name", "invalid_value"},
        ErrorCase{"tool_choice_unknown_string", R"({"model": "m", "tool_choice": "any"})", "tool_choice",
                  "invalid_value"},
        ErrorCase{"tool_choice_not_object", R"({"model": "m", "tool_choice": 1})", "tool_choice",
                  "invalid_type"},
        ErrorCase{"tool_choice_required_without_tools", R"({"model": "m", "tool_choice": "required"})",
                  "tool_choice", "invalid_value"},
        ErrorCase{"tool_choice_unknown_function",
                  R"({"model": "m", )" TOOLS_AB R"(, "tool_choice": {"type": "function", "name": "c"}})",
                  "tool_choice.name", "invalid_value"},
        ErrorCase{"tool_choice_function_without_name",
                  R"({"model": "m", )" TOOLS_AB R"(, "tool_choice": {"type": "function"}})",
                  "tool_choice.name", "missing_required_parameter"},
        ErrorCase{"tool_choice_hosted_type",
                  R"({"model": "m", )" TOOLS_AB R"(, "tool_choice": {"type": "file_search"}})",
                  "tool_choice.type", "unsupported_value"},
        ErrorCase{"allowed_tools_unknown_function",
                  R"({"model": "m", )" TOOLS_AB R"(, "tool_choice": {"type": "allowed_tools", "mode": "auto",
                      "tools": [{"type": "function", "name": "a"}, {"type": "function", "name": "z"}]}})",
                  "tool_choice.tools[1]", "invalid_value"},
        ErrorCase{"allowed_tools_bad_mode",
                  R"({"model": "m", )" TOOLS_AB R"(, "tool_choice": {"type": "allowed_tools", "mode": "none",
                      "tools": [{"type": "function", "name": "a"}]}})",
                  "tool_choice.mode", "invalid_value"},
        ErrorCase{"allowed_tools_without_tools",
                  R"({"model": "m", )" TOOLS_AB
                  R"(, "tool_choice": {"type": "allowed_tools", "mode": "auto"}})",
                  "tool_choice.tools", "missing_required_parameter"},
        ErrorCase{"text_not_object", R"({"model": "m", "text": "json"})", "text", "invalid_type"},
        ErrorCase{"text_format_not_object", R"({"model": "m", "text": {"format": "json"}})", "text.format",
                  "invalid_type"},
        ErrorCase{"text_format_bad_type", R"({"model": "m", "text": {"format": {"type": "xml"}}})",
                  "text.format.type", "invalid_value"},
        ErrorCase{"text_format_without_type", R"({"model": "m", "text": {"format": {}}})", "text.format.type",
                  "missing_required_parameter"},
        ErrorCase{
            "json_schema_without_name",
            R"({"model": "m", "text": {"format": {"type": "json_schema", "schema": {"type": "object"}}}})",
            "text.format.name", "missing_required_parameter"},
        ErrorCase{"json_schema_without_schema",
                  R"({"model": "m", "text": {"format": {"type": "json_schema", "name": "x"}}})",
                  "text.format.schema", "missing_required_parameter"},
        ErrorCase{"json_schema_bad_name",
                  R"({"model": "m", "text": {"format": {"type": "json_schema", "name": "a b",
                      "schema": {"type": "object"}}}})",
                  "text.format.name", "invalid_value"},
        ErrorCase{
            "json_schema_schema_not_object",
            R"({"model": "m", "text": {"format": {"type": "json_schema", "name": "x", "schema": true}}})",
            "text.format.schema", "invalid_type"},
        ErrorCase{"text_verbosity", R"({"model": "m", "text": {"verbosity": "loud"}})", "text.verbosity",
                  "invalid_value"},
        ErrorCase{"reasoning_effort", R"({"model": "m", "reasoning": {"effort": "extreme"}})",
                  "reasoning.effort", "invalid_value"},
        ErrorCase{"reasoning_summary", R"({"model": "m", "reasoning": {"summary": "long"}})",
                  "reasoning.summary", "invalid_value"},
        ErrorCase{"include_not_array", R"({"model": "m", "include": "reasoning.encrypted_content"})",
                  "include", "invalid_type"},
        ErrorCase{"include_not_string", R"({"model": "m", "include": [1]})", "include[0]", "invalid_type"},
        ErrorCase{"include_unsupported",
                  R"({"model": "m", "include": ["reasoning.encrypted_content", "file_search_call.results"]})",
                  "include[1]", "unsupported_value"},
        ErrorCase{"background_true", R"({"model": "m", "background": true})", "background",
                  "unsupported_parameter"},
        ErrorCase{"conversation_number", R"({"model": "m", "conversation": 5})", "conversation",
                  "invalid_type"},
        ErrorCase{"conversation_empty", R"({"model": "m", "conversation": ""})", "conversation",
                  "invalid_value"},
        ErrorCase{"conversation_object_without_id", R"({"model": "m", "conversation": {}})",
                  "conversation.id", "missing_required_parameter"},
        ErrorCase{"conversation_and_previous_response_id",
                  R"({"model": "m", "conversation": "conv_1", "previous_response_id": "resp_1"})",
                  "conversation", "mutually_exclusive_parameters"},
        ErrorCase{"prompt_not_object", R"({"model": "m", "prompt": "pmpt_1"})", "prompt", "invalid_type"},
        ErrorCase{"prompt_without_id", R"({"model": "m", "prompt": {"version": "1"}})", "prompt.id",
                  "missing_required_parameter"},
        ErrorCase{"prompt_unknown_field", R"({"model": "m", "prompt": {"id": "pmpt_1", "vars": {}}})",
                  "prompt.vars", "unknown_parameter"},
        ErrorCase{"prompt_bad_version", R"({"model": "m", "prompt": {"id": "pmpt_1", "version": "latest"}})",
                  "prompt.version", "invalid_value"},
        ErrorCase{"prompt_version_zero", R"({"model": "m", "prompt": {"id": "pmpt_1", "version": 0}})",
                  "prompt.version", "invalid_value"},
        ErrorCase{"prompt_variable_number",
                  R"({"model": "m", "prompt": {"id": "pmpt_1", "variables": {"n": 3}}})",
                  "prompt.variables.n", "invalid_type"},
        ErrorCase{
            "prompt_variable_part_type",
            R"({"model": "m", "prompt": {"id": "pmpt_1", "variables": {"a": {"type": "input_audio"}}}})",
            "prompt.variables.a.type", "unsupported_value"},
        ErrorCase{"prompt_variable_image_by_file_id",
                  R"({"model": "m", "prompt": {"id": "pmpt_1", "variables": {
                      "img": {"type": "input_image", "file_id": "file-1"}}}})",
                  "prompt.variables.img.file_id", "unsupported_value"},
        ErrorCase{"prompt_variable_file_by_url",
                  R"({"model": "m", "prompt": {"id": "pmpt_1", "variables": {
                      "doc": {"type": "input_file", "file_url": "https://example.com/a.pdf"}}}})",
                  "prompt.variables.doc.file_url", "unsupported_value"},
        ErrorCase{"prompt_variable_text_without_text",
                  R"({"model": "m", "prompt": {"id": "pmpt_1", "variables": {"t": {"type": "input_text"}}}})",
                  "prompt.variables.t.text", "missing_required_parameter"},
        ErrorCase{"input_number", R"({"model": "m", "input": 42})", "input", "invalid_type"},
        ErrorCase{"input_object", R"({"model": "m", "input": {"role": "user", "content": "x"}})", "input",
                  "invalid_type"},
        ErrorCase{"input_item_not_object", R"({"model": "m", "input": ["hi"]})", "input[0]", "invalid_type"},
        ErrorCase{"input_item_type_not_string", R"({"model": "m", "input": [{"type": 3}]})", "input[0].type",
                  "invalid_type"},
        ErrorCase{"input_item_unsupported_type",
                  R"({"model": "m", "input": [{"role": "user", "content": "x"}, {"type": "computer_call"}]})",
                  "input[1].type", "unsupported_value"},
        ErrorCase{"input_item_without_type", R"({"model": "m", "input": [{"content": "x"}]})",
                  "input[0].type", "missing_required_parameter"},
        ErrorCase{"message_bad_role", R"({"model": "m", "input": [{"role": "tool", "content": "x"}]})",
                  "input[0].role", "invalid_value"},
        ErrorCase{"message_without_role", R"({"model": "m", "input": [{"type": "message", "content": "x"}]})",
                  "input[0].role", "missing_required_parameter"},
        ErrorCase{"message_without_content", R"({"model": "m", "input": [{"role": "user"}]})",
                  "input[0].content", "missing_required_parameter"},
        ErrorCase{"message_content_number", R"({"model": "m", "input": [{"role": "user", "content": 1}]})",
                  "input[0].content", "invalid_type"},
        ErrorCase{"message_part_not_object",
                  R"({"model": "m", "input": [{"role": "user", "content": ["x"]}]})", "input[0].content[0]",
                  "invalid_type"},
        ErrorCase{
            "message_part_output_text_from_user",
            R"({"model": "m", "input": [{"role": "user", "content": [{"type": "output_text", "text": "x"}]}]})",
            "input[0].content[0].type", "unsupported_value"},
        ErrorCase{"message_part_without_text",
                  R"({"model": "m", "input": [{"role": "user", "content": [{"type": "input_text"}]}]})",
                  "input[0].content[0].text", "missing_required_parameter"},
        ErrorCase{"message_bad_status",
                  R"({"model": "m", "input": [{"role": "user", "content": "x", "status": "done"}]})",
                  "input[0].status", "invalid_value"},
        ErrorCase{"image_by_file_id",
                  R"({"model": "m", "input": [{"role": "user", "content": [
                      {"type": "input_image", "file_id": "file-1"}]}]})",
                  "input[0].content[0].file_id", "unsupported_value"},
        ErrorCase{"image_without_url",
                  R"({"model": "m", "input": [{"role": "user", "content": [{"type": "input_image"}]}]})",
                  "input[0].content[0].image_url", "missing_required_parameter"},
        ErrorCase{"image_bad_detail",
                  R"({"model": "m", "input": [{"role": "user", "content": [
                      {"type": "input_image", "image_url": "https://x", "detail": "max"}]}]})",
                  "input[0].content[0].detail", "invalid_value"},
        ErrorCase{"function_call_without_call_id",
                  R"({"model": "m", "input": [{"type": "function_call", "name": "f", "arguments": "{}"}]})",
                  "input[0].call_id", "missing_required_parameter"},
        ErrorCase{"function_call_arguments_object",
                  R"({"model": "m", "input": [{"type": "function_call", "call_id": "c", "name": "f",
                                                "arguments": {}}]})",
                  "input[0].arguments", "invalid_type"},
        ErrorCase{"function_call_output_without_output",
                  R"({"model": "m", "input": [{"type": "function_call_output", "call_id": "c"}]})",
                  "input[0].output", "missing_required_parameter"},
        ErrorCase{
            "function_call_output_number",
            R"({"model": "m", "input": [{"type": "function_call_output", "call_id": "c", "output": 5}]})",
            "input[0].output", "invalid_type"},
        ErrorCase{"reasoning_summary_not_array",
                  R"({"model": "m", "input": [{"type": "reasoning", "summary": "x"}]})", "input[0].summary",
                  "invalid_type"},
        // Reasoning parts reach the chat translation, which reads them as objects: a string part must be
        // refused here, not abort the server there.
        ErrorCase{"reasoning_summary_part_not_object",
                  R"({"model": "m", "input": [{"type": "reasoning", "summary": ["thinking"]}]})",
                  "input[0].summary[0]", nullptr},
        ErrorCase{"reasoning_content_part_not_object",
                  R"({"model": "m", "input": [{"type": "reasoning", "summary": [], "content": [42]}]})",
                  "input[0].content[0]", nullptr},
        ErrorCase{"item_reference_without_id", R"({"model": "m", "input": [{"type": "item_reference"}]})",
                  "input[0].id", "missing_required_parameter"},
        ErrorCase{"item_reference_id_number",
                  R"({"model": "m", "input": [{"type": "item_reference", "id": 7}]})", "input[0].id",
                  "invalid_type"}),
    [](const auto& info) { return std::string(info.param.label); });

#undef TOOLS_AB

TEST(ParseCreateResponse, BodyMustBeAnObject) {
  for (const char* body : {"[]", "\"hi\"", "null", "3"}) {
    const auto r = parse(body);
    ASSERT_FALSE(r.has_value()) << body;
    EXPECT_EQ(r.error().status, 400);
    EXPECT_FALSE(r.error().code.empty());
  }
}

TEST(ParseCreateResponse, UnknownParameterIsReportedBeforeOtherErrors) {
  const auto r = parse(R"({"model": 1, "temprature": 0.5})");
  ASSERT_FALSE(r.has_value());
  EXPECT_EQ(r.error().param, "temprature");
  EXPECT_EQ(r.error().code, "unknown_parameter");
}

TEST(ParseCreateResponse, SixteenMetadataKeysAreAllowed) {
  const auto body = metadata_with(16);
  EXPECT_TRUE(parse(body).has_value());
}

TEST(NormalizeInputItem, ErrorsUseTheGivenPath) {
  const auto r = normalize_input_item(json::parse(R"({"type": "message", "role": "user", "content": [{}]})"),
                                      "conversation.items[3]");
  ASSERT_FALSE(r.has_value());
  EXPECT_EQ(r.error().param, "conversation.items[3].content[0].type");
}

}  // namespace
}  // namespace gw::protocol
