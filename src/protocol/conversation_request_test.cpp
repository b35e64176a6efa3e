#include "protocol/conversation_request.hpp"

#include <gtest/gtest.h>

#include <string>
#include <string_view>

#include <boost/json.hpp>

namespace gw::protocol {
namespace {

namespace json = boost::json;

std::string items_json(int n) {
  std::string items = "[";
  for (int i = 0; i < n; ++i) items += std::string(i ? "," : "") + R"({"role": "user", "content": "hi"})";
  return items + "]";
}

void expect_error(const Result<json::array>& r, std::string_view param, std::string_view code) {
  ASSERT_FALSE(r.has_value());
  EXPECT_EQ(r.error().status, 400);
  EXPECT_EQ(r.error().param, param) << r.error().message;
  EXPECT_EQ(r.error().code, code) << r.error().message;
}

Result<json::array> items(std::string_view body) { return parse_conversation_items(json::parse(body)); }

TEST(ParseCreateConversation, EmptyBodyGivesNoItemsAndEmptyMetadata) {
  for (const char* body : {"{}", R"({"items": null, "metadata": null})", R"({"items": []})"}) {
    auto r = parse_create_conversation(json::parse(body));
    ASSERT_TRUE(r.has_value()) << body;
    EXPECT_TRUE(r->items.empty());
    EXPECT_TRUE(r->metadata.empty());
  }
}

TEST(ParseCreateConversation, NormalizesItemsLikeResponseInput) {
  auto r = parse_create_conversation(json::parse(R"({
    "items": [{"role": "user", "content": "Hello"},
              {"type": "message", "id": "msg_mine", "role": "assistant", "content": "Hi"},
              {"type": "function_call_output", "call_id": "c1", "output": "42"}],
    "metadata": {"topic": "demo"}})"));
  ASSERT_TRUE(r.has_value()) << r.error().message;
  ASSERT_EQ(r->items.size(), 3u);
  const auto& user = r->items[0].as_object();
  EXPECT_TRUE(user.at("id").as_string().starts_with("msg_"));
  EXPECT_EQ(user.at("type"), "message");
  EXPECT_EQ(user.at("status"), "completed");
  EXPECT_EQ(user.at("content"), json::parse(R"([{"type": "input_text", "text": "Hello"}])"));
  EXPECT_EQ(r->items[1].at("id"), "msg_mine");
  EXPECT_EQ(r->items[1].at("content").at(0).at("type"), "output_text");
  EXPECT_TRUE(r->items[2].at("id").as_string().starts_with("fco_"));
  EXPECT_EQ(r->metadata, (json::object{{"topic", "demo"}}));
}

TEST(ParseCreateConversation, NamesTheFieldAtFault) {
  auto error = [](std::string_view body) {
    auto r = parse_create_conversation(json::parse(body));
    EXPECT_FALSE(r.has_value()) << body;
    return r ? ApiError{} : r.error();
  };
  EXPECT_EQ(error(R"({"items": )" + items_json(21) + "}").code, "array_above_max_length");
  EXPECT_EQ(error(R"({"items": )" + items_json(21) + "}").param, "items");
  EXPECT_EQ(error(R"({"items": {}})").param, "items");
  EXPECT_EQ(error(R"({"items": [{"role": "user", "content": "a"}, {"type": "bogus"}]})").param,
            "items[1].type");
  EXPECT_EQ(error(R"({"metadata": []})").param, "metadata");
  EXPECT_EQ(error(R"({"metadata": {"k": 1}})").param, "metadata.k");
  EXPECT_EQ(error(R"({"metadata": {"k": "v"}, "title": "x"})").code, "unknown_parameter");
  EXPECT_EQ(error("[]").code, "invalid_json");
  EXPECT_TRUE(parse_create_conversation(json::parse(R"({"items": )" + items_json(20) + "}")).has_value());
}

TEST(ParseConversationItems, RequiresItemsAndKeepsTheLimit) {
  expect_error(items("{}"), "items", "missing_required_parameter");
  expect_error(items(R"({"items": null})"), "items", "missing_required_parameter");
  expect_error(items(R"({"items": "hi"})"), "items", "invalid_type");
  expect_error(items(R"({"items": )" + items_json(21) + "}"), "items", "array_above_max_length");
  expect_error(items(R"({"items": ["hi"]})"), "items[0]", "invalid_type");
  expect_error(items(R"({"items": [{"role": "user", "content": [{"type": "input_text"}]}]})"),
               "items[0].content[0].text", "missing_required_parameter");
  auto ok = items(R"({"items": )" + items_json(20) + "}");
  ASSERT_TRUE(ok.has_value());
  EXPECT_EQ(ok->size(), 20u);
}

TEST(ParseConversationItems, RefusesReferencesAndRepeatedIds) {
  expect_error(items(R"({"items": [{"type": "item_reference", "id": "msg_1"}]})"), "items[0].type",
               "unsupported_value");
  expect_error(items(R"({"items": [{"type": "compaction_trigger"}]})"), "items[0].type", "unsupported_value");
  expect_error(items(R"({"items": [{"role": "user", "content": "a", "id": "msg_1"},
                                   {"role": "user", "content": "b", "id": "msg_1"}]})"),
               "items[1].id", "invalid_value");
}

TEST(ParseUpdateConversation, ReplacesOrClearsTheMetadata) {
  auto r = parse_update_conversation(json::parse(R"({"metadata": {"a": "1"}})"));
  ASSERT_TRUE(r.has_value());
  EXPECT_EQ(*r, (json::object{{"a", "1"}}));
  r = parse_update_conversation(json::parse(R"({"metadata": null})"));
  ASSERT_TRUE(r.has_value());
  EXPECT_TRUE(r->empty());
  r = parse_update_conversation(json::parse("{}"));
  ASSERT_FALSE(r.has_value());
  EXPECT_EQ(r.error().param, "metadata");
  EXPECT_EQ(r.error().code, "missing_required_parameter");
  std::string seventeen = R"({"metadata": {)";
  for (int i = 0; i < 17; ++i)
    seventeen += std::string(i ? "," : "") + "\"k" + std::to_string(i) + "\": \"v\"";
  r = parse_update_conversation(json::parse(seventeen + "}}"));
  ASSERT_FALSE(r.has_value());
  EXPECT_EQ(r.error().param, "metadata");
}

}  // namespace
}  // namespace gw::protocol
