#pragma once
// Chat tool-call fragments → what the DeltaSink gets: each call mapped back to the tool the client declared
// (ToolMapping), a custom tool's `{"input": …}` arguments turned into its input text (FreeformInput), and
// every call numbered once. Some servers (Ollama 0.20) number every call 0, each with its own id: a new id
// under a known index is a new call, and the earlier one is finished first. Pure.
#include <map>
#include <string>
#include <vector>

#include "backends/chat_completions/freeform_input.hpp"
#include "backends/chat_completions/stream_decoder.hpp"
#include "backends/chat_completions/tool_mapping.hpp"

namespace gw::backends::chat_completions {

// One fragment for DeltaSink::on_tool_call; `name` is set on a call's first fragment only.
struct RelayedCall {
  int index = 0;  // the relay's own numbering: one per call
  std::string call_id;
  ToolCallKind kind = ToolCallKind::Function;
  std::string name;
  std::string namespace_name;
  std::string fragment;

  ToolCallTarget target() const { return ToolCallTarget{kind, name, namespace_name}; }
};

class ToolCallRelay {
 public:
  explicit ToolCallRelay(const ToolMapping& tools) : tools_(tools) {}

  // One ToolCall delta of the chat stream.
  std::vector<RelayedCall> feed(const Delta& delta);
  // At the end of the answer: what each custom call's input still holds back.
  std::vector<RelayedCall> finish();

 private:
  struct Call {
    int index;
    std::string call_id;
    ToolCallKind kind = ToolCallKind::Function;
    bool named = false;
    FreeformInput input;  // custom calls only
  };
  std::vector<RelayedCall> finish_call(Call& call);

  const ToolMapping& tools_;
  std::map<int, Call> calls_;  // open calls, by the backend's index
  int next_index_ = 0;
};

}  // namespace gw::backends::chat_completions
