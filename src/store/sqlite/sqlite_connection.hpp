#pragma once
// The embedded database: one SQLite file, one connection serving every store (responses, conversations,
// prompts), serialized by a mutex and run on the blocking pool. SQLite allows a single writer anyway, WAL
// keeps readers in other processes unblocked, and one connection lets a response and its conversation items
// be written in one transaction.
#include <filesystem>
#include <mutex>

#include "store/sqlite/sqlite_db.hpp"
#include "store/sqlite/wal_checkpointer.hpp"
#include "support/asio.hpp"
#include "support/blocking.hpp"

namespace gw::store::sqlite {

class SqliteConnection {
 public:
  // Opens or creates `db_file` and migrates its schema, blocking the caller (meant for start-up). Throws
  // std::runtime_error when the file cannot be opened or migrated. `blocking_pool` must outlive this.
  SqliteConnection(std::filesystem::path db_file, asio::thread_pool& blocking_pool);
  SqliteConnection(const SqliteConnection&) = delete;
  SqliteConnection& operator=(const SqliteConnection&) = delete;
  ~SqliteConnection();

  // Runs `fn(db)` on the blocking pool while holding the connection's lock. `fn` must own what it uses: it
  // runs on another thread after the caller's frame has suspended.
  template <class F>
  auto run(F fn) {
    return run_blocking(pool_, [this, fn = std::move(fn)]() mutable {
      std::lock_guard lock(mutex_);
      return fn(db_);
    });
  }

 private:
  asio::thread_pool& pool_;
  std::mutex mutex_;  // guards db_
  Database db_;
  WalCheckpointer checkpointer_;  // after db_: the file exists when it opens its connection; stops first
};

}  // namespace gw::store::sqlite
