#pragma once
// One upstream inference server. It turns a ModelRequest into a call to its API and pushes what the model
// produces into a DeltaSink as it arrives; it knows nothing of Responses events or the client socket.
// On cancellation of the awaiting coroutine it stops and drops its upstream connection.
#include <chrono>
#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>

#include <boost/json/array.hpp>

#include "protocol/create_response.hpp"
#include "protocol/result.hpp"
#include "support/asio.hpp"

namespace gw::backends {

// What the model is asked: the request as the client gave it and the whole context, oldest first, as
// Responses items (chain, conversation and new input; reasoning items carry their text in `content`).
struct ModelRequest {
  const protocol::CreateResponse& request;
  const boost::json::array& context;
  // When the whole answer must have arrived (non-streaming clients); unset for streams, which are bounded
  // per chunk by the backend's idle timeout instead.
  std::optional<std::chrono::steady_clock::time_point> deadline;
  // Whether a client reads the deltas as they come. When false a backend may ask for the whole answer at
  // once (fewer round trips); the deltas it reports are the same.
  bool streaming = true;
  // False when only text is wanted (a compaction summary): no tools are offered, though the history may hold
  // calls to them.
  bool offer_tools = true;
};

struct Usage {
  std::int64_t input_tokens = 0;
  std::int64_t output_tokens = 0;
  std::int64_t cached_tokens = 0;
  std::int64_t reasoning_tokens = 0;
};

// What a tool call becomes in the Response: a `function_call` (JSON arguments), a `custom_tool_call`
// (freeform input text) or a `tool_search_call` (JSON arguments, given as a value).
enum class ToolCallKind { Function, Custom, ToolSearch };

// The tool a call names, as the client declared it (the backend maps its own naming back).
struct ToolCallTarget {
  ToolCallKind kind = ToolCallKind::Function;
  std::string_view name;            // empty on a call's later fragments
  std::string_view namespace_name;  // the namespace the tool was declared in; empty for a top-level tool
};

// Normalized model output, in arrival order. Implemented by the engine.
class DeltaSink {
 public:
  virtual ~DeltaSink() = default;
  // `logprobs`: Responses-shaped LogProb objects for these tokens, or null.
  virtual awaitable<void> on_text(std::string_view text, const boost::json::array* logprobs) = 0;
  virtual awaitable<void> on_reasoning(std::string_view text) = 0;
  virtual awaitable<void> on_refusal(std::string_view text) = 0;
  // A fragment of tool call number `index`: arguments text (Function, ToolSearch) or input text (Custom).
  // `call_id` and `tool.name` are non-empty on its first fragment. A new `call_id` under an index already
  // seen starts a new call.
  virtual awaitable<void> on_tool_call(int index, std::string_view call_id, ToolCallTarget tool,
                                       std::string_view fragment) = 0;
  // Everything that arrived so far has been delivered: send it on now. Backends call it after each read, so
  // what arrived together leaves together, and nothing waits for more.
  virtual awaitable<void> flush() = 0;
};

enum class FinishReason { Stop, Length, ContentFilter, ToolCalls };

struct Finish {
  FinishReason reason = FinishReason::Stop;
  std::optional<Usage> usage;
};

class ModelBackend {
 public:
  virtual ~ModelBackend() = default;
  // Streams the model's answer into `sink`. An error result means the model could not answer as asked:
  // its status is what a non-streaming client gets (4xx passed through from the backend, 502 unreachable or
  // broken, 504 timeout) and its code what `response.failed` carries. Some deltas may precede an error.
  virtual awaitable<Result<Finish>> stream(const ModelRequest& request, DeltaSink& sink) = 0;
  // Whether the backend answers at all (for /ready).
  virtual awaitable<bool> ready() = 0;
  // The models the backend serves, each as OpenAI's model object {id, object: "model", created, owned_by}.
  // An error (502) when the backend cannot be reached or does not answer with a model list.
  virtual awaitable<Result<boost::json::array>> list_models() = 0;
};

using ModelBackendPtr = std::unique_ptr<ModelBackend>;

}  // namespace gw::backends
