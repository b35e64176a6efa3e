#include "backends/chat_completions/tool_call_relay.hpp"

#include <gtest/gtest.h>

#include <string>
#include <vector>

#include <boost/json.hpp>

#include "protocol/create_response.hpp"

namespace gw::backends::chat_completions {
namespace {

namespace json = boost::json;

const protocol::CreateResponse& request() {
  static const protocol::CreateResponse req = *protocol::parse_create_response(json::parse(R"({"model": "m",
      "tools": [{"type": "function", "name": "exec_command"}, {"type": "custom", "name": "apply_patch"},
                {"type": "tool_search", "execution": "client"},
                {"type": "namespace", "name": "multi_agent_v1", "tools": [{"type": "function", "name": "spawn_agent"}]}]})"));
  return req;
}

Delta call(int index, std::string id, std::string name, std::string arguments) {
  Delta d{Delta::Kind::ToolCall, std::move(arguments), index};
  d.call_id = std::move(id);
  d.name = std::move(name);
  return d;
}

struct Relayed {
  std::vector<RelayedCall> calls;
  void add(std::vector<RelayedCall> more) {
    for (auto& c : more) calls.push_back(std::move(c));
  }
};

// A backend that names the call first and gives its id in a later chunk still makes one call.
TEST(ToolCallRelay, AnIdArrivingLateDoesNotSplitTheCall) {
  const ToolMapping tools(request(), request().input);
  ToolCallRelay relay(tools);
  Relayed out;
  out.add(relay.feed(call(0, "", "exec_command", "")));
  out.add(relay.feed(call(0, "call_1", "", R"({"cmd")")));
  out.add(relay.feed(call(0, "", "", R"(: "ls"})")));
  out.add(relay.finish());
  ASSERT_EQ(out.calls.size(), 3u);
  for (const auto& c : out.calls) EXPECT_EQ(c.index, out.calls[0].index);
}

TEST(ToolCallRelay, FunctionCallsPassThroughWithTheirTarget) {
  const ToolMapping tools(request(), request().input);
  ToolCallRelay relay(tools);
  Relayed out;
  out.add(relay.feed(call(0, "call_1", "spawn_agent", "")));
  out.add(relay.feed(call(0, "", "", R"({"message")")));
  out.add(relay.feed(call(0, "", "", R"(: "hi"})")));
  out.add(relay.finish());
  ASSERT_EQ(out.calls.size(), 3u);
  EXPECT_EQ(out.calls[0].call_id, "call_1");
  EXPECT_EQ(out.calls[0].kind, ToolCallKind::Function);
  EXPECT_EQ(out.calls[0].name, "spawn_agent");
  EXPECT_EQ(out.calls[0].namespace_name, "multi_agent_v1");
  EXPECT_EQ(out.calls[1].name, "");  // later fragments carry no name
  EXPECT_EQ(out.calls[1].kind, ToolCallKind::Function);
  EXPECT_EQ(out.calls[1].fragment + out.calls[2].fragment, R"({"message": "hi"})");
}

TEST(ToolCallRelay, CustomCallsCarryTheirDecodedInput) {
  const ToolMapping tools(request(), request().input);
  ToolCallRelay relay(tools);
  Relayed out;
  out.add(relay.feed(call(0, "call_p", "apply_patch", R"({"input": "*** Begin)")));
  out.add(relay.feed(call(0, "", "", R"( Patch\n"})")));
  out.add(relay.finish());
  ASSERT_EQ(out.calls.size(), 2u);
  EXPECT_EQ(out.calls[0].kind, ToolCallKind::Custom);
  EXPECT_EQ(out.calls[0].fragment, "*** Begin");
  EXPECT_EQ(out.calls[1].fragment, " Patch\n");
}

TEST(ToolCallRelay, RawCustomInputIsDeliveredAtTheEnd) {
  const ToolMapping tools(request(), request().input);
  ToolCallRelay relay(tools);
  Relayed out;
  out.add(relay.feed(call(0, "call_p", "apply_patch", "*** Begin Patch")));
  out.add(relay.finish());
  ASSERT_EQ(out.calls.size(), 2u);
  EXPECT_EQ(out.calls[0].fragment, "");
  EXPECT_EQ(out.calls[1].index, out.calls[0].index);
  EXPECT_EQ(out.calls[1].fragment, "*** Begin Patch");
}

TEST(ToolCallRelay, ToolSearchArgumentsPassAsText) {
  const ToolMapping tools(request(), request().input);
  ToolCallRelay relay(tools);
  const auto out = relay.feed(call(0, "call_s", "tool_search", R"({"query": "agents"})"));
  ASSERT_EQ(out.size(), 1u);
  EXPECT_EQ(out[0].kind, ToolCallKind::ToolSearch);
  EXPECT_EQ(out[0].fragment, R"({"query": "agents"})");
}

// Ollama 0.20 streams every call as index 0, each whole with its own id.
TEST(ToolCallRelay, ANewIdUnderAKnownIndexIsANewCall) {
  const ToolMapping tools(request(), request().input);
  ToolCallRelay relay(tools);
  Relayed out;
  out.add(relay.feed(call(0, "call_a", "apply_patch", "raw patch text")));
  out.add(relay.feed(call(0, "call_b", "exec_command", R"({"cmd": "ls"})")));
  out.add(relay.finish());
  ASSERT_EQ(out.calls.size(), 3u);
  EXPECT_EQ(out.calls[0].index, 0);
  // The first call's input is completed before the second call starts, under its own index.
  EXPECT_EQ(out.calls[1].index, 0);
  EXPECT_EQ(out.calls[1].fragment, "raw patch text");
  EXPECT_EQ(out.calls[2].index, 1);
  EXPECT_EQ(out.calls[2].call_id, "call_b");
  EXPECT_EQ(out.calls[2].name, "exec_command");
}

}  // namespace
}  // namespace gw::backends::chat_completions
