// Responses: what the server will answer, in order. Every message the proxy
// forwards (or injects) that the server answers gets an entry; each server
// message is matched against the front entry, so the proxy knows which
// statement a RowDescription, DataRow, CommandComplete or ErrorResponse
// belongs to (masking, catalog changes, audit outcomes) and which answers are
// its own (the Parse/Bind of an injected refusal, never shown to the client).
//
//   Parse '1'  Bind '2'  Close '3'  Describe ['t'] 'T'|'n'  (own Describe of a masked portal: 'T'|'n')
//   Execute / one statement of a Query: ['T'] ('D' | COPY)* then 'C'|'I'|'s'|'E'
//   FunctionCall 'V'|'E'   Sync / end of a Query or FunctionCall: 'Z'
//
// An ErrorResponse ends the front entry; the server then skips the rest of
// the Query (up to its end) or of the extended batch (up to Sync), and so do
// the entries. ReadyForQuery pops through the first end: whatever was still
// expected before it will not come (the queue cannot drift).
#pragma once

#include <cstdint>
#include <deque>
#include <functional>
#include <memory>

#include "session/decider.h"

namespace govern::proxy {

struct Awaited {
  enum class Kind : uint8_t {
    kParse,
    kBind,
    kClose,
    kDescribe,
    kExecute,    // an Execute of the extended protocol
    kStatement,  // one statement of a simple Query
    kFunction,   // FunctionCall
    kOwnParse,   // the proxy's own Parse / Bind (injected refusal): answers swallowed
    kOwnBind,
    kOwnDescribe,  // the proxy's own Describe of a masked portal before its Execute: 'T'|'n' swallowed
    kSync,  // Sync: answered by ReadyForQuery
    kEnd,   // end of a Query or FunctionCall: answered by ReadyForQuery
  };
  Kind kind = Kind::kSync;
  std::shared_ptr<const StatementPlan> plan;  // kExecute, kStatement, kDescribe: null when nothing to do
  uint64_t audit = 0;  // kExecute, kStatement: its audit statement number (0: not audited)
  // The proxy's own refusal statement (InjectRefusal): its ErrorResponse is
  // the proxy's text, forwarded as is even where server errors are scrubbed.
  bool injected = false;
};

class Responses {
 public:
  bool empty() const { return q_.empty(); }
  size_t size() const { return q_.size(); }
  void Push(Awaited::Kind kind, std::shared_ptr<const StatementPlan> plan = nullptr, uint64_t audit = 0) {
    q_.push_back(Awaited{kind, std::move(plan), audit, false});
  }
  // The proxy's own refusal statement (InjectRefusal).
  void PushInjected(Awaited::Kind kind) {
    q_.push_back(Awaited{kind, nullptr, 0, true});
  }
  // The front entry's audit number (0: none or not audited).
  uint64_t FrontAudit() const { return q_.empty() ? 0 : q_.front().audit; }
  // Called by Fail and Ready for each entry they pop that was never answered.
  using Dropped = std::function<void(const Awaited&)>;
  // The entry the next server message belongs to; null when none is expected.
  const Awaited* front() const { return q_.empty() ? nullptr : &q_.front(); }
  // Whether the next answer is the proxy's own (swallowed).
  bool OwnFront(char tag) const {
    if (q_.empty()) return false;
    Awaited::Kind k = q_.front().kind;
    return (tag == '1' && k == Awaited::Kind::kOwnParse) || (tag == '2' && k == Awaited::Kind::kOwnBind);
  }
  // The front entry's plan becomes `plan` (a FETCH's, once its cursor is known).
  void ReplaceFrontPlan(std::shared_ptr<const StatementPlan> plan) {
    if (!q_.empty()) q_.front().plan = std::move(plan);
  }
  void Pop() {
    if (!q_.empty()) q_.pop_front();
  }
  // ErrorResponse: ends the front entry and what the server skips after it
  // (the rest of a Query, the rest of an extended batch up to Sync). An error
  // while only the end is expected (e.g. at Sync's implicit commit) pops nothing.
  void Fail(const Dropped& dropped = nullptr);
  // ReadyForQuery: pops through the first kSync or kEnd.
  void Ready(const Dropped& dropped = nullptr);
  // Whether a batch (Sync) or Query is still unanswered.
  bool Outstanding() const { return !q_.empty(); }
  // Whether a statement may be executing on the server: an Execute, a
  // statement of a Query or a FunctionCall is unanswered (a Parse is not).
  bool Running() const {
    for (const Awaited& a : q_)
      if (a.kind == Awaited::Kind::kExecute || a.kind == Awaited::Kind::kStatement || a.kind == Awaited::Kind::kFunction)
        return true;
    return false;
  }

 private:
  std::deque<Awaited> q_;
};

}  // namespace govern::proxy
