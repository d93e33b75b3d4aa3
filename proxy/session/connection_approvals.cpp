// Approvals on the wire (docs/proxy.md "Approvals"). A statement a policy
// holds for approval (`require approval from GROUP`) is held where it would
// run: a simple Query at once, an extended-protocol statement at its Bind
// (where its parameters are known; its Parse goes through, a prepared
// statement runs nothing). The connection stops reading its client while the
// approval worker looks the statement up (identity, env, database, session
// context, exact text, parameters): an approved, unused request for it is
// claimed (single use) and the message is forwarded; otherwise the request
// (new or still pending) is named in a VG001 refusal, or, with mode = "hold",
// the store is polled on a timer until the request is approved (forwarded),
// rejected (VG002) or the hold times out (57014). A CancelRequest for the
// session ends a hold at once with 57014 (connection_cancel.cpp); the request
// stays pending. The event loop never waits: store calls run on the worker
// and their answers are posted back.
#include <asio/post.hpp>

#include "approvals/approval_service.h"
#include "log.h"
#include "session/connection.h"
#include "session/errors.h"

namespace govern::proxy {

bool Connection::Approvable(const ProxyVerdict& v) const {
  return v.kind == ProxyVerdict::Kind::kApproval && shared_.approvals != nullptr && !shared_.config.shadow;
}

void Connection::AwaitApproval(char tag, std::string_view raw, std::string_view text, const ProxyVerdict& v,
                               std::string params_hash) {
  ApprovalSubject s;
  s.identity = identity_.user;
  s.env = shared_.config.env;
  s.database = shared_.config.database;
  s.role = state_.role();
  s.search_path = state_.EffectivePath();
  s.text = text;
  s.params_hash = std::move(params_hash);
  s.rule = v.rule;
  s.group = v.group;
  s.message = v.message;
  approval_.emplace();
  approval_->seq = ++approval_seq_;
  approval_->asking = true;
  approval_->tag = tag;
  approval_->raw = std::string(raw);
  approval_->verdict = v;
  std::shared_ptr<const ApprovalsConfig> config = shared_.approvals->config();
  approval_->hold = config->hold;
  approval_->poll_ms = config->poll_ms;
  approval_->deadline = std::chrono::steady_clock::now() + std::chrono::milliseconds(config->hold_timeout_ms);
  shared_.approvals->Check(MakeRequest(s), AuditSessionId(), Answered());
}

std::string Connection::AuditSessionId() const { return audit_ ? audit_->session_id() : std::string(); }

ApprovalService::Done Connection::Answered() {
  // Runs on the approval worker: the connection's reference moves into the
  // handler posted to its loop, so the worker never holds the last one (the
  // connection always ends on its own thread).
  return [self = shared_from_this(), seq = approval_->seq](Expected<ApprovalStore::Outcome> out) mutable {
    asio::io_context& io = self->io_;
    asio::post(io, [self = std::move(self), seq, out = std::move(out)]() mutable {
      self->OnApprovalAnswer(seq, std::move(out));
    });
  };
}

void Connection::OnApprovalAnswer(uint64_t seq, Expected<ApprovalStore::Outcome> out) {
  if (phase_ == Phase::kClosed || !approval_ || approval_->seq != seq) return;
  approval_->asking = false;
  const ProxyVerdict& v = approval_->verdict;
  if (!out) {
    Log("error", "approval_store_error", {{"user", user_}, {"error", out.status().message()}});
    wire::ErrorInfo e = Error("VG001", v.ErrorText());
    e.detail = "this statement requires an approval and the approval store cannot be reached, so it is refused";
    FinishApproval(false, e);
    return;
  }
  const ApprovalRequest& r = out->request;
  if (out->kind == ApprovalStore::Outcome::Kind::kClaimed) {
    approval_->id = r.id;
    Log("info", "approved_statement", {{"user", user_}, {"id", r.id}, {"rule", r.rule}, {"by", r.decided_by}});
    FinishApproval(true, {});
    return;
  }
  approval_->id = r.id;
  approval_->request = r;
  if (approval_->cancelled) {  // a CancelRequest came while the store was asked
    EndHoldCancelled();
    return;
  }
  bool hold = approval_->hold;
  if (r.state == ApprovalState::kRejected) {
    wire::ErrorInfo e = Error("VG002", v.ErrorText());
    e.detail = "approval request " + r.id + " was rejected by " + r.decided_by;
    FinishApproval(false, e);
    return;
  }
  bool open = r.state == ApprovalState::kPending || (r.state == ApprovalState::kApproved && !r.used);
  if (!hold || !open) {
    wire::ErrorInfo e = Error("VG001", v.ErrorText());
    e.detail = "request " + r.id + ": a member of \"" + r.group + "\" may approve it (govern approvals approve " + r.id +
               "); then this identity may run the same statement, with the same parameters and session settings, "
               "once, until the approval expires";
    if (hold) e.detail = "request " + r.id + " is " + std::string(r.used ? "used" : ApprovalStateName(r.state)) +
                         "; run the statement again for a new request";
    FinishApproval(false, e);
    return;
  }
  if (std::chrono::steady_clock::now() >= approval_->deadline) {
    shared_.approvals->Notify(ApprovalEvent::Kind::kHoldTimedOut, r, AuditSessionId());
    wire::ErrorInfo e = Error("57014", "canceling statement: approval request " + r.id + " was not approved in time");
    e.detail = v.ErrorText() + " (approvers: \"" + r.group + "\"; [approvals] hold_timeout)";
    FinishApproval(false, e);
    return;
  }
  approval_timer_.expires_after(std::chrono::milliseconds(approval_->poll_ms));
  approval_timer_.async_wait([self = shared_from_this(), seq](std::error_code ec) {
    if (ec || self->phase_ == Phase::kClosed || !self->approval_ || self->approval_->seq != seq) return;
    self->approval_->asking = true;
    self->shared_.approvals->Poll(self->approval_->id, self->AuditSessionId(), self->Answered());
  });
}

void Connection::FinishApproval(bool pass, const wire::ErrorInfo& refusal) {
  PendingApproval a = std::move(*approval_);
  approval_.reset();
  a.verdict.approval = a.id;  // the statement record names the request
  std::string_view body(a.raw.data() + 5, a.raw.size() - 5);
  if (a.tag == 'Q') {
    wire::QueryMsg q;
    bool decoded = wire::Decode(body, &q).ok();
    if (pass && decoded) {
      ForwardQuery(q.sql, a.verdict, a.raw);
    } else {
      if (decoded) AuditStatements(q.sql, "query", a.verdict, false, refusal.sqlstate);
      RefuseSimple(refusal);
    }
  } else {
    wire::BindMsg b;
    bool decoded = wire::Decode(body, &b).ok();
    if (pass && decoded) {
      ForwardBind(b.portal, b.statement, a.raw, a.id);
    } else {
      auto st = decoded ? prepared_.find(std::string(b.statement)) : prepared_.end();
      if (st != prepared_.end()) AuditStatements(st->second.text, "bind", a.verdict, false, refusal.sqlstate);
      EnterDiscard(refusal);
    }
  }
  // The client is read again: what it sent meanwhile is handled now.
  ProcessClient();
  ReadClient();
}

}  // namespace govern::proxy
