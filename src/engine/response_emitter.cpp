#include "engine/response_emitter.hpp"

#include <algorithm>
#include <random>

#include <boost/json.hpp>

#include "protocol/ids.hpp"

namespace gw::engine {
namespace json = boost::json;
namespace {

bool is_delta(std::string_view type) { return type.ends_with(".delta"); }

// Random characters that pad a delta event's payload to a multiple of 16 bytes, so that the size of an event
// does not reveal the size of its token (OpenAI's stream obfuscation).
std::string obfuscation_for(std::string_view delta) {
  static constexpr char kChars[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";
  thread_local std::minstd_rand gen{std::random_device{}()};
  const std::size_t n = 16 - delta.size() % 16;
  std::string out(n, 'x');
  for (auto& c : out) c = kChars[gen() % (sizeof kChars - 1)];
  return out;
}

}  // namespace

ResponseEmitter::ResponseEmitter(ResponseFolder& folder, EventSink& sink, EmitterOptions options)
    : folder_(folder), sink_(sink), options_(options) {}

awaitable<void> ResponseEmitter::emit(json::object event) {
  event["sequence_number"] = sequence_++;
  folder_.apply(event);
  const std::string_view type = event.at("type").get_string();
  if (options_.obfuscate && is_delta(type))
    event["obfuscation"] = obfuscation_for(event.at("delta").get_string());
  co_await sink_.on_event(type, event);
}

std::size_t ResponseEmitter::next_output_index() { return folder_.response().at("output").as_array().size(); }

awaitable<void> ResponseEmitter::start() {
  co_await emit_snapshot("response.created");
  co_await emit_snapshot("response.in_progress");
  co_await sink_.flush();
}

awaitable<void> ResponseEmitter::flush() { co_await sink_.flush(); }

// Events that carry the whole response are built from the folder's own object, which they would leave
// unchanged; when nobody reads the events, only their sequence number is taken.
awaitable<void> ResponseEmitter::emit_snapshot(std::string_view type) {
  const std::int64_t sequence_number = sequence_++;
  if (!sink_.reads_events()) co_return;
  json::object event{{"type", type}, {"response", folder_.response()}, {"sequence_number", sequence_number}};
  co_await sink_.on_event(type, event);
}

awaitable<void> ResponseEmitter::open_message_part(bool refusal) {
  if (!message_) {
    co_await close_reasoning("completed");
    co_await close_calls("completed");
    message_ = OpenMessage{next_output_index(), protocol::new_id("msg_"), 0, refusal};
    {
      json::object event{{"type", "response.output_item.added"},
                         {"output_index", message_->output_index},
                         {"item", json::object{{"id", message_->item_id},
                                               {"type", "message"},
                                               {"status", "in_progress"},
                                               {"content", json::array{}},
                                               {"role", "assistant"}}}};
      co_await emit(std::move(event));
    }
  } else {
    message_->content_index += 1;
    message_->refusal = refusal;
  }
  json::object part = refusal ? json::object{{"type", "refusal"}, {"refusal", ""}}
                              : json::object{{"type", "output_text"},
                                             {"annotations", json::array{}},
                                             {"logprobs", json::array{}},
                                             {"text", ""}};
  {
    json::object event{{"type", "response.content_part.added"},
                       {"item_id", message_->item_id},
                       {"output_index", message_->output_index},
                       {"content_index", message_->content_index},
                       {"part", std::move(part)}};
    co_await emit(std::move(event));
  }
}

awaitable<void> ResponseEmitter::on_text(std::string_view text, const json::array* logprobs) {
  if (text.empty()) co_return;
  if (reasoning_ || !calls_.empty()) {
    co_await close_reasoning("completed");
    co_await close_calls("completed");
  }
  if (!message_)
    co_await open_message_part(false);
  else if (message_->refusal) {
    co_await close_message_part();
    co_await open_message_part(false);
  }
  json::object event{{"type", "response.output_text.delta"},
                     {"item_id", message_->item_id},
                     {"output_index", message_->output_index},
                     {"content_index", message_->content_index},
                     {"delta", text},
                     {"logprobs", logprobs ? *logprobs : json::array{}}};
  co_await emit(std::move(event));
}

awaitable<void> ResponseEmitter::on_refusal(std::string_view text) {
  if (text.empty()) co_return;
  if (!message_)
    co_await open_message_part(true);
  else if (!message_->refusal) {
    co_await close_message_part();
    co_await open_message_part(true);
  }
  {
    json::object event{{"type", "response.refusal.delta"},
                       {"item_id", message_->item_id},
                       {"output_index", message_->output_index},
                       {"content_index", message_->content_index},
                       {"delta", text}};
    co_await emit(std::move(event));
  }
}

awaitable<void> ResponseEmitter::on_reasoning(std::string_view text) {
  if (text.empty()) co_return;
  if (!reasoning_) {
    co_await close_message("completed");
    co_await close_calls("completed");
    reasoning_ = OpenReasoning{next_output_index(), protocol::new_id("rs_")};
    {
      json::object event{{"type", "response.output_item.added"},
                         {"output_index", reasoning_->output_index},
                         {"item", json::object{{"id", reasoning_->item_id},
                                               {"type", "reasoning"},
                                               {"summary", json::array{}},
                                               {"content", json::array{}}}}};
      co_await emit(std::move(event));
    }
    {
      json::object event{{"type", "response.content_part.added"},
                         {"item_id", reasoning_->item_id},
                         {"output_index", reasoning_->output_index},
                         {"content_index", 0},
                         {"part", json::object{{"type", "reasoning_text"}, {"text", ""}}}};
      co_await emit(std::move(event));
    }
  }
  {
    json::object event{{"type", "response.reasoning_text.delta"},
                       {"item_id", reasoning_->item_id},
                       {"output_index", reasoning_->output_index},
                       {"content_index", 0},
                       {"delta", text}};
    co_await emit(std::move(event));
  }
}

awaitable<void> ResponseEmitter::close_message_part() {
  const json::object part =
      folder_.item(message_->output_index).at("content").as_array().at(message_->content_index).as_object();
  json::object done{{"type", message_->refusal ? "response.refusal.done" : "response.output_text.done"},
                    {"item_id", message_->item_id},
                    {"output_index", message_->output_index},
                    {"content_index", message_->content_index}};
  if (message_->refusal) {
    done["refusal"] = part.at("refusal");
  } else {
    done["text"] = part.at("text");
    done["logprobs"] = part.at("logprobs");
  }
  co_await emit(std::move(done));
  json::object part_done{{"type", "response.content_part.done"},
                         {"item_id", message_->item_id},
                         {"output_index", message_->output_index},
                         {"content_index", message_->content_index},
                         {"part", part}};
  co_await emit(std::move(part_done));
}

awaitable<void> ResponseEmitter::close_message(std::string_view status) {
  if (!message_) co_return;
  co_await close_message_part();
  json::object item = folder_.item(message_->output_index);
  item["status"] = status;
  const auto index = message_->output_index;
  message_.reset();
  {
    json::object event{
        {"type", "response.output_item.done"}, {"output_index", index}, {"item", std::move(item)}};
    co_await emit(std::move(event));
  }
}

awaitable<void> ResponseEmitter::close_reasoning(std::string_view) {
  if (!reasoning_) co_return;
  const auto index = reasoning_->output_index;
  const std::string item_id = reasoning_->item_id;
  reasoning_.reset();
  json::object item = folder_.item(index);
  const auto& part = item.at("content").as_array().at(0).as_object();
  const json::value text = part.at("text");
  {
    json::object event{{"type", "response.reasoning_text.done"},
                       {"item_id", item_id},
                       {"output_index", index},
                       {"content_index", 0},
                       {"text", text}};
    co_await emit(std::move(event));
  }
  {
    json::object event{{"type", "response.content_part.done"},
                       {"item_id", item_id},
                       {"output_index", index},
                       {"content_index", 0},
                       {"part", json::object{{"type", "reasoning_text"}, {"text", text}}}};
    co_await emit(std::move(event));
  }
  item = folder_.item(index);
  if (options_.seal_reasoning)
    item["encrypted_content"] = options_.seal_reasoning->seal(text.get_string(), kReasoningPurpose);
  {
    json::object event{
        {"type", "response.output_item.done"}, {"output_index", index}, {"item", std::move(item)}};
    co_await emit(std::move(event));
  }
}

awaitable<void> ResponseEmitter::add_compaction(std::string encrypted_content) {
  const auto index = next_output_index();
  json::object item{{"id", protocol::new_id("cmp_")},
                    {"type", "compaction"},
                    {"encrypted_content", std::move(encrypted_content)}};
  {
    json::object event{{"type", "response.output_item.added"}, {"output_index", index}, {"item", item}};
    co_await emit(std::move(event));
  }
  json::object event{
      {"type", "response.output_item.done"}, {"output_index", index}, {"item", std::move(item)}};
  co_await emit(std::move(event));
}

awaitable<void> ResponseEmitter::close_open_items(std::string_view status) {
  // Whatever is open, close it lowest output_index first.
  std::size_t message_index = message_ ? message_->output_index : SIZE_MAX;
  std::size_t reasoning_index = reasoning_ ? reasoning_->output_index : SIZE_MAX;
  if (reasoning_index < message_index) {
    co_await close_reasoning(status);
    co_await close_message(status);
  } else {
    co_await close_message(status);
    co_await close_reasoning(status);
  }
  co_await close_calls(status);
}

awaitable<void> ResponseEmitter::emit_terminal() {
  const std::string_view status = folder_.response().at("status").get_string();
  const std::string_view type = status == "completed"    ? "response.completed"
                                : status == "incomplete" ? "response.incomplete"
                                                         : "response.failed";
  co_await emit_snapshot(type);
  co_await sink_.flush();
}

}  // namespace gw::engine
