// ApprovalStore: where approval requests live. One SQL implementation over
// two databases: an embedded SQLite file (the default: `[approvals] store`),
// or PostgreSQL (`[approvals] dsn`) so several proxies share the requests.
// Single use holds across proxies: a request is claimed by one UPDATE that
// re-checks `used = 0` on the row it locks, so of two proxies racing for one
// approval exactly one gets the row back.
//
// Not thread-safe: one thread (ApprovalService's worker) uses a store.
#pragma once

#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "approvals/approval_request.h"
#include "core/status.h"

namespace govern::proxy {

// One database connection; statements use $1, $2, ... placeholders.
class SqlDb {
 public:
  struct Value {
    std::string text;
    bool integer = false;
    int64_t number = 0;
  };
  using Row = std::vector<std::string>;  // NULL reads as ""
  virtual ~SqlDb() = default;
  virtual Expected<std::vector<Row>> Query(const std::string& sql, const std::vector<Value>& params) = 0;
};

Expected<std::unique_ptr<SqlDb>> OpenSqliteDb(const std::string& path);
// The dsn never appears in an error.
Expected<std::unique_ptr<SqlDb>> OpenPostgresDb(const std::string& dsn);

class ApprovalStore {
 public:
  // Creates the table when it does not exist.
  static Expected<std::unique_ptr<ApprovalStore>> Open(std::unique_ptr<SqlDb> db);

  struct Outcome {
    enum class Kind : uint8_t { kClaimed, kPending, kCreated } kind = Kind::kPending;
    ApprovalRequest request;
  };
  // The statement `fresh` describes runs now: claims an approved, unused,
  // unexpired request with its match key (kClaimed); else returns the
  // pending request with that key (kPending); else stores `fresh` with a new
  // id, expiring `ttl_ms` from now (kCreated).
  Expected<Outcome> Check(ApprovalRequest fresh, int64_t now_ms, int64_t ttl_ms);
  // Hold mode: claims request `id` when it is approved (kClaimed), else
  // returns it as it is (kPending for any other state: look at its state).
  Expected<Outcome> Poll(const std::string& id, int64_t now_ms);
  Expected<std::optional<ApprovalRequest>> Get(const std::string& id);
  // The request with this match key that was used last (a statement that ran on an approval), if any.
  Expected<std::optional<ApprovalRequest>> LastUsed(const std::string& match_key);
  // Newest first, at most `limit`; `all`: every state, else pending only.
  Expected<std::vector<ApprovalRequest>> List(bool all, int64_t now_ms, int limit);
  // Approves (the request then expires `ttl_ms` after now) or rejects a
  // pending, unexpired request; nullopt when it is not (any more) pending.
  Expected<std::optional<ApprovalRequest>> Decide(const std::string& id, bool approve, const std::string& by,
                                                  int64_t now_ms, int64_t ttl_ms);
  // Marks pending and approved-but-unused requests past their expiry as
  // expired; returns them (each once, across proxies sharing the store).
  Expected<std::vector<ApprovalRequest>> ExpireDue(int64_t now_ms);

 private:
  explicit ApprovalStore(std::unique_ptr<SqlDb> db) : db_(std::move(db)) {}
  Expected<std::vector<ApprovalRequest>> Rows(const std::string& sql, const std::vector<SqlDb::Value>& params);
  std::unique_ptr<SqlDb> db_;
};

}  // namespace govern::proxy
