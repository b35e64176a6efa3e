#pragma once
// Schema versioning for the gateway's SQLite file. The version lives in `PRAGMA user_version`; each
// migration moves the schema from `version - 1` to `version`. Migrations are append-only: a released one
// is never edited, a change is a new entry (prompts, files, vector stores come next).
#include <span>

#include "store/sqlite/sqlite_db.hpp"

namespace gw::store::sqlite {

struct Migration {
  int version;      // the user_version the schema has once `sql` ran; 1, 2, 3 … without gaps
  const char* sql;  // one or more statements without parameters
};

// Every migration of the gateway's schema, oldest first.
std::span<const Migration> schema_migrations();

// The version a fully migrated database has.
int latest_schema_version();

// The database's current user_version (0 for a new file).
int schema_version(Database& db);

// Applies, in order, every migration newer than the database, all in one IMMEDIATE transaction: a failure
// leaves the file at its old version, and two processes starting together cannot both migrate. Throws when
// the database is newer than `migrations` (written by a later gateway; running on it could corrupt it).
void migrate(Database& db, std::span<const Migration> migrations = schema_migrations());

}  // namespace gw::store::sqlite
