// The engine's catalog overlay (Session::Executed): tables created and filled
// through a session reach every session's decisions (with derived tags);
// temporary relations only their own session's; caches follow; concurrent
// readers keep working while the shared view changes.
#include <doctest/doctest.h>

#include <atomic>
#include <filesystem>
#include <string>
#include <thread>
#include <vector>

#include "driver/compile.h"
#include "govern/govern.h"
#include "support/facts_builder.h"

using namespace govern;
using govern::testing::ContextBuilder;

namespace fs = std::filesystem;

namespace {

std::unique_ptr<Engine> StandardEngine() {
  const fs::path src = GOVERN_SOURCE_DIR;
  compiler::CompileOptions copts;
  copts.inputs = {(src / "policies").string()};
  auto compiled = compiler::Compile(copts);
  REQUIRE_MESSAGE(compiled->program, compiled->diagnostics.Render());
  EngineOptions options;
  options.catalog_paths = {(src / "policies/catalog/schema.sql").string(), (src / "policies/catalog/tags.tsv").string()};
  auto engine = Engine::FromProgram(std::move(*compiled->program), options);
  REQUIRE_MESSAGE(engine.ok(), engine.status().message());
  return std::move(*engine);
}

// Analyses and decides one statement; returns the verdict and the fired rule ids.
std::pair<Verdict, std::string> Run(Session& s, const Context& ctx, std::string_view sql) {
  const AnalysisResult& r = s.Analyze(sql);
  REQUIRE(r.statements.size() == 1);
  const Decision& d = s.Decide(r.statements[0], ctx);
  std::string rules;
  for (const FiredEffect& f : d.fired) {
    if (!rules.empty()) rules += ",";
    rules += s.view().program->data().strings[s.view().program->data().rules[f.rule].id];
  }
  return {d.verdict, rules};
}

Session::CatalogChange Exec(Session& s, std::string_view sql) {
  const AnalysisResult& r = s.Analyze(sql);
  REQUIRE(r.statements.size() == 1);
  return s.Executed(r.statements[0], sql, "test session");
}

}  // namespace

TEST_CASE("a table created through one session is known, with derived tags, to every session") {
  auto engine = StandardEngine();
  ContextBuilder trainer;
  trainer.User("svc").Kind("service").Purpose("training").Env("prod");
  const Context& ctx = trainer.Build();
  Session etl(*engine), training(*engine);
  // Before: unknown relation, denied as unresolved for training.
  CHECK(Run(training, ctx, "SELECT e FROM features").second == "integrity.unknown_name,integrity.unresolved_for_protected");
  uint64_t before = engine->shared_generation();
  CHECK(Exec(etl, "CREATE TABLE features AS SELECT id, lower(email) AS e FROM customers") ==
        Session::CatalogChange::kShared);
  CHECK(engine->shared_generation() != before);
  auto [verdict, rules] = Run(training, ctx, "SELECT e FROM features");
  CHECK(verdict == Verdict::kDeny);
  CHECK(rules == "pii.no_pii_in_training");
  // The message names where the tag came from.
  const AnalysisResult& r = training.Analyze("SELECT e FROM features");
  const Decision& d = training.Decide(r.statements[0], ctx);
  REQUIRE(!d.fired.empty());
  std::string message = training.Message(d.fired[0], r.statements[0], ctx);
  CHECK_MESSAGE(message.find("public.features.e (<- public.customers.email at test session:1)") != std::string::npos,
                message);
  // A column without personal data stays allowed.
  CHECK(Run(training, ctx, "SELECT id FROM features").first == Verdict::kAllow);
  // INSERT ... SELECT derives tags onto an existing table's columns.
  CHECK(Exec(etl, "CREATE TABLE scratch (id int, note text)") == Session::CatalogChange::kShared);
  CHECK(Run(training, ctx, "SELECT note FROM scratch").first == Verdict::kAllow);
  CHECK(Exec(etl, "INSERT INTO scratch (id, note) SELECT id, phone FROM customers") == Session::CatalogChange::kShared);
  CHECK(Run(training, ctx, "SELECT note FROM scratch").second == "pii.no_pii_in_training");
  // DROP removes it again.
  CHECK(Exec(etl, "DROP TABLE scratch") == Session::CatalogChange::kShared);
  CHECK(Run(training, ctx, "SELECT note FROM scratch").first == Verdict::kDeny);  // unknown again
}

TEST_CASE("statements that change no catalog are not applied") {
  auto engine = StandardEngine();
  Session s(*engine);
  uint64_t g = engine->shared_generation();
  CHECK(Exec(s, "SELECT email FROM customers") == Session::CatalogChange::kNone);
  CHECK(Exec(s, "INSERT INTO orders (id, status) VALUES (1, 'x')") == Session::CatalogChange::kNone);
  CHECK(Exec(s, "DELETE FROM orders WHERE id = 1") == Session::CatalogChange::kNone);
  CHECK(Exec(s, "INSERT INTO orders (id, status) SELECT id, country FROM customers") == Session::CatalogChange::kNone);
  CHECK(Exec(s, "CREATE TABLE IF NOT EXISTS orders (id int)") == Session::CatalogChange::kNone);  // exists: no change
  CHECK(engine->shared_generation() == g);
}

TEST_CASE("temporary relations belong to their session") {
  auto engine = StandardEngine();
  ContextBuilder trainer;
  trainer.User("svc").Kind("service").Purpose("training").Env("prod");
  const Context& ctx = trainer.Build();
  Session a(*engine), b(*engine);
  uint64_t g = engine->shared_generation();
  CHECK(Exec(a, "CREATE TEMP TABLE tmp AS SELECT email AS m, country FROM customers") ==
        Session::CatalogChange::kSession);
  CHECK(engine->shared_generation() == g);  // nothing shared
  CHECK(Run(a, ctx, "SELECT m FROM tmp").second == "pii.no_pii_in_training");
  CHECK(Run(a, ctx, "SELECT country FROM tmp").first == Verdict::kAllow);
  CHECK(Run(b, ctx, "SELECT m FROM tmp").second == "integrity.unknown_name,integrity.unresolved_for_protected");
  // A later shared change keeps a's temporary table (replayed on the new view).
  CHECK(Exec(b, "CREATE TABLE shared_t AS SELECT full_name FROM customers") == Session::CatalogChange::kShared);
  CHECK(Run(a, ctx, "SELECT m FROM tmp").second == "pii.no_pii_in_training");
  CHECK(Run(a, ctx, "SELECT full_name FROM shared_t").second == "pii.no_pii_in_training");
  // A temporary table shadows a permanent one of the same name, as in PostgreSQL.
  CHECK(Exec(a, "CREATE TEMP TABLE orders (secret_note text)") == Session::CatalogChange::kSession);
  const AnalysisResult& r = a.Analyze("SELECT secret_note FROM orders");
  REQUIRE(r.statements.size() == 1);
  CHECK(r.statements[0].resolved);
  CHECK(r.statements[0].reads.size() == 1);
  CHECK(r.statements[0].reads[0].name == "pg_temp.orders.secret_note");
}

TEST_CASE("the decision cache follows catalog changes") {
  auto engine = StandardEngine();
  ContextBuilder trainer;
  trainer.User("svc").Kind("service").Purpose("training").Env("prod");
  const Context& ctx = trainer.Build();
  Session cached(*engine), etl(*engine);
  cached.EnableDecisionCache();
  const StatementDecision* d = cached.DecideText("SELECT e FROM features2", ctx);
  REQUIRE(d != nullptr);
  CHECK(d->decision.verdict == Verdict::kDeny);  // unknown for training
  d = cached.DecideText("SELECT e FROM features2", ctx);
  REQUIRE(d != nullptr);
  CHECK(cached.decision_cache()->stats().hits == 1);
  Exec(etl, "CREATE TABLE features2 AS SELECT id, country AS e FROM customers");
  d = cached.DecideText("SELECT e FROM features2", ctx);
  REQUIRE(d != nullptr);
  CHECK(d->decision.verdict == Verdict::kAllow);  // known now, and not personal data
}

TEST_CASE("sessions keep deciding while another one changes the catalog") {
  auto engine = StandardEngine();
  ContextBuilder trainer;
  trainer.User("svc").Kind("service").Purpose("training").Env("prod");
  std::atomic<bool> stop{false};
  std::atomic<int> decided{0};
  std::thread reader([&] {
    Session s(*engine);
    const Context& ctx = trainer.Build();
    while (!stop.load()) {
      const AnalysisResult& r = s.Analyze("SELECT c.email, t0.x FROM customers c, t0");
      if (r.statements.size() == 1) {
        const Decision& d = s.Decide(r.statements[0], ctx);
        if (d.verdict == Verdict::kDeny) decided.fetch_add(1);
      }
    }
  });
  Session writer(*engine);
  for (int i = 0; i < 50; ++i) {
    std::string sql = "CREATE TABLE t" + std::to_string(i) + " AS SELECT id AS x FROM customers";
    Exec(writer, sql);
  }
  while (decided.load() < 10) std::this_thread::yield();
  stop = true;
  reader.join();
  CHECK(decided.load() >= 10);
  Session late(*engine);
  const AnalysisResult& r = late.Analyze("SELECT x FROM t49");
  REQUIRE(r.statements.size() == 1);
  CHECK(r.statements[0].resolved);
}
