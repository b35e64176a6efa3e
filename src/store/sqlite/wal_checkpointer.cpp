#include "store/sqlite/wal_checkpointer.hpp"

#include <sqlite3.h>

#include "store/sqlite/sqlite_db.hpp"
#include "support/log.hpp"

namespace gw::store::sqlite {

WalCheckpointer::WalCheckpointer(std::filesystem::path db_file, std::chrono::milliseconds interval)
    : db_file_(std::move(db_file)), interval_(interval), thread_([this] { run(); }) {}

WalCheckpointer::~WalCheckpointer() {
  {
    std::lock_guard lock(mutex_);
    stopping_ = true;
  }
  wake_.notify_one();
  thread_.join();
}

void WalCheckpointer::wal_grew(sqlite3* writer, int wal_pages) {
  if (wal_pages >= kRestartPages) {
    // This thread's checkpoints could not keep up with the writer (or never completed while it kept
    // writing): the writer, between two of its commits, copies everything and lets the next write rewind the
    // WAL. After this thread's round in progress, since SQLite runs one checkpoint at a time.
    std::lock_guard lock(checkpoint_mutex_);
    sqlite3_wal_checkpoint_v2(writer, nullptr, SQLITE_CHECKPOINT_RESTART, nullptr, nullptr);
    return;
  }
  if (wal_pages < kWakePages) return;
  {
    std::lock_guard lock(mutex_);
    woken_ = true;
  }
  wake_.notify_one();
}

void WalCheckpointer::run() {
  try {
    Database db(db_file_);
    for (;;) {
      bool stop = false;
      {
        std::unique_lock lock(mutex_);
        wake_.wait_for(lock, interval_, [this] { return stopping_ || woken_; });
        woken_ = false;
        stop = stopping_;
      }
      {
        std::lock_guard lock(checkpoint_mutex_);
        sqlite3_wal_checkpoint_v2(db.handle(), nullptr, SQLITE_CHECKPOINT_PASSIVE, nullptr, nullptr);
      }
      if (stop) return;
    }
  } catch (const std::exception& e) {
    // Without checkpoints the WAL only grows; say so loudly, the store itself keeps working.
    log::error("WAL checkpointer stopped", {{"error", e.what()}});
  }
}

}  // namespace gw::store::sqlite
