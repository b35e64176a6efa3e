// The mock backend over real sockets: a server on a free port, a blocking Beast client.
#include "tools/mock-backend/mock_backend.hpp"

#include <thread>

#include <gtest/gtest.h>

#include <boost/asio/ip/tcp.hpp>
#include <boost/json/parse.hpp>
#include <boost/json/serialize.hpp>

#include "http/server.hpp"

namespace gw::mock {
namespace {
namespace json = boost::json;
using asio::ip::tcp;

struct Reply {
  unsigned status = 0;
  std::string body;
  std::string retry_after;
  bool complete = false;  // false: the connection dropped before the end of the body
};

class MockBackendTest : public ::testing::Test {
 protected:
  void start(MockBackendOptions options = {}) {
    backend_ = std::make_unique<MockBackend>(std::move(options));
    backend_->add_routes(router_);
    http::ServerOptions server_options;
    server_options.host = "127.0.0.1";
    server_options.port = 0;
    server_options.access_log = false;
    server_ = std::make_unique<http::Server>(io_, server_options, router_);
    server_->on_drained([this] { io_.stop(); });
    server_->start();
    threads_.emplace_back([this] { io_.run(); });
  }

  void TearDown() override {
    if (server_) server_->shutdown(std::chrono::milliseconds(100));
    for (auto& t : threads_) t.join();
  }

  Reply request(bhttp::verb method, std::string target, std::string body = {}, std::string api_key = {}) {
    asio::io_context ioc;
    tcp::socket socket(ioc);
    socket.connect(tcp::endpoint(asio::ip::make_address("127.0.0.1"), server_->port()));
    bhttp::request<bhttp::string_body> req{method, target, 11};
    req.set(bhttp::field::host, "127.0.0.1");
    req.set(bhttp::field::content_type, "application/json");
    if (!api_key.empty()) req.set(bhttp::field::authorization, "Bearer " + api_key);
    req.body() = std::move(body);
    req.prepare_payload();
    bhttp::write(socket, req);
    beast::flat_buffer buffer;
    bhttp::response_parser<bhttp::string_body> parser;
    parser.body_limit(boost::none);
    boost::system::error_code ec;
    bhttp::read(socket, buffer, parser, ec);
    Reply reply;
    reply.status = parser.get().result_int();
    reply.body = parser.get().body();
    reply.retry_after = std::string(parser.get()["retry-after"]);
    reply.complete = !ec;
    return reply;
  }

  Reply chat(std::string_view text, bool stream = false) {
    json::object body{{"model", "mock-model"},
                      {"stream", stream},
                      {"messages", json::array{json::object{{"role", "user"}, {"content", text}}}}};
    return request(bhttp::verb::post, "/v1/chat/completions", json::serialize(body));
  }

  IoContextPool io_{2};
  http::Router router_;
  std::unique_ptr<MockBackend> backend_;
  std::unique_ptr<http::Server> server_;
  std::vector<std::thread> threads_;
};

TEST_F(MockBackendTest, SameRequestSameBytes) {
  start();
  auto a = chat("[[tokens 5]] [[tool f {\"a\":1}]]", true);
  auto b = chat("[[tokens 5]] [[tool f {\"a\":1}]]", true);
  EXPECT_EQ(a.status, 200u);
  EXPECT_TRUE(a.complete);
  EXPECT_EQ(a.body, b.body);
  EXPECT_NE(a.body.find("data: [DONE]\n\n"), std::string::npos);
  EXPECT_EQ(chat("hi").body, chat("hi").body);
}

TEST_F(MockBackendTest, UniqueIdsOption) {
  start({.unique_ids = true});
  EXPECT_NE(chat("hi").body, chat("hi").body);
}

TEST_F(MockBackendTest, StatusFailsOnlyTheFirstTimes) {
  start();
  auto first = chat("[[status 503 2]] retry me");
  EXPECT_EQ(first.status, 503u);
  EXPECT_EQ(json::parse(first.body).at("error").at("code"), "service_unavailable");
  EXPECT_EQ(chat("[[status 503 2]] retry me").status, 503u);
  EXPECT_EQ(chat("[[status 503 2]] retry me").status, 200u);
  EXPECT_EQ(chat("[[status 503 2]] other").status, 503u);  // another body counts apart

  auto limited = chat("[[status 429]]");
  EXPECT_EQ(limited.status, 429u);
  EXPECT_EQ(limited.retry_after, "1");
  EXPECT_EQ(chat("[[status 429]]").status, 429u);
  auto context = chat("[[context_length]]");
  EXPECT_EQ(context.status, 400u);
  EXPECT_EQ(json::parse(context.body).at("error").at("code"), "context_length_exceeded");
}

TEST_F(MockBackendTest, CutAndMalformedStreams) {
  start();
  auto cut = chat("[[tokens 5]] [[cut_after 3]]", true);
  EXPECT_EQ(cut.status, 200u);
  EXPECT_FALSE(cut.complete);
  EXPECT_EQ(cut.body.find("[DONE]"), std::string::npos);
  EXPECT_EQ(cut.body.find("finish_reason\":\"stop"), std::string::npos);

  auto late = chat("[[tokens 1]] [[cut_after 100]]", true);
  EXPECT_FALSE(late.complete);
  EXPECT_NE(late.body.find("finish_reason\":\"stop"), std::string::npos);
  EXPECT_EQ(late.body.find("[DONE]"), std::string::npos);

  auto malformed = chat("[[tokens 2]] [[malformed_after 1]]", true);
  EXPECT_TRUE(malformed.complete);
  auto first = malformed.body.find("\n\n");
  EXPECT_EQ(malformed.body.substr(first + 2, 24), "data: {\"malformed\": tru\n");
  EXPECT_NE(malformed.body.find("data: [DONE]"), std::string::npos);
}

TEST_F(MockBackendTest, NonStreamingFaults) {
  start();
  auto cut = chat("[[cut_after 0]]");
  EXPECT_FALSE(cut.complete);  // the connection closed before any response head
  EXPECT_TRUE(cut.body.empty());
  auto malformed = chat("[[malformed_after 0]]");
  EXPECT_EQ(malformed.status, 200u);
  EXPECT_EQ(malformed.body, "{\"malformed\": tru");
}

TEST_F(MockBackendTest, ApiKey) {
  start({.api_key = "sk-test"});
  auto denied = request(bhttp::verb::get, "/v1/models");
  EXPECT_EQ(denied.status, 401u);
  EXPECT_EQ(json::parse(denied.body).at("error").at("code"), "invalid_api_key");
  EXPECT_EQ(request(bhttp::verb::get, "/v1/models", {}, "wrong").status, 401u);
  EXPECT_EQ(request(bhttp::verb::get, "/v1/models", {}, "sk-test").status, 200u);
  EXPECT_EQ(request(bhttp::verb::get, "/health").status, 200u);
}

TEST_F(MockBackendTest, ModelsEmbeddingsResponsesAndBadJson) {
  start();
  auto models = json::parse(request(bhttp::verb::get, "/v1/models").body);
  EXPECT_EQ(models.at("data").as_array()[0].at("id"), "mock-model");
  EXPECT_EQ(request(bhttp::verb::get, "/v1/models/mock-reasoning").status, 200u);
  EXPECT_EQ(request(bhttp::verb::get, "/v1/models/nope").status, 404u);
  // An id with a slash: as is (the route's last parameter takes the rest of the path) or percent-encoded.
  auto slashed = request(bhttp::verb::get, "/v1/models/mock-org/mock-model");
  EXPECT_EQ(slashed.status, 200u);
  EXPECT_EQ(json::parse(slashed.body).at("id"), "mock-org/mock-model");
  EXPECT_EQ(request(bhttp::verb::get, "/v1/models/mock-org%2Fmock-model").status, 200u);
  EXPECT_EQ(request(bhttp::verb::get, "/v1/models/mock-org/mock-model/extra").status, 404u);

  auto embeddings = request(bhttp::verb::post, "/v1/embeddings", R"({"model":"e","input":"hello"})");
  EXPECT_EQ(embeddings.status, 200u);
  EXPECT_EQ(json::parse(embeddings.body).at("data").as_array()[0].at("embedding").as_array().size(), 256u);

  auto response = request(bhttp::verb::post, "/v1/responses", R"({"model":"m","input":"hi"})");
  EXPECT_EQ(response.status, 200u);
  EXPECT_EQ(json::parse(response.body).at("output").as_array()[0].at("content").as_array()[0].at("text"),
            "Echo: hi");
  auto streamed = request(bhttp::verb::post, "/v1/responses", R"({"model":"m","input":"hi","stream":true})");
  EXPECT_EQ(streamed.body.rfind("event: response.created\ndata: ", 0), 0u);
  EXPECT_NE(streamed.body.find("event: response.completed\n"), std::string::npos);

  auto bad = request(bhttp::verb::post, "/v1/chat/completions", "{not json");
  EXPECT_EQ(bad.status, 400u);
  EXPECT_EQ(json::parse(bad.body).at("error").at("code"), "invalid_json");
  auto directive = chat("[[tokens many]]");
  EXPECT_EQ(directive.status, 400u);
  EXPECT_EQ(json::parse(directive.body).at("error").at("param"), "messages");
}

TEST_F(MockBackendTest, EchoRequest) {
  start();
  std::string body =
      R"({"model":"m","messages":[{"role":"user","content":"[[echo_request]]"}],"temperature":0.5})";
  auto reply = request(bhttp::verb::post, "/v1/chat/completions", body);
  auto content = json::parse(reply.body).at("choices").as_array()[0].at("message").at("content");
  EXPECT_EQ(content.as_string(), body);
}

}  // namespace
}  // namespace gw::mock
