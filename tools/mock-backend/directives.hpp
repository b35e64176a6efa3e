#pragma once
// The script a test writes into its last user message: `[[name args]]` directives that tell the mock backend
// what to answer and how (see docs/mock-backend.md). Pure: no I/O, no state.
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "protocol/result.hpp"

namespace gw::mock {

struct ToolDirective {
  std::string name;
  std::string arguments;  // the JSON text exactly as written (raw text for `tool_raw`)
};

// What the directives of one message ask for. Unset fields mean "default behaviour".
struct Script {
  std::string text;  // the message text without its directives, trimmed
  std::optional<std::string> reply;
  std::optional<int> tokens;
  std::optional<std::string> think;
  std::optional<int> think_tokens;
  std::vector<ToolDirective> tools;
  bool interleave_tools = false;
  std::optional<int> status;
  int status_times = 0;  // fail only the first N identical requests; 0 = always
  bool context_length = false;
  // Tokens; a longer prompt fails as context_length does.
  std::optional<int> context_window;
  int delay_ms = 0;        // before the answer / the first chunk
  int chunk_delay_ms = 0;  // between chunks
  std::optional<int> keepalive_ms;
  std::optional<int> cut_after;
  std::optional<int> malformed_after;
  std::optional<std::string> finish;
  std::optional<std::string> refuse;
  bool echo_request = false;
  std::optional<int> usage_prompt;
  std::optional<int> usage_completion;
  std::optional<int> usage_cached;
};

// Reads every known `[[name args]]` in `text`. Unknown names (and `[[` not followed by a name) stay in the
// text as written; a known directive with bad arguments is a 400 `invalid_directive` without `param`.
Result<Script> parse_script(std::string_view text);

// Splits text into word tokens: each token is a run of whitespace followed by a run of non-whitespace
// ("Echo: hi there" → "Echo:", " hi", " there"). Concatenating the tokens gives the text back exactly.
std::vector<std::string> split_words(std::string_view text);

// Splits text into pieces of about `size` bytes, never inside a UTF-8 sequence.
std::vector<std::string> split_pieces(std::string_view text, std::size_t size);

}  // namespace gw::mock
