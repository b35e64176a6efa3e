#pragma once
// Writing conversation items, shared by the conversation store and by the response store (which appends a
// response's items to its conversation inside its own save transaction). Callers hold the connection and an
// open transaction.
#include <string>
#include <vector>

#include <boost/json/object.hpp>

#include "store/sqlite/sqlite_db.hpp"

namespace gw::store::sqlite {

bool conversation_exists(Database& db, const std::string& conversation_id);

// Appends `items` (each with a string `id`) after the conversation's last item, skipping those whose id it
// already holds. The conversation must exist.
void insert_conversation_items(Database& db, const std::string& conversation_id,
                               const std::vector<boost::json::object>& items);

}  // namespace gw::store::sqlite
