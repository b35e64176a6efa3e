#include "engine/compaction.hpp"

#include <gtest/gtest.h>

#include <exception>

#include <boost/json.hpp>

#include "crypto/sealer.hpp"
#include "engine/response_emitter.hpp"

namespace gw::engine {
namespace {

namespace json = boost::json;

crypto::Sealer sealer(std::uint8_t fill) {
  crypto::Sealer::Key key;
  key.fill(fill);
  return crypto::Sealer(key);
}

json::object sealed_item(const crypto::Sealer& by, std::string_view summary) {
  return json::object{
      {"type", "compaction"}, {"id", "cmp_1"}, {"encrypted_content", by.seal(summary, kCompactionPurpose)}};
}

TEST(Compaction, ASealedSummaryOpensBackToItsText) {
  const auto key = sealer(0x41);
  auto item = sealed_item(key, "We fixed bug 42 in foo.c.");
  EXPECT_TRUE(is_sealed_compaction(item));
  ASSERT_TRUE(open_compaction(item, key));
  EXPECT_EQ(item.at("content"),
            json::parse(R"([{"type": "input_text", "text": "We fixed bug 42 in foo.c."}])"));
  EXPECT_FALSE(is_sealed_compaction(item));  // opened: nothing left to do
  EXPECT_TRUE(open_compaction(item, key));
}

TEST(Compaction, AForeignOrAlteredBlobDoesNotOpen) {
  auto foreign = sealed_item(sealer(0x42), "summary");
  EXPECT_FALSE(open_compaction(foreign, sealer(0x41)));
  EXPECT_FALSE(foreign.contains("content"));
  // Reasoning sealed by the same key is not a summary: the purposes differ.
  const auto key = sealer(0x41);
  json::object reasoning_blob{
      {"type", "compaction"}, {"id", "cmp_2"}, {"encrypted_content", key.seal("thought", kReasoningPurpose)}};
  EXPECT_FALSE(open_compaction(reasoning_blob, key));
}

TEST(Compaction, OtherItemsAreLeftAlone) {
  json::object message{{"type", "message"}, {"role", "user"}, {"content", json::array{}}};
  EXPECT_TRUE(open_compaction(message, sealer(0x41)));
  EXPECT_EQ(message.size(), 3u);
}

TEST(Compaction, TheInstructionIsAUserMessage) {
  const auto instruction = compaction_instruction();
  EXPECT_EQ(instruction.at("type"), json::value("message"));
  EXPECT_EQ(instruction.at("role"), json::value("user"));
  EXPECT_FALSE(instruction.at("content").as_array()[0].at("text").get_string().empty());
}

TEST(Compaction, TheSummarySinkKeepsTextOnly) {
  SummarySink sink;
  asio::io_context io;
  std::exception_ptr failure;
  asio::co_spawn(
      io,
      [&]() -> awaitable<void> {
        co_await sink.on_reasoning("thinking");
        co_await sink.on_text("We fixed ", nullptr);
        const backends::ToolCallTarget target{backends::ToolCallKind::Function, "f", {}};
        co_await sink.on_tool_call(0, "call_1", target, "{}");
        co_await sink.on_text("bug 42.", nullptr);
        co_await sink.flush();
      },
      [&](std::exception_ptr e) { failure = e; });
  io.run();
  ASSERT_FALSE(failure);
  EXPECT_EQ(sink.text(), "We fixed bug 42.");
}

}  // namespace
}  // namespace gw::engine
