#pragma once
// Compaction for stateless clients. A request whose last input item is `compaction_trigger` asks for the
// history it carries to be compacted: the model is asked for a summary (text only, no tools), and the
// response holds exactly one `compaction` item whose `encrypted_content` is that summary, sealed under the
// gateway's key (as reasoning is). When the client sends the item back, the summary is opened and given to
// the model as a user message in place of the history it replaced.
#include <string>
#include <string_view>

#include <boost/json/object.hpp>

#include "backends/model_backend.hpp"
#include "crypto/sealer.hpp"

namespace gw::engine {

// The purpose string sealed summaries are bound to (see crypto::Sealer).
inline constexpr std::string_view kCompactionPurpose = "compaction.v1";

// The user message appended to the history to ask the model for the summary.
boost::json::object compaction_instruction();

// A `compaction` item carrying `encrypted_content` but no text yet.
bool is_sealed_compaction(const boost::json::object& item);
// Gives a sealed compaction item its summary back as `content` (one input_text part). False when the blob
// does not verify (sealed under another key, or altered); the item is then left as it was. True for other
// items.
bool open_compaction(boost::json::object& item, const crypto::Sealer& sealer);

// Collects the summary the model writes: its text only (reasoning and any tool call are dropped).
class SummarySink final : public backends::DeltaSink {
 public:
  awaitable<void> on_text(std::string_view text, const boost::json::array*) override;
  awaitable<void> on_reasoning(std::string_view) override { co_return; }
  awaitable<void> on_refusal(std::string_view text) override;
  awaitable<void> on_tool_call(int, std::string_view, backends::ToolCallTarget, std::string_view) override {
    co_return;
  }
  awaitable<void> flush() override { co_return; }

  const std::string& text() const { return text_; }

 private:
  std::string text_;
};

}  // namespace gw::engine
