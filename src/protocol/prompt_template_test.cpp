#include "protocol/prompt_template.hpp"

#include <gtest/gtest.h>

#include <string>
#include <vector>

#include <boost/json.hpp>

namespace gw::protocol {
namespace {

namespace json = boost::json;

std::vector<std::string> names(std::string_view text) {
  std::vector<std::string> out;
  for (const auto& p : find_placeholders(text)) out.emplace_back(p.name);
  return out;
}

using Names = std::vector<std::string>;

TEST(FindPlaceholders, NamesWithOptionalSpaces) {
  EXPECT_EQ(names("Hi {{name}}, from {{ city }} and {{\tcity_2\t}}."), (Names{"name", "city", "city_2"}));
  const auto found = find_placeholders("ab{{ x }}cd");
  ASSERT_EQ(found.size(), 1u);
  EXPECT_EQ(found[0].offset, 2u);
  EXPECT_EQ(found[0].length, 7u);
}

TEST(FindPlaceholders, AnythingElseIsText) {
  EXPECT_EQ(names("{{}} {{ }} {{two words}} {{a-b}} {x} {{x} {{ x }"), Names{});
  EXPECT_EQ(names("{{{x}}}"), (Names{"x"}));  // the inner pair; the outer braces stay text
  EXPECT_EQ(names("{{x}}{{y}}"), (Names{"x", "y"}));
  EXPECT_EQ(names(""), Names{});
}

TEST(ValidVariableName, LettersDigitsUnderscore) {
  EXPECT_TRUE(valid_variable_name("a"));
  EXPECT_TRUE(valid_variable_name("user_name2"));
  EXPECT_TRUE(valid_variable_name(std::string(64, 'x')));
  EXPECT_FALSE(valid_variable_name(""));
  EXPECT_FALSE(valid_variable_name(std::string(65, 'x')));
  EXPECT_FALSE(valid_variable_name("a-b"));
  EXPECT_FALSE(valid_variable_name("a b"));
}

Result<PromptWrite> parse(std::string_view body, PromptWriteKind kind = PromptWriteKind::Create) {
  return parse_prompt_write(json::parse(body), kind);
}

TEST(ParsePromptWrite, NormalizesTheTemplate) {
  auto write = parse(R"({"name": "support", "instructions": "You help {{customer}}.",
      "messages": [{"role": "user", "content": "My order {{order}}", "id": "msg_1"},
                   {"type": "message", "role": "assistant", "content": "Sure."}],
      "variables": ["customer", {"name": "order", "default": "#1"},
                    {"name": "photo", "default": {"type": "input_image", "image_url": "https://x/p.png"}}],
      "metadata": {"team": "care"}})");
  ASSERT_TRUE(write) << write.error().message;
  EXPECT_EQ(write->content, json::parse(R"({
      "name": "support", "instructions": "You help {{customer}}.",
      "messages": [
        {"type": "message", "role": "user", "content": [{"type": "input_text", "text": "My order {{order}}"}]},
        {"type": "message", "role": "assistant",
         "content": [{"type": "output_text", "text": "Sure.", "annotations": []}]}],
      "variables": [{"name": "customer", "default": null}, {"name": "order", "default": "#1"},
                    {"name": "photo", "default": {"type": "input_image", "image_url": "https://x/p.png",
                                                  "detail": "auto"}}],
      "metadata": {"team": "care"}})"));
  EXPECT_TRUE(write->set_as_default);
}

TEST(ParsePromptWrite, LabelsAreLeftOutWhenNotGiven) {
  auto write = parse(R"({"instructions": "Be brief."})");
  ASSERT_TRUE(write);
  EXPECT_EQ(write->content, json::parse(R"({"instructions": "Be brief.", "messages": [], "variables": []})"));
}

TEST(ParsePromptWrite, UpdateNeedsTheVersionItReplaces) {
  auto write =
      parse(R"({"instructions": "x", "version": "3", "set_as_default": false})", PromptWriteKind::Update);
  ASSERT_TRUE(write);
  EXPECT_EQ(write->version, 3);
  EXPECT_FALSE(write->set_as_default);
  EXPECT_EQ(parse(R"({"instructions": "x", "version": 2})", PromptWriteKind::Update)->version, 2);
}

struct ErrorCase {
  const char* label;
  const char* body;
  PromptWriteKind kind;
  const char* param;
  const char* code;
};

class PromptWriteErrors : public ::testing::TestWithParam<ErrorCase> {};

TEST_P(PromptWriteErrors, NameTheField) {
  const auto& c = GetParam();
  auto write = parse(c.body, c.kind);
  ASSERT_FALSE(write) << c.label;
  EXPECT_EQ(write.error().status, 400);
  EXPECT_EQ(write.error().param, c.param) << write.error().message;
  EXPECT_EQ(write.error().code, c.code) << write.error().message;
}

constexpr auto kCreate = PromptWriteKind::Create;
constexpr auto kUpdate = PromptWriteKind::Update;

INSTANTIATE_TEST_SUITE_P(
    All, PromptWriteErrors,
    ::testing::Values(
        ErrorCase{"not_object", "[]", kCreate, "", "invalid_json"},
        ErrorCase{"empty", "{}", kCreate, "instructions", "missing_required_parameter"},
        ErrorCase{"empty_texts", R"({"instructions": "", "messages": []})", kCreate, "instructions",
                  "missing_required_parameter"},
        ErrorCase{"unknown_field", R"({"instructions": "x", "prompt": "y"})", kCreate, "prompt",
                  "unknown_parameter"},
        ErrorCase{"version_on_create", R"({"instructions": "x", "version": 1})", kCreate, "version",
                  "unknown_parameter"},
        ErrorCase{"instructions_type", R"({"instructions": 3})", kCreate, "instructions", "invalid_type"},
        ErrorCase{"undeclared_in_instructions", R"({"instructions": "Hi {{name}}"})", kCreate, "instructions",
                  "invalid_value"},
        ErrorCase{"undeclared_in_message",
                  R"({"messages": [{"role": "system", "content": "a"},
                                   {"role": "user", "content": [{"type": "input_text", "text": "{{ who }}"}]}],
                      "variables": ["what"]})",
                  kCreate, "messages[1].content[0].text", "invalid_value"},
        ErrorCase{"message_not_a_message", R"({"messages": [{"type": "function_call_output", "call_id": "c",
                                                              "output": "x"}]})",
                  kCreate, "messages[0].type", "unsupported_value"},
        ErrorCase{"message_bad_role", R"({"messages": [{"role": "tool", "content": "x"}]})", kCreate,
                  "messages[0].role", "invalid_value"},
        ErrorCase{
            "image_in_system_message",
            R"({"messages": [{"role": "system", "content": [{"type": "input_image", "image_url": "u"}]}]})",
            kCreate, "messages[0].content[0].type", "unsupported_value"},
        ErrorCase{"variables_type", R"({"instructions": "x", "variables": "a"})", kCreate, "variables",
                  "invalid_type"},
        ErrorCase{"variable_entry_type", R"({"instructions": "x", "variables": [3]})", kCreate,
                  "variables[0]", "invalid_type"},
        ErrorCase{"variable_bad_name", R"({"instructions": "x", "variables": ["a-b"]})", kCreate,
                  "variables[0]", "invalid_value"},
        ErrorCase{"variable_bad_name_in_object", R"({"instructions": "x", "variables": [{"name": ""}]})",
                  kCreate, "variables[0].name", "invalid_value"},
        ErrorCase{"variable_without_name", R"({"instructions": "x", "variables": [{"default": "d"}]})",
                  kCreate, "variables[0].name", "missing_required_parameter"},
        ErrorCase{"variable_duplicate", R"({"instructions": "x", "variables": ["a", {"name": "a"}]})",
                  kCreate, "variables[1].name", "invalid_value"},
        ErrorCase{"variable_unknown_key",
                  R"({"instructions": "x", "variables": [{"name": "a", "type": "s"}]})", kCreate,
                  "variables[0].type", "unknown_parameter"},
        ErrorCase{"variable_default_type",
                  R"({"instructions": "x", "variables": [{"name": "a", "default": 1}]})", kCreate,
                  "variables[0].default", "invalid_type"},
        ErrorCase{"variable_default_file_by_id",
                  R"({"instructions": "x", "variables": [{"name": "a",
                      "default": {"type": "input_file", "file_id": "file-1"}}]})",
                  kCreate, "variables[0].default.file_id", "unsupported_value"},
        ErrorCase{"name_type", R"({"instructions": "x", "name": 1})", kCreate, "name", "invalid_type"},
        ErrorCase{"metadata_value", R"({"instructions": "x", "metadata": {"k": 1}})", kCreate, "metadata.k",
                  "invalid_type"},
        ErrorCase{"update_without_version", R"({"instructions": "x"})", kUpdate, "version",
                  "missing_required_parameter"},
        ErrorCase{"update_bad_version", R"({"instructions": "x", "version": "two"})", kUpdate, "version",
                  "invalid_value"},
        ErrorCase{"update_set_as_default_type",
                  R"({"instructions": "x", "version": 1, "set_as_default": "y"})", kUpdate, "set_as_default",
                  "invalid_type"}),
    [](const ::testing::TestParamInfo<ErrorCase>& info) { return std::string(info.param.label); });

}  // namespace
}  // namespace gw::protocol
