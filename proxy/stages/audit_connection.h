// AuditConnection: one client session's part of the audit (docs/audit.md):
// its session id, connection_start/end, a statement record per statement
// (durable before the statement is forwarded) and an outcome record when
// the server's answer to it ends. The Connection calls it at those points;
// it never blocks (records go to the AuditTrail's writer thread).
#pragma once

#include <asio/io_context.hpp>
#include <cstdint>
#include <functional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "session/decider.h"
#include "stages/audit_records.h"
#include "stages/audit_statements.h"
#include "stages/audit_trail.h"

namespace govern::proxy {

class AuditConnection {
 public:
  AuditConnection(AuditTrail& trail, StatementDescriber& describer, std::string client);

  // Login succeeded: the session id is made and connection_start recorded.
  void Start(const OwnedContext& identity, std::string_view application, std::string_view database, bool tls);
  bool started() const { return !session_.id.empty(); }
  const std::string& session_id() const { return session_.id; }

  // True when statements must be refused because the audit cannot be written
  // (on_failure = "deny" and the trail is failing).
  bool MustRefuse() const { return trail_.deny_on_failure() && trail_.failing(); }
  static constexpr const char* kRefusalRule = "govern.audit_unavailable";
  static constexpr const char* kRefusalMessage =
      "the audit trail cannot be written, so statements are refused (audit.on_failure = \"deny\")";

  // The statements of `sql`, decided as `v`, via "query" | "execute" | "parse" | "bind".
  // forwarded: records must be durable before the text reaches the server;
  // `durable(ok)` then runs on `io` (once, for the last of them) and the
  // statement numbers are returned, one per top-level statement, for the
  // response entries. Refused (not forwarded): each gets a `refused` outcome
  // with `sqlstate` at once; nothing is returned.
  std::vector<uint64_t> Statements(std::string_view sql, std::string_view via, const ProxyVerdict& v, bool forwarded,
                                   std::string_view sqlstate, const std::vector<std::string>& search_path,
                                   const Context& context, asio::io_context& io, std::function<void(bool)> durable);

  // The server's answer to statement `stmt` ended: CommandComplete (`tag`:
  // its command tag), EmptyQueryResponse / PortalSuspended (`tag` ""), or
  // ErrorResponse (error = true, `sqlstate`).
  void Completed(uint64_t stmt, std::string_view tag);
  void Failed(uint64_t stmt, std::string_view sqlstate);
  // Not run: an earlier statement of its Query or batch failed.
  void Skipped(uint64_t stmt);
  void AddBytes(uint64_t stmt, size_t n);
  void CountIn(size_t n) { bytes_in_ += n; }
  void CountOut(size_t n) { bytes_out_ += n; }

  // The connection ended: statements still running get `aborted`, then connection_end.
  void End(std::string_view reason);

  static void LoginFailed(AuditTrail& trail, std::string_view client, std::string_view user, std::string_view reason);

 private:
  struct Running {
    int64_t start_us = 0;
    uint64_t bytes = 0;
  };
  void Outcome(uint64_t stmt, std::string_view status, std::string_view sqlstate, std::string_view command,
               uint64_t rows);

  AuditTrail& trail_;
  StatementDescriber& describer_;
  AuditSession session_;
  std::unordered_map<uint64_t, Running> running_;
  uint64_t bytes_in_ = 0, bytes_out_ = 0;
  bool ended_ = false;
};

// "SELECT 5" -> ("SELECT", 5); "INSERT 0 3" -> ("INSERT", 3); "CREATE TABLE" -> ("CREATE TABLE", 0).
void SplitCommandTag(std::string_view tag, std::string_view* command, uint64_t* rows);

}  // namespace govern::proxy
