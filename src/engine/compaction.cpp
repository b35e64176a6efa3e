#include "engine/compaction.hpp"

#include <boost/json.hpp>

namespace gw::engine {
namespace json = boost::json;
namespace {

constexpr std::string_view kInstruction =
    "Compact the conversation so far into a summary another model will continue from, in place of the "
    "conversation itself. Write it as a handoff: the user's request and constraints, what has been done so "
    "far "
    "(files read or changed, commands run and what they showed, decisions and their reasons), what is known "
    "to "
    "work or fail, and what remains to be done, with the next step first. Keep names, paths, identifiers and "
    "exact values; leave out what no longer matters. Answer with the summary only.";

}  // namespace

json::object compaction_instruction() {
  return json::object{{"type", "message"},
                      {"role", "user"},
                      {"content", json::array{json::object{{"type", "input_text"}, {"text", kInstruction}}}}};
}

bool is_sealed_compaction(const json::object& item) {
  const auto* type = item.if_contains("type");
  const auto* sealed = item.if_contains("encrypted_content");
  return type && *type == "compaction" && sealed && sealed->is_string() && !item.contains("content");
}

bool open_compaction(json::object& item, const crypto::Sealer& sealer) {
  if (!is_sealed_compaction(item)) return true;
  auto summary = sealer.open(item.at("encrypted_content").get_string(), kCompactionPurpose);
  if (!summary) return false;
  item["content"] = json::array{json::object{{"type", "input_text"}, {"text", std::move(*summary)}}};
  return true;
}

awaitable<void> SummarySink::on_text(std::string_view text, const json::array*) {
  text_.append(text);
  co_return;
}

// A model that declines to summarize still says why; that is the best summary there is.
awaitable<void> SummarySink::on_refusal(std::string_view text) {
  text_.append(text);
  co_return;
}

}  // namespace gw::engine
