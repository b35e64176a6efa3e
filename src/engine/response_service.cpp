#include "engine/response_service.hpp"

#include <algorithm>
#include <chrono>
#include <unordered_map>
#include <unordered_set>
#include <vector>

#include <boost/asio/this_coro.hpp>
#include <boost/json.hpp>

#include "engine/compaction.hpp"
#include "engine/prompt_resolution.hpp"
#include "engine/response_emitter.hpp"
#include "engine/response_folder.hpp"
#include "engine/response_object.hpp"
#include "engine/sealed_reasoning.hpp"
#include "protocol/ids.hpp"
#include "protocol/tools.hpp"
#include "support/log.hpp"

namespace gw::engine {
namespace json = boost::json;
namespace {

const char* incomplete_reason(backends::FinishReason reason) {
  return reason == backends::FinishReason::Length ? "max_output_tokens" : "content_filter";
}

std::string_view id_of(const json::value& item) {
  const auto* id = item.get_object().if_contains("id");
  return id && id->is_string() ? std::string_view(id->get_string()) : std::string_view();
}

// The first input item whose id the context already holds, or that an earlier input item has: a conversation
// holds each item once (OpenAI refuses such a request the same way).
std::optional<std::size_t> repeated_item(const json::array& context, const json::array& input) {
  std::unordered_set<std::string_view> seen;
  for (const auto& item : context) seen.insert(id_of(item));
  for (std::size_t i = 0; i < input.size(); ++i) {
    const auto id = id_of(input[i]);
    if (!id.empty() && !seen.insert(id).second) return i;
  }
  return std::nullopt;
}

// What a finished response adds to its conversation: its input items (references resolved), then its output.
std::vector<json::object> turn_items(const json::array& input, const json::object& response) {
  const auto& output = response.at("output").as_array();
  std::vector<json::object> items;
  items.reserve(input.size() + output.size());
  for (const auto& item : input) items.push_back(item.get_object());
  for (const auto& item : output) items.push_back(item.get_object());
  return items;
}

// The gateway has no web search provider: a request that offers the tool is told how to get through.
constexpr std::string_view kWebSearchHelp =
    "needs a web search provider, and this gateway has none. Remove the tool from the request (Codex: "
    "web_search = \"disabled\" in config.toml), or start the gateway with --web-search=omit "
    "(GATEWAY_WEB_SEARCH=omit) to have it left out of such requests; the response then names it in its "
    "x-gateway-omitted-tools header.";

protocol::ApiError web_search_refused(const protocol::HostedTool& tool) {
  const std::string message =
      "Tool type '" + tool.type + "' (" + tool.param + ") " + std::string(kWebSearchHelp);
  return protocol::ApiError::invalid(tool.param + ".type", message, "unsupported_value");
}

std::vector<std::string> omitted_types(const std::vector<protocol::HostedTool>& hosted) {
  std::vector<std::string> types;
  for (const auto& tool : hosted)
    if (std::find(types.begin(), types.end(), tool.type) == types.end()) types.push_back(tool.type);
  return types;
}

}  // namespace

ResponseService::ResponseService(backends::ModelBackend& backend, store::ResponseStore& store,
                                 store::ConversationStore& conversations, store::PromptStore& prompts,
                                 const crypto::Sealer& sealer, ServiceOptions options)
    : backend_(backend),
      store_(store),
      conversations_(conversations),
      prompts_(prompts),
      sealer_(sealer),
      options_(options) {}

bool drop_oldest_turn(json::array& context, std::size_t pinned) {
  auto is_instruction = [](const json::value& item) {
    const auto& o = item.get_object();
    if (o.at("type") == "additional_tools") return true;  // the client's tools: never dropped
    if (o.at("type") != "message") return false;
    const auto& role = o.at("role");
    return role == "system" || role == "developer";
  };
  auto is_user = [](const json::value& item) {
    const auto& o = item.get_object();
    return o.at("type") == "message" && o.at("role") == "user";
  };
  std::size_t first = pinned;
  while (first < context.size() && is_instruction(context[first])) ++first;
  std::size_t next = first + 1;
  while (next < context.size() && !is_user(context[next])) ++next;
  if (first >= context.size() || next >= context.size()) return false;
  context.erase(context.begin() + first, context.begin() + next);
  return true;
}

awaitable<Result<backends::Finish>> ResponseService::call_model(PreparedResponse& prepared,
                                                                backends::DeltaSink& sink, bool streaming,
                                                                const ResponseFolder& folder) {
  std::optional<std::chrono::steady_clock::time_point> deadline;
  if (!streaming) deadline = std::chrono::steady_clock::now() + options_.request_timeout;
  for (;;) {
    const backends::ModelRequest request{prepared.request, prepared.context, deadline, streaming,
                                         !prepared.compaction};
    auto result = co_await backend_.stream(request, sink);
    const bool nothing_produced = folder.response().at("output").as_array().empty();
    if (result || result.error().code != "context_length_exceeded" || prepared.request.truncation != "auto" ||
        !nothing_produced || !drop_oldest_turn(prepared.context, prepared.pinned))
      co_return result;
    log::debug("context window exceeded; dropped the oldest turn", {{"response_id", prepared.id}});
  }
}

awaitable<Status> ResponseService::apply_prompt(protocol::CreateResponse& request,
                                                PreparedResponse& prepared) {
  auto& reference = *request.prompt;
  auto stored = co_await prompts_.get(reference.id, reference.version);
  if (!stored) {
    const std::optional<std::int64_t> default_version;
    auto prompt = co_await prompts_.get(reference.id, default_version);
    if (!prompt || !reference.version)
      co_return protocol::ApiError::not_found("prompt.id",
                                              "Prompt with id '" + reference.id + "' not found.");
    co_return protocol::ApiError::not_found(
        "prompt.version",
        "Prompt '" + reference.id + "' has no version " + std::to_string(*reference.version) + ".");
  }
  auto resolved = resolve_prompt(stored->content, reference.variables);
  if (!resolved) co_return resolved.error();
  reference.version = stored->version;  // the Response shows the version used
  // One system message, the template's part first: many chat templates accept a single leading one only.
  if (resolved->instructions && !resolved->instructions->empty())
    request.instructions = request.instructions && !request.instructions->empty()
                               ? *resolved->instructions + "\n\n" + *request.instructions
                               : *resolved->instructions;
  prepared.pinned = resolved->messages.size();
  for (auto& message : resolved->messages) prepared.context.push_back(std::move(message));
  co_return Ok{};
}

awaitable<Result<PreparedResponse>> ResponseService::prepare(protocol::CreateResponse request) {
  PreparedResponse prepared;
  const auto hosted = protocol::hosted_tools(request);
  if (!hosted.empty() && !options_.omit_web_search) co_return web_search_refused(hosted.front());
  prepared.omitted_tools = omitted_types(hosted);
  if (request.prompt) {
    auto applied = co_await apply_prompt(request, prepared);
    if (!applied) co_return applied.error();
  }
  if (request.previous_response_id) {
    auto chain = co_await store_.chain(*request.previous_response_id);
    if (chain.empty())
      co_return protocol::ApiError::not_found(
          "previous_response_id",
          "Previous response with id '" + *request.previous_response_id + "' not found.");
    // Every earlier turn's input then output, oldest first; instructions are not inherited (as OpenAI).
    for (auto& turn : chain) {
      for (auto& item : turn.input_items) prepared.context.push_back(std::move(item));
      if (auto* output = turn.response.if_contains("output"); output && output->is_array())
        for (auto& item : output->get_array()) {
          // A stored compaction item holds its summary sealed only.
          open_compaction(item.as_object(), sealer_);
          prepared.context.push_back(std::move(item));
        }
    }
  }
  if (request.conversation) {
    auto items = co_await conversations_.items(*request.conversation);
    if (!items)
      co_return protocol::ApiError::not_found(
          "conversation", "Conversation with id '" + *request.conversation + "' not found.");
    // Its items, in order, come before the new input. Sealed reasoning and summaries were verified when they
    // entered the conversation; one that no longer opens (the gateway's key was replaced) gives no text.
    for (auto& item : *items) {
      open_sealed_reasoning(item, sealer_);
      open_compaction(item, sealer_);
      prepared.context.push_back(std::move(item));
    }
  }

  std::unordered_map<std::string_view, std::size_t> by_id;
  for (std::size_t i = 0; i < prepared.context.size(); ++i)
    if (const auto* id = prepared.context[i].get_object().if_contains("id"); id && id->is_string())
      by_id.emplace(id->get_string(), i);

  auto& input = request.input;
  for (std::size_t i = 0; i < input.size(); ++i) {
    auto& item = input[i].as_object();
    const auto& type = item.at("type").get_string();
    if (type == "item_reference") {
      const std::string id(item.at("id").get_string());
      // The chain's items first (no database trip), then any stored item.
      if (const auto found = by_id.find(id); found != by_id.end()) {
        item = prepared.context[found->second].get_object();
        continue;
      }
      auto stored = co_await store_.find_item(id);
      if (!stored)
        co_return protocol::ApiError::not_found("input[" + std::to_string(i) + "].id",
                                                "Item with id '" + id + "' not found.");
      item = std::move(*stored);
    }
  }
  if (request.conversation) {
    if (const auto i = repeated_item(prepared.context, input))
      co_return protocol::ApiError::invalid("input[" + std::to_string(*i) + "].id",
                                            "Duplicate item found with id '" + std::string(id_of(input[*i])) +
                                                "'. Remove duplicate items from your input and try again.");
  }
  for (std::size_t i = 0; i < input.size(); ++i) {
    json::object item = input[i].get_object();
    if (item.at("type") == "compaction_trigger") {  // the last item (checked when parsed)
      prepared.compaction = true;
      prepared.context.push_back(compaction_instruction());
      continue;
    }
    // Reasoning and compaction summaries sealed by this gateway come back from stateless clients: open them
    // so the model gets their text.
    if (!open_sealed_reasoning(item, sealer_) || !open_compaction(item, sealer_))
      co_return protocol::ApiError::invalid(
          "input[" + std::to_string(i) + "].encrypted_content",
          "The encrypted content of " + std::string(item.at("type").get_string()) + " item '" +
              std::string(item.at("id").get_string()) +
              "' could not be verified: it was not sealed by this gateway's key or was altered.",
          "invalid_encrypted_content");
    prepared.context.push_back(std::move(item));
  }
  if (prepared.context.empty()) co_return protocol::ApiError::missing("input");

  prepared.request = std::move(request);
  prepared.id = protocol::new_id("resp_");
  prepared.created_at = protocol::unix_now();
  co_return prepared;
}

awaitable<void> ResponseService::save(const PreparedResponse& prepared, const json::object& response) {
  const auto& req = prepared.request;
  const auto& status = response.at("status");
  std::vector<json::object> joined;  // what the response adds to its conversation
  if (req.conversation && (status == "completed" || status == "incomplete"))
    joined = turn_items(req.input, response);
  if (!req.store) {
    // Not stored, yet part of its conversation all the same, as OpenAI does.
    if (!joined.empty()) co_await conversations_.append_items(*req.conversation, std::move(joined));
    co_return;
  }
  store::StoredResponse stored;
  stored.id = prepared.id;
  stored.previous_response_id = prepared.request.previous_response_id.value_or("");
  stored.model = prepared.request.model;
  stored.status = std::string(response.at("status").get_string());
  stored.created_at = prepared.created_at;
  stored.response = response;
  stored.input_items.reserve(prepared.request.input.size());
  for (const auto& item : prepared.request.input)
    if (item.get_object().at("type") != "compaction_trigger")  // a request, not history: nothing to keep
      stored.input_items.push_back(item.get_object());
  if (!joined.empty()) {
    stored.conversation_id = *req.conversation;
    stored.conversation_items = std::move(joined);
  }
  co_await store_.save(std::move(stored));
}

awaitable<ResponseOutcome> ResponseService::run(PreparedResponse& prepared, EventSink& sink, bool streaming) {
  const auto& req = prepared.request;
  ResponseFolder folder(initial_response(req, prepared.id, prepared.created_at));
  EmitterOptions options;
  options.obfuscate = streaming && req.include_obfuscation;
  if (req.include_encrypted_reasoning) options.seal_reasoning = &sealer_;
  ResponseEmitter emitter(folder, sink, options);

  bool saved = false;
  bool client_gone = false;
  bool cancelled = false;
  std::optional<protocol::ApiError> http_error;
  const auto started = std::chrono::steady_clock::now();
  auto& response = folder.response();
  try {
    co_await emitter.start();
    std::optional<Result<backends::Finish>> called;
    if (prepared.compaction) {
      // The summary is sealed whole, so nothing of it streams; it leaves as the one compaction item.
      SummarySink summary;
      auto result = co_await call_model(prepared, summary, streaming, folder);
      if (result) {
        std::string sealed = sealer_.seal(summary.text(), kCompactionPurpose);
        co_await emitter.add_compaction(std::move(sealed));
      }
      called.emplace(std::move(result));
    } else {
      auto result = co_await call_model(prepared, emitter, streaming, folder);
      called.emplace(std::move(result));
    }
    auto& result = *called;
    if (!result && !streaming) {
      http_error = result.error();  // nothing was sent: the client gets an HTTP error, nothing is stored
    } else if (!result) {
      co_await emitter.close_open_items("incomplete");
      response["status"] = "failed";
      response["error"] = failed_error(result.error());
      co_await save(prepared, response);
      saved = true;
      co_await emitter.emit_terminal();
    } else {
      const auto& finish = *result;
      const bool complete =
          finish.reason == backends::FinishReason::Stop || finish.reason == backends::FinishReason::ToolCalls;
      co_await emitter.close_open_items(complete ? "completed" : "incomplete");
      response["status"] = complete ? "completed" : "incomplete";
      if (complete)
        response["completed_at"] = protocol::unix_now();
      else
        response["incomplete_details"] = json::object{{"reason", incomplete_reason(finish.reason)}};
      if (finish.usage) response["usage"] = usage_json(*finish.usage);
      co_await save(prepared, response);
      saved = true;
      co_await emitter.emit_terminal();
    }
  } catch (const ClientGone&) {
    client_gone = true;
  } catch (const boost::system::system_error& e) {
    // Cancelled: shutdown ran past its grace period, or the keep-alive found the client gone.
    if (e.code() != asio::error::operation_aborted) throw;
    cancelled = true;
  }
  const double backend_ms =
      std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - started).count();

  if (cancelled || client_gone) {
    co_await asio::this_coro::reset_cancellation_state();
    co_await asio::this_coro::throw_if_cancelled(false);
  }
  if (cancelled && !streaming) {
    http_error = protocol::ApiError::server(503, "server_error",
                                            "The response was interrupted: the gateway is shutting down.");
  } else if (cancelled && !saved) {
    // End the stream properly if the client is still there; if it is not, the write says so.
    response["status"] = "failed";
    response["error"] = json::object{
        {"code", "server_error"}, {"message", "The response was interrupted: the gateway is shutting down."}};
    try {
      co_await emitter.close_open_items("incomplete");
      co_await save(prepared, response);
      saved = true;
      co_await emitter.emit_terminal();
    } catch (const ClientGone&) {
      client_gone = true;
    }
  }
  if (client_gone) {
    // Keep what there is, marked as such (unless it was stored whole before the last event failed).
    if (!saved) {
      response["status"] = "cancelled";
      response["error"] = nullptr;
      co_await save(prepared, response);
    }
    throw ClientGone();
  }
  co_return ResponseOutcome{std::move(response), std::move(http_error), backend_ms};
}

}  // namespace gw::engine
