#pragma once
// Turns normalized model deltas into Responses stream events: opens and closes output items in output_index
// order, numbers every event, folds it into the Response and hands it to the sink as it happens.
#include <cstdint>
#include <map>
#include <optional>
#include <string>

#include <boost/json/object.hpp>

#include "backends/model_backend.hpp"
#include "crypto/sealer.hpp"
#include "engine/event_sink.hpp"
#include "engine/response_folder.hpp"

namespace gw::engine {

// The purpose string sealed reasoning is bound to (see crypto::Sealer).
inline constexpr std::string_view kReasoningPurpose = "reasoning.v1";

struct EmitterOptions {
  bool obfuscate = false;  // stream_options.include_obfuscation on a streamed response
  const crypto::Sealer* seal_reasoning = nullptr;  // set: reasoning items carry encrypted_content
};

class ResponseEmitter final : public backends::DeltaSink {
 public:
  ResponseEmitter(ResponseFolder& folder, EventSink& sink, EmitterOptions options);

  // response.created and response.in_progress.
  awaitable<void> start();

  awaitable<void> on_text(std::string_view text, const boost::json::array* logprobs) override;
  awaitable<void> on_reasoning(std::string_view text) override;
  awaitable<void> on_refusal(std::string_view text) override;
  awaitable<void> on_tool_call(int index, std::string_view call_id, backends::ToolCallTarget tool,
                               std::string_view fragment) override;
  awaitable<void> flush() override;

  // One `compaction` item (output_item.added, then .done), carrying the sealed summary.
  awaitable<void> add_compaction(std::string encrypted_content);

  // Closes every open item, giving each this status ("completed" or "incomplete").
  awaitable<void> close_open_items(std::string_view status);
  // response.completed / response.incomplete / response.failed, from the folded response's status.
  awaitable<void> emit_terminal();

 private:
  struct OpenMessage {
    std::size_t output_index;
    std::string item_id;
    std::size_t content_index;
    bool refusal;  // the open part is a refusal rather than output_text
  };
  struct OpenReasoning {
    std::size_t output_index;
    std::string item_id;
  };
  struct OpenCall {
    std::size_t output_index;
    std::string item_id;
    backends::ToolCallKind kind;
    std::string arguments;  // a tool search's, parsed into its item when it closes
  };

  awaitable<void> emit(boost::json::object event);
  awaitable<void> emit_snapshot(std::string_view type);
  std::size_t next_output_index();
  awaitable<void> open_message_part(bool refusal);
  awaitable<void> close_message_part();
  awaitable<void> close_message(std::string_view status);
  awaitable<void> close_reasoning(std::string_view status);
  awaitable<void> close_calls(std::string_view status);
  awaitable<void> open_call(int index, std::string_view call_id, backends::ToolCallTarget tool);
  awaitable<void> close_call(OpenCall& call, std::string_view status);

  ResponseFolder& folder_;
  EventSink& sink_;
  EmitterOptions options_;
  std::int64_t sequence_ = 0;
  std::optional<OpenMessage> message_;
  std::optional<OpenReasoning> reasoning_;
  std::map<int, OpenCall> calls_;  // by the backend's tool-call index
  int retired_key_ = 0;            // negative keys for calls whose index a later call reused
};

}  // namespace gw::engine
