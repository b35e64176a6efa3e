#include "engine/response_service.hpp"

#include <gtest/gtest.h>

#include <string>
#include <vector>

#include <boost/json.hpp>

namespace gw::engine {
namespace {

namespace json = boost::json;

json::value message(const char* role, const char* text) {
  return json::object{{"type", "message"}, {"role", role}, {"content", text}};
}

std::vector<std::string> texts(const json::array& context) {
  std::vector<std::string> out;
  for (const auto& item : context) out.emplace_back(item.at("content").get_string());
  return out;
}

using Texts = std::vector<std::string>;

TEST(DropOldestTurn, DropsTheFirstTurnAfterTheLeadingInstructions) {
  json::array context{message("system", "s"), message("user", "u1"), message("assistant", "a1"),
                      message("user", "u2")};
  ASSERT_TRUE(drop_oldest_turn(context));
  EXPECT_EQ(texts(context), (Texts{"s", "u2"}));
  EXPECT_FALSE(drop_oldest_turn(context));  // only the last turn is left
}

// A prompt template's messages lead the context and are pinned: its example turns are part of the task.
TEST(DropOldestTurn, KeepsThePinnedItems) {
  json::array context{message("developer", "tmpl"),   message("user", "example"),
                      message("assistant", "answer"), message("user", "u1"),
                      message("assistant", "a1"),     message("user", "u2")};
  ASSERT_TRUE(drop_oldest_turn(context, 3));
  EXPECT_EQ(texts(context), (Texts{"tmpl", "example", "answer", "u2"}));
  EXPECT_FALSE(drop_oldest_turn(context, 3));
}

// Codex's tools travel in an `additional_tools` item after its developer prompt; a retry must keep them.
TEST(DropOldestTurn, KeepsTheClientsAdditionalTools) {
  json::array context{message("developer", "d"),
                      json::object{{"type", "additional_tools"}, {"content", "tools"}}, message("user", "u1"),
                      message("assistant", "a1"), message("user", "u2")};
  ASSERT_TRUE(drop_oldest_turn(context));
  EXPECT_EQ(texts(context), (Texts{"d", "tools", "u2"}));
}

}  // namespace
}  // namespace gw::engine
