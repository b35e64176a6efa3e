#pragma once
// The life of one response: context assembly (prompt template, previous_response_id chain or conversation,
// item references, sealed reasoning), the model call, event emission, storage (and joining its conversation)
// before the terminal event.
#include <chrono>
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include <boost/json/object.hpp>

#include "backends/model_backend.hpp"
#include "crypto/sealer.hpp"
#include "engine/event_sink.hpp"
#include "engine/response_folder.hpp"
#include "protocol/create_response.hpp"
#include "protocol/result.hpp"
#include "store/conversation_store.hpp"
#include "store/prompt_store.hpp"
#include "store/response_store.hpp"

namespace gw::engine {

// A request whose context is assembled and checked; nothing has been sent to the model yet.
struct PreparedResponse {
  protocol::CreateResponse request;
  boost::json::array context;  // what the model sees, oldest first
  std::size_t pinned = 0;      // leading context items truncation must keep: the prompt template's messages
  std::string id;
  std::int64_t created_at = 0;
  // Tool types the request offered that the model is not given (ServiceOptions::omit_web_search), once
  // each; the client is told in a response header.
  std::vector<std::string> omitted_tools;
  // The input ended with `compaction_trigger`: the answer is one sealed summary (see compaction.hpp), and the
  // context ends with the instruction asking for it.
  bool compaction = false;
};

struct ResponseOutcome {
  boost::json::object response;  // the final Response object
  // Set when the model could not answer and no event was sent yet (non-streaming): the HTTP error to answer.
  std::optional<protocol::ApiError> error;
  double backend_ms = 0;  // time spent in the model call, for the access log
};

struct ServiceOptions {
  std::chrono::milliseconds request_timeout{600'000};  // a whole non-streaming response
  // A request offering web_search (no search provider exists yet): false refuses it with a 400 naming the
  // switch; true leaves the tool out and says so (PreparedResponse::omitted_tools).
  bool omit_web_search = false;
};

class ResponseService {
 public:
  ResponseService(backends::ModelBackend& backend, store::ResponseStore& store,
                  store::ConversationStore& conversations, store::PromptStore& prompts,
                  const crypto::Sealer& sealer, ServiceOptions options = {});

  // 400/404 here, before any event: unknown previous_response_id, conversation, prompt, prompt version or
  // item reference, bad prompt variables, an input item whose id its conversation already holds, a sealed
  // blob that does not open, nothing to send.
  awaitable<Result<PreparedResponse>> prepare(protocol::CreateResponse request);

  // Runs the response, sending its events to `sink` as they happen. `streaming`: events reach a client,
  // so a failure becomes `response.failed` (stored); otherwise it comes back as `error` and nothing is
  // stored. Throws when the client goes away mid-stream, after storing the response as cancelled. Only a
  // response that ends completed or incomplete adds its input and output to its conversation.
  awaitable<ResponseOutcome> run(PreparedResponse& prepared, EventSink& sink, bool streaming);

  store::ResponseStore& store() { return store_; }

 private:
  // Stores the response (unless store: false) and appends what it adds to its conversation, atomically.
  awaitable<void> save(const PreparedResponse& prepared, const boost::json::object& response);
  // Resolves `request.prompt`: its instructions lead `request.instructions`, its messages open the context.
  awaitable<Status> apply_prompt(protocol::CreateResponse& request, PreparedResponse& prepared);
  // The model call; with truncation "auto", a context-window error before any output drops the oldest turn
  // and tries again.
  awaitable<Result<backends::Finish>> call_model(PreparedResponse& prepared, backends::DeltaSink& sink,
                                                 bool streaming, const ResponseFolder& folder);

  backends::ModelBackend& backend_;
  store::ResponseStore& store_;
  store::ConversationStore& conversations_;
  store::PromptStore& prompts_;
  const crypto::Sealer& sealer_;
  ServiceOptions options_;
};

// Drops the oldest turn of `context` (from its first non-system item after the `pinned` ones up to the next
// user message), keeping the pinned items and the system and developer messages after them. False when only
// the last turn is left.
bool drop_oldest_turn(boost::json::array& context, std::size_t pinned = 0);

}  // namespace gw::engine
