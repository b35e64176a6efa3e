#pragma once
// A Chat Completions backend (Ollama, vLLM, llama.cpp server, LM Studio, OpenAI): translates each request,
// streams `/chat/completions` and turns its chunks into deltas as they arrive.
#include <chrono>
#include <memory>
#include <string>

#include "backends/model_backend.hpp"
#include "http/client.hpp"

namespace gw::backends::chat_completions {

class ToolCallRelay;

struct Options {
  http::Endpoint endpoint;
  std::string api_key;  // sent as a Bearer token; never logged
  std::chrono::milliseconds connect_timeout{10'000};
  std::chrono::milliseconds idle_timeout{300'000};  // longest wait for the next bytes, headers included
};

class ChatCompletionsBackend final : public ModelBackend {
 public:
  explicit ChatCompletionsBackend(Options options);
  awaitable<Result<Finish>> stream(const ModelRequest& request, DeltaSink& sink) override;
  awaitable<bool> ready() override;
  awaitable<Result<boost::json::array>> list_models() override;

 private:
  std::vector<std::pair<std::string, std::string>> headers() const;
  std::chrono::milliseconds next_wait(const ModelRequest& request) const;
  awaitable<Result<Finish>> read_whole(http::HttpClient::Response& response, const ModelRequest& request,
                                       ToolCallRelay& relay, DeltaSink& sink);
  Options options_;
  http::HttpClient client_;
};

}  // namespace gw::backends::chat_completions
