#pragma once
// Drives a ResponseEmitter with scripted model deltas and records what it emits, for the emitter's tests.
#include <gtest/gtest.h>

#include <exception>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include <boost/json.hpp>

#include "engine/response_emitter.hpp"
#include "engine/response_folder.hpp"
#include "engine/response_object.hpp"
#include "protocol/create_response.hpp"

namespace gw::engine::testing {

namespace json = boost::json;

// Records every event and, at that moment, the response the emitter's own folder holds.
class RecordingSink final : public EventSink {
 public:
  explicit RecordingSink(const ResponseFolder& folder) : folder_(folder) {}
  awaitable<void> on_event(std::string_view type, const json::object& event) override {
    types.emplace_back(type);
    events.push_back(event);
    snapshots.push_back(folder_.response());
    co_return;
  }
  std::vector<std::string> types;
  std::vector<json::object> events;
  std::vector<json::object> snapshots;

 private:
  const ResponseFolder& folder_;
};

// One model delta, as a backend hands it to the emitter.
struct Step {
  enum class Kind { Text, Reasoning, Refusal, ToolCall };
  Kind kind = Kind::Text;
  std::string text;  // or arguments
  int index = 0;
  std::string call_id;
  std::string name;
  std::optional<json::array> logprobs;
  backends::ToolCallKind call_kind = backends::ToolCallKind::Function;
  std::string namespace_name;
};

inline Step text(std::string t, std::optional<json::array> logprobs = std::nullopt) {
  return Step{Step::Kind::Text, std::move(t), 0, {}, {}, std::move(logprobs)};
}
inline Step reasoning(std::string t) { return Step{Step::Kind::Reasoning, std::move(t)}; }
inline Step refusal(std::string t) { return Step{Step::Kind::Refusal, std::move(t)}; }
inline Step call(int index, std::string call_id, std::string name, std::string arguments) {
  return Step{Step::Kind::ToolCall, std::move(arguments), index, std::move(call_id), std::move(name)};
}
// A fragment of a custom (freeform) tool call's input, or of a tool search's arguments; `ns` is the
// namespace.
inline Step call_of(backends::ToolCallKind kind, int index, std::string call_id, std::string name,
                    std::string fragment, std::string ns = {}) {
  Step step{Step::Kind::ToolCall, std::move(fragment), index, std::move(call_id), std::move(name)};
  step.call_kind = kind;
  step.namespace_name = std::move(ns);
  return step;
}

struct RunOptions {
  EmitterOptions emitter;
  std::string close_status = "completed";  // given to close_open_items
  std::string final_status = "completed";  // set on the response before emit_terminal
};

struct Emitted {
  std::vector<std::string> types;
  std::vector<json::object> events;
  std::vector<json::object> snapshots;
  json::object response;  // the emitter's folded response at the end
};

// Runs a coroutine to completion on a local io_context, rethrowing what escaped it.
template <class MakeAwaitable>
void run_on_io(MakeAwaitable&& make) {
  asio::io_context io;
  std::exception_ptr failure;
  asio::co_spawn(io, make(), [&](std::exception_ptr e) { failure = e; });
  io.run();
  if (failure) std::rethrow_exception(failure);
}

inline awaitable<void> play(ResponseEmitter& emitter, const std::vector<Step>& steps) {
  for (const auto& s : steps) {
    switch (s.kind) {
      case Step::Kind::Text: {
        const json::array* logprobs = s.logprobs ? &*s.logprobs : nullptr;
        co_await emitter.on_text(s.text, logprobs);
        break;
      }
      case Step::Kind::Reasoning:
        co_await emitter.on_reasoning(s.text);
        break;
      case Step::Kind::Refusal:
        co_await emitter.on_refusal(s.text);
        break;
      case Step::Kind::ToolCall: {
        const backends::ToolCallTarget target{s.call_kind, s.name, s.namespace_name};
        co_await emitter.on_tool_call(s.index, s.call_id, target, s.text);
        break;
      }
    }
  }
}

inline protocol::CreateResponse request() {
  auto req = protocol::parse_create_response(json::parse(R"({"model": "qwen3:8b", "input": "hi"})"));
  EXPECT_TRUE(req.has_value());
  return std::move(*req);
}

inline Emitted emit(const std::vector<Step>& steps, const RunOptions& options = {}) {
  const auto req = request();
  ResponseFolder folder(initial_response(req, "resp_test", 1735000000));
  RecordingSink sink(folder);
  ResponseEmitter emitter(folder, sink, options.emitter);
  run_on_io([&]() -> awaitable<void> {
    co_await emitter.start();
    co_await play(emitter, steps);
    co_await emitter.close_open_items(options.close_status);
    folder.response()["status"] = options.final_status;
    co_await emitter.emit_terminal();
  });
  return Emitted{std::move(sink.types), std::move(sink.events), std::move(sink.snapshots), folder.response()};
}

inline std::vector<std::string> types_from(const Emitted& run, std::size_t first) {
  return std::vector<std::string>(run.types.begin() + static_cast<std::ptrdiff_t>(first), run.types.end());
}

inline std::vector<const json::object*> of_type(const Emitted& run, std::string_view type) {
  std::vector<const json::object*> out;
  for (const auto& e : run.events)
    if (e.at("type").get_string() == type) out.push_back(&e);
  return out;
}

inline bool has_prefix(const json::value& id, std::string_view prefix) {
  return id.is_string() && id.get_string().size() > prefix.size() &&
         std::string_view(id.get_string()).starts_with(prefix);
}

inline std::int64_t num(const json::value& v) { return v.to_number<std::int64_t>(); }

}  // namespace gw::engine::testing
