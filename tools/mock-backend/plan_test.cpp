#include "tools/mock-backend/plan.hpp"

#include <gtest/gtest.h>

#include <boost/json/parse.hpp>
#include <boost/json/serialize.hpp>

namespace gw::mock {
namespace {

PlanInput user(std::string text) {
  PlanInput in;
  in.prompt_chars = text.size();
  in.user_text = std::move(text);
  in.seed = 42;
  in.text_param = "messages";
  return in;
}

std::string joined(const std::vector<std::string>& tokens) {
  std::string out;
  for (const auto& t : tokens) out += t;
  return out;
}

TEST(Plan, DefaultEchoesTheUserText) {
  auto plan = make_plan(user("hello there [[delay_ms 1]]"));
  ASSERT_TRUE(plan);
  EXPECT_EQ(joined(plan->content), "Echo: hello there");
  EXPECT_EQ(plan->content.size(), 3u);
  EXPECT_EQ(plan->finish_reason, "stop");
  EXPECT_EQ(plan->usage.completion_tokens, 3);
  EXPECT_EQ(plan->usage.prompt_tokens, 6);  // 26 chars / 4
}

TEST(Plan, NoUserMessageGivesTheFixedReply) {
  auto plan = make_plan(PlanInput{});
  ASSERT_TRUE(plan);
  EXPECT_EQ(joined(plan->content), "This is a mock response.");
  EXPECT_EQ(plan->usage.prompt_tokens, 1);
  EXPECT_EQ(joined(make_plan(user("[[delay_ms 1]]"))->content), "This is a mock response.");
}

TEST(Plan, ToolResultIsAnswered) {
  PlanInput in;
  in.tool_result = "{\"temp\": 21}";
  auto plan = make_plan(in);
  ASSERT_TRUE(plan);
  EXPECT_EQ(joined(plan->content), "Tool result: {\"temp\": 21}");
}

TEST(Plan, TokensAndThinking) {
  auto plan = make_plan(user("[[tokens 4]] [[think_tokens 2]]"));
  ASSERT_TRUE(plan);
  EXPECT_EQ(plan->content, (std::vector<std::string>{"tok1", " tok2", " tok3", " tok4"}));
  EXPECT_EQ(plan->reasoning, (std::vector<std::string>{"thought1", " thought2"}));
  EXPECT_EQ(plan->usage.completion_tokens, 6);
  EXPECT_EQ(plan->usage.reasoning_tokens, 2);
}

TEST(Plan, ToolCallsHaveDeterministicDistinctIds) {
  auto plan = make_plan(user(R"([[tool a {"x":"0123456789"}]] [[tool b]])"));
  ASSERT_TRUE(plan);
  EXPECT_FALSE(plan->has_content);
  ASSERT_EQ(plan->tool_calls.size(), 2u);
  EXPECT_EQ(plan->finish_reason, "tool_calls");
  EXPECT_NE(plan->tool_calls[0].call_id, plan->tool_calls[1].call_id);
  EXPECT_EQ(plan->tool_calls[0].call_id.rfind("call_", 0), 0u);
  EXPECT_EQ(plan->tool_calls[0].call_id,
            make_plan(user(R"([[tool a {"x":"0123456789"}]] [[tool b]])"))->tool_calls[0].call_id);
  EXPECT_EQ(plan->usage.completion_tokens, 3 + 1);  // 19 bytes → 3 pieces, "{}" → 1
}

TEST(Plan, MaxTokensTruncatesWithLength) {
  auto in = user("[[think_tokens 2]] [[tokens 5]] [[tool f]]");
  in.max_tokens = 4;
  auto plan = make_plan(in);
  ASSERT_TRUE(plan);
  EXPECT_EQ(plan->reasoning.size(), 2u);
  EXPECT_EQ(plan->content.size(), 2u);
  EXPECT_TRUE(plan->tool_calls.empty());
  EXPECT_EQ(plan->finish_reason, "length");
}

TEST(Plan, ForcedFinishAndRefusalAndUsage) {
  auto plan =
      make_plan(user("[[refuse I can't help with that.]] [[finish content_filter]] [[usage 100 7 30]]"));
  ASSERT_TRUE(plan);
  EXPECT_TRUE(plan->content.empty());
  EXPECT_FALSE(plan->has_content);
  EXPECT_EQ(joined(plan->refusal), "I can't help with that.");
  EXPECT_EQ(plan->finish_reason, "content_filter");
  EXPECT_EQ(plan->usage.prompt_tokens, 100);
  EXPECT_EQ(plan->usage.completion_tokens, 7);
  EXPECT_EQ(plan->usage.cached_tokens, 30);
}

TEST(Plan, EchoRequestRepliesWithTheRawBody) {
  auto in = user("[[echo_request]]");
  std::string body = R"({"model":"m","messages":[{"role":"user","content":"[[echo_request]]"}]})";
  in.raw_body = body;
  EXPECT_EQ(joined(make_plan(in)->content), body);
}

TEST(Plan, Failures) {
  auto status = make_plan(user("[[status 503 2]]"));
  ASSERT_TRUE(status && status->failure);
  EXPECT_EQ(status->failure->error.status, 503);
  EXPECT_EQ(status->failure->error.type, "server_error");
  EXPECT_EQ(status->failure->times, 2);
  auto context = make_plan(user("[[context_length]]"));
  ASSERT_TRUE(context && context->failure);
  EXPECT_EQ(context->failure->error.code, "context_length_exceeded");
  EXPECT_EQ(context->failure->error.param, "messages");
  EXPECT_EQ(context->failure->error.status, 400);
  // A window: only a longer prompt fails (prompt tokens = characters / 4).
  auto over = make_plan(user("[[context_window 3]] twenty characters."));
  ASSERT_TRUE(over && over->failure);
  EXPECT_EQ(over->failure->error.code, "context_length_exceeded");
  EXPECT_NE(over->failure->error.message.find("maximum context length is 3 tokens"), std::string::npos);
  auto under = make_plan(user("[[context_window 100]] twenty characters."));
  ASSERT_TRUE(under);
  EXPECT_FALSE(under->failure);
}

TEST(Plan, BadDirectiveNamesTheField) {
  auto plan = make_plan(user("[[tokens x]]"));
  ASSERT_FALSE(plan);
  EXPECT_EQ(plan.error().param, "messages");
  EXPECT_EQ(plan.error().code, "invalid_directive");
}

TEST(Plan, IdsAndLogprobsAreDeterministic) {
  EXPECT_EQ(make_id("resp_", 1), make_id("resp_", 1));
  EXPECT_NE(make_id("resp_", 1), make_id("resp_", 2));
  EXPECT_NE(make_id("resp_", 1, 1), make_id("resp_", 1, 2));
  EXPECT_EQ(make_id("x_", 7).size(), 2u + 24u);
  auto a = token_logprob(" tok", 3, 2);
  EXPECT_EQ(a, token_logprob(" tok", 3, 2));
  EXPECT_EQ(a.at("token"), " tok");
  EXPECT_LE(a.at("logprob").as_double(), 0.0);
  EXPECT_EQ(a.at("bytes").as_array().size(), 4u);
  ASSERT_EQ(a.at("top_logprobs").as_array().size(), 2u);
  EXPECT_EQ(a.at("top_logprobs").as_array()[0].at("token"), " tok");
  EXPECT_LT(a.at("top_logprobs").as_array()[1].at("logprob").as_double(), a.at("logprob").as_double());
}

TEST(Plan, TextOfContentParts) {
  auto parts = boost::json::parse(
      R"([{"type":"text","text":"a"},{"type":"image_url"},{"type":"input_text","text":"b"}])");
  EXPECT_EQ(text_of(parts), "a\nb");
  EXPECT_EQ(text_of(boost::json::value("s")), "s");
  EXPECT_EQ(text_of(nullptr), "");
}

}  // namespace
}  // namespace gw::mock
