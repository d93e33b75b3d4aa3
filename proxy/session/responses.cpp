#include "session/responses.h"

namespace govern::proxy {

void Responses::Fail(const Dropped& dropped) {
  if (q_.empty()) return;
  Awaited::Kind k = q_.front().kind;
  if (k == Awaited::Kind::kSync || k == Awaited::Kind::kEnd) return;
  q_.pop_front();  // answered (by the error)
  while (!q_.empty() && q_.front().kind != Awaited::Kind::kSync && q_.front().kind != Awaited::Kind::kEnd) {
    if (dropped) dropped(q_.front());
    q_.pop_front();
  }
}

void Responses::Ready(const Dropped& dropped) {
  while (!q_.empty()) {
    Awaited::Kind k = q_.front().kind;
    if (dropped && k != Awaited::Kind::kSync && k != Awaited::Kind::kEnd) dropped(q_.front());
    q_.pop_front();
    if (k == Awaited::Kind::kSync || k == Awaited::Kind::kEnd) return;
  }
}

}  // namespace govern::proxy
