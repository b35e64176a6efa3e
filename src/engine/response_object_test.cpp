#include "engine/response_object.hpp"

#include <gtest/gtest.h>

#include <boost/json.hpp>

namespace gw::engine {
namespace {

namespace json = boost::json;
using protocol::ApiError;

// response.failed carries the codes clients act on (Codex: retry, shrink the context, or stop).
TEST(FailedError, BackendFailuresMapToTheCodesClientsActOn) {
  const ApiError context{400, "invalid_request_error", "context_length_exceeded", "input", "Too long."};
  EXPECT_EQ(failed_error(context),
            json::parse(R"({"code": "context_length_exceeded", "message": "Too long."})"));
  const ApiError limited{429, "rate_limit_error", "rate_limit_exceeded", "", "Try again in 1s."};
  EXPECT_EQ(failed_error(limited).at("code"), json::value("rate_limit_exceeded"));
  const ApiError limited_other_code{429, "rate_limit_error", "tokens", "", "Slow down."};
  EXPECT_EQ(failed_error(limited_other_code).at("code"), json::value("rate_limit_exceeded"));
  EXPECT_EQ(failed_error(ApiError::server(502, "server_error", "The backend failed (HTTP 500).")).at("code"),
            json::value("server_error"));
  EXPECT_EQ(failed_error(ApiError::server(504, "server_error", "Timeout.")).at("code"),
            json::value("server_error"));
  // Any other refusal: the same request cannot succeed by retrying it.
  const ApiError missing_model{404, "invalid_request_error", "model_not_found", "", "No such model."};
  EXPECT_EQ(failed_error(missing_model),
            json::parse(R"({"code": "invalid_prompt", "message": "No such model."})"));
  const ApiError rejected{400, "invalid_request_error", "invalid_request", "", "Bad request."};
  EXPECT_EQ(failed_error(rejected).at("code"), json::value("invalid_prompt"));
}

TEST(UsageJson, TotalsTheBackendCounts) {
  const backends::Usage usage{1200, 80, 1000, 30};
  EXPECT_EQ(usage_json(usage),
            json::parse(R"({"input_tokens": 1200, "input_tokens_details": {"cached_tokens": 1000},
      "output_tokens": 80, "output_tokens_details": {"reasoning_tokens": 30}, "total_tokens": 1280})"));
}

}  // namespace
}  // namespace gw::engine
