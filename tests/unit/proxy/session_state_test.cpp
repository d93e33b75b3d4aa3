// Session state: SET/RESET/SET LOCAL search_path, set_config, SET ROLE and
// DISCARD ALL change the path decisions resolve names with, and the epoch.
#include <doctest/doctest.h>

#include "govern/govern.h"
#include "session/session_state.h"

using namespace govern;
using govern::proxy::SessionState;

namespace {
void Run(SessionState& s, const char* sql) {
  for (const SessionChange& c : SessionChanges(sql)) s.Apply(c);
}
using Path = std::vector<std::string>;
}  // namespace

TEST_CASE("SET, SET LOCAL, RESET and set_config move the search_path and the epoch") {
  SessionState s("app");
  CHECK(s.EffectivePath().empty());
  uint64_t e0 = s.epoch();
  Run(s, "SET search_path TO private, public");
  CHECK(s.EffectivePath() == Path{"private", "public"});
  CHECK(s.epoch() > e0);
  Run(s, "SET LOCAL search_path = staging");
  CHECK(s.EffectivePath() == Path{"staging"});
  s.EndTransaction();
  CHECK(s.EffectivePath() == Path{"private", "public"});
  Run(s, "select pg_catalog.set_config('search_path', 'a, \"B\"', false)");
  CHECK(s.EffectivePath() == Path{"a", "B"});
  Run(s, "RESET search_path");
  CHECK(s.EffectivePath().empty());
  Run(s, "SET search_path = \"$user\", public");
  CHECK(s.EffectivePath() == Path{"app", "public"});
  Run(s, "SET ROLE analyst");
  CHECK(s.role() == "analyst");
  CHECK(s.EffectivePath() == Path{"analyst", "public"});
  Run(s, "DISCARD ALL");
  CHECK(s.role().empty());
  CHECK(s.EffectivePath().empty());
  Run(s, "SET search_path = x; RESET ALL");
  CHECK(s.EffectivePath().empty());
}

TEST_CASE("statements that change nothing leave the epoch alone; computed values still move it") {
  SessionState s("app");
  uint64_t e0 = s.epoch();
  Run(s, "SELECT 1; INSERT INTO t VALUES (1)");
  Run(s, "SELEC broken");
  CHECK(s.epoch() == e0);
  Run(s, "SELECT set_config('search_path', current_setting('x'), false)");
  CHECK(s.epoch() > e0);
  CHECK(SessionChanges("SELECT set_config('search_path', current_setting('x'), false)").front().kind ==
        SessionChange::Kind::kComputed);
  // A SET inside a function body is not a change of this session now.
  CHECK(SessionChanges("CREATE FUNCTION f() RETURNS void LANGUAGE sql AS 'SET search_path = x'").empty());
}

TEST_CASE("a rollback undoes the SETs since the last commit; a commit keeps them") {
  SessionState s("app");
  s.Commit();
  Run(s, "SET search_path TO other");
  Run(s, "SET ROLE auditor");
  uint64_t e = s.epoch();
  s.Rollback();
  CHECK(s.EffectivePath().empty());
  CHECK(s.role().empty());
  CHECK(s.epoch() > e);  // statements prepared under the undone state are decided again
  Run(s, "SET search_path TO other");
  s.Commit();
  Run(s, "SET search_path TO third");
  s.Rollback();
  CHECK(s.EffectivePath() == Path{"other"});
  uint64_t settled = s.epoch();
  s.Rollback();  // nothing changed since: the epoch stays
  CHECK(s.epoch() == settled);
}

TEST_CASE("ROLLBACK TO a savepoint undoes the SETs since it; RELEASE keeps them") {
  SessionState s("app");
  s.Commit();
  Run(s, "BEGIN");
  Run(s, "SET search_path TO first");
  Run(s, "SAVEPOINT a");
  Run(s, "SET search_path TO second");
  Run(s, "SET ROLE auditor");
  Run(s, "SAVEPOINT b");
  Run(s, "SET search_path TO third");
  uint64_t e = s.epoch();
  Run(s, "ROLLBACK TO b");
  CHECK(s.EffectivePath() == Path{"second"});
  CHECK(s.role() == "auditor");
  CHECK(s.epoch() > e);  // statements prepared under the undone state are decided again
  Run(s, "ROLLBACK TO SAVEPOINT a");  // b is gone with it
  CHECK(s.EffectivePath() == Path{"first"});
  CHECK(s.role().empty());
  Run(s, "SET search_path TO fourth");
  Run(s, "ROLLBACK TO a");  // a stays after a rollback to it
  CHECK(s.EffectivePath() == Path{"first"});
  Run(s, "RELEASE a");
  Run(s, "ROLLBACK TO b");  // released (and b with it): nothing to roll back to
  CHECK(s.EffectivePath() == Path{"first"});
  // Savepoint names repeat: the innermost counts. A multi-statement text works in order.
  Run(s, "SAVEPOINT x; SET search_path TO p1; SAVEPOINT x; SET search_path TO p2; ROLLBACK TO x");
  CHECK(s.EffectivePath() == Path{"p1"});
  Run(s, "RELEASE SAVEPOINT x; ROLLBACK TO x");
  CHECK(s.EffectivePath() == Path{"first"});
  // A quoted name keeps its case.
  Run(s, "SAVEPOINT \"Mixed\"; SET search_path TO q");
  Run(s, "ROLLBACK TO mixed");
  CHECK(s.EffectivePath() == Path{"q"});
  Run(s, "ROLLBACK TO \"Mixed\"");
  CHECK(s.EffectivePath() == Path{"first"});
  s.Commit();  // the transaction ends: no savepoint survives it
  Run(s, "SET search_path TO after");
  Run(s, "ROLLBACK TO x");
  CHECK(s.EffectivePath() == Path{"after"});
}

TEST_CASE("a set_config of search_path the proxy cannot follow makes the path unknown until it is set again") {
  SessionState s("app");
  Run(s, "SELECT set_config('search_path', 'other', false)");  // a bare SELECT: it runs, once
  CHECK(s.EffectivePath() == Path{"other"});
  CHECK(!s.path_unknown());
  Run(s, "SELECT set_config('search_path', 'third', false) WHERE false");  // may not run
  CHECK(s.path_unknown());
  Run(s, "SET search_path TO public");
  CHECK(!s.path_unknown());
  CHECK(s.EffectivePath() == Path{"public"});
  for (const char* sql : {"SELECT set_config('search_path', 'pub' || 'lic', false)",
                          "SELECT CASE WHEN random() > 2 THEN set_config('search_path', 'x', false) END",
                          "SELECT set_config('search_path', 'x', false) FROM generate_series(1, 0)",
                          "SELECT set_config(current_setting('my.name'), 'x', false)",
                          "SELECT upper(set_config('search_path', 'x', false))"}) {
    Run(s, sql);
    CHECK_MESSAGE(s.path_unknown(), sql);
    Run(s, "RESET search_path");
    CHECK(!s.path_unknown());
  }
  // Other settings do not matter to names.
  Run(s, "SELECT set_config('application_name', 'x', false) WHERE false");
  CHECK(!s.path_unknown());
  // A rollback (to a savepoint) returns to a known path.
  s.Commit();
  Run(s, "SAVEPOINT a");
  Run(s, "SELECT set_config('search_path', 'x', false) WHERE false");
  CHECK(s.path_unknown());
  Run(s, "ROLLBACK TO a");
  CHECK(!s.path_unknown());
  Run(s, "SELECT set_config('search_path', 'x', false) WHERE false");
  s.Rollback();
  CHECK(!s.path_unknown());
}
