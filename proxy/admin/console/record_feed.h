// Where the console's records come from (docs/audit.md): the segment files of
// an audit directory (each file is read from where the last poll stopped, so
// the tail of the open segment streams in), or the PostgreSQL table
// govern_audit_records (rows after each proxy's highest seq seen). A
// FeedThread polls one feed into a RecordIndex until stopped.
#pragma once

#include <atomic>
#include <chrono>
#include <condition_variable>
#include <cstdint>
#include <map>
#include <memory>
#include <mutex>
#include <string>
#include <thread>

#include "admin/console/record_index.h"
#include "core/status.h"

namespace govern::proxy::console {

class RecordFeed {
 public:
  virtual ~RecordFeed() = default;
  // Adds what is new since the last poll. An error leaves the index as it was
  // for that source and is retried at the next poll.
  virtual Status Poll(RecordIndex* index) = 0;
  virtual std::string Describe() const = 0;
};

// *.jsonl segments in `dir` (several proxies may share it).
class AuditDirFeed : public RecordFeed {
 public:
  explicit AuditDirFeed(std::string dir) : dir_(std::move(dir)) {}
  Status Poll(RecordIndex* index) override;
  std::string Describe() const override { return "audit directory " + dir_; }

 private:
  std::string dir_;
  std::map<std::string, uint64_t> offsets_;  // file name -> bytes consumed (complete lines)
};

// The govern_audit_records table of the PostgreSQL store at `dsn`.
class PgStoreFeed : public RecordFeed {
 public:
  explicit PgStoreFeed(std::string dsn);
  ~PgStoreFeed() override;
  Status Poll(RecordIndex* index) override;
  std::string Describe() const override { return "audit store (PostgreSQL)"; }  // never the DSN: it may hold a password

 private:
  struct Conn;
  std::string dsn_;
  std::unique_ptr<Conn> conn_;
  std::map<std::string, int64_t> last_seq_;  // proxy_id -> highest seq read
};

// Polls `feed` into `index` every `interval` on its own thread.
class FeedThread {
 public:
  FeedThread(std::unique_ptr<RecordFeed> feed, RecordIndex* index, std::chrono::milliseconds interval);
  ~FeedThread();
  // The last poll's error ("" when it succeeded).
  std::string last_error() const;
  // Polls now on the caller's thread (tests, and the first load before serving).
  Status PollNow();

 private:
  void Run();
  std::unique_ptr<RecordFeed> feed_;
  RecordIndex* index_;
  std::chrono::milliseconds interval_;
  mutable std::mutex mutex_;
  std::mutex poll_mutex_;
  std::condition_variable cv_;
  bool stop_ = false;
  std::string last_error_;
  std::thread thread_;
};

}  // namespace govern::proxy::console
