// Lint-like throughput over the whole corpus on one core: every file analysed
// (parse, facts) and every statement decided with the standard policies,
// against the bare libpg_query parse of the same files. A file that does not
// parse as a whole is split and parsed statement by statement in both (what
// any linter must do to report every statement).
#include <benchmark/benchmark.h>

#include <algorithm>
#include <chrono>
#include <map>

#include "workload.h"

namespace govern::bench {
namespace {

struct CorpusFiles {
  std::unique_ptr<Engine> engine;
  std::vector<SqlFile> files;
  std::vector<bool> whole_ok;
  size_t statements = 0;  // analysed statements + statements that failed to parse
  size_t bytes = 0;
  explicit CorpusFiles(const std::string& dir) {
    engine = StandardEngine(PipelineCatalogPaths());
    files = LoadSqlFiles(dir);
    Session session(*engine);
    std::vector<OwnedContext> ids = Identities();
    for (const SqlFile& f : files) {
      statements += LintFile(session, f, ids[3].view());
      bytes += f.text.size();
      whole_ok.push_back(ParsesWhole(f));
    }
  }
};

const CorpusFiles& Files(const std::string& dir) {
  static std::map<std::string, std::unique_ptr<CorpusFiles>> cache;
  auto& slot = cache[dir];
  if (!slot) slot = std::make_unique<CorpusFiles>(dir);
  return *slot;
}

void Finish(benchmark::State& state, const CorpusFiles& c) {
  state.SetItemsProcessed(static_cast<int64_t>(state.iterations() * c.statements));
  state.SetBytesProcessed(static_cast<int64_t>(state.iterations() * c.bytes));
  state.counters["files"] = static_cast<double>(c.files.size());
  state.counters["statements"] = static_cast<double>(c.statements);
}

// One pass of each kind over the files: what the benchmarks below time.
void LintPass(const CorpusFiles& c, const Context& ctx) {
  Session session(*c.engine);  // a lint run's: nothing kept from the previous pass (body parses)
  for (const SqlFile& f : c.files) benchmark::DoNotOptimize(LintFile(session, f, ctx));
}

void BareParsePass(const CorpusFiles& c) {
  for (size_t i = 0; i < c.files.size(); ++i) BareParseFile(c.files[i], c.whole_ok[i]);
}

// What `govern lint` does (flow on, its default): the repository flow of the
// files into the catalog (ApplyCatalogFlow: a structure pass, then derivation
// passes to the fixpoint), then the lint pass. keep_parses: whether the
// flow's parses are kept for the later passes and the lint pass, as JSON in a
// ParseCache (before raw trees), or every pass parses again (lint's default).
void FlowLintPass(const CorpusFiles& c, const std::vector<std::string>& catalogs, const Context& ctx, bool keep_parses,
                  size_t* kept) {
  auto engine = LintFlowEngine(catalogs, c.files, keep_parses, kept);
  Session session(*engine);
  for (const SqlFile& f : c.files) benchmark::DoNotOptimize(LintFile(session, f, ctx));
}

void Lint(benchmark::State& state, const std::string& dir) {
  const CorpusFiles& c = Files(dir);
  std::vector<OwnedContext> ids = Identities();
  for (auto _ : state) LintPass(c, ids[3].view());
  Finish(state, c);
}

void BareParse(benchmark::State& state, const std::string& dir) {
  const CorpusFiles& c = Files(dir);
  for (auto _ : state) BareParsePass(c);
  Finish(state, c);
}

// FlowLintPass; argument: keep_parses.
void LintWithFlow(benchmark::State& state, const std::string& dir) {
  const CorpusFiles& c = Files(dir);
  std::vector<std::string> catalogs = PipelineCatalogPaths();
  std::vector<OwnedContext> ids = Identities();
  size_t kept = 0;
  for (auto _ : state) FlowLintPass(c, catalogs, ids[3].view(), state.range(0) != 0, &kept);
  Finish(state, c);
  state.counters["kept_parses_mb"] = static_cast<double>(kept) / 1e6;
}

// The lint ratios themselves, robust to a shared machine (as
// BM_PipelinesRatios): each iteration times a bare-parse pass, a lint pass
// and a `govern lint` pass (flow, then lint) over the same files back to
// back; the counters are the medians of the per-iteration ratios. Argument:
// 0 the corpus, 1 the pipelines, 2 the migrations.
void BM_LintRatios(benchmark::State& state) {
  static const char* const kDirs[] = {"", "pipelines", "migrations"};
  const CorpusFiles& c = Files(kDirs[state.range(0)]);
  std::vector<std::string> catalogs = PipelineCatalogPaths();
  std::vector<OwnedContext> ids = Identities();
  const Context& ctx = ids[3].view();
  using Clock = std::chrono::steady_clock;
  auto seconds = [](Clock::duration d) { return std::chrono::duration<double>(d).count(); };
  std::vector<double> lint_ratio, flow_ratio;
  for (auto _ : state) {
    auto t0 = Clock::now();
    BareParsePass(c);
    auto t1 = Clock::now();
    LintPass(c, ctx);
    auto t2 = Clock::now();
    FlowLintPass(c, catalogs, ctx, false, nullptr);
    auto t3 = Clock::now();
    lint_ratio.push_back(seconds(t2 - t1) / seconds(t1 - t0));
    flow_ratio.push_back(seconds(t3 - t2) / seconds(t1 - t0));
  }
  state.counters["lint_over_parse"] = Median(lint_ratio);
  state.counters["flow_over_parse"] = Median(flow_ratio);
  state.counters["pairs"] = static_cast<double>(lint_ratio.size());
  state.counters["statements"] = static_cast<double>(c.statements);
}
BENCHMARK(BM_LintRatios)->ArgName("set")->Arg(0)->Iterations(7)->Unit(benchmark::kMillisecond);
BENCHMARK(BM_LintRatios)->ArgName("set")->Arg(1)->Arg(2)->Iterations(31)->Unit(benchmark::kMillisecond);

void BM_LintCorpus(benchmark::State& state) { Lint(state, ""); }
void BM_ParseCorpus(benchmark::State& state) { BareParse(state, ""); }
void BM_LintPipelines(benchmark::State& state) { Lint(state, "pipelines"); }
void BM_ParsePipelines(benchmark::State& state) { BareParse(state, "pipelines"); }
void BM_LintMigrations(benchmark::State& state) { Lint(state, "migrations"); }
void BM_ParseMigrations(benchmark::State& state) { BareParse(state, "migrations"); }
void BM_LintFlowCorpus(benchmark::State& state) { LintWithFlow(state, ""); }
void BM_LintFlowPipelines(benchmark::State& state) { LintWithFlow(state, "pipelines"); }
void BM_LintFlowMigrations(benchmark::State& state) { LintWithFlow(state, "migrations"); }
BENCHMARK(BM_LintCorpus)->Unit(benchmark::kMillisecond);
BENCHMARK(BM_LintFlowCorpus)->ArgName("keep_parses")->Arg(0)->Arg(1)->Unit(benchmark::kMillisecond);
BENCHMARK(BM_LintFlowPipelines)->ArgName("keep_parses")->Arg(0)->Arg(1)->Unit(benchmark::kMillisecond);
BENCHMARK(BM_LintFlowMigrations)->ArgName("keep_parses")->Arg(0)->Arg(1)->Unit(benchmark::kMillisecond);
BENCHMARK(BM_ParseCorpus)->Unit(benchmark::kMillisecond);
BENCHMARK(BM_LintPipelines)->Unit(benchmark::kMillisecond);
BENCHMARK(BM_ParsePipelines)->Unit(benchmark::kMillisecond);
BENCHMARK(BM_LintMigrations)->Unit(benchmark::kMillisecond);
BENCHMARK(BM_ParseMigrations)->Unit(benchmark::kMillisecond);

}  // namespace
}  // namespace govern::bench
