#include "engine/sealed_reasoning.hpp"

#include <gtest/gtest.h>

#include <boost/json.hpp>

namespace gw::engine {
namespace {

namespace json = boost::json;

crypto::Sealer::Key key(std::uint8_t fill) {
  crypto::Sealer::Key k{};
  k.fill(fill);
  return k;
}

json::object reasoning_with_text(std::string text) {
  return {{"type", "reasoning"},
          {"id", "rs_1"},
          {"summary", json::array{}},
          {"content", json::array{json::object{{"type", "reasoning_text"}, {"text", std::move(text)}}}}};
}

TEST(SealedReasoning, SealsThenOpensBackToTheText) {
  const crypto::Sealer sealer(key(0x42));
  json::object item = reasoning_with_text("step one");
  EXPECT_FALSE(needs_opening(item));
  seal_reasoning(item, sealer);
  ASSERT_TRUE(item.contains("encrypted_content"));

  json::object stateless{{"type", "reasoning"}, {"id", "rs_1"}, {"summary", json::array{}}};
  stateless["encrypted_content"] = item.at("encrypted_content");
  EXPECT_TRUE(needs_opening(stateless));
  ASSERT_TRUE(open_sealed_reasoning(stateless, sealer));
  EXPECT_EQ(stateless.at("content"), item.at("content"));
  EXPECT_FALSE(needs_opening(stateless));
}

TEST(SealedReasoning, ABlobFromAnotherKeyDoesNotOpenAndLeavesTheItem) {
  json::object item = reasoning_with_text("secret");
  seal_reasoning(item, crypto::Sealer(key(1)));
  item.erase("content");
  const json::object before = item;
  EXPECT_FALSE(open_sealed_reasoning(item, crypto::Sealer(key(2))));
  EXPECT_EQ(item, before);
}

TEST(SealedReasoning, OtherItemsAreLeftAlone) {
  const crypto::Sealer sealer(key(7));
  json::object message{{"type", "message"}, {"id", "msg_1"}, {"encrypted_content", "x"}};
  EXPECT_FALSE(needs_opening(message));
  EXPECT_TRUE(open_sealed_reasoning(message, sealer));
  json::object copy = message;
  seal_reasoning(copy, sealer);
  EXPECT_EQ(copy, message);

  // Reasoning that already carries a blob keeps it; reasoning without text gets none.
  json::object sealed = reasoning_with_text("t");
  sealed["encrypted_content"] = "kept";
  seal_reasoning(sealed, sealer);
  EXPECT_EQ(sealed.at("encrypted_content"), "kept");
  json::object empty{{"type", "reasoning"}, {"id", "rs_2"}, {"summary", json::array{}}};
  seal_reasoning(empty, sealer);
  EXPECT_FALSE(empty.contains("encrypted_content"));
}

}  // namespace
}  // namespace gw::engine
