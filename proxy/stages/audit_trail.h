// AuditTrail: the proxy's audit sink (docs/audit.md). Owns the runtime's
// group-commit Writer and, with [audit] dsn, the store shipper. Connections
// hand records to it from their event loops and never wait on I/O: a
// statement record's completion is posted back to the connection's loop.
#pragma once

#include <asio/io_context.hpp>
#include <atomic>
#include <functional>
#include <map>
#include <memory>
#include <mutex>
#include <string>
#include <vector>

#include "audit/pg_store.h"
#include "audit/writer.h"
#include "config.h"

namespace govern::proxy {

class AuditTrail {
 public:
  // Opens the trail (recovering a killed predecessor's segment); error when
  // the directory cannot be written or the signing key cannot be read.
  static Expected<std::unique_ptr<AuditTrail>> Open(const ProxyConfig& config);
  ~AuditTrail();

  // A record nothing waits for (outcome, connection_*, login_failed, reload, ...).
  void Record(std::string_view type, std::string fields);
  // A record the caller waits for: `done(ok)` runs on `io` once it is durable
  // (ok) or could not be written.
  void RecordThen(std::string_view type, std::string fields, asio::io_context& io, std::function<void(bool)> done);

  // True while records cannot be written (files or store).
  bool failing() const;
  bool deny_on_failure() const { return deny_on_failure_; }
  // Writes what is queued, closes the segment (checkpoint), ships the rest to the store.
  void Close(std::string_view reason);
  // "<8 hex digits of the start time>.<n>", unique per proxy id across restarts.
  std::string NewSessionId();
  uint64_t failures() const;
  std::string last_error() const;

 private:
  AuditTrail() = default;
  // Completions waiting to run on one event loop: posted there once per batch, not once per record.
  struct Completions {
    std::mutex mu;
    std::vector<std::function<void()>> ready;
  };
  Completions& CompletionsFor(asio::io_context& io);

  std::mutex completions_mu_;
  std::map<asio::io_context*, std::unique_ptr<Completions>> completions_;
  std::unique_ptr<audit::Writer> writer_;
  std::unique_ptr<audit::StoreShipper> store_;
  bool deny_on_failure_ = true;
  std::string session_prefix_;
  std::atomic<uint64_t> sessions_{0};
};

}  // namespace govern::proxy
