// Approval events for whoever records them (the audit writer, the console):
// requested, approved, rejected, used (a statement ran on it), expired. Sinks
// are called on the approval worker thread, one event at a time, after the
// store has the change; a sink must not block for long.
#pragma once

#include <cstdint>
#include <string_view>

#include "approvals/approval_request.h"

namespace govern::proxy {

struct ApprovalEvent {
  enum class Kind : uint8_t { kRequested, kApproved, kRejected, kUsed, kExpired };
  Kind kind = Kind::kRequested;
  const ApprovalRequest* request = nullptr;  // as the store has it after the change
  int64_t at_ms = 0;
};

std::string_view ApprovalEventName(ApprovalEvent::Kind kind);  // "requested", "approved", ...

class ApprovalEventSink {
 public:
  virtual ~ApprovalEventSink() = default;
  virtual void OnApprovalEvent(const ApprovalEvent& event) = 0;
};

}  // namespace govern::proxy
