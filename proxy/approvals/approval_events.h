// Approval events for whoever records them (the log, the webhook, the audit
// trail): requested, approved, rejected, used (a statement ran on it),
// expired, and what a held client did (hold_timed_out, hold_cancelled) or a
// replay of a used approval (replay_refused). Sinks are called on the
// approval worker thread, one event at a time, after the store has the
// change; a sink must not block for long.
#pragma once

#include <cstdint>
#include <string_view>

#include "approvals/approval_request.h"

namespace govern::proxy {

struct ApprovalEvent {
  enum class Kind : uint8_t {
    kRequested,      // a new request (the statement was refused or is held)
    kApproved,       // an approver approved it
    kRejected,       // an approver rejected it
    kUsed,           // the approved statement ran (single use: claimed)
    kExpired,        // nobody decided within ttl, or the approval was not used within ttl
    kHoldTimedOut,   // mode = "hold": nobody decided within hold_timeout (57014)
    kHoldCancelled,  // mode = "hold": the client's CancelRequest ended the wait (57014)
    kReplayRefused,  // the statement of a used approval ran again: refused, `related` is the new request
  };
  Kind kind = Kind::kRequested;
  const ApprovalRequest* request = nullptr;  // as the store has it after the change
  int64_t at_ms = 0;
  std::string_view session;                  // the client session it concerns ("" when an approver or the sweep)
  const ApprovalRequest* related = nullptr;  // kReplayRefused: the request made for the replay
};

// "requested", "approved", "rejected", "used", "expired", "hold_timed_out", "hold_cancelled", "replay_refused".
std::string_view ApprovalEventName(ApprovalEvent::Kind kind);

class ApprovalEventSink {
 public:
  virtual ~ApprovalEventSink() = default;
  virtual void OnApprovalEvent(const ApprovalEvent& event) = 0;
};

}  // namespace govern::proxy
