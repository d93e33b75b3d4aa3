#include "session/responses.h"

namespace govern::proxy {

void Responses::Fail() {
  if (q_.empty()) return;
  Awaited::Kind k = q_.front().kind;
  if (k == Awaited::Kind::kSync || k == Awaited::Kind::kEnd) return;
  q_.pop_front();
  while (!q_.empty() && q_.front().kind != Awaited::Kind::kSync && q_.front().kind != Awaited::Kind::kEnd)
    q_.pop_front();
}

void Responses::Ready() {
  while (!q_.empty()) {
    Awaited::Kind k = q_.front().kind;
    q_.pop_front();
    if (k == Awaited::Kind::kSync || k == Awaited::Kind::kEnd) return;
  }
}

}  // namespace govern::proxy
