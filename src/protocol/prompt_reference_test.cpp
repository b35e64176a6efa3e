#include "protocol/prompt_reference.hpp"

#include <gtest/gtest.h>

#include <boost/json.hpp>

#include "protocol/create_response.hpp"

namespace gw::protocol {
namespace {

namespace json = boost::json;

TEST(ParsePromptReference, ReadsIdVersionAndVariables) {
  auto ref = parse_prompt_reference(json::parse(R"({"id": "pmpt_1", "version": "2", "variables": {
      "city": "Paris",
      "tone": {"type": "input_text", "text": "dry"},
      "photo": {"type": "input_image", "image_url": "https://x/p.png"},
      "doc": {"type": "input_file", "file_data": "data:application/pdf;base64,JVBE", "filename": "a.pdf"}}})"));
  ASSERT_TRUE(ref) << ref.error().message;
  EXPECT_EQ(ref->id, "pmpt_1");
  EXPECT_EQ(ref->version, 2);
  EXPECT_EQ(ref->variables, json::parse(R"({"city": "Paris", "tone": {"type": "input_text", "text": "dry"},
      "photo": {"type": "input_image", "image_url": "https://x/p.png", "detail": "auto"},
      "doc": {"type": "input_file", "file_data": "data:application/pdf;base64,JVBE", "filename": "a.pdf"}})"));
}

TEST(ParsePromptReference, VersionAndVariablesAreOptional) {
  auto ref = parse_prompt_reference(json::parse(R"({"id": "pmpt_1", "version": null})"));
  ASSERT_TRUE(ref);
  EXPECT_FALSE(ref->version);
  EXPECT_TRUE(ref->variables.empty());
  EXPECT_EQ(parse_prompt_reference(json::parse(R"({"id": "p", "version": 3})"))->version, 3);
}

TEST(ParsePromptReference, EchoShowsTheVersionAsAString) {
  PromptReference ref{"pmpt_1", 4, json::object{{"a", "b"}}};
  EXPECT_EQ(prompt_reference_json(ref),
            json::parse(R"({"id": "pmpt_1", "version": "4", "variables": {"a": "b"}})"));
  ref.version.reset();
  EXPECT_EQ(prompt_reference_json(ref).at("version"), nullptr);
}

TEST(ParseVersionNumber, PositiveIntegersOnly) {
  EXPECT_EQ(*parse_version_number(std::string_view("12"), "v"), 12);
  for (const char* bad : {"", "0", "-1", "1.5", "01x", " 1", "99999999999999999999"})
    EXPECT_FALSE(parse_version_number(std::string_view(bad), "v")) << bad;
  EXPECT_FALSE(parse_version_number(json::value(1.0), "v"));
  EXPECT_FALSE(parse_version_number(json::value(true), "v"));
}

TEST(ParseCreateResponse, TakesAPromptReference) {
  auto req = parse_create_response(
      json::parse(R"({"model": "m", "prompt": {"id": "pmpt_1", "variables": {"x": "y"}}})"));
  ASSERT_TRUE(req) << req.error().message;
  ASSERT_TRUE(req->prompt);
  EXPECT_EQ(req->prompt->id, "pmpt_1");
  EXPECT_EQ(req->prompt->variables.at("x"), "y");
}

}  // namespace
}  // namespace gw::protocol
