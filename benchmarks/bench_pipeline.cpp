// Parse + facts + decide against pg_query_parse alone, statement by statement,
// on the same statements of the pipelines corpus (ratios: same process run).
#include <benchmark/benchmark.h>
#include <pg_query.h>

#include <algorithm>
#include <chrono>
#include <vector>

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

// The ratios themselves, robust to a shared machine: each iteration times a
// bare-parse pass, a facts pass and a full pass back to back over the same
// statements; the counters are the medians of the per-iteration ratios.
void BM_PipelinesRatios(benchmark::State& state) {
  const PipelineStatements& s = Statements();
  Session session(*s.engine);
  std::vector<OwnedContext> ids = Identities();
  const Context& ctx = ids[0].view();
  using Clock = std::chrono::steady_clock;
  std::vector<double> full_ratio, facts_ratio;
  for (auto _ : state) {
    auto t0 = Clock::now();
    for (const std::string& t : s.texts) {
      PgQueryParseResult r = pg_query_parse(t.c_str());
      benchmark::DoNotOptimize(r.parse_tree);
      pg_query_free_parse_result(r);
    }
    auto t1 = Clock::now();
    for (const std::string& t : s.texts) benchmark::DoNotOptimize(session.Analyze(t).statements.size());
    auto t2 = Clock::now();
    for (const std::string& t : s.texts)
      for (const StatementFacts& f : session.Analyze(t).statements) benchmark::DoNotOptimize(session.Decide(f, ctx).verdict);
    auto t3 = Clock::now();
    double parse = std::chrono::duration<double>(t1 - t0).count();
    facts_ratio.push_back(std::chrono::duration<double>(t2 - t1).count() / parse);
    full_ratio.push_back(std::chrono::duration<double>(t3 - t2).count() / parse);
  }
  state.counters["full_over_parse"] = Median(full_ratio);
  state.counters["facts_over_parse"] = Median(facts_ratio);
  state.counters["pairs"] = static_cast<double>(full_ratio.size());
  state.counters["statements"] = static_cast<double>(s.texts.size());
}
BENCHMARK(BM_PipelinesRatios)->Unit(benchmark::kMillisecond);

}  // namespace
}  // namespace govern::bench
