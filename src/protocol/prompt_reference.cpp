#include "protocol/prompt_reference.hpp"

#include <charconv>

#include <boost/json.hpp>

#include "protocol/field_reader.hpp"

namespace gw::protocol {
namespace json = boost::json;
namespace {

ApiError bad_version(const std::string& param) {
  return ApiError::invalid(param, "Invalid '" + param + "': expected a version number such as \"2\".");
}

Result<json::value> normalize_part(const json::object& part, const std::string& param) {
  FieldReader r(part, param);
  const auto type = r.one_of("type", {"input_text", "input_image", "input_file"}, true);
  if (r.failed()) {
    ApiError error = r.error();
    error.code = error.code == "invalid_value" ? "unsupported_value" : error.code;
    return error;
  }
  if (*type == "input_text") {
    auto text = r.string("text", true);
    if (r.failed()) return r.error();
    return json::value(json::object{{"type", "input_text"}, {"text", *text}});
  }
  if (*type == "input_image") {
    auto url = r.string("image_url");
    auto file_id = r.string("file_id");
    auto detail = r.one_of("detail", {"low", "high", "auto"});
    if (r.failed()) return r.error();
    if (file_id)
      return ApiError::invalid(param + ".file_id",
                               "Images by file_id need the Files API, which this gateway does not offer yet.",
                               "unsupported_value");
    if (!url) return ApiError::missing(param + ".image_url");
    return json::value(
        json::object{{"type", "input_image"}, {"image_url", *url}, {"detail", detail ? *detail : "auto"}});
  }
  auto data = r.string("file_data");
  auto filename = r.string("filename");
  auto file_id = r.string("file_id");
  auto file_url = r.string("file_url");
  if (r.failed()) return r.error();
  if (file_id)
    return ApiError::invalid(param + ".file_id",
                             "Files by file_id need the Files API, which this gateway does not offer yet.",
                             "unsupported_value");
  // Chat Completions `file` parts carry the bytes themselves; no backend of that API fetches a URL.
  if (file_url)
    return ApiError::invalid(param + ".file_url",
                             "Files by URL cannot be passed to a Chat Completions backend; send 'file_data'.",
                             "unsupported_value");
  if (!data) return ApiError::missing(param + ".file_data");
  json::object out{{"type", "input_file"}, {"file_data", *data}};
  if (filename) out["filename"] = *filename;
  return json::value(std::move(out));
}

}  // namespace

Result<json::value> normalize_variable_value(const json::value& value, const std::string& param) {
  if (value.is_string()) return value;
  if (value.is_object()) return normalize_part(value.get_object(), param);
  return ApiError::invalid(
      param,
      "Invalid type for '" + param +
          "': expected a string or an input_text, input_image or input_file part, but got " +
          std::string(json_kind(value)) + " instead.",
      "invalid_type");
}

Result<std::int64_t> parse_version_number(std::string_view text, const std::string& param) {
  std::int64_t n = 0;
  const auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), n);
  if (text.empty() || ec != std::errc{} || end != text.data() + text.size() || n < 1)
    return bad_version(param);
  return n;
}

Result<std::int64_t> parse_version_number(const json::value& value, const std::string& param) {
  if (value.is_string()) return parse_version_number(std::string_view(value.get_string()), param);
  if (value.is_int64() && value.get_int64() >= 1) return value.get_int64();
  if (value.is_uint64() && value.get_uint64() <= static_cast<std::uint64_t>(INT64_MAX))
    return static_cast<std::int64_t>(value.get_uint64());
  return bad_version(param);
}

Result<PromptReference> parse_prompt_reference(const json::value& raw) {
  if (!raw.is_object())
    return ApiError::invalid(
        "prompt",
        "Invalid type for 'prompt': expected an object such as {\"id\": \"pmpt_…\"}, but got " +
            std::string(json_kind(raw)) + " instead.",
        "invalid_type");
  const auto& o = raw.get_object();
  for (const auto& kv : o)
    if (kv.key() != "id" && kv.key() != "version" && kv.key() != "variables")
      return ApiError::invalid("prompt." + std::string(kv.key()),
                               "Unknown parameter: 'prompt." + std::string(kv.key()) + "'.",
                               "unknown_parameter");
  FieldReader r(o, "prompt");
  PromptReference ref;
  auto id = r.string("id", true);
  const auto* variables = r.object("variables");
  if (r.failed()) return r.error();
  if (id->empty()) return ApiError::invalid("prompt.id", "'prompt.id' must not be empty.");
  ref.id = std::move(*id);
  if (const auto* version = r.get("version")) {
    auto number = parse_version_number(*version, "prompt.version");
    if (!number) return number.error();
    ref.version = *number;
  }
  if (variables) {
    for (const auto& kv : *variables) {
      auto value = normalize_variable_value(kv.value(), "prompt.variables." + std::string(kv.key()));
      if (!value) return value.error();
      ref.variables[kv.key()] = std::move(*value);
    }
  }
  return ref;
}

json::object prompt_reference_json(const PromptReference& reference) {
  json::object out{{"id", reference.id}};
  out["version"] = reference.version ? json::value(std::to_string(*reference.version)) : json::value(nullptr);
  out["variables"] = reference.variables;
  return out;
}

}  // namespace gw::protocol
