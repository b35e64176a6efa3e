#include "engine/response_emitter.hpp"

#include <gtest/gtest.h>

#include <algorithm>
#include <cctype>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include <boost/json.hpp>

#include "crypto/sealer.hpp"
#include "engine/testing/emitter_harness.hpp"

namespace gw::engine {
namespace {

namespace json = boost::json;
using namespace testing;
// ---------------------------------------------------------------------------------------------------------
// Invariants every delta sequence must keep

struct Scenario {
  const char* label;
  std::vector<Step> steps;
  bool obfuscate = false;
};

void PrintTo(const Scenario& s, std::ostream* os) { *os << s.label; }

class EveryScenario : public ::testing::TestWithParam<Scenario> {};

TEST_P(EveryScenario, SequenceNumbersCountFromZero) {
  RunOptions options;
  options.emitter.obfuscate = GetParam().obfuscate;
  const Emitted run = emit(GetParam().steps, options);
  ASSERT_FALSE(run.events.empty());
  for (std::size_t i = 0; i < run.events.size(); ++i) {
    EXPECT_EQ(num(run.events[i].at("sequence_number")), static_cast<std::int64_t>(i)) << run.types[i];
    EXPECT_EQ(run.events[i].at("type"), json::value(run.types[i]));
  }
  EXPECT_EQ(run.types.front(), "response.created");
  EXPECT_EQ(run.types[1], "response.in_progress");
  EXPECT_EQ(run.types.back(), "response.completed");
}

// The one-path guarantee: a client folding the events it received holds, after every event, exactly what the
// emitter's own folder holds; at the end both are the non-streaming response.
TEST_P(EveryScenario, RefoldingTheEventsGivesTheSameResponse) {
  RunOptions options;
  options.emitter.obfuscate = GetParam().obfuscate;
  const Emitted run = emit(GetParam().steps, options);
  ResponseFolder client;
  for (std::size_t i = 0; i < run.events.size(); ++i) {
    client.apply(run.events[i]);
    ASSERT_EQ(client.response(), run.snapshots[i])
        << "after event " << i << " (" << run.types[i] << ")\nclient:  " << json::serialize(client.response())
        << "\nemitter: " << json::serialize(run.snapshots[i]);
  }
  EXPECT_EQ(client.response(), run.response);
  EXPECT_EQ(run.events.back().at("response").as_object(), run.response);
}

TEST_P(EveryScenario, ItemsOpenAndCloseInOutputIndexOrder) {
  const Emitted run = emit(GetParam().steps);
  std::map<std::int64_t, std::string> open;  // output_index → item id
  std::int64_t next_index = 0;
  for (const auto& e : run.events) {
    const std::string_view type = e.at("type").get_string();
    if (type == "response.output_item.added") {
      EXPECT_EQ(num(e.at("output_index")), next_index++) << "items are added at the end";
      open[num(e.at("output_index"))] = std::string(e.at("item").at("id").get_string());
    } else if (type == "response.output_item.done") {
      const auto index = num(e.at("output_index"));
      ASSERT_TRUE(open.contains(index)) << "done without added at " << index;
      EXPECT_EQ(e.at("item").at("id").get_string(), open[index]);
      open.erase(index);
    } else if (e.contains("item_id")) {
      const auto index = num(e.at("output_index"));
      ASSERT_TRUE(open.contains(index)) << type << " for an item that is not open";
      EXPECT_EQ(e.at("item_id").get_string(), open[index]) << type;
    }
  }
  EXPECT_TRUE(open.empty()) << "items left open";
  EXPECT_EQ(static_cast<std::int64_t>(run.response.at("output").as_array().size()), next_index);
}

TEST_P(EveryScenario, DeltasConcatenateToTheirDoneEvents) {
  const Emitted run = emit(GetParam().steps);
  // (item_id, content_index or -1, kind) → concatenated deltas.
  std::map<std::tuple<std::string, std::int64_t, std::string>, std::string> acc;
  for (const auto& e : run.events) {
    const std::string_view type = e.at("type").get_string();
    if (!type.ends_with(".delta") && !type.ends_with(".done")) continue;
    if (type.starts_with("response.output_item") || type.starts_with("response.content_part")) continue;
    const std::string kind(type.substr(0, type.rfind('.')));
    const auto content_index = e.contains("content_index") ? num(e.at("content_index")) : -1;
    const auto key = std::make_tuple(std::string(e.at("item_id").get_string()), content_index, kind);
    if (type.ends_with(".delta")) {
      acc[key] += e.at("delta").get_string();
    } else {
      const char* field = kind == "response.refusal"                   ? "refusal"
                          : kind == "response.function_call_arguments" ? "arguments"
                          : kind == "response.custom_tool_call_input"  ? "input"
                                                                       : "text";
      EXPECT_EQ(e.at(field).get_string(), acc[key]) << type;
    }
  }
}

constexpr auto kFunction = backends::ToolCallKind::Function;
constexpr auto kCustom = backends::ToolCallKind::Custom;
constexpr auto kSearch = backends::ToolCallKind::ToolSearch;

const json::array kLogprobsHi =
    json::parse(R"([{"token": "Hi", "logprob": -0.1, "bytes": [72, 105], "top_logprobs": []}])").as_array();

INSTANTIATE_TEST_SUITE_P(
    ResponseEmitter, EveryScenario,
    ::testing::Values(
        Scenario{"text", {text("Hel"), text("lo"), text(", world")}},
        Scenario{"text_obfuscated", {text("Hel"), text("lo, world, how are you today?")}, true},
        Scenario{"reasoning_then_text", {reasoning("Think"), reasoning("ing."), text("Answer")}},
        Scenario{"reasoning_obfuscated", {reasoning("Think"), text("Answer")}, true},
        Scenario{"refusal", {refusal("I can't "), refusal("help.")}},
        Scenario{"text_then_refusal", {text("Well"), refusal("no")}},
        Scenario{"refusal_then_text", {refusal("no"), text("but")}},
        Scenario{"parallel_calls",
                 {call(0, "call_a", "get_weather", ""), call(0, "", "", "{\"city\":"),
                  call(1, "call_b", "get_time", ""), call(1, "", "", "{}"), call(0, "", "", "\"Paris\"}")}},
        Scenario{"calls_obfuscated", {call(0, "call_a", "f", "{\"a\":"), call(0, "", "", "1}")}, true},
        Scenario{"reasoning_then_calls",
                 {reasoning("Two calls."), call(0, "call_a", "f", "{}"), call(1, "call_b", "g", "{}")}},
        Scenario{"text_call_text", {text("Let me check."), call(0, "call_a", "f", "{}"), text("Done.")}},
        Scenario{"text_reasoning_text", {text("A"), reasoning("B"), text("C")}},
        Scenario{"logprobs", {text("Hi", kLogprobsHi), text("Hi", kLogprobsHi)}},
        Scenario{"unicode", {text("h\xC3\xA9llo "), text("\xE2\x9C\x93")}},
        Scenario{"custom_call",
                 {text("Patching."), call_of(kCustom, 0, "call_p", "apply_patch", "*** Begin"),
                  call_of(kCustom, 0, "", "", " Patch\n")}},
        Scenario{"custom_call_obfuscated",
                 {call_of(kCustom, 0, "call_x", "exec", "const a = 1;", "functions")},
                 true},
        Scenario{"tool_search_then_function",
                 {call_of(kSearch, 0, "call_s", "tool_search", "{\"query\":"),
                  call_of(kSearch, 0, "", "", "\"x\"}"),
                  call_of(kFunction, 1, "call_f", "spawn_agent", "{}", "multi_agent_v1")}},
        Scenario{"nothing", {}}),
    [](const auto& info) { return std::string(info.param.label); });

// ---------------------------------------------------------------------------------------------------------
// Event shapes

TEST(ResponseEmitter, StartCarriesTheInitialResponse) {
  const Emitted run = emit({});
  ASSERT_GE(run.events.size(), 3u);
  const auto& created = run.events[0].at("response").as_object();
  EXPECT_EQ(created.at("id"), json::value("resp_test"));
  EXPECT_EQ(created.at("status"), json::value("in_progress"));
  EXPECT_TRUE(created.at("output").as_array().empty());
  EXPECT_EQ(run.events[1].at("response").as_object(), created);
  EXPECT_EQ(run.types,
            (std::vector<std::string>{"response.created", "response.in_progress", "response.completed"}));
}

TEST(ResponseEmitter, TextEvents) {
  const Emitted run = emit({text("Hel"), text(""), text("lo")});
  EXPECT_EQ(types_from(run, 2),
            (std::vector<std::string>{"response.output_item.added", "response.content_part.added",
                                      "response.output_text.delta", "response.output_text.delta",
                                      "response.output_text.done", "response.content_part.done",
                                      "response.output_item.done", "response.completed"}));
  const auto& added = run.events[2];
  EXPECT_EQ(num(added.at("output_index")), 0);
  const auto& item = added.at("item").as_object();
  EXPECT_TRUE(has_prefix(item.at("id"), "msg_"));
  EXPECT_EQ(item.at("type"), json::value("message"));
  EXPECT_EQ(item.at("role"), json::value("assistant"));
  EXPECT_EQ(item.at("status"), json::value("in_progress"));
  EXPECT_TRUE(item.at("content").as_array().empty());

  const auto& part_added = run.events[3];
  EXPECT_EQ(num(part_added.at("content_index")), 0);
  EXPECT_EQ(part_added.at("item_id"), item.at("id"));
  EXPECT_EQ(part_added.at("part").at("type"), json::value("output_text"));
  EXPECT_EQ(part_added.at("part").at("text"), json::value(""));

  EXPECT_EQ(run.events[4].at("delta"), json::value("Hel"));
  EXPECT_EQ(run.events[5].at("delta"), json::value("lo"));
  EXPECT_EQ(run.events[4].at("item_id"), item.at("id"));
  EXPECT_EQ(num(run.events[4].at("content_index")), 0);
  EXPECT_EQ(run.events[6].at("text"), json::value("Hello"));
  EXPECT_EQ(run.events[7].at("part").at("text"), json::value("Hello"));
  EXPECT_TRUE(run.events[7].at("part").at("annotations").as_array().empty());

  const auto& done = run.events[8].at("item").as_object();
  EXPECT_EQ(done.at("id"), item.at("id"));
  EXPECT_EQ(done.at("status"), json::value("completed"));
  ASSERT_EQ(done.at("content").as_array().size(), 1u);
  EXPECT_EQ(done.at("content").at(0).at("text"), json::value("Hello"));

  const auto& output = run.response.at("output").as_array();
  ASSERT_EQ(output.size(), 1u);
  EXPECT_EQ(output[0].as_object(), done);
}

TEST(ResponseEmitter, ReasoningThenText) {
  const Emitted run = emit({reasoning("Let me "), reasoning("think."), text("4")});
  EXPECT_EQ(types_from(run, 2),
            (std::vector<std::string>{
                "response.output_item.added", "response.content_part.added", "response.reasoning_text.delta",
                "response.reasoning_text.delta", "response.reasoning_text.done", "response.content_part.done",
                "response.output_item.done", "response.output_item.added", "response.content_part.added",
                "response.output_text.delta", "response.output_text.done", "response.content_part.done",
                "response.output_item.done", "response.completed"}));
  const auto& added = run.events[2];
  EXPECT_EQ(num(added.at("output_index")), 0);
  EXPECT_TRUE(has_prefix(added.at("item").at("id"), "rs_"));
  EXPECT_EQ(added.at("item").at("type"), json::value("reasoning"));
  EXPECT_EQ(run.events[3].at("part").at("type"), json::value("reasoning_text"));
  EXPECT_EQ(run.events[6].at("text"), json::value("Let me think."));

  const auto& output = run.response.at("output").as_array();
  ASSERT_EQ(output.size(), 2u);
  EXPECT_EQ(output[0].at("type"), json::value("reasoning"));
  EXPECT_TRUE(output[0].at("summary").as_array().empty());
  EXPECT_EQ(output[0].at("content"), json::parse(R"([{"type": "reasoning_text", "text": "Let me think."}])"));
  EXPECT_FALSE(output[0].as_object().contains("encrypted_content"));
  EXPECT_EQ(output[1].at("type"), json::value("message"));
  EXPECT_EQ(num(run.events[9].at("output_index")), 1);
}

TEST(ResponseEmitter, Refusal) {
  const Emitted run = emit({refusal("I can't "), refusal("help with that.")});
  EXPECT_EQ(types_from(run, 2),
            (std::vector<std::string>{"response.output_item.added", "response.content_part.added",
                                      "response.refusal.delta", "response.refusal.delta",
                                      "response.refusal.done", "response.content_part.done",
                                      "response.output_item.done", "response.completed"}));
  EXPECT_EQ(run.events[3].at("part"), json::parse(R"({"type": "refusal", "refusal": ""})"));
  EXPECT_EQ(run.events[6].at("refusal"), json::value("I can't help with that."));
  EXPECT_EQ(run.response.at("output").at(0).at("content"),
            json::parse(R"([{"type": "refusal", "refusal": "I can't help with that."}])"));
}

TEST(ResponseEmitter, TextThenRefusalShareTheMessage) {
  const Emitted run = emit({text("Well, "), refusal("no.")});
  const auto& output = run.response.at("output").as_array();
  ASSERT_EQ(output.size(), 1u);
  const auto& content = output[0].at("content").as_array();
  ASSERT_EQ(content.size(), 2u);
  EXPECT_EQ(content[0].at("text"), json::value("Well, "));
  EXPECT_EQ(content[1].at("refusal"), json::value("no."));
  const auto refusal_deltas = of_type(run, "response.refusal.delta");
  ASSERT_EQ(refusal_deltas.size(), 1u);
  EXPECT_EQ(num(refusal_deltas[0]->at("content_index")), 1);
  // The text part is closed before the refusal part opens.
  const auto text_done = std::find(run.types.begin(), run.types.end(), "response.output_text.done");
  const auto refusal_added = std::find(run.types.begin(), run.types.end(), "response.refusal.delta");
  EXPECT_LT(text_done, refusal_added);
}

TEST(ResponseEmitter, ParallelToolCalls) {
  const Emitted run =
      emit({call(0, "call_a", "get_weather", ""), call(0, "", "", "{\"city\":"),
            call(1, "call_b", "get_time", ""), call(1, "", "", "{}"), call(0, "", "", "\"Paris\"}")});
  EXPECT_EQ(types_from(run, 2),
            (std::vector<std::string>{"response.output_item.added", "response.function_call_arguments.delta",
                                      "response.output_item.added", "response.function_call_arguments.delta",
                                      "response.function_call_arguments.delta",
                                      "response.function_call_arguments.done", "response.output_item.done",
                                      "response.function_call_arguments.done", "response.output_item.done",
                                      "response.completed"}));
  const auto& first = run.events[2].at("item").as_object();
  EXPECT_EQ(num(run.events[2].at("output_index")), 0);
  EXPECT_TRUE(has_prefix(first.at("id"), "fc_"));
  EXPECT_EQ(first.at("type"), json::value("function_call"));
  EXPECT_EQ(first.at("status"), json::value("in_progress"));
  EXPECT_EQ(first.at("call_id"), json::value("call_a"));
  EXPECT_EQ(first.at("name"), json::value("get_weather"));
  EXPECT_EQ(first.at("arguments"), json::value(""));
  EXPECT_EQ(num(run.events[4].at("output_index")), 1);
  EXPECT_EQ(run.events[4].at("item").at("call_id"), json::value("call_b"));

  const auto done = of_type(run, "response.function_call_arguments.done");
  ASSERT_EQ(done.size(), 2u);
  EXPECT_EQ(num(done[0]->at("output_index")), 0);
  EXPECT_EQ(done[0]->at("arguments"), json::value("{\"city\":\"Paris\"}"));
  EXPECT_EQ(done[0]->at("item_id"), first.at("id"));
  EXPECT_EQ(num(done[1]->at("output_index")), 1);
  EXPECT_EQ(done[1]->at("arguments"), json::value("{}"));

  const auto& output = run.response.at("output").as_array();
  ASSERT_EQ(output.size(), 2u);
  EXPECT_EQ(output[0].as_object(), (json::object{{"id", first.at("id")},
                                                 {"type", "function_call"},
                                                 {"status", "completed"},
                                                 {"arguments", "{\"city\":\"Paris\"}"},
                                                 {"call_id", "call_a"},
                                                 {"name", "get_weather"}}));
  EXPECT_EQ(output[1].at("status"), json::value("completed"));
  EXPECT_EQ(output[1].at("name"), json::value("get_time"));
}

TEST(ResponseEmitter, CallsKeepArrivalOrderWhateverTheBackendIndex) {
  const Emitted run = emit({call(1, "call_b", "second", "{}"), call(0, "call_a", "first", "{}")});
  const auto& output = run.response.at("output").as_array();
  ASSERT_EQ(output.size(), 2u);
  EXPECT_EQ(output[0].at("call_id"), json::value("call_b"));
  EXPECT_EQ(output[1].at("call_id"), json::value("call_a"));
  const auto done = of_type(run, "response.output_item.done");
  ASSERT_EQ(done.size(), 2u);
  EXPECT_EQ(num(done[0]->at("output_index")), 0);
  EXPECT_EQ(num(done[1]->at("output_index")), 1);
}

TEST(ResponseEmitter, CallWithoutIdGetsOne) {
  // Some llama.cpp builds send no call id.
  const Emitted run = emit({call(0, "", "f", "{}")});
  const auto& item = run.response.at("output").at(0);
  EXPECT_TRUE(has_prefix(item.at("call_id"), "call_")) << item.at("call_id");
}

// Ollama 0.20 (ollama/ollama#15457) numbers every tool call of a streamed answer `index: 0`; each call still
// arrives whole with its own id. A fragment with a new call id starts a new call (DeltaSink: call_id is set
// on a call's first fragment only); merging them would hand the client one call with broken arguments.
TEST(ResponseEmitter, ReusedIndexWithANewCallIdIsANewCall) {
  const Emitted run = emit({call(0, "call_a", "file_write", R"({"path":"hello.py"})"),
                            call(0, "call_b", "file_write", R"({"path":"world.py"})")});
  const auto& output = run.response.at("output").as_array();
  ASSERT_EQ(output.size(), 2u) << json::serialize(output);
  EXPECT_EQ(output[0].at("call_id"), json::value("call_a"));
  EXPECT_EQ(output[0].at("arguments"), json::value(R"({"path":"hello.py"})"));
  EXPECT_EQ(output[1].at("call_id"), json::value("call_b"));
  EXPECT_EQ(output[1].at("arguments"), json::value(R"({"path":"world.py"})"));
}

TEST(ResponseEmitter, TextAfterToolCallsOpensANewMessage) {
  const Emitted run = emit({text("Checking."), call(0, "call_a", "f", "{}"), text("Done.")});
  const auto& output = run.response.at("output").as_array();
  ASSERT_EQ(output.size(), 3u);
  EXPECT_EQ(output[0].at("type"), json::value("message"));
  EXPECT_EQ(output[1].at("type"), json::value("function_call"));
  EXPECT_EQ(output[2].at("type"), json::value("message"));
  EXPECT_NE(output[0].at("id"), output[2].at("id"));
  EXPECT_EQ(output[2].at("content").at(0).at("text"), json::value("Done."));
  for (const auto& item : output) EXPECT_EQ(item.at("status"), json::value("completed"));
  // The call is done before the second message is added.
  std::vector<std::int64_t> item_events;
  for (const auto& e : run.events)
    if (e.at("type") == "response.output_item.added" || e.at("type") == "response.output_item.done")
      item_events.push_back(num(e.at("output_index")));
  EXPECT_EQ(item_events, (std::vector<std::int64_t>{0, 0, 1, 1, 2, 2}));
}

TEST(ResponseEmitter, Logprobs) {
  const json::array a =
      json::parse(R"([{"token": "Hi", "logprob": -0.1, "bytes": [72, 105], "top_logprobs": []}])").as_array();
  const json::array b =
      json::parse(R"([{"token": "!", "logprob": -0.5, "bytes": [33], "top_logprobs": []}])").as_array();
  const Emitted run = emit({text("Hi", a), text("!", b)});
  const auto deltas = of_type(run, "response.output_text.delta");
  ASSERT_EQ(deltas.size(), 2u);
  EXPECT_EQ(deltas[0]->at("logprobs").as_array(), a);
  EXPECT_EQ(deltas[1]->at("logprobs").as_array(), b);
  json::array all = a;
  all.push_back(b[0]);
  const auto done = of_type(run, "response.output_text.done");
  ASSERT_EQ(done.size(), 1u);
  EXPECT_EQ(done[0]->at("logprobs").as_array(), all);
  EXPECT_EQ(run.response.at("output").at(0).at("content").at(0).at("logprobs").as_array(), all);
}

TEST(ResponseEmitter, NoLogprobsGivesEmptyArrays) {
  const Emitted run = emit({text("x")});
  EXPECT_TRUE(of_type(run, "response.output_text.delta")[0]->at("logprobs").as_array().empty());
  EXPECT_TRUE(run.response.at("output").at(0).at("content").at(0).at("logprobs").as_array().empty());
}

}  // namespace
}  // namespace gw::engine
