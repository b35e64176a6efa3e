#include "api/pagination.hpp"

#include <charconv>

#include <boost/json.hpp>

namespace gw::api {

Result<store::ListQuery> parse_list_query(const http::Exchange& exchange) {
  store::ListQuery query;
  if (auto limit = exchange.query("limit")) {
    int value = 0;
    const auto [end, ec] = std::from_chars(limit->data(), limit->data() + limit->size(), value);
    if (ec != std::errc{} || end != limit->data() + limit->size() || value < 1 || value > 100)
      return protocol::ApiError::invalid(
          "limit", "Invalid 'limit': expected an integer between 1 and 100, got '" + *limit + "'.");
    query.limit = value;
  }
  if (auto order = exchange.query("order")) {
    if (*order != "asc" && *order != "desc")
      return protocol::ApiError::invalid("order",
                                         "Invalid 'order': expected 'asc' or 'desc', got '" + *order + "'.");
    query.ascending = *order == "asc";
  }
  if (auto after = exchange.query("after")) query.after = std::move(*after);
  if (auto before = exchange.query("before")) query.before = std::move(*before);
  return query;
}

boost::json::object list_envelope(store::Page page) {
  boost::json::array data;
  data.reserve(page.data.size());
  for (auto& item : page.data) data.emplace_back(std::move(item));
  boost::json::value first = nullptr, last = nullptr;
  if (!data.empty()) {
    if (const auto* id = data.front().as_object().if_contains("id")) first = *id;
    if (const auto* id = data.back().as_object().if_contains("id")) last = *id;
  }
  return boost::json::object{{"object", "list"},
                             {"data", std::move(data)},
                             {"first_id", std::move(first)},
                             {"last_id", std::move(last)},
                             {"has_more", page.has_more}};
}

}  // namespace gw::api
