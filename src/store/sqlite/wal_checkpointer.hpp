#pragma once
// Keeps WAL checkpoints off the write path and the WAL bounded. SQLite's automatic checkpoint runs inside the
// commit that crosses 1000 WAL pages, copying them into the database file while the store's lock is held (the
// gateway's p99 with store true). So the writer does none (see SqliteConnection: its commit hook only calls
// wal_grew), and this thread, on its own connection, is the one checkpointer: a PASSIVE checkpoint (which
// never blocks the writer) every `interval`, at once when the WAL passes 1000 pages, and once more when
// stopped. A PASSIVE checkpoint racing a busy writer may never complete, which would let the WAL grow without
// end; and a checkpoint from this thread that must wait for the writer (RESTART) starves while the writer
// commits back to back. So past 4000 pages the writer itself runs a RESTART checkpoint after its commit: a
// slow commit now and then instead of an unbounded file.
#include <chrono>
#include <condition_variable>
#include <filesystem>
#include <mutex>
#include <thread>

struct sqlite3;

namespace gw::store::sqlite {

inline constexpr int kWakePages = 1000;  // SQLite's own automatic checkpoint threshold
inline constexpr int kRestartPages = 4000;

class WalCheckpointer {
 public:
  WalCheckpointer(std::filesystem::path db_file, std::chrono::milliseconds interval);
  WalCheckpointer(const WalCheckpointer&) = delete;
  WalCheckpointer& operator=(const WalCheckpointer&) = delete;
  ~WalCheckpointer();

  // Called after each commit of `writer` with the WAL's length in pages: wakes the thread when it is long,
  // checkpoints on the writer when it is too long.
  void wal_grew(sqlite3* writer, int wal_pages);

 private:
  void run();

  std::filesystem::path db_file_;
  std::chrono::milliseconds interval_;
  std::mutex mutex_;             // guards stopping_, woken_
  std::mutex checkpoint_mutex_;  // one checkpoint at a time: this thread's or the writer's
  std::condition_variable wake_;
  bool stopping_ = false;
  bool woken_ = false;
  std::thread thread_;
};

}  // namespace gw::store::sqlite
