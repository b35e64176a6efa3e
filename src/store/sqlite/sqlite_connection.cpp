#include "store/sqlite/sqlite_connection.hpp"

#include "store/sqlite/migrations.hpp"

namespace gw::store::sqlite {

SqliteConnection::SqliteConnection(std::filesystem::path db_file, asio::thread_pool& blocking_pool)
    : pool_(blocking_pool), db_(db_file), checkpointer_(db_file, std::chrono::milliseconds(500)) {
  migrate(db_);
}

}  // namespace gw::store::sqlite
