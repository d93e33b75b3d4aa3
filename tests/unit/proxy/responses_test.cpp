// The response tracker: each server answer is matched to what it answers, an
// error skips what the server skips, ReadyForQuery resynchronizes.
#include <doctest/doctest.h>

#include "session/responses.h"

using govern::proxy::Awaited;
using govern::proxy::Responses;
using govern::proxy::StatementPlan;
using K = Awaited::Kind;

TEST_CASE("a Query's statements, then its end") {
  Responses r;
  auto plan = std::make_shared<StatementPlan>();
  r.Push(K::kStatement);
  r.Push(K::kStatement, plan);
  r.Push(K::kEnd);
  CHECK(r.front()->kind == K::kStatement);
  CHECK(r.front()->plan == nullptr);
  r.Pop();  // CommandComplete of the first
  CHECK(r.front()->plan == plan);
  r.Pop();
  CHECK(r.front()->kind == K::kEnd);
  r.Ready();
  CHECK(r.empty());
}

TEST_CASE("an error in a Query skips its remaining statements, not the next Query") {
  Responses r;
  for (int i = 0; i < 3; ++i) r.Push(K::kStatement);
  r.Push(K::kEnd);
  r.Push(K::kStatement);
  r.Push(K::kEnd);
  r.Fail();  // the first statement failed: the other two never run
  CHECK(r.front()->kind == K::kEnd);
  r.Ready();
  CHECK(r.size() == 2);
  CHECK(r.front()->kind == K::kStatement);
}

TEST_CASE("an error in an extended batch skips to its Sync; the proxy's own Parse/Bind are recognized") {
  Responses r;
  r.Push(K::kParse);
  r.Push(K::kBind);
  r.Push(K::kExecute);
  r.Push(K::kParse);
  r.Push(K::kSync);
  r.Push(K::kOwnParse);
  r.Push(K::kOwnBind);
  r.Push(K::kExecute);
  r.Push(K::kSync);
  CHECK_FALSE(r.OwnFront('1'));
  r.Pop();  // '1'
  r.Pop();  // '2'
  r.Fail();  // the Execute failed: the second Parse is skipped by the server
  CHECK(r.front()->kind == K::kSync);
  r.Ready();
  CHECK(r.OwnFront('1'));
  CHECK_FALSE(r.OwnFront('2'));
  r.Pop();
  CHECK(r.OwnFront('2'));
  r.Pop();
  r.Fail();  // the injected refusal's error ends the Execute
  r.Ready();
  CHECK(r.empty());
}

TEST_CASE("an error while only the end is expected pops nothing; ReadyForQuery drops what will not come") {
  Responses r;
  r.Push(K::kSync);
  r.Fail();
  CHECK(r.size() == 1);
  r.Ready();
  CHECK(r.empty());
  r.Fail();  // nothing expected: no effect
  r.Push(K::kDescribe);
  r.Push(K::kExecute);
  r.Push(K::kSync);
  r.Push(K::kParse);
  r.Ready();  // answered early (e.g. the server gave up): the next batch is intact
  CHECK(r.size() == 1);
  CHECK(r.front()->kind == K::kParse);
}
