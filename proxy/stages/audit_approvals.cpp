#include "stages/audit_approvals.h"

#include "audit/record.h"
#include "core/json.h"
#include "sql/fingerprint.h"

namespace govern::proxy {

std::string ApprovalFields(const ApprovalEvent& e) {
  const ApprovalRequest& r = *e.request;
  audit::Fields f;
  f.Str("event", ApprovalEventName(e.kind)).Str("request", r.id);
  if (!e.session.empty()) f.Str("session", e.session);
  std::string identity = "{";
  AppendJsonField(&identity, "user", r.identity, true);
  identity += "}";
  f.Raw("identity", identity);
  f.Str("rule", r.rule).Str("group", r.group);
  // The request's fingerprint is libpg_query's (16 hex digits, "t..." when
  // the text does not parse); SQL appears only normalized, and not at all
  // when it does not parse (its constants could not be told apart).
  f.Str("fingerprint", r.fingerprint).Str("text_hash", r.text_hash).Str("params_hash", r.params_hash);
  f.Str("sql", !r.fingerprint.empty() && r.fingerprint[0] != 't' ? NormalizeStatement(r.statement) : "");
  f.Str("state", ApprovalStateName(r.state));
  if (!r.decided_by.empty()) f.Str("approver", r.decided_by);
  f.Str("expires_at", IsoTime(r.expires_ms));
  if (!r.proxy.empty()) f.Str("requested_via", r.proxy);
  if (e.related != nullptr) f.Str("new_request", e.related->id);
  return f.Take();
}

void AuditApprovals::OnApprovalEvent(const ApprovalEvent& event) { trail_.Record("approval", ApprovalFields(event)); }

}  // namespace govern::proxy
