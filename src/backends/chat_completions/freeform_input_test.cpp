#include "backends/chat_completions/freeform_input.hpp"

#include <gtest/gtest.h>

#include <string>
#include <string_view>
#include <vector>

namespace gw::backends::chat_completions {
namespace {

// Feeds `fragments` one by one; answers every piece feed() and finish() returned, in order.
std::vector<std::string> pieces(const std::vector<std::string_view>& fragments) {
  FreeformInput input;
  std::vector<std::string> out;
  for (auto f : fragments) out.push_back(input.feed(f));
  out.push_back(input.finish());
  return out;
}

std::string joined(const std::vector<std::string>& parts) {
  std::string all;
  for (const auto& p : parts) all += p;
  return all;
}

TEST(FreeformInput, StreamsTheInputStringAsItArrives) {
  const auto out = pieces({R"({"inp)", R"(ut": "const r)", R"( = 1;\n)", R"(r += 2;"})"});
  EXPECT_EQ(out, (std::vector<std::string>{"", "const r", " = 1;\n", "r += 2;", ""}));
}

TEST(FreeformInput, EscapesSplitAcrossFragments) {
  EXPECT_EQ(joined(pieces({R"({"input":"a\)", R"("b\)", R"(\c\)", R"(u00e9\u2)", R"(603\t"})"})),
            "a\"b\\c\xC3\xA9\xE2\x98\x83\t");
  // A surrogate pair, split between its halves.
  EXPECT_EQ(joined(pieces({R"({"input": "\ud83d)", R"(\ude00!"})"})), "\xF0\x9F\x98\x80!");
  // A lone surrogate becomes U+FFFD rather than invalid UTF-8.
  EXPECT_EQ(joined(pieces({R"({"input": "\ud83dx"})"})), "\xEF\xBF\xBDx");
}

TEST(FreeformInput, UnicodeTextPassesThrough) {
  EXPECT_EQ(joined(pieces({"{\"input\": \"h\xC3", "\xA9llo\"}"})), "h\xC3\xA9llo");
}

TEST(FreeformInput, WhatFollowsTheStringIsIgnored) {
  EXPECT_EQ(pieces({R"({"input": "x", "other": "y"})"}), (std::vector<std::string>{"x", ""}));
}

TEST(FreeformInput, ArgumentsOfAnotherShapeAreReadWhole) {
  // The model wrote the text itself, not JSON.
  EXPECT_EQ(pieces({"*** Begin Patch\n", "*** End Patch\n"}),
            (std::vector<std::string>{"", "", "*** Begin Patch\n*** End Patch\n"}));
  // A JSON string.
  EXPECT_EQ(joined(pieces({R"("echo hi")"})), "echo hi");
  // Another key than `input`, alone in its object.
  EXPECT_EQ(joined(pieces({R"({"patch": "x\ny"})"})), "x\ny");
  // `input` after another key: still found once the object is whole.
  EXPECT_EQ(joined(pieces({R"({"why": "w", "input": "z"})"})), "z");
  // Nothing at all.
  EXPECT_EQ(joined(pieces({})), "");
}

TEST(FreeformInput, ATruncatedStringKeepsWhatArrived) {
  EXPECT_EQ(pieces({R"({"input": "partial te)"}), (std::vector<std::string>{"partial te", ""}));
}

}  // namespace
}  // namespace gw::backends::chat_completions
