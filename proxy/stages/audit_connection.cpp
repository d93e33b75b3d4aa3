#include "stages/audit_connection.h"

#include <algorithm>
#include <memory>

#include "audit/record.h"

namespace govern::proxy {

void SplitCommandTag(std::string_view tag, std::string_view* command, uint64_t* rows) {
  *rows = 0;
  std::string_view rest = tag;
  bool first = true;
  // Trailing all-digit words are counts (INSERT oid rows): the last is the rows.
  while (!rest.empty()) {
    size_t sp = rest.rfind(' ');
    std::string_view word = sp == std::string_view::npos ? rest : rest.substr(sp + 1);
    if (word.empty() || word.find_first_not_of("0123456789") != std::string_view::npos) break;
    if (first) {
      uint64_t n = 0;
      for (char c : word) n = n * 10 + static_cast<uint64_t>(c - '0');
      *rows = n;
      first = false;
    }
    if (sp == std::string_view::npos) {
      rest = {};
      break;
    }
    rest = rest.substr(0, sp);
  }
  *command = rest;
}

AuditConnection::AuditConnection(AuditTrail& trail, StatementDescriber& describer, std::string client)
    : trail_(trail), describer_(describer) {
  session_.client = std::move(client);
}

void AuditConnection::Start(const OwnedContext& identity, std::string_view application, std::string_view database,
                            bool tls) {
  session_.id = trail_.NewSessionId();
  session_.application = std::string(application);
  session_.identity = IdentityJson(identity);
  session_.started_us = audit::NowMicros();
  trail_.Record("connection_start", ConnectionStartFields(session_, database, tls));
}

std::vector<uint64_t> AuditConnection::Statements(std::string_view sql, std::string_view via, const ProxyVerdict& v,
                                                  bool forwarded, std::string_view sqlstate,
                                                  const std::vector<std::string>& search_path, const Context& context,
                                                  asio::io_context& io, std::function<void(bool)> durable) {
  const std::vector<std::string>& described = describer_.Describe(sql, search_path, context);
  std::string_view decision = v.kind == ProxyVerdict::Kind::kAllow  ? "allow"
                              : v.kind == ProxyVerdict::Kind::kDeny ? "deny"
                                                                    : "require_approval";
  // Forwarded despite a refusal: shadow mode (not enforced), unless an approval let it run.
  bool enforced = v.kind == ProxyVerdict::Kind::kAllow || !forwarded || !v.approval.empty();
  std::vector<uint64_t> stmts;
  int64_t now = audit::NowMicros();
  // forwarded: `durable` runs once every record is written (ok when all are).
  struct Join {
    size_t left = 0;
    bool ok = true;
    std::function<void(bool)> done;
  };
  auto join = forwarded ? std::make_shared<Join>(Join{described.size(), true, std::move(durable)}) : nullptr;
  for (size_t i = 0; i < described.size(); ++i) {
    uint64_t stmt = ++session_.statements;
    // The text was decided once: its first statement carries the time (0 when not timed).
    std::string fields = StatementFields(session_, stmt, via, described[i], decision, enforced, v.rule, v.approval,
                                         i == 0 ? v.decide_ns : 0);
    if (!forwarded) {
      trail_.Record("statement", std::move(fields));
      Outcome(stmt, "refused", sqlstate, "", 0);
      continue;
    }
    running_[stmt] = Running{now, 0};
    stmts.push_back(stmt);
    trail_.RecordThen("statement", std::move(fields), io, [join](bool ok) {
      join->ok = join->ok && ok;
      if (--join->left == 0) join->done(join->ok);
    });
  }
  return stmts;
}

void AuditConnection::Outcome(uint64_t stmt, std::string_view status, std::string_view sqlstate,
                              std::string_view command, uint64_t rows) {
  uint64_t duration = 0, bytes = 0;
  if (auto it = running_.find(stmt); it != running_.end()) {
    duration = static_cast<uint64_t>(std::max<int64_t>(0, audit::NowMicros() - it->second.start_us));
    bytes = it->second.bytes;
    running_.erase(it);
  }
  trail_.Record("outcome", OutcomeFields(session_.id, stmt, status, sqlstate, command, rows, duration, bytes));
}

void AuditConnection::Completed(uint64_t stmt, std::string_view tag) {
  std::string_view command;
  uint64_t rows = 0;
  SplitCommandTag(tag, &command, &rows);
  Outcome(stmt, "ok", "", command, rows);
}

void AuditConnection::Failed(uint64_t stmt, std::string_view sqlstate) { Outcome(stmt, "error", sqlstate, "", 0); }

void AuditConnection::Skipped(uint64_t stmt) { Outcome(stmt, "skipped", "", "", 0); }

void AuditConnection::AddBytes(uint64_t stmt, size_t n) {
  if (auto it = running_.find(stmt); it != running_.end()) it->second.bytes += n;
}

void AuditConnection::End(std::string_view reason) {
  if (ended_ || !started()) return;
  ended_ = true;
  std::vector<uint64_t> open;
  for (const auto& [stmt, r] : running_) open.push_back(stmt);
  std::sort(open.begin(), open.end());
  for (uint64_t stmt : open) Outcome(stmt, "aborted", "", "", 0);
  trail_.Record("connection_end", ConnectionEndFields(session_, reason, bytes_in_, bytes_out_));
}

void AuditConnection::LoginFailed(AuditTrail& trail, std::string_view client, std::string_view user,
                                  std::string_view reason) {
  trail.Record("login_failed", LoginFailedFields(client, user, reason));
}

}  // namespace govern::proxy
