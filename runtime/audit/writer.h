// The audit writer: one thread per proxy that seals records into the chain
// and appends them to the current segment with group commit (one write()
// and, with fdatasync, one fdatasync() per batch of waiting records), rotates
// segments by size and age, and closes each with a signed checkpoint
// (docs/audit.md, "Durability"). Callers never block on I/O: Append queues
// and returns; `done` runs on the writer thread once the record is durable
// (or could not be written).
#pragma once

#include <atomic>
#include <condition_variable>
#include <cstdint>
#include <deque>
#include <functional>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <thread>
#include <vector>

#include "audit/record.h"
#include "bundle/crypto.h"
#include "core/status.h"

struct evp_md_ctx_st;  // OpenSSL's EVP_MD_CTX

namespace govern::audit {

struct WriterOptions {
  std::string dir;
  std::string proxy_id;
  std::string env;
  std::optional<Ed25519KeyPair> key;          // signs checkpoints when set
  bool fdatasync = true;                      // false: write() only (survives kill -9, not power loss)
  uint64_t segment_max_bytes = 64ull << 20;
  int64_t segment_max_age_us = 3600ll * 1000000;
};

class Writer {
 public:
  // REQUIRES: called on the writer thread; `ok` false when the record is not in the trail.
  using Done = std::function<void(bool ok)>;

  // Creates the directory, recovers the chain of `proxy_id` (closing a
  // segment a killed predecessor left open, after checking its records), and
  // starts the writer thread. Error when the last segment ends in a partial
  // record or its chain is broken: the trail must be looked at first.
  static Expected<std::unique_ptr<Writer>> Open(WriterOptions options);
  ~Writer();  // Close("shutdown")

  // Queues one record (`fields`: Fields::text()); its time is now.
  void Append(std::string_view type, std::string fields, Done done = nullptr);
  // Writes what is queued, closes the segment with a checkpoint, stops the thread.
  void Close(std::string_view reason = "shutdown");

  // True while the last write failed (until one succeeds).
  bool failing() const { return failing_.load(std::memory_order_acquire); }
  uint64_t failures() const { return failures_.load(std::memory_order_relaxed); }
  uint64_t records_written() const { return written_.load(std::memory_order_relaxed); }
  // The last error message ("" when none).
  std::string last_error() const;
  // Called on the writer thread after each batch reached the file (the store shipper's wake-up).
  void SetOnBatch(std::function<void()> on_batch);
  const WriterOptions& options() const { return options_; }

 private:
  struct Pending {
    std::string type;
    std::string ts;
    std::string fields;
    Done done;
  };
  explicit Writer(WriterOptions options);
  Status Recover();
  void Run();
  void WriteBatch(std::vector<Pending>* batch);
  Status OpenSegment();
  Status CloseSegment(std::string_view closed_by);
  void SetError(std::string message);

  WriterOptions options_;
  // Writer-thread state.
  ChainHead head_;
  uint64_t segment_ = 0;         // current segment number (0: none open)
  int fd_ = -1;
  uint64_t segment_bytes_ = 0;
  uint64_t segment_first_seq_ = 0;
  ChainHead segment_last_;       // the last record in the segment's file
  int64_t segment_opened_us_ = 0;
  std::unique_ptr<evp_md_ctx_st, void (*)(evp_md_ctx_st*)> segment_sha_;  // SHA-256 of the segment so far
  std::string prev_checkpoint_;

  mutable std::mutex mu_;
  std::condition_variable cv_;
  std::vector<Pending> queue_;
  bool stop_ = false;
  std::string close_reason_ = "shutdown";
  std::string last_error_;
  std::function<void()> on_batch_;
  std::atomic<bool> failing_{false};
  std::atomic<uint64_t> failures_{0}, written_{0};
  std::thread thread_;
};

}  // namespace govern::audit
