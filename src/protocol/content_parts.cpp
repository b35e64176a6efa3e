#include "protocol/content_parts.hpp"

#include <boost/json.hpp>

#include "protocol/field_reader.hpp"

namespace gw::protocol {
namespace json = boost::json;

Result<json::array> normalize_content(const json::value& content, ContentOwner owner,
                                      const std::string& param) {
  const bool assistant = owner == ContentOwner::Assistant;
  json::array parts;
  if (content.is_string()) {
    if (assistant)
      parts.push_back(json::object{
          {"type", "output_text"}, {"text", content.get_string()}, {"annotations", json::array{}}});
    else
      parts.push_back(json::object{{"type", "input_text"}, {"text", content.get_string()}});
    return parts;
  }
  if (!content.is_array())
    return ApiError::invalid(
        param, "Invalid type for '" + param + "': expected a string or an array of content parts.",
        "invalid_type");
  std::size_t i = 0;
  for (const auto& raw : content.get_array()) {
    const std::string p = param + "[" + std::to_string(i++) + "]";
    if (!raw.is_object())
      return ApiError::invalid(p, "Invalid type for '" + p + "': expected an object.", "invalid_type");
    FieldReader r(raw.get_object(), p);
    const auto type = r.string("type", true);
    if (r.failed()) return r.error();
    json::object part{{"type", *type}};
    if (*type == "input_text" || (*type == "output_text" && assistant) || (*type == "text")) {
      auto text = r.string("text", true);
      if (r.failed()) return r.error();
      if (assistant) {
        part["type"] = "output_text";
        part["text"] = *text;
        const auto* annotations = r.array("annotations");
        part["annotations"] = annotations ? *annotations : json::array{};
        if (const auto* logprobs = r.array("logprobs")) part["logprobs"] = *logprobs;
      } else {
        part["type"] = "input_text";
        part["text"] = *text;
      }
    } else if (*type == "refusal" && assistant) {
      auto refusal = r.string("refusal", true);
      if (r.failed()) return r.error();
      part["refusal"] = *refusal;
    } else if (*type == "input_image" && owner == ContentOwner::TextOnly) {
      return ApiError::invalid(
          p + ".type",
          "Images are supported in user messages only: Chat Completions backends take no images in "
          "system or developer messages or in tool outputs.",
          "unsupported_value");
    } else if (*type == "input_image" && !assistant) {
      auto url = r.string("image_url");
      auto file_id = r.string("file_id");
      auto detail = r.one_of("detail", {"low", "high", "auto"});
      if (r.failed()) return r.error();
      if (file_id)
        return ApiError::invalid(
            p + ".file_id", "Images by file_id need the Files API, which this gateway does not offer yet.",
            "unsupported_value");
      if (!url) return ApiError::missing(p + ".image_url");
      part["image_url"] = *url;
      part["detail"] = detail ? *detail : "auto";
    } else {
      return ApiError::invalid(p + ".type",
                               "Content part type '" + *type + "' is not supported in " +
                                   (assistant ? "an assistant" : "this") + " message.",
                               "unsupported_value");
    }
    parts.push_back(std::move(part));
  }
  return parts;
}

}  // namespace gw::protocol
