#include "api/models_handler.hpp"

#include <boost/json.hpp>

namespace gw::api {
namespace json = boost::json;

awaitable<void> ModelsHandler::list(http::Exchange& ex) {
  auto models = co_await catalog_.list();
  if (!models) co_return co_await ex.send_error(models.error());
  // OpenAI's model list has no cursors: {"object": "list", "data": [...]}.
  const json::object body{{"object", "list"}, {"data", **models}};
  co_await ex.send_json(bhttp::status::ok, body);
}

awaitable<void> ModelsHandler::retrieve(http::Exchange& ex) {
  const std::string id = ex.decoded_path_param("model");
  auto models = co_await catalog_.list();
  if (!models) co_return co_await ex.send_error(models.error());
  for (const auto& model : **models)
    if (model.at("id").get_string() == id) co_return co_await ex.send_json(bhttp::status::ok, model);
  const protocol::ApiError error{404, "invalid_request_error", "model_not_found", "model",
                                 "The model '" + id + "' does not exist on the backend."};
  co_await ex.send_error(error);
}

}  // namespace gw::api
