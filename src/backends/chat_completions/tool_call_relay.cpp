#include "backends/chat_completions/tool_call_relay.hpp"

namespace gw::backends::chat_completions {

std::vector<RelayedCall> ToolCallRelay::feed(const Delta& delta) {
  std::vector<RelayedCall> out;
  auto it = calls_.find(delta.index);
  // A new id at a known index is a new call (Ollama numbers every call 0), unless the call had no id yet.
  if (it != calls_.end() && !delta.call_id.empty() && it->second.call_id.empty())
    it->second.call_id = delta.call_id;
  if (it != calls_.end() && !delta.call_id.empty() && delta.call_id != it->second.call_id) {
    out = finish_call(it->second);
    calls_.erase(it);
    it = calls_.end();
  }
  if (it == calls_.end()) it = calls_.emplace(delta.index, Call{next_index_++, delta.call_id}).first;
  Call& call = it->second;

  RelayedCall relayed{call.index, delta.call_id, call.kind, {}, {}, {}};
  if (!call.named && !delta.name.empty()) {
    const ToolCallTarget target = tools_.resolve(delta.name);
    call.kind = target.kind;
    call.named = true;
    relayed.kind = target.kind;
    relayed.name = std::string(target.name);
    relayed.namespace_name = std::string(target.namespace_name);
  }
  relayed.fragment = call.kind == ToolCallKind::Custom ? call.input.feed(delta.text) : delta.text;
  if (relayed.name.empty() && relayed.call_id.empty() && relayed.fragment.empty()) return out;
  out.push_back(std::move(relayed));
  return out;
}

std::vector<RelayedCall> ToolCallRelay::finish_call(Call& call) {
  if (call.kind != ToolCallKind::Custom) return {};
  std::string rest = call.input.finish();
  if (rest.empty()) return {};
  return {RelayedCall{call.index, {}, call.kind, {}, {}, std::move(rest)}};
}

std::vector<RelayedCall> ToolCallRelay::finish() {
  std::vector<RelayedCall> out;
  for (auto& [index, call] : calls_)
    for (auto& relayed : finish_call(call)) out.push_back(std::move(relayed));
  calls_.clear();
  return out;
}

}  // namespace gw::backends::chat_completions
