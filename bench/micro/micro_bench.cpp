// The gateway's pure translation cost: the hot functions of a request and of a streamed token, without
// sockets. Inputs are built once, outside the timed loops (see fixtures.hpp).
//
//   build/gw_micro_bench                          all benchmarks
//   build/gw_micro_bench --benchmark_filter=Emit  one family
//
// Time columns are per iteration; where an iteration handles many deltas or tokens, `items_per_second`
// counts those and the `per_item` counter gives the time of one.
#include <benchmark/benchmark.h>

#include <charconv>
#include <cstdint>
#include <exception>
#include <stdexcept>
#include <string>
#include <string_view>
#include <vector>

#include <boost/json.hpp>

#include "backends/chat_completions/request_translation.hpp"
#include "backends/chat_completions/stream_decoder.hpp"
#include "engine/event_sink.hpp"
#include "engine/response_emitter.hpp"
#include "engine/response_folder.hpp"
#include "engine/response_object.hpp"
#include "fixtures.hpp"
#include "protocol/create_response.hpp"
#include "protocol/ids.hpp"
#include "support/asio.hpp"

namespace {

using namespace gw;
namespace cc = gw::backends::chat_completions;
using gw::bench::request_of;

// ---------------------------------------------------------------------------------------------------------
// Inputs, built once per process.

// `per_item`: seconds per delta/token when one iteration handles `items` of them.
void per_item(benchmark::State& state, std::size_t items) {
  state.SetItemsProcessed(static_cast<std::int64_t>(state.iterations() * items));
  state.counters["per_item"] =
      benchmark::Counter(static_cast<double>(items),
                         benchmark::Counter::kIsIterationInvariantRate | benchmark::Counter::kInvert);
}

// The text a run of `n` answer tokens folds into.
std::string answer_text(std::size_t n) {
  std::string text;
  const auto& tokens = bench::answer_tokens();
  for (std::size_t i = 0; i < n; ++i) text += tokens[i % tokens.size()];
  return text;
}

// Whether `response` completed with `text` as its one output text (checked once per iteration: a compare).
bool folded(const json::object& response, const std::string& text) {
  const auto& output = response.at("output").as_array();
  return response.at("status") == "completed" && output.size() == 1 &&
         output[0].at("content").as_array().at(0).at("text").as_string() == text;
}

// Runs a coroutine to completion on `io` (reused across iterations), rethrowing what escaped it.
template <class Awaitable>
void run_on(asio::io_context& io, Awaitable&& task) {
  std::exception_ptr failure;
  asio::co_spawn(io, std::forward<Awaitable>(task), [&](std::exception_ptr e) { failure = e; });
  io.restart();
  io.run();
  if (failure) std::rethrow_exception(failure);
}

// ---------------------------------------------------------------------------------------------------------
// Sinks.

// Counts what it is given (the cheapest sink that still looks at the event).
class CountingSink final : public engine::EventSink {
 public:
  awaitable<void> on_event(std::string_view type, const json::object& event) override {
    events += 1;
    bytes += type.size() + event.size();
    co_return;
  }
  std::size_t events = 0;
  std::size_t bytes = 0;
};

// What api::SseEventSink + http::SseStream::send_event do, minus the socket write: serialize the event with
// a boost::json::serializer through a 4 KB stack chunk into a reused buffer (in the coroutine frame, as
// there), then frame it as `event: …\ndata: …\n\n` into the pending write buffer.
class SseSerializingSink final : public engine::EventSink {
 public:
  awaitable<void> on_event(std::string_view type, const json::object& event) override {
    buffer_.clear();
    json::serializer serializer;
    serializer.reset(&event);
    char chunk[4096];
    while (!serializer.done()) buffer_.append(serializer.read(chunk));
    pending_.clear();
    pending_.append("event: ").append(type).append("\ndata: ").append(buffer_).append("\n\n");
    bytes += pending_.size();
    co_return;
  }
  std::size_t bytes = 0;

 private:
  std::string buffer_;
  std::string pending_;
};

// The same bytes, with the serialization in a plain function so the coroutine frame stays small (Asio
// recycles awaitable frames up to ~1 KB only): measures what the 4 KB chunk in the frame costs.
class SseSerializingSmallFrameSink final : public engine::EventSink {
 public:
  awaitable<void> on_event(std::string_view type, const json::object& event) override {
    write(type, event);
    co_return;
  }
  std::size_t bytes = 0;

 private:
  void write(std::string_view type, const json::object& event) {
    buffer_.clear();
    json::serializer serializer;
    serializer.reset(&event);
    char chunk[4096];
    while (!serializer.done()) buffer_.append(serializer.read(chunk));
    pending_.clear();
    pending_.append("event: ").append(type).append("\ndata: ").append(buffer_).append("\n\n");
    bytes += pending_.size();
  }
  std::string buffer_;
  std::string pending_;
};

enum class SinkKind { Discard, Count, Sse, SseSmallFrame };

engine::EventSink& sink_of(SinkKind kind) {
  static engine::DiscardingSink discard;
  static CountingSink count;
  static SseSerializingSink sse;
  static SseSerializingSmallFrameSink sse_small;
  switch (kind) {
    case SinkKind::Count:
      return count;
    case SinkKind::Sse:
      return sse;
    case SinkKind::SseSmallFrame:
      return sse_small;
    case SinkKind::Discard:
      break;
  }
  return discard;
}

// ---------------------------------------------------------------------------------------------------------
// Coroutines that drive the emitter (free functions, so no capturing lambda becomes a coroutine).

awaitable<void> open_message(engine::ResponseEmitter& emitter) {
  co_await emitter.start();
  co_await emitter.on_text("Hello", nullptr);
}

awaitable<void> text_batch(engine::ResponseEmitter& emitter, const std::vector<std::string>& tokens,
                           std::size_t n) {
  for (std::size_t i = 0; i < n; ++i) {
    const std::string_view token = tokens[i % tokens.size()];
    co_await emitter.on_text(token, nullptr);
  }
}

awaitable<void> finish(engine::ResponseEmitter& emitter, engine::ResponseFolder& folder,
                       std::int64_t tokens) {
  co_await emitter.close_open_items("completed");
  auto& response = folder.response();
  response["status"] = "completed";
  response["completed_at"] = 1735000002;
  response["usage"] = engine::usage_json(backends::Usage{9876, tokens, 0, 0});
  co_await emitter.emit_terminal();
}

// A whole answer of `n` tokens given to the emitter as deltas (non-streaming: folded only).
awaitable<void> fold_answer(engine::ResponseEmitter& emitter, engine::ResponseFolder& folder,
                            const std::vector<std::string>& tokens, std::size_t n) {
  co_await emitter.start();
  co_await text_batch(emitter, tokens, n);
  co_await finish(emitter, folder, static_cast<std::int64_t>(n));
}

awaitable<void> deliver(const cc::Delta& delta, engine::ResponseEmitter& emitter) {
  switch (delta.kind) {
    case cc::Delta::Kind::Text: {
      const json::array* logprobs = delta.logprobs ? &*delta.logprobs : nullptr;
      co_await emitter.on_text(delta.text, logprobs);
      break;
    }
    case cc::Delta::Kind::Reasoning:
      co_await emitter.on_reasoning(delta.text);
      break;
    case cc::Delta::Kind::Refusal:
      co_await emitter.on_refusal(delta.text);
      break;
    case cc::Delta::Kind::ToolCall: {
      const backends::ToolCallTarget target{backends::ToolCallKind::Function, delta.name, {}};
      co_await emitter.on_tool_call(delta.index, delta.call_id, target, delta.text);
      break;
    }
  }
}

// A recorded backend stream relayed as ChatCompletionsBackend::stream does it, one read per chunk.
awaitable<void> relay_stream(engine::ResponseEmitter& emitter, engine::ResponseFolder& folder,
                             const std::vector<std::string>& reads, std::int64_t tokens) {
  co_await emitter.start();
  cc::SseDecoder decoder;
  std::vector<std::string> payloads;
  for (const auto& piece : reads) {
    payloads.clear();
    decoder.feed(piece, payloads);
    for (const auto& payload : payloads) {
      boost::system::error_code ec;
      const json::value chunk = json::parse(payload, ec);
      if (ec) throw std::runtime_error("malformed fixture chunk");
      cc::ChunkContent content = cc::decode_chunk(chunk);
      for (const auto& delta : content.deltas) co_await deliver(delta, emitter);
    }
  }
  co_await finish(emitter, folder, tokens);
}

// The coroutine layering of one delta alone: on_text → emit → sink.on_event, each an asio::awaitable, with
// no work inside (what the per-delta chain of co_awaits costs by itself).
awaitable<void> empty_emit(engine::EventSink& sink, const json::object& event) {
  co_await sink.on_event("response.output_text.delta", event);
}

awaitable<void> empty_on_text(engine::EventSink& sink, const json::object& event) {
  co_await empty_emit(sink, event);
}

awaitable<void> empty_batch(engine::EventSink& sink, const json::object& event, std::size_t n) {
  for (std::size_t i = 0; i < n; ++i) co_await empty_on_text(sink, event);
}

// ---------------------------------------------------------------------------------------------------------
// Token path.

// One vLLM content chunk: SseDecoder::feed + json::parse + decode_chunk.
void BM_DecodeChunk(benchmark::State& state) {
  const std::string chunk = bench::vllm_content_chunk(" world");
  cc::SseDecoder decoder;
  std::vector<std::string> payloads;
  for (auto _ : state) {
    payloads.clear();
    decoder.feed(chunk, payloads);
    boost::system::error_code ec;
    const json::value parsed = json::parse(payloads.front(), ec);
    cc::ChunkContent content = cc::decode_chunk(parsed);
    if (content.deltas.size() != 1 || content.deltas[0].text != " world") {
      state.SkipWithError("chunk decoded wrongly");
      break;
    }
    benchmark::DoNotOptimize(content);
  }
  state.SetBytesProcessed(static_cast<std::int64_t>(state.iterations() * chunk.size()));
}
BENCHMARK(BM_DecodeChunk);

// The same with one json::parser kept for the whole stream and each chunk's DOM in a monotonic arena over a
// reused buffer (nothing freed node by node): what a pooled parse in the backend would cost instead.
void BM_DecodeChunkPooled(benchmark::State& state) {
  const std::string chunk = bench::vllm_content_chunk(" world");
  cc::SseDecoder decoder;
  std::vector<std::string> payloads;
  unsigned char parser_stack[1024];
  json::parser parser(json::storage_ptr(), json::parse_options(), parser_stack, sizeof parser_stack);
  std::vector<unsigned char> arena(4096);
  for (auto _ : state) {
    payloads.clear();
    decoder.feed(chunk, payloads);
    json::monotonic_resource mr(arena.data(), arena.size());
    parser.reset(&mr);
    boost::system::error_code ec;
    parser.write(payloads.front(), ec);
    const json::value parsed = parser.release();
    cc::ChunkContent content = cc::decode_chunk(parsed);
    if (ec || content.deltas.size() != 1 || content.deltas[0].text != " world") {
      state.SkipWithError("chunk decoded wrongly");
      break;
    }
    benchmark::DoNotOptimize(content);
  }
  state.SetBytesProcessed(static_cast<std::int64_t>(state.iterations() * chunk.size()));
}
BENCHMARK(BM_DecodeChunkPooled);

// ResponseEmitter::on_text for one token in steady state (message item and text part open), folded and
// handed to the sink. Batches of 1000 deltas per io_context run; `per_item` is the time of one delta.
void BM_EmitTextDelta(benchmark::State& state, SinkKind sink_kind, bool obfuscate) {
  constexpr std::size_t kBatch = 1000;
  const auto req = request_of("small");
  engine::ResponseFolder folder(engine::initial_response(req, "resp_bench", 1735000000));
  engine::ResponseEmitter emitter(folder, sink_of(sink_kind), engine::EmitterOptions{obfuscate, nullptr});
  asio::io_context io;
  run_on(io, open_message(emitter));
  const auto& tokens = bench::answer_tokens();
  for (auto _ : state) {
    // A fresh text per batch, so the folded text grows as in a real answer rather than without bound.
    folder.item(0).at("content").as_array().at(0).as_object()["text"] = "";
    run_on(io, text_batch(emitter, tokens, kBatch));
  }
  per_item(state, kBatch);
}
BENCHMARK_CAPTURE(BM_EmitTextDelta, discard, SinkKind::Discard, false);

void BM_AwaitChain(benchmark::State& state) {
  constexpr std::size_t kBatch = 1000;
  const json::object event;
  asio::io_context io;
  for (auto _ : state) run_on(io, empty_batch(sink_of(SinkKind::Discard), event, kBatch));
  per_item(state, kBatch);
}
BENCHMARK(BM_AwaitChain);
BENCHMARK_CAPTURE(BM_EmitTextDelta, count, SinkKind::Count, false);
BENCHMARK_CAPTURE(BM_EmitTextDelta, discard_obfuscated, SinkKind::Discard, true);
BENCHMARK_CAPTURE(BM_EmitTextDelta, sse_obfuscated, SinkKind::Sse, true);
BENCHMARK_CAPTURE(BM_EmitTextDelta, sse_obfuscated_small_frame, SinkKind::SseSmallFrame, true);

// One response.output_text.delta event serialized as api/sse_event_sink.cpp does (boost::json::serializer,
// 4 KB chunk, reused buffer), and with the SSE framing of http::SseStream::send_event.
json::object delta_event() {
  json::object event{{"type", "response.output_text.delta"},
                     {"item_id", protocol::new_id("msg_")},
                     {"output_index", 0},
                     {"content_index", 0},
                     {"delta", " world"},
                     {"logprobs", json::array{}}};
  event["sequence_number"] = 42;
  event["obfuscation"] = "Xq3kLmN0pQ";
  return event;
}

// Building, numbering and destroying one delta event as ResponseEmitter::on_text + emit do (a 6-key
// init-list object, then `sequence_number` and `obfuscation` inserted, which grows the table), against the
// same object with its 8 slots reserved up front.
void BM_BuildDeltaEvent(benchmark::State& state, bool reserved) {
  const std::string item_id = protocol::new_id("msg_");
  std::int64_t sequence = 0;
  for (auto _ : state) {
    json::object event;
    if (reserved) {
      event.reserve(8);
      event.emplace("type", "response.output_text.delta");
      event.emplace("item_id", item_id);
      event.emplace("output_index", 0);
      event.emplace("content_index", 0);
      event.emplace("delta", " world");
      event.emplace("logprobs", json::array{});
    } else {
      event = json::object{{"type", "response.output_text.delta"},
                           {"item_id", item_id},
                           {"output_index", 0},
                           {"content_index", 0},
                           {"delta", " world"},
                           {"logprobs", json::array{}}};
    }
    event["sequence_number"] = sequence++;
    event["obfuscation"] = "Xq3kLmN0pQ";
    benchmark::DoNotOptimize(event);
  }
}
BENCHMARK_CAPTURE(BM_BuildDeltaEvent, as_emitter, false);
BENCHMARK_CAPTURE(BM_BuildDeltaEvent, reserved, true);

void BM_SerializeEvent(benchmark::State& state) {
  const json::object event = delta_event();
  std::string buffer;
  for (auto _ : state) {
    buffer.clear();
    json::serializer serializer;
    serializer.reset(&event);
    char chunk[4096];
    while (!serializer.done()) buffer.append(serializer.read(chunk));
    benchmark::DoNotOptimize(buffer);
  }
  state.SetBytesProcessed(static_cast<std::int64_t>(state.iterations() * buffer.size()));
}
BENCHMARK(BM_SerializeEvent);

void BM_SerializeEventFramed(benchmark::State& state) {
  const json::object event = delta_event();
  std::string buffer;
  std::string pending;
  for (auto _ : state) {
    buffer.clear();
    json::serializer serializer;
    serializer.reset(&event);
    char chunk[4096];
    while (!serializer.done()) buffer.append(serializer.read(chunk));
    pending.clear();
    pending.append("event: ")
        .append("response.output_text.delta")
        .append("\ndata: ")
        .append(buffer)
        .append("\n\n");
    benchmark::DoNotOptimize(pending);
  }
  state.SetBytesProcessed(static_cast<std::int64_t>(state.iterations() * pending.size()));
}
BENCHMARK(BM_SerializeEventFramed);

// The floor for the same bytes: the SSE frame of a delta event written directly, only the delta escaped by
// a json::serializer, no event object built (what a DOM-free hot path for deltas would cost).
void BM_FormatDeltaDirect(benchmark::State& state) {
  const std::string item_id = protocol::new_id("msg_");
  const std::string_view delta = " world";
  std::string pending;
  std::int64_t sequence = 42;
  char number[24];
  for (auto _ : state) {
    pending.clear();
    pending
        .append(
            "event: response.output_text.delta\ndata: "
            "{\"type\":\"response.output_text.delta\",\"item_id\":\"")
        .append(item_id)
        .append("\",\"output_index\":0,\"content_index\":0,\"delta\":");
    json::serializer serializer;
    serializer.reset(delta);
    char chunk[256];
    while (!serializer.done()) pending.append(serializer.read(chunk));
    const auto end = std::to_chars(number, number + sizeof number, sequence++).ptr;
    pending.append(",\"logprobs\":[],\"sequence_number\":")
        .append(number, end)
        .append(",\"obfuscation\":\"Xq3kLmN0pQ\"}\n\n");
    benchmark::DoNotOptimize(pending);
  }
  state.SetBytesProcessed(static_cast<std::int64_t>(state.iterations() * pending.size()));
}
BENCHMARK(BM_FormatDeltaDirect);

// json::serialize into a new string (for comparison).
void BM_SerializeEventToString(benchmark::State& state) {
  const json::object event = delta_event();
  for (auto _ : state) {
    std::string s = json::serialize(event);
    benchmark::DoNotOptimize(s);
  }
}
BENCHMARK(BM_SerializeEventToString);

// One event carrying the whole response (response.created / in_progress / completed), built as
// ResponseEmitter::emit_snapshot does (the folder's response copied into the event) and serialized as the SSE
// sink does; `serialize_only` serializes the same bytes from the folder's object without the copy.
void BM_SnapshotEvent(benchmark::State& state, std::string_view which, bool copy) {
  const auto req = request_of(which);
  const json::object response = engine::initial_response(req, "resp_bench", 1735000000);
  const json::object event_copy{{"type", "response.created"}, {"response", response}, {"sequence_number", 0}};
  std::string buffer;
  for (auto _ : state) {
    buffer.clear();
    json::serializer serializer;
    char chunk[4096];
    if (copy) {
      const json::object event{{"type", "response.created"}, {"response", response}, {"sequence_number", 0}};
      serializer.reset(&event);
      while (!serializer.done()) buffer.append(serializer.read(chunk));
    } else {
      buffer.append(R"({"type":"response.created","response":)");
      serializer.reset(&response);
      while (!serializer.done()) buffer.append(serializer.read(chunk));
      buffer.append(R"(,"sequence_number":0})");
    }
    benchmark::DoNotOptimize(buffer);
  }
  state.SetBytesProcessed(static_cast<std::int64_t>(state.iterations() * buffer.size()));
  state.counters["event_bytes"] = static_cast<double>(json::serialize(event_copy).size());
}
BENCHMARK_CAPTURE(BM_SnapshotEvent, small, "small", true);
BENCHMARK_CAPTURE(BM_SnapshotEvent, agent, "agent", true);
BENCHMARK_CAPTURE(BM_SnapshotEvent, agent_serialize_only, "agent", false);

// ---------------------------------------------------------------------------------------------------------
// Whole responses, per token.

// A 500-token answer through emitter + folder (non-streaming: discarding sink, no obfuscation), from
// initial_response to response.completed.
void BM_FoldResponse(benchmark::State& state, std::string_view which) {
  constexpr std::size_t kTokens = 500;
  const auto req = request_of(which);
  const auto& tokens = bench::answer_tokens();
  const std::string expected = answer_text(kTokens);
  asio::io_context io;
  engine::DiscardingSink sink;
  for (auto _ : state) {
    engine::ResponseFolder folder(engine::initial_response(req, "resp_bench", 1735000000));
    engine::ResponseEmitter emitter(folder, sink, engine::EmitterOptions{false, nullptr});
    run_on(io, fold_answer(emitter, folder, tokens, kTokens));
    if (!folded(folder.response(), expected)) {
      state.SkipWithError("the folded response is not the answer");
      break;
    }
  }
  per_item(state, kTokens);
}
BENCHMARK_CAPTURE(BM_FoldResponse, small, "small");
BENCHMARK_CAPTURE(BM_FoldResponse, agent, "agent");

// A 500-token vLLM stream relayed as a streamed response: SseDecoder + json::parse + decode_chunk +
// emitter (obfuscation on, the default) + folder + SSE serialization. Everything but the sockets.
void BM_StreamResponse(benchmark::State& state, std::string_view which) {
  constexpr std::size_t kTokens = 500;
  const auto req = request_of(which);
  const auto reads = bench::vllm_stream(kTokens);
  const std::string expected = answer_text(kTokens);
  asio::io_context io;
  for (auto _ : state) {
    engine::ResponseFolder folder(engine::initial_response(req, "resp_bench", 1735000000));
    engine::ResponseEmitter emitter(folder, sink_of(SinkKind::Sse), engine::EmitterOptions{true, nullptr});
    run_on(io, relay_stream(emitter, folder, reads, kTokens));
    if (!folded(folder.response(), expected)) {
      state.SkipWithError("the folded response is not the answer");
      break;
    }
  }
  per_item(state, kTokens);
}
BENCHMARK_CAPTURE(BM_StreamResponse, small, "small");
BENCHMARK_CAPTURE(BM_StreamResponse, agent, "agent");

}  // namespace
