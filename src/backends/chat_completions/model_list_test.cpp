#include "backends/chat_completions/model_list.hpp"

#include <gtest/gtest.h>

#include <boost/json.hpp>

namespace gw::backends::chat_completions {
namespace {

namespace json = boost::json;

TEST(DecodeModelList, KeepsOpenAIFieldsInOrder) {
  // vLLM's shape (with its extra fields) and Ollama's.
  auto models = decode_model_list(R"({"object": "list", "data": [
      {"id": "meta-llama/Llama-3.1-8B", "object": "model", "created": 1715000000, "owned_by": "vllm",
       "root": "meta-llama/Llama-3.1-8B", "max_model_len": 8192, "permission": []},
      {"id": "llama3.2:latest", "object": "model", "created": 1712345678, "owned_by": "library"}]})");
  ASSERT_TRUE(models);
  ASSERT_EQ(models->size(), 2u);
  EXPECT_EQ((*models)[0], json::parse(R"({"id": "meta-llama/Llama-3.1-8B", "object": "model",
                                          "created": 1715000000, "owned_by": "vllm"})"));
  EXPECT_EQ((*models)[1].at("id"), "llama3.2:latest");
}

TEST(DecodeModelList, FillsMissingFieldsAndSkipsEntriesWithoutId) {
  auto models = decode_model_list(R"({"data": [{"id": "bare"}, {"name": "no id"}, 7, {"id": 3},
                                               {"id": "x", "created": 1.7e9, "owned_by": null}]})");
  ASSERT_TRUE(models);
  ASSERT_EQ(models->size(), 2u);
  EXPECT_EQ((*models)[0],
            json::parse(R"({"id": "bare", "object": "model", "created": 0, "owned_by": "system"})"));
  EXPECT_EQ((*models)[1].at("created"), 1700000000);
  EXPECT_EQ((*models)[1].at("owned_by"), "system");
}

TEST(DecodeModelList, AnEmptyListIsAList) {
  auto models = decode_model_list(R"({"object": "list", "data": []})");
  ASSERT_TRUE(models);
  EXPECT_TRUE(models->empty());
}

TEST(DecodeModelList, AnythingElseIsABadGateway) {
  for (const char* body : {"", "not json", "[]", R"({"data": {}})", R"({"models": []})"}) {
    auto models = decode_model_list(body);
    ASSERT_FALSE(models) << body;
    EXPECT_EQ(models.error().status, 502) << body;
    EXPECT_EQ(models.error().code, "server_error");
  }
}

}  // namespace
}  // namespace gw::backends::chat_completions
