#pragma once
// Keeps WAL checkpoints short on the write path. SQLite checkpoints inside the commit that crosses 1000 WAL
// pages, copying them into the database file while the store's lock is held (the gateway's p99 with store
// true). This thread, on its own connection, runs PASSIVE checkpoints (which never block the writer) every
// `interval`, and once more when stopped, so the writer's own checkpoint finds little left to copy. The
// writer's own checkpoint after commit stays on (see Database): it runs between two saves, completes, and so
// lets the WAL rewind; a PASSIVE checkpoint racing a busy writer never completes, and with it alone the WAL
// grows without end.
#include <chrono>
#include <condition_variable>
#include <filesystem>
#include <mutex>
#include <thread>

namespace gw::store::sqlite {

class WalCheckpointer {
 public:
  WalCheckpointer(std::filesystem::path db_file, std::chrono::milliseconds interval);
  WalCheckpointer(const WalCheckpointer&) = delete;
  WalCheckpointer& operator=(const WalCheckpointer&) = delete;
  ~WalCheckpointer();

 private:
  void run();

  std::filesystem::path db_file_;
  std::chrono::milliseconds interval_;
  std::mutex mutex_;
  std::condition_variable wake_;
  bool stopping_ = false;
  std::thread thread_;
};

}  // namespace gw::store::sqlite
