// SQL cursors of a session (docs/proxy.md, "Masking"): DECLARE's query is
// decided as a statement of its own (Decider::DecideCursors), and its mask
// plan is kept by cursor name once the DECLARE completed; FETCH (every form)
// is masked and checked with it, like the SELECT it runs. A cursor lives until
// CLOSE (or CLOSE ALL, DISCARD ALL) or the end of its transaction (WITH HOLD:
// of the transaction that declared it, when that rolled back). In a masked
// session, a FETCH from a cursor govern did not see declared (one a function
// opened, say) that returns rows errors: its rows have no plan.
#include "log.h"
#include "session/connection.h"

namespace govern::proxy {

void Connection::CursorCompleted(const Awaited& e, std::string_view tag) {
  if (e.kind != Awaited::Kind::kStatement && e.kind != Awaited::Kind::kExecute) return;
  const StatementPlan& p = *e.plan;
  if (p.cursor_op == CursorStatement::Op::kDeclare && tag == "DECLARE CURSOR") {
    cursors_[p.cursor] = SqlCursor{p.cursor_mask, p.cursor_hold, true};
  } else if (p.cursor_op == CursorStatement::Op::kClose && tag.substr(0, 12) == "CLOSE CURSOR") {
    if (p.cursor.empty()) cursors_.clear();
    else cursors_.erase(p.cursor);
  }
}

void Connection::CursorsSettled(char status) {
  if (status != 'I') return;
  bool rolled_back = saw_error_ || saw_rollback_;
  for (auto it = cursors_.begin(); it != cursors_.end();) {
    SqlCursor& c = it->second;
    if (!c.hold || (c.pending && rolled_back)) {
      it = cursors_.erase(it);
    } else {
      c.pending = false;
      ++it;
    }
  }
}

bool Connection::CursorMasked(const std::string& name) const {
  auto it = cursors_.find(name);
  return it != cursors_.end() && it->second.mask != nullptr;
}

void Connection::ResolveFetch(const wire::Frame& f) {
  const Awaited* e = responses_.front();
  if (e == nullptr || !e->plan) return;
  if (e->plan->cursor_op != CursorStatement::Op::kFetch) return;  // MOVE returns no rows
  if (e->kind != Awaited::Kind::kStatement && e->kind != Awaited::Kind::kExecute &&
      e->kind != Awaited::Kind::kOwnDescribe)
    return;
  if (f.tag != 'T' && f.tag != 'D' && f.tag != 'n') return;  // its rows; CommandComplete and errors need no plan
  auto plan = std::make_shared<StatementPlan>(*e->plan);
  plan->cursor_op = CursorStatement::Op::kNone;
  auto it = cursors_.find(e->plan->cursor);
  bool unknown = it == cursors_.end();
  plan->mask = unknown ? e->plan->mask : it->second.mask;
  if (plan->mask) masked_session_ = true;
  responses_.ReplaceFrontPlan(plan);
  if (unknown && masked_session_ && f.tag != 'n' && !mask_failed_)
    MaskFailed("FETCH from cursor \"" + e->plan->cursor +
               "\", which was not declared through govern in this session, so its rows have no mask plan");
}

}  // namespace govern::proxy
