// responses-gateway: wires configuration, store, backend, engine and HTTP server, then runs until SIGTERM.
#include <filesystem>
#include <iostream>
#include <thread>
#include <vector>

#include <boost/asio/signal_set.hpp>

#include "api/conversations_handler.hpp"
#include "api/health_handler.hpp"
#include "api/models_handler.hpp"
#include "api/prompts_handler.hpp"
#include "api/responses_handler.hpp"
#include "api/routes.hpp"
#include "backends/chat_completions/chat_completions_backend.hpp"
#include "config/config_loader.hpp"
#include "crypto/sealer.hpp"
#include "engine/conversation_service.hpp"
#include "engine/model_catalog.hpp"
#include "engine/response_service.hpp"
#include "http/server.hpp"
#include "store/sqlite/sqlite_conversation_store.hpp"
#include "store/sqlite/sqlite_prompt_store.hpp"
#include "store/sqlite/sqlite_response_store.hpp"
#include "support/io_context_pool.hpp"
#include "support/log.hpp"

namespace {

int run(const gw::config::Config& config) {
  using namespace gw;
  auto endpoint = http::Endpoint::parse(config.backend_url, "backend_url");
  if (!endpoint) throw std::runtime_error(endpoint.error().message);
  std::filesystem::create_directories(config.data_dir);

  const unsigned io_threads =
      config.io_threads ? config.io_threads : std::max(1u, std::thread::hardware_concurrency());
  IoContextPool io(io_threads);
  asio::thread_pool blocking(config.blocking_threads);

  const auto sealer = crypto::Sealer::load_or_create(config.data_dir, config.encryption_key);
  store::sqlite::SqliteConnection database(std::filesystem::path(config.data_dir) / "gateway.db", blocking);
  store::sqlite::SqliteResponseStore store(database);
  store::sqlite::SqliteConversationStore conversation_store(database);
  store::sqlite::SqlitePromptStore prompt_store(database);
  backends::chat_completions::ChatCompletionsBackend backend(
      {*endpoint, config.backend_api_key, config.connect_timeout, config.stream_idle_timeout});
  engine::ServiceOptions service_options;
  service_options.request_timeout = config.request_timeout;
  service_options.omit_web_search = config.web_search == "omit";
  engine::ResponseService service(backend, store, conversation_store, prompt_store, sealer, service_options);
  engine::ConversationService conversation_service(conversation_store, sealer);
  engine::ModelCatalog models(backend, config.models_cache_ttl);

  api::ResponsesHandler responses(service, config.sse_keepalive);
  api::ConversationsHandler conversations(conversation_service);
  api::PromptsHandler prompts(prompt_store);
  api::ModelsHandler models_handler(models);
  api::HealthHandler health(backend, store);
  http::Router router;
  api::add_routes(router, {responses, conversations, prompts, models_handler, health});

  http::ServerOptions server_options;
  server_options.host = config.host;
  server_options.port = config.port;
  server_options.max_body_bytes = config.max_body_bytes;
  server_options.idle_timeout = config.idle_timeout;
  http::Server server(io, server_options, router);
  // Signals are caught from before the port opens, so a SIGTERM right after start-up still drains cleanly.
  asio::signal_set signals(io.primary(), SIGINT, SIGTERM);
  server.start();
  log::info("listening", {{"host", config.host},
                          {"port", server.port()},
                          {"backend_url", config.backend_url},
                          {"data_dir", config.data_dir},
                          {"io_threads", io_threads}});

  // First signal: drain (stop accepting, let open responses finish within the grace period). Second: stop
  // now.
  signals.async_wait([&](boost::system::error_code ec, int signal) {
    if (ec) return;
    log::info("shutting down", {{"signal", signal}, {"grace_ms", config.shutdown_grace.count()}});
    server.shutdown(config.shutdown_grace);
    signals.async_wait([&](boost::system::error_code ec2, int) {
      if (!ec2) io.stop();
    });
  });
  // Drained: no request is in flight. Idle upstream connections still hold expiry timers, so stop the loop
  // rather than wait for them.
  server.on_drained([&] { io.stop(); });

  io.run();
  blocking.join();
  log::info("stopped");
  return 0;
}

}  // namespace

int main(int argc, char** argv) {
  gw::config::Config config;
  try {
    config = gw::config::load_config(argc, argv);
  } catch (const gw::config::HelpRequested& help) {
    std::cout << help.text;
    return 0;
  } catch (const gw::config::ConfigError& e) {
    std::cerr << gw::config::kProgramName << ": " << e.what() << "\n";
    return 2;
  }
  gw::log::configure(gw::log::parse_level(config.log_level).value_or(gw::log::Level::Info),
                     config.log_format == "json");
  try {
    return run(config);
  } catch (const std::exception& e) {
    gw::log::error("start-up failed", {{"error", e.what()}});
    std::cerr << gw::config::kProgramName << ": " << e.what() << "\n";
    return 1;
  }
}
