#include "tools/mock-backend/directives.hpp"

#include <gtest/gtest.h>

namespace gw::mock {
namespace {

Script parse_ok(std::string_view text) {
  auto s = parse_script(text);
  EXPECT_TRUE(s.has_value()) << text << ": " << (s ? "" : s.error().message);
  return s ? *s : Script{};
}

std::string parse_error(std::string_view text) {
  auto s = parse_script(text);
  EXPECT_FALSE(s.has_value()) << text;
  if (s) return "";
  EXPECT_EQ(s.error().code, "invalid_directive");
  EXPECT_EQ(s.error().status, 400);
  return s.error().message;
}

TEST(Directives, PlainTextHasNoDirectives) {
  auto s = parse_ok("  Hello, world!  ");
  EXPECT_EQ(s.text, "Hello, world!");
  EXPECT_FALSE(s.reply);
  EXPECT_FALSE(s.status);
  EXPECT_TRUE(s.tools.empty());
}

TEST(Directives, ReplyKeepsSpacesJsonAndBalancedBrackets) {
  EXPECT_EQ(*parse_ok("[[reply Hello big world]]").reply, "Hello big world");
  EXPECT_EQ(*parse_ok(R"([[reply {"a": [1, 2], "b": "x y"}]])").reply, R"({"a": [1, 2], "b": "x y"})");
  EXPECT_EQ(*parse_ok("[[reply [1, [2]]]]").reply, "[1, [2]]");
  EXPECT_EQ(*parse_ok("[[reply  padded ]]").reply, " padded ");
  EXPECT_EQ(*parse_ok("[[reply]]").reply, "");
}

TEST(Directives, DirectivesAreRemovedFromTheText) {
  auto s = parse_ok("before [[tokens 3]] middle [[delay_ms 20]]after");
  EXPECT_EQ(s.text, "before  middle after");
  EXPECT_EQ(*s.tokens, 3);
  EXPECT_EQ(s.delay_ms, 20);
}

TEST(Directives, UnknownNamesStayAsText) {
  auto s = parse_ok("see [[foo bar]] and [[1,2]] and [[Reply x]] [[[reply y]]");
  EXPECT_EQ(s.text, "see [[foo bar]] and [[1,2]] and [[Reply x]] [");
  EXPECT_EQ(*s.reply, "y");
}

TEST(Directives, NumbersAreChecked) {
  auto s = parse_ok(
      "[[tokens 0]][[think_tokens 7]][[chunk_delay_ms 5]][[cut_after 2]][[malformed_after 1]]"
      "[[keepalive_ms 100]]");
  EXPECT_EQ(*s.tokens, 0);
  EXPECT_EQ(*s.think_tokens, 7);
  EXPECT_EQ(s.chunk_delay_ms, 5);
  EXPECT_EQ(*s.cut_after, 2);
  EXPECT_EQ(*s.malformed_after, 1);
  EXPECT_EQ(*s.keepalive_ms, 100);
  parse_error("[[tokens abc]]");
  parse_error("[[tokens -1]]");
  parse_error("[[tokens]]");
  parse_error("[[delay_ms 9999999]]");
  parse_error("[[tokens 3 4]]");
}

TEST(Directives, ToolsTakeJsonThatMayContainClosingBrackets) {
  auto s = parse_ok(R"([[tool get_weather {"city": "Paris]]", "days": [[1]]}]] [[tool now]] [[tool n2 []]])");
  ASSERT_EQ(s.tools.size(), 3u);
  EXPECT_EQ(s.tools[0].name, "get_weather");
  EXPECT_EQ(s.tools[0].arguments, R"({"city": "Paris]]", "days": [[1]]})");
  EXPECT_EQ(s.tools[1].name, "now");
  EXPECT_EQ(s.tools[1].arguments, "{}");
  EXPECT_EQ(s.tools[2].arguments, "[]");
  EXPECT_EQ(s.text, "");
  parse_error(R"([[tool f {"a": }]])");
  parse_error(R"([[tool f {"a": 1} extra]])");
  parse_error("[[tool]]");
}

TEST(Directives, ToolRawKeepsInvalidArguments) {
  auto s = parse_ok(R"([[tool_raw broken {"a": ]] [[interleave_tools]])");
  ASSERT_EQ(s.tools.size(), 1u);
  EXPECT_EQ(s.tools[0].arguments, R"({"a":)");
  EXPECT_TRUE(s.interleave_tools);
}

TEST(Directives, StatusUsageFinish) {
  auto s =
      parse_ok("[[status 503 2]] [[usage 10 20 5]] [[finish length]] [[context_length]] [[echo_request]]");
  EXPECT_EQ(*s.status, 503);
  EXPECT_EQ(s.status_times, 2);
  EXPECT_EQ(*s.usage_prompt, 10);
  EXPECT_EQ(*s.usage_completion, 20);
  EXPECT_EQ(*s.usage_cached, 5);
  EXPECT_EQ(*s.finish, "length");
  EXPECT_TRUE(s.context_length);
  EXPECT_TRUE(s.echo_request);
  EXPECT_EQ(parse_ok("[[status 429]]").status_times, 0);
  parse_error("[[status 200]]");
  parse_error("[[status 500 0]]");
  parse_error("[[usage 1]]");
  parse_error("[[finish maybe]]");
  parse_error("[[context_length now]]");
  EXPECT_EQ(parse_ok("[[context_window 100]]").context_window, 100);
  parse_error("[[context_window big]]");
}

TEST(Directives, UnterminatedDirectiveIsAnError) {
  EXPECT_NE(parse_error("[[reply never closed").find("missing closing"), std::string::npos);
}

TEST(Directives, SplitWordsRoundTrips) {
  auto words = split_words("Echo: hi  there\n");
  EXPECT_EQ(words, (std::vector<std::string>{"Echo:", " hi", "  there", "\n"}));
  EXPECT_TRUE(split_words("").empty());
  EXPECT_EQ(split_words("  lead"), (std::vector<std::string>{"  lead"}));
}

TEST(Directives, SplitPiecesKeepsUtf8Whole) {
  EXPECT_EQ(split_pieces("abcdefghij", 4), (std::vector<std::string>{"abcd", "efgh", "ij"}));
  auto pieces = split_pieces("aaaaaaa\xC3\xA9z", 8);  // "é" straddles the 8-byte boundary
  EXPECT_EQ(pieces, (std::vector<std::string>{"aaaaaaa\xC3\xA9", "z"}));
}

}  // namespace
}  // namespace gw::mock
