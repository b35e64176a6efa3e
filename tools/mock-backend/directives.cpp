#include "tools/mock-backend/directives.hpp"

#include <algorithm>
#include <charconv>

#include <boost/json/parser.hpp>

namespace gw::mock {
namespace {

constexpr int kMaxTokens = 1'000'000;
constexpr int kMaxDelayMs = 600'000;

bool is_space(char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v'; }

std::string_view trim(std::string_view s) {
  while (!s.empty() && is_space(s.front())) s.remove_prefix(1);
  while (!s.empty() && is_space(s.back())) s.remove_suffix(1);
  return s;
}

std::vector<std::string_view> split_args(std::string_view s) {
  std::vector<std::string_view> out;
  std::size_t i = 0;
  while (i < s.size()) {
    while (i < s.size() && is_space(s[i])) ++i;
    std::size_t start = i;
    while (i < s.size() && !is_space(s[i])) ++i;
    if (i > start) out.push_back(s.substr(start, i - start));
  }
  return out;
}

protocol::ApiError bad(std::string_view name, std::string_view why) {
  return protocol::ApiError::invalid({}, "Mock directive [[" + std::string(name) + "]]: " + std::string(why),
                                     "invalid_directive");
}

std::optional<int> to_int(std::string_view s, int min, int max) {
  int v = 0;
  auto [end, ec] = std::from_chars(s.data(), s.data() + s.size(), v);
  if (ec != std::errc() || end != s.data() + s.size() || v < min || v > max) return std::nullopt;
  return v;
}

// The end of a directive body starting at `from`: the first `]]` that does not close a `[` opened inside
// the body, so `[[reply [1, [2]]]]` replies `[1, [2]]`.
std::size_t find_close(std::string_view text, std::size_t from) {
  int depth = 0;
  for (std::size_t i = from; i < text.size(); ++i) {
    if (text[i] == '[') {
      ++depth;
    } else if (text[i] == ']') {
      if (depth > 0)
        --depth;
      else if (i + 1 < text.size() && text[i + 1] == ']')
        return i;
    }
  }
  return std::string_view::npos;
}

enum class Kind { Text, Int, Ints, None, Tool, ToolRaw };

struct Spec {
  std::string_view name;
  Kind kind;
};

constexpr Spec kSpecs[] = {
    {"reply", Kind::Text},          {"think", Kind::Text},
    {"refuse", Kind::Text},         {"finish", Kind::Text},
    {"tokens", Kind::Int},          {"think_tokens", Kind::Int},
    {"delay_ms", Kind::Int},        {"chunk_delay_ms", Kind::Int},
    {"keepalive_ms", Kind::Int},    {"cut_after", Kind::Int},
    {"malformed_after", Kind::Int}, {"status", Kind::Ints},
    {"usage", Kind::Ints},          {"context_length", Kind::None},
    {"echo_request", Kind::None},   {"interleave_tools", Kind::None},
    {"context_window", Kind::Int},  {"tool", Kind::Tool},
    {"tool_raw", Kind::ToolRaw},
};

const Spec* find_spec(std::string_view name) {
  for (const auto& spec : kSpecs)
    if (spec.name == name) return &spec;
  return nullptr;
}

std::optional<protocol::ApiError> apply_int(Script& s, std::string_view name, std::string_view arg) {
  auto limit = name.ends_with("_ms") ? kMaxDelayMs : kMaxTokens;
  auto v = to_int(trim(arg), 0, limit);
  if (!v) return bad(name, "expected an integer from 0 to " + std::to_string(limit));
  if (name == "tokens") s.tokens = v;
  if (name == "think_tokens") s.think_tokens = v;
  if (name == "delay_ms") s.delay_ms = *v;
  if (name == "chunk_delay_ms") s.chunk_delay_ms = *v;
  if (name == "keepalive_ms") s.keepalive_ms = std::max(*v, 1);
  if (name == "cut_after") s.cut_after = v;
  if (name == "malformed_after") s.malformed_after = v;
  if (name == "context_window") s.context_window = v;
  return std::nullopt;
}

std::optional<protocol::ApiError> apply_ints(Script& s, std::string_view name, std::string_view arg) {
  auto args = split_args(arg);
  if (name == "status") {
    std::optional<int> code = args.empty() ? std::nullopt : to_int(args[0], 400, 599);
    std::optional<int> times = args.size() == 2 ? to_int(args[1], 1, kMaxTokens) : std::optional<int>(0);
    if (!code || !times || args.size() > 2)
      return bad(name, "expected `status CODE [TIMES]`, CODE in 400..599");
    s.status = code;
    s.status_times = *times;
    return std::nullopt;
  }
  std::vector<int> values;
  for (auto a : args) {
    auto v = to_int(a, 0, kMaxTokens);
    if (!v) break;
    values.push_back(*v);
  }
  if (values.size() != args.size() || args.size() < 2 || args.size() > 3)
    return bad(name, "expected `usage PROMPT COMPLETION [CACHED]`");
  s.usage_prompt = values[0];
  s.usage_completion = values[1];
  if (values.size() == 3) s.usage_cached = values[2];
  return std::nullopt;
}

std::optional<protocol::ApiError> apply_text(Script& s, std::string_view name, std::string_view arg) {
  if (name == "finish") {
    auto reason = trim(arg);
    if (reason != "stop" && reason != "length" && reason != "content_filter" && reason != "tool_calls")
      return bad(name, "expected stop, length, content_filter or tool_calls");
    s.finish = std::string(reason);
    return std::nullopt;
  }
  std::string text(arg);
  if (name == "reply") s.reply = std::move(text);
  if (name == "think") s.think = std::move(text);
  if (name == "refuse") s.refuse = std::move(text);
  return std::nullopt;
}

// `[[tool NAME ARGS_JSON]]`: the JSON is parsed to find where it ends, so it may contain `]]` in strings.
// Returns the position just past the closing `]]`.
Result<std::size_t> parse_tool(Script& s, std::string_view text, std::size_t i, bool raw) {
  std::string_view name_kw = raw ? "tool_raw" : "tool";
  while (i < text.size() && is_space(text[i])) ++i;
  std::size_t start = i;
  while (i < text.size() && !is_space(text[i]) && text[i] != ']') ++i;
  ToolDirective tool{std::string(text.substr(start, i - start)), "{}"};
  if (tool.name.empty()) return bad(name_kw, "expected a tool name");
  if (raw) {
    std::size_t close = find_close(text, i);
    if (close == std::string_view::npos) return bad(name_kw, "missing closing ]]");
    tool.arguments = std::string(trim(text.substr(i, close - i)));
    s.tools.push_back(std::move(tool));
    return close + 2;
  }
  while (i < text.size() && is_space(text[i])) ++i;
  if (!text.substr(i).starts_with("]]")) {
    boost::json::parser parser;
    boost::system::error_code ec;
    std::size_t n = parser.write_some(text.substr(i), ec);
    if (ec) return bad(name_kw, "arguments are not valid JSON");
    tool.arguments = std::string(trim(text.substr(i, n)));
    i += n;
    while (i < text.size() && is_space(text[i])) ++i;
    if (!text.substr(i).starts_with("]]")) return bad(name_kw, "expected ]] after the arguments");
  }
  s.tools.push_back(std::move(tool));
  return i + 2;
}

}  // namespace

Result<Script> parse_script(std::string_view text) {
  Script script;
  std::string rest;
  std::size_t pos = 0;
  while (pos < text.size()) {
    std::size_t open = text.find("[[", pos);
    if (open == std::string_view::npos) break;
    rest.append(text.substr(pos, open - pos));
    std::size_t i = open + 2;
    while (i < text.size() && ((text[i] >= 'a' && text[i] <= 'z') || text[i] == '_')) ++i;
    std::string_view name = text.substr(open + 2, i - open - 2);
    const Spec* spec = find_spec(name);
    bool delimited = i < text.size() && (is_space(text[i]) || text[i] == ']');
    if (!spec || !delimited) {  // not a directive: keep `[` as text and look again from the next char
      rest.push_back('[');
      pos = open + 1;
      continue;
    }
    if (spec->kind == Kind::Tool || spec->kind == Kind::ToolRaw) {
      auto end = parse_tool(script, text, i, spec->kind == Kind::ToolRaw);
      if (!end) return end.error();
      pos = *end;
      continue;
    }
    std::size_t close = find_close(text, i);
    if (close == std::string_view::npos) return bad(name, "missing closing ]]");
    std::string_view arg = text.substr(i, close - i);
    if (!arg.empty()) arg.remove_prefix(1);  // the one space separating name and argument
    pos = close + 2;
    std::optional<protocol::ApiError> error;
    switch (spec->kind) {
      case Kind::Text:
        error = apply_text(script, name, arg);
        break;
      case Kind::Int:
        error = apply_int(script, name, arg);
        break;
      case Kind::Ints:
        error = apply_ints(script, name, arg);
        break;
      case Kind::None:
        if (!trim(arg).empty()) error = bad(name, "takes no arguments");
        if (name == "context_length") script.context_length = true;
        if (name == "echo_request") script.echo_request = true;
        if (name == "interleave_tools") script.interleave_tools = true;
        break;
      default:
        break;
    }
    if (error) return *error;
  }
  if (pos < text.size()) rest.append(text.substr(pos));
  script.text = std::string(trim(rest));
  return script;
}

std::vector<std::string> split_words(std::string_view text) {
  std::vector<std::string> out;
  std::size_t i = 0;
  while (i < text.size()) {
    std::size_t start = i;
    while (i < text.size() && is_space(text[i])) ++i;
    while (i < text.size() && !is_space(text[i])) ++i;
    out.emplace_back(text.substr(start, i - start));
  }
  return out;
}

std::vector<std::string> split_pieces(std::string_view text, std::size_t size) {
  std::vector<std::string> out;
  std::size_t i = 0;
  while (i < text.size()) {
    std::size_t end = std::min(text.size(), i + size);
    while (end < text.size() && (static_cast<unsigned char>(text[end]) & 0xC0) == 0x80) ++end;
    out.emplace_back(text.substr(i, end - i));
    i = end;
  }
  return out;
}

}  // namespace gw::mock
