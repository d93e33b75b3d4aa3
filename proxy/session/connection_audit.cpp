// The connection's audit hooks (docs/audit.md, stages/audit_connection.h):
// statement records are written ahead: the upstream outbox is held while any
// record of this connection is not yet durable (Flush checks
// audit_waiting_), so no statement reaches the server before its record;
// the event loop never waits (the writer thread posts AuditDurable back).
// Outcomes come from the response tracker as the server answers.
#include "session/connection.h"

#include <cstring>

#include "log.h"
#include "session/errors.h"

namespace govern::proxy {

bool Connection::Admit(ProxyVerdict& v, std::string_view where) {
  if (audit_ && audit_->MustRefuse()) {
    v.kind = ProxyVerdict::Kind::kDeny;
    v.rule = AuditConnection::kRefusalRule;
    v.message = AuditConnection::kRefusalMessage;
    shared_.metrics.statements_denied.fetch_add(1, std::memory_order_relaxed);
    shared_.metrics.CountRefusal("deny", v.rule);
    Log("warn", "deny", {{"user", user_}, {"at", std::string(where)}, {"rule", v.rule}, {"message", v.message}});
    return false;  // also in shadow mode: nothing runs unaudited
  }
  return Permit(v, where);
}

std::vector<uint64_t> Connection::AuditStatements(std::string_view sql, std::string_view via, const ProxyVerdict& v,
                                                  bool forwarded, std::string_view sqlstate) {
  if (!audit_) return {};
  if (forwarded) ++audit_waiting_;
  return audit_->Statements(sql, via, v, forwarded, sqlstate, state_.EffectivePath(), identity_.last_view(), io_,
                            [self = shared_from_this()](bool ok) { self->AuditDurable(ok); });
}

void Connection::AuditDurable(bool ok) {
  if (audit_waiting_ > 0) --audit_waiting_;
  if (phase_ == Phase::kClosed) return;
  if (!ok) {
    Log("error", "audit_failed", {{"user", user_}, {"error", shared_.audit->last_error()},
                                  {"on_failure", shared_.audit->deny_on_failure() ? "deny" : "allow"}});
    if (shared_.audit->deny_on_failure()) {
      // Fail closed: what waited for the record never reaches the server.
      FatalToClient(Fatal("42501", std::string(AuditConnection::kRefusalRule) + ": " +
                                       AuditConnection::kRefusalMessage),
                    "audit write failed");
      return;
    }
  }
  if (audit_waiting_ == 0) Flush(false);
}

void Connection::AuditAnswer(char tag, std::string_view body) {
  if (tag == 'Z') {
    responses_.Ready([this](const Awaited& e) {
      if (e.audit) audit_->Skipped(e.audit);
    });
    return;
  }
  uint64_t stmt = responses_.FrontAudit();
  if (tag == 'E') {
    wire::FieldsMsg fields;
    std::string_view sqlstate;
    if (wire::DecodeFields(*wire::FindBackend('E'), body, &fields).ok()) sqlstate = fields.Get('C');
    if (stmt) audit_->Failed(stmt, sqlstate);
    responses_.Fail([this](const Awaited& e) {
      if (e.audit) audit_->Skipped(e.audit);
    });
    return;
  }
  if (stmt == 0) return;
  if (tag == 'C') audit_->Completed(stmt, std::string_view(body.data(), strnlen(body.data(), body.size())));
  else audit_->Completed(stmt, "");  // EmptyQueryResponse, PortalSuspended
}

void Connection::AuditEnd(const char* why) {
  if (audit_) audit_->End(why ? why : "closed");
}

}  // namespace govern::proxy
