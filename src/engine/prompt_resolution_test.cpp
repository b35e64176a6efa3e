#include "engine/prompt_resolution.hpp"

#include <gtest/gtest.h>

#include <string_view>

#include <boost/json.hpp>

#include "protocol/prompt_reference.hpp"
#include "protocol/prompt_template.hpp"

namespace gw::engine {
namespace {

namespace json = boost::json;

// A template as the store holds it (parsed like POST /v1/prompts) and values as a request gives them.
json::object make_template(std::string_view body) {
  auto write = protocol::parse_prompt_write(json::parse(body), protocol::PromptWriteKind::Create);
  EXPECT_TRUE(write) << (write ? "" : write.error().message);
  return write ? write->content : json::object{};
}

json::object make_values(std::string_view variables) {
  auto ref = protocol::parse_prompt_reference(
      json::parse(std::string(R"({"id": "p", "variables": )") + std::string(variables) + "}"));
  EXPECT_TRUE(ref) << (ref ? "" : ref.error().message);
  return ref ? ref->variables : json::object{};
}

Result<ResolvedPrompt> resolve(std::string_view tmpl, std::string_view values = "{}") {
  return resolve_prompt(make_template(tmpl), make_values(values));
}

const json::value kImage =
    json::parse(R"({"type": "input_image", "image_url": "https://x/p.png", "detail": "auto"})");

TEST(ResolvePrompt, SubstitutesTextValuesAndDefaults) {
  auto r = resolve(R"({"instructions": "Help {{ customer }} in {{lang}}; {{customer}} is a {{tier}} client.",
                       "variables": ["customer", {"name": "lang", "default": "English"},
                                     {"name": "tier", "default": "basic"}]})",
                   R"({"customer": "Ada", "tier": {"type": "input_text", "text": "gold"}})");
  ASSERT_TRUE(r) << r.error().message;
  EXPECT_EQ(r->instructions, "Help Ada in English; Ada is a gold client.");
  EXPECT_TRUE(r->messages.empty());
}

TEST(ResolvePrompt, ValuesAreNotExpandedAgain) {
  auto r =
      resolve(R"({"instructions": "{{a}} {{b}}", "variables": ["a", "b"]})", R"({"a": "{{b}}", "b": "B"})");
  ASSERT_TRUE(r);
  EXPECT_EQ(r->instructions, "{{b}} B");
}

TEST(ResolvePrompt, NoInstructionsStayUnset) {
  auto r = resolve(R"({"messages": [{"role": "user", "content": "Hi"}]})");
  ASSERT_TRUE(r);
  EXPECT_FALSE(r->instructions);
  EXPECT_EQ(json::value(r->messages), json::parse(R"([{"type": "message", "role": "user",
                                                        "content": [{"type": "input_text", "text": "Hi"}]}])"));
}

TEST(ResolvePrompt, RendersEveryRoleAndKeepsOtherParts) {
  auto r = resolve(R"({"messages": [
      {"role": "developer", "content": "Reply as {{persona}}."},
      {"role": "user", "content": [{"type": "input_text", "text": "Example for {{persona}}"},
                                   {"type": "input_image", "image_url": "https://x/static.png"}]},
      {"role": "assistant", "content": "I am {{persona}}."}],
      "variables": ["persona"]})",
                   R"({"persona": "a pirate"})");
  ASSERT_TRUE(r) << r.error().message;
  EXPECT_EQ(json::value(r->messages), json::parse(R"([
      {"type": "message", "role": "developer", "content": [{"type": "input_text", "text": "Reply as a pirate."}]},
      {"type": "message", "role": "user", "content": [
          {"type": "input_text", "text": "Example for a pirate"},
          {"type": "input_image", "image_url": "https://x/static.png", "detail": "auto"}]},
      {"type": "message", "role": "assistant",
       "content": [{"type": "output_text", "text": "I am a pirate.", "annotations": []}]}])"));
}

TEST(ResolvePrompt, ImageValueSplitsTheUserTextWhereItIsNamed) {
  auto r = resolve(R"({"messages": [{"role": "user", "content": "Compare {{a}} with {{b}}, {{who}}."}],
                       "variables": ["a", "b", "who"]})",
                   R"({"a": {"type": "input_image", "image_url": "https://x/p.png"},
                       "b": {"type": "input_file", "file_data": "data:application/pdf;base64,JVBE"},
                       "who": "please"})");
  ASSERT_TRUE(r) << r.error().message;
  EXPECT_EQ(r->messages[0].at("content"), json::parse(R"([
      {"type": "input_text", "text": "Compare "},
      {"type": "input_image", "image_url": "https://x/p.png", "detail": "auto"},
      {"type": "input_text", "text": " with "},
      {"type": "input_file", "file_data": "data:application/pdf;base64,JVBE"},
      {"type": "input_text", "text": ", please."}])"));
}

TEST(ResolvePrompt, APlaceholderAloneBecomesThePart) {
  auto r = resolve(R"({"messages": [{"role": "user", "content": "{{photo}}"}], "variables": ["photo"]})",
                   R"({"photo": {"type": "input_image", "image_url": "https://x/p.png"}})");
  ASSERT_TRUE(r);
  EXPECT_EQ(r->messages[0].at("content"), json::array{kImage});
}

TEST(ResolvePrompt, AnImageDefaultWorksLikeAValue) {
  auto r = resolve(R"({"messages": [{"role": "user", "content": "See {{photo}}"}],
                       "variables": [{"name": "photo",
                                      "default": {"type": "input_image", "image_url": "https://x/p.png"}}]})");
  ASSERT_TRUE(r);
  EXPECT_EQ(r->messages[0].at("content"),
            (json::array{json::object{{"type", "input_text"}, {"text", "See "}}, kImage}));
}

TEST(ResolvePrompt, AnEmptyTextPartStays) {
  auto r =
      resolve(R"({"messages": [{"role": "user", "content": "{{x}}"}], "variables": ["x"]})", R"({"x": ""})");
  ASSERT_TRUE(r);
  EXPECT_EQ(r->messages[0].at("content"), json::parse(R"([{"type": "input_text", "text": ""}])"));
}

struct ErrorCase {
  const char* label;
  const char* tmpl;
  const char* values;
  const char* param;
  const char* code;
};

class ResolvePromptErrors : public ::testing::TestWithParam<ErrorCase> {};

TEST_P(ResolvePromptErrors, NameTheVariable) {
  const auto& c = GetParam();
  auto r = resolve(c.tmpl, c.values);
  ASSERT_FALSE(r) << c.label;
  EXPECT_EQ(r.error().status, 400);
  EXPECT_EQ(r.error().param, c.param) << r.error().message;
  EXPECT_EQ(r.error().code, c.code) << r.error().message;
}

INSTANTIATE_TEST_SUITE_P(
    All, ResolvePromptErrors,
    ::testing::Values(
        ErrorCase{"missing_required", R"({"instructions": "Hi {{name}}", "variables": ["name"]})", "{}",
                  "prompt.variables.name", "missing_required_parameter"},
        ErrorCase{"missing_even_if_unused", R"({"instructions": "Hi", "variables": ["name"]})", "{}",
                  "prompt.variables.name", "missing_required_parameter"},
        ErrorCase{"undeclared", R"({"instructions": "Hi", "variables": []})", R"({"extra": "x"})",
                  "prompt.variables.extra", "unknown_parameter"},
        ErrorCase{"image_in_instructions", R"({"instructions": "See {{p}}", "variables": ["p"]})",
                  R"({"p": {"type": "input_image", "image_url": "u"}})", "prompt.variables.p",
                  "unsupported_value"},
        ErrorCase{"file_in_system_message",
                  R"({"messages": [{"role": "system", "content": "Use {{doc}}"}], "variables": ["doc"]})",
                  R"({"doc": {"type": "input_file", "file_data": "data:x"}})", "prompt.variables.doc",
                  "unsupported_value"},
        ErrorCase{"image_in_assistant_message",
                  R"({"messages": [{"role": "assistant", "content": "{{p}}"}], "variables": ["p"]})",
                  R"({"p": {"type": "input_image", "image_url": "u"}})", "prompt.variables.p",
                  "unsupported_value"}),
    [](const ::testing::TestParamInfo<ErrorCase>& info) { return std::string(info.param.label); });

}  // namespace
}  // namespace gw::engine
