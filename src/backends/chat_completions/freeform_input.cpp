#include "backends/chat_completions/freeform_input.hpp"

#include <cctype>

#include <boost/json.hpp>

namespace gw::backends::chat_completions {
namespace json = boost::json;
namespace {

constexpr std::string_view kKey = "input";
constexpr std::uint32_t kReplacement = 0xFFFD;

bool space(char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r'; }

void append_utf8(std::uint32_t cp, std::string& out) {
  if (cp < 0x80) {
    out.push_back(static_cast<char>(cp));
  } else if (cp < 0x800) {
    out.push_back(static_cast<char>(0xC0 | (cp >> 6)));
    out.push_back(static_cast<char>(0x80 | (cp & 0x3F)));
  } else if (cp < 0x10000) {
    out.push_back(static_cast<char>(0xE0 | (cp >> 12)));
    out.push_back(static_cast<char>(0x80 | ((cp >> 6) & 0x3F)));
    out.push_back(static_cast<char>(0x80 | (cp & 0x3F)));
  } else {
    out.push_back(static_cast<char>(0xF0 | (cp >> 18)));
    out.push_back(static_cast<char>(0x80 | ((cp >> 12) & 0x3F)));
    out.push_back(static_cast<char>(0x80 | ((cp >> 6) & 0x3F)));
    out.push_back(static_cast<char>(0x80 | (cp & 0x3F)));
  }
}

// The input when the arguments are read whole: a JSON string, an object's `input` or only string member,
// else the text as the model wrote it.
std::string whole_input(const std::string& raw) {
  boost::system::error_code ec;
  const json::value parsed = json::parse(raw, ec);
  if (ec) return raw;
  if (parsed.is_string()) return std::string(parsed.get_string());
  if (const auto* object = parsed.if_object()) {
    if (const auto* input = object->if_contains(kKey); input && input->is_string())
      return std::string(input->get_string());
    if (object->size() == 1 && object->begin()->value().is_string())
      return std::string(object->begin()->value().get_string());
  }
  return raw;
}

}  // namespace

std::string FreeformInput::feed(std::string_view fragment) {
  raw_.append(fragment);
  std::string out;
  for (char c : fragment) {
    if (state_ == State::Done || state_ == State::Whole) break;
    step(c, out);
  }
  emitted_ += out;
  return out;
}

void FreeformInput::step(char c, std::string& out) {
  switch (state_) {
    case State::BeforeObject:
      if (!space(c)) state_ = c == '{' ? State::BeforeKey : State::Whole;
      break;
    case State::BeforeKey:
      if (!space(c)) state_ = c == '"' ? State::Key : State::Whole;
      break;
    case State::Key:
      if (c == '"')
        state_ = key_ == kKey ? State::BeforeColon : State::Whole;
      else if (c == '\\' || key_.size() >= kKey.size())
        state_ = State::Whole;  // not the `input` key: read it whole at the end
      else
        key_.push_back(c);
      break;
    case State::BeforeColon:
      if (!space(c)) state_ = c == ':' ? State::BeforeValue : State::Whole;
      break;
    case State::BeforeValue:
      if (!space(c)) state_ = c == '"' ? State::Value : State::Whole;
      break;
    case State::Value:
      if (high_surrogate_ && c != '\\') {
        append_utf8(kReplacement, out);
        high_surrogate_ = 0;
      }
      if (c == '"')
        state_ = State::Done;
      else if (c == '\\')
        state_ = State::Escape;
      else
        out.push_back(c);  // UTF-8 bytes pass through as they are
      break;
    case State::Escape: {
      if (high_surrogate_ && c != 'u') {
        append_utf8(kReplacement, out);
        high_surrogate_ = 0;
      }
      state_ = State::Value;
      switch (c) {
        case 'n':
          out.push_back('\n');
          break;
        case 't':
          out.push_back('\t');
          break;
        case 'r':
          out.push_back('\r');
          break;
        case 'b':
          out.push_back('\b');
          break;
        case 'f':
          out.push_back('\f');
          break;
        case 'u':
          state_ = State::Unicode;
          hex_digits_ = 0;
          code_unit_ = 0;
          break;
        default:
          out.push_back(c);  // \" \\ \/ (and, leniently, any other character)
      }
      break;
    }
    case State::Unicode:
      unicode_digit(c, out);
      break;
    case State::Done:
    case State::Whole:
      break;
  }
}

void FreeformInput::unicode_digit(char c, std::string& out) {
  const int digit = std::isdigit(static_cast<unsigned char>(c))         ? c - '0'
                    : std::isxdigit(static_cast<unsigned char>(c)) != 0 ? std::tolower(c) - 'a' + 10
                                                                        : -1;
  if (digit < 0) {  // not JSON after all: the model's text is read whole at the end
    state_ = State::Whole;
    return;
  }
  code_unit_ = code_unit_ * 16 + static_cast<std::uint32_t>(digit);
  if (++hex_digits_ < 4) return;
  state_ = State::Value;
  const std::uint32_t unit = code_unit_;
  if (unit >= 0xD800 && unit <= 0xDBFF) {
    if (high_surrogate_) append_utf8(kReplacement, out);
    high_surrogate_ = unit;
  } else if (unit >= 0xDC00 && unit <= 0xDFFF) {
    append_utf8(
        high_surrogate_ ? 0x10000 + ((high_surrogate_ - 0xD800) << 10) + (unit - 0xDC00) : kReplacement, out);
    high_surrogate_ = 0;
  } else {
    if (high_surrogate_) append_utf8(kReplacement, out);
    high_surrogate_ = 0;
    append_utf8(unit, out);
  }
}

std::string FreeformInput::finish() {
  if (state_ == State::Done || state_ == State::Value || state_ == State::Escape ||
      state_ == State::Unicode) {
    // Streamed (a truncated string keeps what arrived); a lone high surrogate at the very end stays unpaired.
    if (!high_surrogate_) return {};
    high_surrogate_ = 0;
    std::string out;
    append_utf8(kReplacement, out);
    emitted_ += out;
    return out;
  }
  const std::string input = whole_input(raw_);
  // What was streamed before the text turned out not to be JSON cannot be taken back; the rest follows it.
  std::string rest = input.starts_with(emitted_) ? input.substr(emitted_.size()) : std::string();
  emitted_ += rest;
  return rest;
}

}  // namespace gw::backends::chat_completions
