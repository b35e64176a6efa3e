#include "backends/chat_completions/model_list.hpp"

#include <boost/json.hpp>

namespace gw::backends::chat_completions {
namespace json = boost::json;

Result<json::array> decode_model_list(std::string_view body) {
  boost::system::error_code ec;
  const json::value answer = json::parse(body, ec);
  const json::object* list = ec ? nullptr : answer.if_object();
  const json::value* data = list ? list->if_contains("data") : nullptr;
  if (!data || !data->is_array())
    return protocol::ApiError::server(502, "server_error",
                                      "The backend's answer to GET /models is not a model list.");
  json::array models;
  for (const auto& entry : data->get_array()) {
    const json::object* model = entry.if_object();
    const json::value* id = model ? model->if_contains("id") : nullptr;
    if (!id || !id->is_string()) continue;
    const json::value* created = model->if_contains("created");
    const json::value* owned_by = model->if_contains("owned_by");
    models.push_back(
        json::object{{"id", *id},
                     {"object", "model"},
                     {"created", created && created->is_number() ? created->to_number<std::int64_t>() : 0},
                     {"owned_by", owned_by && owned_by->is_string() ? *owned_by : json::value("system")}});
  }
  return models;
}

}  // namespace gw::backends::chat_completions
