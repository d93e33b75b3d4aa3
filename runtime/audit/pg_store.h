// The shared PostgreSQL store (docs/audit.md, "PostgreSQL store"): a
// shipper thread that copies a proxy's records and checkpoints from its
// files into the tables with batched COPY, catching up after outages and
// restarts; and the readers `govern audit verify --dsn` and `govern
// exposure --dsn` use. The DSN (it may hold a password) is never logged or
// put into error messages.
#pragma once

#include <atomic>
#include <condition_variable>
#include <cstdint>
#include <functional>
#include <mutex>
#include <set>
#include <string>
#include <string_view>
#include <thread>
#include <vector>

#include "audit/verifier.h"
#include "core/status.h"

namespace govern::audit {

class StoreShipper {
 public:
  StoreShipper(std::string dsn, std::string dir, std::string proxy_id);
  ~StoreShipper();  // Stop()
  void Start();
  // Ships what is in the files now (the last time), then stops the thread.
  void Stop();
  // Something new is in the files (the writer's batch callback).
  void Wake();
  // True while the store cannot be reached or refused a batch (until a batch succeeds).
  bool failing() const { return failing_.load(std::memory_order_acquire); }
  uint64_t shipped_seq() const { return shipped_seq_.load(std::memory_order_relaxed); }
  std::string last_error() const;

 private:
  void Run();
  Status Connect();
  Status ShipNew();
  Status Flush(std::vector<std::string>* lines);

  std::string dsn_, dir_, proxy_id_;
  void* conn_ = nullptr;  // PGconn*
  uint64_t segment_ = 1, offset_ = 0;
  std::set<uint64_t> shipped_checkpoints_;
  std::atomic<uint64_t> shipped_seq_{0};
  std::atomic<bool> failing_{false};
  mutable std::mutex mu_;
  std::condition_variable cv_;
  bool wake_ = false, stop_ = false;
  std::string last_error_;
  std::thread thread_;
};

// Every chain in the store, as verify reads files.
Expected<std::vector<ChainSource>> LoadChainsFromStore(const std::string& dsn);

// Calls `line` for each statement and outcome record line (in proxy, seq order)
// at or after `since_us` (0: all).
Status ForEachStoreRecord(const std::string& dsn, int64_t since_us, const std::function<void(std::string_view)>& line);

}  // namespace govern::audit
