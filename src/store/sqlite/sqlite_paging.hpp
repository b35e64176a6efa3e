#pragma once
// The SQL side of OpenAI-style list pagination (`limit`, `order`, `after`, `before`), shared by every store
// that lists rows of JSON objects.
#include <string>
#include <string_view>

#include <boost/json/object.hpp>

#include "store/response_store.hpp"
#include "store/sqlite/sqlite_db.hpp"

namespace gw::store::sqlite {

boost::json::object parse_object(std::string_view text);

// Cursor conditions in the order the client asked for. `key` is the ordering key (a column or a row
// value), `cursor_key` a subquery giving the cursor's key, with `{cursor}` where the cursor id goes. An
// unknown cursor makes the subquery NULL, so the comparison is never true and the page is empty, rather than
// silently restarting from the top (which would send a paginating client round in circles).
std::string cursor_conditions(const ListQuery& q, std::string_view key, std::string_view cursor_key,
                              int after_param, int before_param);

// Reads up to `limit` rows of JSON objects from column 0; the statement selects one row more to learn
// whether anything lies past the page.
Page read_page(Statement& stmt, int limit);

// With only `before`, the page is the `limit` items nearest the cursor (as Stripe's ending_before): read
// them walking away from the cursor (`order_clause` picks that direction), then `finish_page` presents
// them in the order asked for.
bool reads_backwards(const ListQuery& q);
const char* order_clause(const ListQuery& q, const char* asc, const char* desc);
Page finish_page(Page page, const ListQuery& q);

void bind_cursors(Statement& stmt, const ListQuery& q, int after_param, int before_param);

// One page of the items an owner holds in order (a response's input items, a conversation's items): rows of
// `table` with `owner_column` = `owner_id`, ordered by `position`, cursors naming an `item_id`. `table` and
// `owner_column` are the caller's constants, never client input.
Page read_item_page(Database& db, std::string_view table, std::string_view owner_column,
                    const std::string& owner_id, const ListQuery& q);

}  // namespace gw::store::sqlite
