#include "config/config_loader.hpp"

#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <map>
#include <random>
#include <vector>

#include "config/options.hpp"

namespace gw::config {
namespace {

namespace fs = std::filesystem;
using std::chrono::milliseconds;

using Env = std::map<std::string, std::string>;

class ConfigLoaderTest : public ::testing::Test {
 protected:
  void SetUp() override {
    std::random_device rd;
    dir_ = fs::temp_directory_path() / ("gw_config_test_" + std::to_string(rd()) + std::to_string(rd()));
    fs::create_directories(dir_);
  }
  void TearDown() override { fs::remove_all(dir_); }

  std::string yaml(const std::string& text, const std::string& name = "gateway.yaml") {
    const fs::path path = dir_ / name;
    std::ofstream(path) << text;
    return path.string();
  }

  // Never reads the real environment, so the machine running the tests cannot change their outcome.
  Config load(std::vector<std::string> args, const Env& env = {}) {
    args.insert(args.begin(), "responses-gateway");
    std::vector<char*> argv;
    for (auto& a : args) argv.push_back(a.data());
    argv.push_back(nullptr);
    return load_config(static_cast<int>(args.size()), argv.data(), [&env](const char* name) -> const char* {
      const auto it = env.find(name);
      return it == env.end() ? nullptr : it->second.c_str();
    });
  }

  // The ConfigError message load() throws; fails the test if it does not throw one.
  std::string error_of(std::vector<std::string> args, const Env& env = {}) {
    try {
      load(std::move(args), env);
    } catch (const ConfigError& e) {
      return e.what();
    }
    ADD_FAILURE() << "no ConfigError";
    return {};
  }

  fs::path dir_;
};

#define EXPECT_CONTAINS(haystack, needle)                          \
  EXPECT_NE(std::string(haystack).find(needle), std::string::npos) \
      << "'" << (needle) << "' not in: " << (haystack)

TEST_F(ConfigLoaderTest, DefaultsWhenNothingIsSet) {
  const Config c = load({});
  const Config defaults;
  for (const Option& o : options()) EXPECT_EQ(o.show(c), o.show(defaults)) << o.name;
}

TEST_F(ConfigLoaderTest, FlagBeatsEnvBeatsYamlBeatsDefault) {
  const std::string file = yaml("port: 1001\nhost: yaml-host\nlog_level: warn\n");
  const Env env = {{"GATEWAY_CONFIG", file}, {"GATEWAY_PORT", "1002"}, {"GATEWAY_HOST", "env-host"}};
  const Config all = load({"--port", "1003"}, env);
  EXPECT_EQ(all.port, 1003);
  EXPECT_EQ(all.host, "env-host");
  EXPECT_EQ(all.log_level, "warn");
  EXPECT_EQ(all.log_format, "json");  // default

  EXPECT_EQ(load({}, env).port, 1002);
  EXPECT_EQ(load({}, {{"GATEWAY_CONFIG", file}}).port, 1001);
  EXPECT_EQ(load({"--config", file}).port, 1001);
}

TEST_F(ConfigLoaderTest, ConfigFlagBeatsConfigEnv) {
  const std::string from_flag = yaml("port: 2001\n", "a.yaml");
  const std::string from_env = yaml("port: 2002\n", "b.yaml");
  EXPECT_EQ(load({"--config=" + from_flag}, {{"GATEWAY_CONFIG", from_env}}).port, 2001);
}

TEST_F(ConfigLoaderTest, OpenAiVariablesAreAliasesThatGatewayNamesOverride) {
  const Env openai = {{"OPENAI_API_ENDPOINT", "https://api.openai.com/v1"}, {"OPENAI_API_KEY", "sk-1"}};
  const Config a = load({}, openai);
  EXPECT_EQ(a.backend_url, "https://api.openai.com/v1");
  EXPECT_EQ(a.backend_api_key, "sk-1");

  Env both = openai;
  both["GATEWAY_BACKEND_URL"] = "http://vllm:8000/v1";
  both["GATEWAY_BACKEND_API_KEY"] = "sk-2";
  const Config b = load({}, both);
  EXPECT_EQ(b.backend_url, "http://vllm:8000/v1");
  EXPECT_EQ(b.backend_api_key, "sk-2");
}

TEST_F(ConfigLoaderTest, EmptyEnvironmentVariableCountsAsUnset) {
  const std::string file = yaml("backend_api_key: from-yaml\n");
  EXPECT_EQ(load({"--config", file}, {{"OPENAI_API_KEY", ""}, {"GATEWAY_PORT", ""}}).backend_api_key,
            "from-yaml");
}

TEST_F(ConfigLoaderTest, FlagForms) {
  EXPECT_EQ(load({"--port", "9"}).port, 9);
  EXPECT_EQ(load({"--port=9"}).port, 9);
  EXPECT_EQ(load({"--port=9", "--port", "10"}).port, 10);  // last wins
  EXPECT_EQ(load({"--backend-api-key="}, {{"OPENAI_API_KEY", "sk"}}).backend_api_key, "");
  EXPECT_EQ(load({"--backend-api-key=a=b"}).backend_api_key, "a=b");  // only the first '=' splits
  EXPECT_EQ(load({"--port", "0"}).port, 0);
}

TEST_F(ConfigLoaderTest, DurationAndSizeForms) {
  const Config c = load({"--connect-timeout", "500ms", "--request-timeout=30s", "--stream-idle-timeout", "5m",
                         "--idle-timeout=1h", "--sse-keepalive", "7", "--shutdown-grace", "0",
                         "--max-body-bytes", "512KB"});
  EXPECT_EQ(c.connect_timeout, milliseconds(500));
  EXPECT_EQ(c.request_timeout, milliseconds(30'000));
  EXPECT_EQ(c.stream_idle_timeout, milliseconds(300'000));
  EXPECT_EQ(c.idle_timeout, milliseconds(3'600'000));
  EXPECT_EQ(c.sse_keepalive, milliseconds(7'000));
  EXPECT_EQ(c.shutdown_grace, milliseconds(0));
  EXPECT_EQ(c.max_body_bytes, 512u << 10);
  EXPECT_EQ(load({"--max-body-bytes=32MB"}).max_body_bytes, 32u << 20);
  EXPECT_EQ(load({"--max-body-bytes=1GiB"}).max_body_bytes, 1u << 30);
  EXPECT_EQ(load({"--max-body-bytes=1000"}).max_body_bytes, 1000u);
}

TEST_F(ConfigLoaderTest, LogChoicesAreCaseInsensitiveAndStoredLowercase) {
  const Config c = load({}, {{"GATEWAY_LOG_LEVEL", "DEBUG"}, {"GATEWAY_LOG_FORMAT", "Text"}});
  EXPECT_EQ(c.log_level, "debug");
  EXPECT_EQ(c.log_format, "text");
}

// One valid, non-default value per option, pushed through each source.
const std::map<std::string, std::pair<std::string, std::string>> kSamples = {
    // name → (input, how show() spells it back)
    {"host", {"127.0.0.1", "127.0.0.1"}},
    {"port", {"9090", "9090"}},
    {"backend-url", {"https://example.com/v1", "https://example.com/v1"}},
    {"backend-api-key", {"sk-test", "sk-test"}},
    {"data-dir", {"/var/lib/gw", "/var/lib/gw"}},
    {"connect-timeout", {"3s", "3s"}},
    {"request-timeout", {"2m", "2m"}},
    {"stream-idle-timeout", {"90", "90s"}},
    {"idle-timeout", {"250ms", "250ms"}},
    {"sse-keepalive", {"1h", "1h"}},
    {"shutdown-grace", {"0", "0s"}},
    {"models-cache-ttl", {"5m", "5m"}},
    {"log-level", {"error", "error"}},
    {"log-format", {"text", "text"}},
    {"max-body-bytes", {"4MB", "4MiB"}},
    {"io-threads", {"256", "256"}},
    {"blocking-threads", {"16", "16"}},
    {"encryption-key",
     {"AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA=", "AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA="}},
    {"web-search", {"Omit", "omit"}},
};

TEST_F(ConfigLoaderTest, EveryOptionIsSettableFromEverySource) {
  ASSERT_EQ(kSamples.size(), options().size()) << "add a sample for each new option";
  for (const Option& o : options()) {
    const auto& [input, shown] = kSamples.at(std::string(o.name));
    EXPECT_NE(o.show(Config{}), shown) << o.name << ": sample equals the default";
    EXPECT_EQ(o.show(load({o.flag(), input})), shown) << o.flag();
    EXPECT_EQ(o.show(load({o.flag() + "=" + input})), shown) << o.flag();
    EXPECT_EQ(o.show(load({}, {{o.env(), input}})), shown) << o.env();
    const std::string file = yaml(o.yaml_key() + ": \"" + input + "\"\n");
    EXPECT_EQ(o.show(load({"--config", file})), shown) << o.yaml_key();
  }
}

TEST_F(ConfigLoaderTest, HelpAndVersionAreNotErrors) {
  for (const std::vector<std::string>& args :
       {std::vector<std::string>{"--help"}, {"-h"}, {"--bogus", "--help"}, {"--port", "99999", "-h"}}) {
    try {
      load(args);
      ADD_FAILURE() << "no HelpRequested";
    } catch (const HelpRequested& h) {
      EXPECT_EQ(h.text, help_text());
    }
  }
  try {
    load({"--version"});
    ADD_FAILURE() << "no HelpRequested";
  } catch (const HelpRequested& h) {
    EXPECT_EQ(h.text, "responses-gateway " + std::string(kVersion) + "\n");
  }
}

TEST_F(ConfigLoaderTest, HelpAndMarkdownListEveryOption) {
  const std::string help = help_text();
  const std::string markdown = options_markdown();
  for (const Option& o : options()) {
    EXPECT_CONTAINS(help, o.flag() + " " + std::string(o.metavar));
    EXPECT_CONTAINS(help, o.env());
    EXPECT_CONTAINS(help, "yaml " + o.yaml_key() + ",");
    EXPECT_CONTAINS(help, std::string(o.meaning));
    EXPECT_CONTAINS(markdown, "| `" + o.flag() + " " + std::string(o.metavar) + "` | `" + o.env() + "`");
  }
  EXPECT_CONTAINS(help, "OPENAI_API_ENDPOINT");
  EXPECT_CONTAINS(help, "OPENAI_API_KEY");
  EXPECT_CONTAINS(help, "default 8080");
  EXPECT_CONTAINS(help, "default 32MiB");
  EXPECT_CONTAINS(help, "0 picks a free port");
  EXPECT_CONTAINS(help, "--config FILE");
  EXPECT_CONTAINS(markdown, "&lt;data-dir&gt;");
  EXPECT_EQ(std::count(markdown.begin(), markdown.end(), '\n'), static_cast<long>(options().size()) + 3);
}

struct BadArgs {
  std::vector<std::string> args;
  std::vector<std::string> mentions;
};

TEST_F(ConfigLoaderTest, BadFlagsNameTheOptionAndValue) {
  const BadArgs cases[] = {
      {{"--bogus"}, {"unknown option", "--bogus"}},
      {{"--bogus=1"}, {"unknown option", "--bogus"}},
      {{"-p", "80"}, {"unknown option", "-p"}},
      {{"--backend_url=http://x"}, {"--backend_url", "did you mean --backend-url"}},
      {{"serve"}, {"unexpected argument", "serve"}},
      {{"--port"}, {"missing value for --port"}},
      {{"--port", "--host", "x"}, {"missing value for --port"}},
      {{"--config"}, {"missing value for --config"}},
      {{"--config="}, {"--config"}},
      {{"--port", "70000"}, {"--port", "\"70000\"", "0 to 65535"}},
      {{"--port=-1"}, {"--port", "\"-1\""}},
      {{"--port=80x"}, {"--port", "\"80x\""}},
      {{"--host="}, {"--host", "non-empty"}},
      {{"--data-dir="}, {"--data-dir"}},
      {{"--backend-url=ftp://example.com"}, {"--backend-url", "ftp://example.com", "http"}},
      {{"--backend-url=localhost:11434"}, {"--backend-url", "localhost:11434"}},
      {{"--backend-url=http://"}, {"--backend-url", "\"http://\""}},
      {{"--connect-timeout=5x"}, {"--connect-timeout", "\"5x\"", "duration"}},
      {{"--request-timeout=0"}, {"--request-timeout", "non-zero"}},
      {{"--sse-keepalive=-5s"}, {"--sse-keepalive", "\"-5s\""}},
      {{"--max-body-bytes=12XB"}, {"--max-body-bytes", "\"12XB\"", "size"}},
      {{"--max-body-bytes=0"}, {"--max-body-bytes", "\"0\""}},
      {{"--io-threads=257"}, {"--io-threads", "\"257\"", "0 to 256"}},
      {{"--blocking-threads=0"}, {"--blocking-threads", "1 to 256"}},
      {{"--log-level=verbose"}, {"--log-level", "\"verbose\"", "debug info warn error"}},
      {{"--log-format=xml"}, {"--log-format", "\"xml\"", "json text"}},
  };
  for (const auto& c : cases) {
    const std::string message = error_of(c.args);
    for (const auto& m : c.mentions) EXPECT_CONTAINS(message, m);
  }
}

TEST_F(ConfigLoaderTest, BadEnvironmentNamesTheVariable) {
  EXPECT_CONTAINS(error_of({}, {{"GATEWAY_PORT", "abc"}}), "environment variable GATEWAY_PORT");
  EXPECT_CONTAINS(error_of({}, {{"GATEWAY_PORT", "abc"}}), "\"abc\"");
  EXPECT_CONTAINS(error_of({}, {{"OPENAI_API_ENDPOINT", "api.openai.com"}}), "OPENAI_API_ENDPOINT");
  EXPECT_CONTAINS(error_of({}, {{"GATEWAY_CONFIG", (dir_ / "missing.yaml").string()}}), "GATEWAY_CONFIG");
  // A bad value is reported even when a flag would have overridden it: the environment is still wrong.
  EXPECT_CONTAINS(error_of({"--port", "1"}, {{"GATEWAY_PORT", "x"}}), "GATEWAY_PORT");
}

TEST_F(ConfigLoaderTest, BadYamlNamesTheFileAndKey) {
  const struct {
    std::string text;
    std::vector<std::string> mentions;
  } cases[] = {
      {"prot: 80\n", {"unknown key", "\"prot\"", "gateway.yaml"}},
      {"backend-url: http://x\n", {"\"backend-url\"", "did you mean backend_url"}},
      {"port: [1, 2]\n", {"port", "single value"}},
      {"port: 80\nport: 81\n", {"duplicate key", "port"}},
      {"- port\n", {"malformed config file", "gateway.yaml"}},
      {"port: 80\n  host: [\n", {"malformed config file", "gateway.yaml"}},
      {"port: eighty\n", {"key port in config file", "gateway.yaml", "\"eighty\""}},
      {"io_threads: 1000\n", {"io_threads", "\"1000\""}},
  };
  for (const auto& c : cases) {
    const std::string message = error_of({"--config", yaml(c.text)});
    for (const auto& m : c.mentions) EXPECT_CONTAINS(message, m);
  }
}

TEST_F(ConfigLoaderTest, UnreadableYamlNamesThePath) {
  const std::string missing = (dir_ / "nope.yaml").string();
  EXPECT_CONTAINS(error_of({"--config", missing}), missing);
  EXPECT_CONTAINS(error_of({"--config", missing}), "--config");
  EXPECT_CONTAINS(error_of({"--config", dir_.string()}), "directory");
}

TEST_F(ConfigLoaderTest, EmptyYamlAndNullValuesLeaveDefaults) {
  EXPECT_EQ(load({"--config", yaml("")}).port, Config{}.port);
  EXPECT_EQ(load({"--config", yaml("# only a comment\n")}).port, Config{}.port);
  EXPECT_EQ(load({"--config", yaml("port:\nhost: h\n")}).port, Config{}.port);
}

}  // namespace
}  // namespace gw::config
