// Lint-like throughput over the whole corpus on one core: every file analysed
// (parse, facts) and every statement decided with the standard policies,
// against the bare libpg_query parse of the same files. A file that does not
// parse as a whole is split and parsed statement by statement in both (what
// any linter must do to report every statement).
#include <benchmark/benchmark.h>
#include <pg_query.h>

#include <map>

#include "sql/splitter.h"
#include "workload.h"

namespace govern::bench {
namespace {

struct CorpusFiles {
  std::unique_ptr<Engine> engine;
  std::vector<SqlFile> files;
  std::vector<std::string> nul_terminated_pieces;  // pieces of files that do not parse whole
  std::vector<bool> whole_ok;
  size_t statements = 0;  // analysed statements + statements that failed to parse
  size_t bytes = 0;
  CorpusFiles(const std::string& dir) {
    engine = StandardEngine(PipelineCatalogPaths());
    files = LoadSqlFiles(dir);
    Session session(*engine);
    for (const SqlFile& f : files) {
      const AnalysisResult& r = session.Analyze(f.text);
      statements += r.statements.size() + r.errors.size();
      bytes += f.text.size();
      PgQueryParseResult p = pg_query_parse(f.text.c_str());
      whole_ok.push_back(p.error == nullptr);
      pg_query_free_parse_result(p);
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

void Lint(benchmark::State& state, const std::string& dir) {
  const CorpusFiles& c = Files(dir);
  Session session(*c.engine);
  std::vector<OwnedContext> ids = Identities();
  const Context& ctx = ids[3].view();
  for (auto _ : state) {
    for (const SqlFile& f : c.files)
      for (const StatementFacts& s : session.Analyze(f.text).statements)
        benchmark::DoNotOptimize(session.Decide(s, ctx).verdict);
  }
  Finish(state, c);
}

void BareParse(benchmark::State& state, const std::string& dir) {
  const CorpusFiles& c = Files(dir);
  std::vector<sql::TextRange> pieces;
  std::string buf;
  for (auto _ : state) {
    for (size_t i = 0; i < c.files.size(); ++i) {
      const std::string& text = c.files[i].text;
      if (c.whole_ok[i]) {
        PgQueryParseResult r = pg_query_parse(text.c_str());
        benchmark::DoNotOptimize(r.parse_tree);
        pg_query_free_parse_result(r);
        continue;
      }
      pieces.clear();
      sql::SplitStatements(text, &pieces);
      for (const sql::TextRange& p : pieces) {
        buf.assign(text, p.offset, p.length);
        PgQueryParseResult r = pg_query_parse(buf.c_str());
        benchmark::DoNotOptimize(r.parse_tree);
        pg_query_free_parse_result(r);
      }
    }
  }
  Finish(state, c);
}

void BM_LintCorpus(benchmark::State& state) { Lint(state, ""); }
void BM_ParseCorpus(benchmark::State& state) { BareParse(state, ""); }
void BM_LintPipelines(benchmark::State& state) { Lint(state, "pipelines"); }
void BM_ParsePipelines(benchmark::State& state) { BareParse(state, "pipelines"); }
void BM_LintMigrations(benchmark::State& state) { Lint(state, "migrations"); }
void BM_ParseMigrations(benchmark::State& state) { BareParse(state, "migrations"); }
BENCHMARK(BM_LintCorpus)->Unit(benchmark::kMillisecond);
BENCHMARK(BM_ParseCorpus)->Unit(benchmark::kMillisecond);
BENCHMARK(BM_LintPipelines)->Unit(benchmark::kMillisecond);
BENCHMARK(BM_ParsePipelines)->Unit(benchmark::kMillisecond);
BENCHMARK(BM_LintMigrations)->Unit(benchmark::kMillisecond);
BENCHMARK(BM_ParseMigrations)->Unit(benchmark::kMillisecond);

}  // namespace
}  // namespace govern::bench
