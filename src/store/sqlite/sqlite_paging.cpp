#include "store/sqlite/sqlite_paging.hpp"

#include <algorithm>
#include <utility>

#include <boost/json/parse.hpp>

namespace gw::store::sqlite {

namespace json = boost::json;

json::object parse_object(std::string_view text) { return std::move(json::parse(text).as_object()); }

std::string cursor_conditions(const ListQuery& q, std::string_view key, std::string_view cursor_key,
                              int after_param, int before_param) {
  std::string sql;
  const char* after_op = q.ascending ? " > " : " < ";
  const char* before_op = q.ascending ? " < " : " > ";
  auto add = [&](const char* op, int param) {
    std::string sub(cursor_key);
    constexpr std::string_view kPlaceholder = "{cursor}";
    sub.replace(sub.find(kPlaceholder), kPlaceholder.size(), "?" + std::to_string(param));
    sql += " AND ";
    sql += key;
    sql += op;
    sql += sub;
  };
  if (!q.after.empty()) add(after_op, after_param);
  if (!q.before.empty()) add(before_op, before_param);
  return sql;
}

Page read_page(Statement& stmt, int limit) {
  Page page;
  while (stmt.step()) {
    if (std::cmp_greater_equal(page.data.size(), limit)) {
      page.has_more = true;
      break;
    }
    page.data.push_back(parse_object(stmt.column_text(0)));
  }
  return page;
}

bool reads_backwards(const ListQuery& q) { return !q.before.empty() && q.after.empty(); }

const char* order_clause(const ListQuery& q, const char* asc, const char* desc) {
  return q.ascending != reads_backwards(q) ? asc : desc;
}

Page finish_page(Page page, const ListQuery& q) {
  if (reads_backwards(q)) std::reverse(page.data.begin(), page.data.end());
  return page;
}

void bind_cursors(Statement& stmt, const ListQuery& q, int after_param, int before_param) {
  if (!q.after.empty()) stmt.bind(after_param, q.after);
  if (!q.before.empty()) stmt.bind(before_param, q.before);
}

Page read_item_page(Database& db, std::string_view table, std::string_view owner_column,
                    const std::string& owner_id, const ListQuery& q) {
  // ?1 owner id, ?2 limit + 1, ?3 after, ?4 before.
  const std::string from =
      std::string(" FROM ") + std::string(table) + " WHERE " + std::string(owner_column) + " = ?1";
  std::string sql = "SELECT item_json" + from;
  sql += cursor_conditions(q, "position", "(SELECT position" + from + " AND item_id = {cursor})", 3, 4);
  sql += order_clause(q, " ORDER BY position ASC", " ORDER BY position DESC");
  sql += " LIMIT ?2";
  Statement stmt = db.prepare(sql);
  stmt.bind(1, owner_id).bind(2, static_cast<std::int64_t>(q.limit) + 1);
  bind_cursors(stmt, q, 3, 4);
  return finish_page(read_page(stmt, q.limit), q);
}
}  // namespace gw::store::sqlite
