// The server's answers, matched in order against what the proxy forwarded.
#include "session/connection.h"

#include <cstring>

#include "log.h"
#include "session/errors.h"

namespace govern::proxy {

void Connection::ProcessServer() {
  size_t pos = 0;
  bool became_ready = false;
  while (pos < sin_.size() && phase_ != Phase::kClosed) {
    if (server_passthrough_ > 0) {
      size_t n = std::min(server_passthrough_, sin_.size() - pos);
      to_client_.pending.append(sin_.view().substr(pos, n));
      if (audit_) audit_->AddBytes(responses_.FrontAudit(), n);
      pos += n;
      server_passthrough_ -= n;
      continue;
    }
    std::string_view avail = sin_.view().substr(pos);
    wire::Frame f;
    std::string error;
    size_t need = 0;
    size_t limit = up_phase_ == UpPhase::kLogin ? kMaxUpstreamLoginMessage : kMaxServerMessage;
    wire::FrameStatus st = wire::NextFrame(avail, limit, &f, &error, &need);
    if (st == wire::FrameStatus::kError) {
      Log("error", "upstream_protocol_error", {{"user", user_}, {"error", error}});
      FatalToClient(Fatal("08006", "invalid message from the upstream database"), "upstream protocol error");
      return;
    }
    if (st == wire::FrameStatus::kNeedMore) {
      // A large message the proxy does not look into streams through by length.
      // Never in a masked session: its rows and errors are rewritten whole.
      if (up_phase_ == UpPhase::kReady && avail.size() >= 5 && need > kReadChunk && avail[0] != 'Z' &&
          avail[0] != '1' && avail[0] != '2' && !masked_session_) {
        to_client_.pending.append(avail);
        if (audit_) audit_->AddBytes(responses_.FrontAudit(), avail.size());
        server_passthrough_ = need - avail.size();
        pos = sin_.size();
      }
      break;
    }
    ResolveFetch(f);
    if ((f.tag == 'T' || f.tag == 'H') && masked_session_ && !OriginsReady(f)) break;  // resumed by OnOrigins
    pos += f.size;
    if (up_phase_ == UpPhase::kLogin) {
      if (!HandleUpstreamLogin(f)) return;
      if (phase_ == Phase::kReady) became_ready = true;
      continue;
    }
    // The statement this message answers, held past the tracker's Pop below.
    Awaited answered;
    if (masked_session_)
      if (const Awaited* e = responses_.front()) answered = *e;
    switch (f.tag) {
      case 'Z':
        if (f.body.size() != 1 || (f.body[0] != 'I' && f.body[0] != 'T' && f.body[0] != 'E')) {
          FatalToClient(Fatal("08006", "invalid ReadyForQuery from the upstream database"), "upstream protocol error");
          return;
        }
        txn_status_ = f.body[0];
        if (audit_) AuditAnswer('Z', f.body);  // pops as Ready does, recording what was skipped
        else responses_.Ready();
        TransactionSettled(txn_status_);
        break;
      case '1':
      case '2':
        if (responses_.OwnFront(f.tag)) {  // the Parse/Bind of an injected refusal
          responses_.Pop();
          continue;
        }
        responses_.Pop();
        break;
      case '3':
      case 'n':
      case 'T':
        if (f.tag != '3' && responses_.front() && responses_.front()->kind == Awaited::Kind::kOwnDescribe) {
          if (responses_.front()->plan) OwnDescribed(f, *responses_.front()->plan);
          responses_.Pop();
          continue;  // the proxy's own Describe of a masked portal
        }
        // Describe's answer ends it; a RowDescription of a Query's statement does not.
        if (f.tag == '3' || (responses_.front() && responses_.front()->kind == Awaited::Kind::kDescribe))
          responses_.Pop();
        break;
      case 'C':
      case 'I':
      case 's':
      case 'V':
        if (const Awaited* e = responses_.front()) {
          if (audit_) AuditAnswer(f.tag, f.body);
          if (f.tag == 'C') Completed(*e, std::string_view(f.body.data(), strnlen(f.body.data(), f.body.size())));
          responses_.Pop();
        }
        break;
      case 'E':
        saw_error_ = true;
        if (audit_) AuditAnswer('E', f.body);  // fails as Fail does, recording what was skipped
        else responses_.Fail();
        break;
      default:
        break;
    }
    if (masked_session_) {
      ForwardMasked(f, answered);
      continue;
    }
    to_client_.pending.append(f.body.data() - 5, f.size);
    if (audit_) audit_->AddBytes(responses_.FrontAudit(), f.size);
  }
  if (phase_ == Phase::kClosed) return;
  sin_.Consume(pos);
  Flush(false);
  Flush(true);
  if (became_ready) {
    ProcessClient();
    ReadClient();
  }
}

void Connection::Completed(const Awaited& e, std::string_view tag) {
  if (tag == "COMMIT") {
    // Everything of the transaction that ended committed (a failed
    // transaction's COMMIT answers ROLLBACK).
    for (const auto& plan : uncommitted_) decider_.Executed(*plan, &own_, user_ + "@" + peer_);
    uncommitted_.clear();
    state_.Commit();
  } else if (tag == "ROLLBACK") {
    saw_rollback_ = true;  // of the transaction or to a savepoint: ReadyForQuery says which
  }
  if (e.plan && e.plan->cursor_op != CursorStatement::Op::kNone) CursorCompleted(e, tag);
  if (tag == "DISCARD ALL") cursors_.clear();
  if (e.plan && e.plan->changes_catalog && (e.kind == Awaited::Kind::kStatement || e.kind == Awaited::Kind::kExecute))
    uncommitted_.push_back(e.plan);
}

void Connection::TransactionSettled(char status) {
  CursorsSettled(status);
  if (status == 'I') {
    if (saw_error_ || saw_rollback_) {
      // The implicit transaction of a Query or batch failed, or the block
      // rolled back: nothing since the last commit happened.
      uncommitted_.clear();
      state_.Rollback();
    } else {
      for (const auto& plan : uncommitted_) decider_.Executed(*plan, &own_, user_ + "@" + peer_);
      uncommitted_.clear();
      state_.Commit();
    }
    state_.EndTransaction();
    // Published (or rolled back) above; a later batch already forwarded
    // (pipelined) may hold DDL of its own: counted until it settles too.
    if (responses_.empty()) DdlInFlight(false);
  }
  // 'T' after ROLLBACK TO SAVEPOINT: what ran since the savepoint stays
  // counted (catalog changes and SETs are kept: over-approximated, never lost).
  saw_error_ = saw_rollback_ = false;
}

}  // namespace govern::proxy
