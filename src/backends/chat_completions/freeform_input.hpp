#pragma once
// The input of a custom (freeform) tool call, out of a chat model's arguments. The tool is offered as a
// function taking `{"input": "<text>"}` (see ToolMapping); the text is decoded from the JSON string as the
// fragments arrive, so it can be streamed. Arguments of another shape (a model that ignores the schema) are
// read whole at the end: a JSON string or an object's only string member, else the raw text. Pure.
#include <cstdint>
#include <string>
#include <string_view>

namespace gw::backends::chat_completions {

class FreeformInput {
 public:
  // Adds an arguments fragment; returns the input text it completes (possibly empty).
  std::string feed(std::string_view fragment);
  // At the end of the call: the input text not returned by feed() yet (all of it when it could not be
  // streamed).
  std::string finish();

 private:
  enum class State {
    BeforeObject,
    BeforeKey,
    Key,
    BeforeColon,
    BeforeValue,
    Value,
    Escape,
    Unicode,
    Done,
    Whole
  };
  void step(char c, std::string& out);
  void unicode_digit(char c, std::string& out);

  State state_ = State::BeforeObject;
  std::string raw_;      // every fragment, for the whole reading at the end
  std::string emitted_;  // what feed() returned so far
  std::string key_;
  int hex_digits_ = 0;
  std::uint32_t code_unit_ = 0;
  std::uint32_t high_surrogate_ = 0;  // waiting for its low half
};

}  // namespace gw::backends::chat_completions
