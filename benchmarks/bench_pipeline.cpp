// Parse + facts + decide against pg_query_parse alone, statement by statement,
// on the same statements of the pipelines corpus (ratios: same process run).
#include <benchmark/benchmark.h>
#include <pg_query.h>

#include "workload.h"

namespace govern::bench {
namespace {

struct PipelineStatements {
  std::unique_ptr<Engine> engine;
  std::vector<std::string> texts;
  size_t bytes = 0;
  PipelineStatements() {
    engine = StandardEngine(PipelineCatalogPaths());
    texts = StatementTexts(*engine, LoadSqlFiles("pipelines"));
    for (const std::string& t : texts) bytes += t.size();
  }
};

const PipelineStatements& Statements() {
  static PipelineStatements s;
  return s;
}

void Finish(benchmark::State& state, const PipelineStatements& s) {
  state.SetItemsProcessed(static_cast<int64_t>(state.iterations() * s.texts.size()));
  state.SetBytesProcessed(static_cast<int64_t>(state.iterations() * s.bytes));
  state.counters["statements"] = static_cast<double>(s.texts.size());
}

// The floor: libpg_query's JSON parse of each statement, result freed.
void BM_PipelinesParseOnly(benchmark::State& state) {
  const PipelineStatements& s = Statements();
  for (auto _ : state) {
    for (const std::string& t : s.texts) {
      PgQueryParseResult r = pg_query_parse(t.c_str());
      benchmark::DoNotOptimize(r.parse_tree);
      pg_query_free_parse_result(r);
    }
  }
  Finish(state, s);
}
BENCHMARK(BM_PipelinesParseOnly)->Unit(benchmark::kMillisecond);

// Facts extraction: parse + JSON (simdjson) + name resolution and lineage.
void BM_PipelinesFacts(benchmark::State& state) {
  const PipelineStatements& s = Statements();
  Session session(*s.engine);
  for (auto _ : state)
    for (const std::string& t : s.texts) benchmark::DoNotOptimize(session.Analyze(t).statements.size());
  Finish(state, s);
}
BENCHMARK(BM_PipelinesFacts)->Unit(benchmark::kMillisecond);

// The full path: facts + decision with the standard policies.
void BM_PipelinesFull(benchmark::State& state) {
  const PipelineStatements& s = Statements();
  Session session(*s.engine);
  std::vector<OwnedContext> ids = Identities();
  const Context& ctx = ids[0].view();
  for (auto _ : state)
    for (const std::string& t : s.texts)
      for (const StatementFacts& f : session.Analyze(t).statements) benchmark::DoNotOptimize(session.Decide(f, ctx).verdict);
  Finish(state, s);
}
BENCHMARK(BM_PipelinesFull)->Unit(benchmark::kMillisecond);

}  // namespace
}  // namespace govern::bench
