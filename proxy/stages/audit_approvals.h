// AuditApprovals: approval events as `approval` audit records (docs/audit.md),
// through the proxy's AuditTrail, so they are chained and verified with the
// statements. Registered on the proxy's ApprovalService when [audit] is on;
// called on the approval worker. A record names the request (id, identity,
// rule, group, fingerprint, text and parameter hashes, the normalized SQL),
// never a parameter value or a constant of the text.
#pragma once

#include <string>

#include "approvals/approval_events.h"
#include "stages/audit_trail.h"

namespace govern::proxy {

// The fields of an `approval` record for `event`.
std::string ApprovalFields(const ApprovalEvent& event);

class AuditApprovals : public ApprovalEventSink {
 public:
  explicit AuditApprovals(AuditTrail& trail) : trail_(trail) {}
  void OnApprovalEvent(const ApprovalEvent& event) override;

 private:
  AuditTrail& trail_;
};

}  // namespace govern::proxy
