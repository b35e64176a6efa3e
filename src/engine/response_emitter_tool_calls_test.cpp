// The items and events of custom (freeform), tool_search and namespaced calls, as Codex reads them.
#include "engine/response_emitter.hpp"

#include <gtest/gtest.h>

#include <string>
#include <vector>

#include <boost/json.hpp>

#include "engine/testing/emitter_harness.hpp"

namespace gw::engine {
namespace {

namespace json = boost::json;
using namespace testing;
using backends::ToolCallKind;

TEST(ResponseEmitterToolCalls, CustomCallStreamsItsInput) {
  const Emitted run = emit({call_of(ToolCallKind::Custom, 0, "call_p", "apply_patch", "*** Begin Patch\n"),
                            call_of(ToolCallKind::Custom, 0, "", "", "*** End Patch\n")});
  EXPECT_EQ(types_from(run, 2),
            (std::vector<std::string>{"response.output_item.added", "response.custom_tool_call_input.delta",
                                      "response.custom_tool_call_input.delta",
                                      "response.custom_tool_call_input.done", "response.output_item.done",
                                      "response.completed"}));
  const auto& added = run.events[2].at("item").as_object();
  EXPECT_TRUE(has_prefix(added.at("id"), "ctc_"));
  EXPECT_EQ(added.at("type"), json::value("custom_tool_call"));
  EXPECT_EQ(added.at("status"), json::value("in_progress"));
  EXPECT_EQ(added.at("input"), json::value(""));
  EXPECT_FALSE(added.contains("namespace"));
  EXPECT_EQ(run.events[5].at("input"), json::value("*** Begin Patch\n*** End Patch\n"));
  const auto& done = run.events[6].at("item").as_object();
  EXPECT_EQ(done, json::parse(R"({"id": ")" + std::string(added.at("id").get_string()) +
                              R"(", "type": "custom_tool_call", "status": "completed", "call_id": "call_p",
                              "name": "apply_patch", "input": "*** Begin Patch\n*** End Patch\n"})"));
  EXPECT_EQ(run.response.at("output").as_array()[0], json::value(done));
}

TEST(ResponseEmitterToolCalls, NamespacedCallsNameTheirNamespace) {
  const Emitted run =
      emit({call_of(ToolCallKind::Function, 0, "call_a", "spawn_agent", "{}", "multi_agent_v1"),
            call_of(ToolCallKind::Custom, 1, "call_x", "exec", "1", "functions")});
  const auto& output = run.response.at("output").as_array();
  EXPECT_EQ(output[0].at("name"), json::value("spawn_agent"));
  EXPECT_EQ(output[0].at("namespace"), json::value("multi_agent_v1"));
  EXPECT_EQ(output[1].at("namespace"), json::value("functions"));
  const auto done = of_type(run, "response.function_call_arguments.done");
  ASSERT_EQ(done.size(), 1u);
  EXPECT_EQ(done[0]->at("name"), json::value("spawn_agent"));
}

TEST(ResponseEmitterToolCalls, ToolSearchArgumentsArriveWholeAsAValue) {
  const Emitted run = emit({call_of(ToolCallKind::ToolSearch, 0, "call_s", "tool_search", R"({"query": )"),
                            call_of(ToolCallKind::ToolSearch, 0, "", "", R"("agents", "limit": 2})")});
  EXPECT_EQ(types_from(run, 2),
            (std::vector<std::string>{"response.output_item.added", "response.output_item.done",
                                      "response.completed"}));
  const auto& added = run.events[2].at("item").as_object();
  EXPECT_TRUE(has_prefix(added.at("id"), "tsc_"));
  EXPECT_EQ(added.at("arguments"), json::object{});
  const auto& done = run.events[3].at("item").as_object();
  EXPECT_EQ(done.at("type"), json::value("tool_search_call"));
  EXPECT_EQ(done.at("execution"), json::value("client"));
  EXPECT_EQ(done.at("call_id"), json::value("call_s"));
  EXPECT_EQ(done.at("arguments"), json::parse(R"({"query": "agents", "limit": 2})"));
  EXPECT_EQ(done.at("status"), json::value("completed"));
}

TEST(ResponseEmitterToolCalls, ToolSearchArgumentsThatAreNotJsonStayText) {
  const Emitted run = emit({call_of(ToolCallKind::ToolSearch, 0, "call_s", "tool_search", "agents please")});
  EXPECT_EQ(run.response.at("output").as_array()[0].at("arguments"), json::value("agents please"));
}

TEST(ResponseEmitterToolCalls, IncompleteCustomCallsAreMarked) {
  RunOptions options;
  options.close_status = "incomplete";
  options.final_status = "incomplete";
  const Emitted run = emit({call_of(ToolCallKind::Custom, 0, "call_p", "apply_patch", "*** Begin")}, options);
  EXPECT_EQ(run.response.at("output").as_array()[0].at("status"), json::value("incomplete"));
}

TEST(ResponseEmitterToolCalls, CompactionIsOneItemAddedAndDone) {
  const auto req = request();
  ResponseFolder folder(initial_response(req, "resp_test", 1735000000));
  RecordingSink sink(folder);
  ResponseEmitter emitter(folder, sink, {});
  run_on_io([&]() -> awaitable<void> {
    co_await emitter.start();
    co_await emitter.add_compaction("sealed-summary");
    folder.response()["status"] = "completed";
    co_await emitter.emit_terminal();
  });
  ASSERT_EQ(sink.types, (std::vector<std::string>{"response.created", "response.in_progress",
                                                  "response.output_item.added", "response.output_item.done",
                                                  "response.completed"}));
  const auto& output = folder.response().at("output").as_array();
  ASSERT_EQ(output.size(), 1u);
  EXPECT_EQ(output[0].at("type"), json::value("compaction"));
  EXPECT_TRUE(has_prefix(output[0].at("id"), "cmp_"));
  EXPECT_EQ(output[0].at("encrypted_content"), json::value("sealed-summary"));
  EXPECT_EQ(sink.events[2].at("item"), sink.events[3].at("item"));
}

}  // namespace
}  // namespace gw::engine
