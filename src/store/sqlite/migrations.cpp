#include "store/sqlite/migrations.hpp"

#include <stdexcept>
#include <string>

namespace gw::store::sqlite {

namespace {

// v1: stored responses and their input items.
// `seq` is an explicit rowid alias: list order breaks created_at ties (same second) by insertion order,
// and an implicit rowid may be renumbered by VACUUM, which would reorder pages under a client's cursor.
// previous_response_id has no foreign key on purpose: deleting a response must not touch its successors;
// a chain simply stops at the missing ancestor.
constexpr const char* kV1 = R"sql(
CREATE TABLE responses (
  seq INTEGER PRIMARY KEY,
  id TEXT NOT NULL UNIQUE,
  created_at INTEGER NOT NULL,
  model TEXT NOT NULL,
  status TEXT NOT NULL,
  previous_response_id TEXT,
  response_json TEXT NOT NULL
);
CREATE INDEX responses_by_created ON responses (created_at, seq);
CREATE INDEX responses_by_model ON responses (model, created_at, seq);

CREATE TABLE response_input_items (
  response_id TEXT NOT NULL REFERENCES responses (id) ON DELETE CASCADE,
  position INTEGER NOT NULL,
  item_id TEXT NOT NULL,
  item_json TEXT NOT NULL,
  PRIMARY KEY (response_id, position)
) WITHOUT ROWID;
-- Resolves `after` / `before` cursors, which name an item by id.
CREATE INDEX response_input_items_by_item ON response_input_items (response_id, item_id);
)sql";

// v2: output items by id too, so that an item_reference can name any stored item; existing responses'
// outputs are indexed from their JSON.
constexpr const char* kV2 = R"sql(
CREATE TABLE response_output_items (
  response_id TEXT NOT NULL REFERENCES responses (id) ON DELETE CASCADE,
  position INTEGER NOT NULL,
  item_id TEXT NOT NULL,
  item_json TEXT NOT NULL,
  PRIMARY KEY (response_id, position)
) WITHOUT ROWID;
CREATE INDEX response_output_items_by_id ON response_output_items (item_id);
CREATE INDEX response_input_items_by_id ON response_input_items (item_id);
INSERT INTO response_output_items (response_id, position, item_id, item_json)
  SELECT r.id, o.key, json_extract(o.value, '$.id'), o.value
  FROM responses r, json_each(r.response_json, '$.output') o
  WHERE json_extract(o.value, '$.id') IS NOT NULL;
)sql";

// v3: conversations and their items. Items are ordered by `position` (the next one after the conversation's
// last, so deleting an item leaves a gap and never reorders the rest); an item id appears at most once per
// conversation, which is what lets `after` / `before` cursors and GET /items/{item_id} name an item by id.
// Deleting a conversation deletes its items; the responses that produced them keep their own copies.
constexpr const char* kV3 = R"sql(
CREATE TABLE conversations (
  seq INTEGER PRIMARY KEY,
  id TEXT NOT NULL UNIQUE,
  created_at INTEGER NOT NULL,
  conversation_json TEXT NOT NULL
);
CREATE INDEX conversations_by_created ON conversations (created_at, seq);

CREATE TABLE conversation_items (
  conversation_id TEXT NOT NULL REFERENCES conversations (id) ON DELETE CASCADE,
  position INTEGER NOT NULL,
  item_id TEXT NOT NULL,
  item_json TEXT NOT NULL,
  PRIMARY KEY (conversation_id, position)
) WITHOUT ROWID;
CREATE UNIQUE INDEX conversation_items_by_item ON conversation_items (conversation_id, item_id);
)sql";

// v4: prompts (versioned templates). `prompts` holds what the versions share: list order (`seq`, as in v1),
// creation time and which version is the default; `prompt_versions` one immutable row per version, its
// template as JSON. Versions go with their prompt (ON DELETE CASCADE).
constexpr const char* kV4 = R"sql(
CREATE TABLE prompts (
  seq INTEGER PRIMARY KEY,
  id TEXT NOT NULL UNIQUE,
  created_at INTEGER NOT NULL,
  default_version INTEGER NOT NULL
);
CREATE INDEX prompts_by_created ON prompts (created_at, seq);

CREATE TABLE prompt_versions (
  prompt_id TEXT NOT NULL REFERENCES prompts (id) ON DELETE CASCADE,
  version INTEGER NOT NULL,
  created_at INTEGER NOT NULL,
  content_json TEXT NOT NULL,
  PRIMARY KEY (prompt_id, version)
) WITHOUT ROWID;
)sql";

constexpr Migration kMigrations[] = {
    {1, kV1},
    {2, kV2},
    {3, kV3},
    {4, kV4},
};

void set_schema_version(Database& db, int version) {
  // PRAGMA takes no bound parameters; the value is an int we produced.
  db.exec(("PRAGMA user_version = " + std::to_string(version)).c_str());
}

}  // namespace

std::span<const Migration> schema_migrations() { return kMigrations; }

int latest_schema_version() { return kMigrations[std::size(kMigrations) - 1].version; }

int schema_version(Database& db) {
  Statement stmt = db.prepare("PRAGMA user_version");
  stmt.step();
  return static_cast<int>(stmt.column_int64(0));
}

void migrate(Database& db, std::span<const Migration> migrations) {
  Transaction tx(db, Transaction::Mode::Immediate);
  const int current = schema_version(db);  // read under the write lock: no one migrates concurrently
  const int latest = migrations.empty() ? 0 : migrations.back().version;
  if (current > latest) {
    throw std::runtime_error("sqlite: database schema version " + std::to_string(current) +
                             " is newer than this build knows (" + std::to_string(latest) + ")");
  }
  int expected = 1;
  for (const Migration& m : migrations) {
    if (m.version != expected++) {
      throw std::logic_error("sqlite: migrations must be numbered 1, 2, 3 … in order; found " +
                             std::to_string(m.version));
    }
    if (m.version <= current) continue;
    db.exec(m.sql);
    set_schema_version(db, m.version);
  }
  tx.commit();
}

}  // namespace gw::store::sqlite
