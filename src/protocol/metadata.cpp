#include "protocol/metadata.hpp"

#include <string>

namespace gw::protocol {

Result<boost::json::object> parse_metadata(const boost::json::object* raw) {
  if (!raw) return boost::json::object{};
  if (raw->size() > 16)
    return ApiError::invalid("metadata", "Invalid 'metadata': at most 16 keys are allowed.");
  for (const auto& kv : *raw) {
    const std::string p = "metadata." + std::string(kv.key());
    if (kv.key().size() > 64)
      return ApiError::invalid(p, "Invalid 'metadata': keys are at most 64 characters.");
    if (!kv.value().is_string())
      return ApiError::invalid(p, "Invalid type for '" + p + "': expected a string.", "invalid_type");
    if (kv.value().get_string().size() > 512)
      return ApiError::invalid(p, "Invalid '" + p + "': values are at most 512 characters.");
  }
  return *raw;
}

}  // namespace gw::protocol
