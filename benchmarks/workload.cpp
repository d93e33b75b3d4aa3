#include "workload.h"

#include <algorithm>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <fstream>
#include <sstream>

#include <unistd.h>

#include <pg_query.h>

#include "driver/compile.h"
#include "catalog/loaders.h"
#include "sql/parse_cache.h"
#include "sql/splitter.h"

namespace govern::bench {
namespace fs = std::filesystem;

std::string Slurp(const fs::path& p) {
  std::error_code ec;
  if (!fs::is_regular_file(p, ec)) Die("not a file: " + p.string());
  std::ifstream f(p, std::ios::binary);
  if (!f) Die("cannot read " + p.string());
  std::stringstream ss;
  ss << f.rdbuf();
  return ss.str();
}

namespace {

std::unique_ptr<Engine> Bind(compiler::CompileResult& compiled, const std::vector<std::string>& catalogs) {
  if (!compiled.program) Die("policies do not compile:\n" + compiled.input_error + compiled.diagnostics.Render());
  EngineOptions options;
  options.catalog_paths = catalogs;
  auto engine = Engine::FromProgram(std::move(*compiled.program), options);
  if (!engine) Die(engine.status().message());
  return std::move(*engine);
}

// Keeps a value observable so the work producing it is not optimised away.
inline void Keep(uint64_t v) { asm volatile("" : : "r"(v) : "memory"); }

}  // namespace

void Die(const std::string& message) {
  std::fprintf(stderr, "benchmark setup: %s\n", message.c_str());
  std::exit(2);
}

fs::path CorpusDir() {
  if (const char* env = std::getenv("GOVERN_CORPUS_DIR"); env && *env) return env;
  return GOVERN_CORPUS_DIR;
}

fs::path SourceDir() { return GOVERN_SOURCE_DIR; }

std::vector<SqlFile> LoadSqlFiles(const std::string& dir) {
  fs::path root = CorpusDir();
  if (!fs::exists(root / dir)) Die((root / dir).string() + " not found (set GOVERN_CORPUS_DIR)");
  std::vector<SqlFile> files;
  for (const auto& e : fs::recursive_directory_iterator(root / dir))
    if (e.is_regular_file() && e.path().extension() == ".sql")
      files.push_back({fs::relative(e.path(), root).string(), Slurp(e.path())});
  std::sort(files.begin(), files.end(), [](const SqlFile& a, const SqlFile& b) { return a.path < b.path; });
  return files;
}

std::vector<std::string> PipelineCatalogPaths() {
  fs::path root = CorpusDir();
  std::vector<std::string> paths = {(SourceDir() / "policies/catalog/schema.sql").string(),
                                    (SourceDir() / "policies/catalog/tags.tsv").string()};
  for (const char* p : {"pagila", "mimic-iv", "jaffle_shop"})
    if (fs::exists(root / "pipelines" / p / "schema.sql")) paths.push_back((root / "pipelines" / p / "schema.sql").string());
  // pii_tags.tsv: pipeline, table.column, suggested tag, note. Schema-qualified
  // entries become a tags file (jaffle_shop's are not qualified: left out).
  fs::path tags = fs::temp_directory_path() / ("govern_bench_tags_" + std::to_string(::getpid()) + ".tsv");
  std::istringstream in(Slurp(root / "pii_tags.tsv"));
  std::ofstream out(tags);
  for (std::string line; std::getline(in, line);) {
    std::istringstream fields(line);
    std::string pipeline, column, tag;
    std::getline(fields, pipeline, '\t');
    std::getline(fields, column, '\t');
    std::getline(fields, tag, '\t');
    if (pipeline == "pagila" || pipeline == "mimic-iv") out << column << '\t' << tag << '\n';
  }
  static std::vector<fs::path> written;
  if (written.empty()) std::atexit([] {
      for (const fs::path& p : written) fs::remove(p);
    });
  written.push_back(tags);
  paths.push_back(tags.string());
  return paths;
}

std::unique_ptr<Engine> StandardEngine(const std::vector<std::string>& catalogs) {
  compiler::CompileOptions options;
  options.inputs = {(SourceDir() / "policies").string()};
  auto compiled = compiler::Compile(options);
  return Bind(*compiled, catalogs);
}

std::unique_ptr<Engine> LintFlowEngine(const std::vector<std::string>& catalogs, const std::vector<SqlFile>& files,
                                       bool keep_parses, size_t* kept_bytes) {
  static const ProgramData* program = [] {
    compiler::CompileOptions options;
    options.inputs = {(SourceDir() / "policies").string()};
    auto compiled = compiler::Compile(options);
    if (!compiled->program) Die("policies do not compile");
    return new ProgramData(std::move(*compiled->program));  // kept for the process
  }();
  // The configured catalog is loaded once: what is timed is what the linted
  // files cost, not reading the pipelines' schemas again.
  static const Catalog* base = [&] {
    auto* c = new Catalog();  // kept for the process
    if (Status st = LoadCatalogSourcesInto(catalogs, c); !st.ok()) Die(st.message());
    return c;
  }();
  std::shared_ptr<sql::ParseCache> parses;
  if (keep_parses) parses = std::make_shared<sql::ParseCache>(size_t{256} << 20, false);
  EngineOptions options;
  options.parse_cache = parses;
  options.extend_catalog = [&](Catalog* catalog) {
    *catalog = *base;
    std::vector<FlowInput> inputs;
    for (const SqlFile& f : files) inputs.push_back({f.path, f.text});
    ApplyCatalogFlow(std::move(inputs), catalog, 32, parses.get());
  };
  auto engine = Engine::FromProgram(ProgramData(*program), options);
  if (!engine) Die(engine.status().message());
  if (kept_bytes != nullptr) *kept_bytes = parses ? parses->bytes() : 0;
  return std::move(*engine);
}

std::unique_ptr<Engine> EngineFromText(const std::string& policy_text, const std::vector<std::string>& catalogs) {
  auto compiled = compiler::CompileText("generated.policy", policy_text);
  return Bind(*compiled, catalogs);
}

std::vector<OwnedContext> Identities() {
  std::vector<OwnedContext> ids(4);
  ids[0].user = "ana";
  ids[0].kind = "human";
  ids[0].groups = {"analyst", "emea"};
  ids[0].env = "prod";
  ids[1].user = "svc-trainer";
  ids[1].kind = "service";
  ids[1].purpose = "training";
  ids[1].groups = {"ml"};
  ids[1].env = "prod";
  ids[2].user = "support-bot";
  ids[2].kind = "agent";
  ids[2].roles = {"dba"};
  ids[2].attrs = {{"team", "risk"}};
  ids[2].env = "staging";
  ids[3].user = "dev";
  ids[3].kind = "human";
  ids[3].env = "dev";
  return ids;
}

std::vector<std::string> StatementTexts(const Engine& engine, const std::vector<SqlFile>& files) {
  Session session(engine);
  std::vector<std::string> texts;
  for (const SqlFile& f : files)
    for (const StatementFacts& s : session.Analyze(f.text).statements)
      texts.push_back(f.text.substr(s.pos.offset, s.pos.length));
  return texts;
}

size_t LintFile(Session& session, const SqlFile& file, const Context& context) {
  const AnalysisResult& r = session.Analyze(file.text);
  uint32_t verdicts = 0;
  for (const StatementFacts& s : r.statements) verdicts |= static_cast<uint32_t>(session.Decide(s, context).verdict);
  Keep(verdicts);
  return r.statements.size() + r.errors.size();
}

bool ParsesWhole(const SqlFile& file) {
  PgQueryParseResult p = pg_query_parse(file.text.c_str());
  bool ok = p.error == nullptr;
  pg_query_free_parse_result(p);
  return ok;
}

void BareParseFile(const SqlFile& file, bool whole_ok) {
  if (whole_ok) {
    PgQueryParseResult r = pg_query_parse(file.text.c_str());
    Keep(reinterpret_cast<uintptr_t>(r.parse_tree));
    pg_query_free_parse_result(r);
    return;
  }
  std::vector<sql::TextRange> pieces;
  sql::SplitStatements(file.text, &pieces);
  std::string buf;
  for (const sql::TextRange& p : pieces) {
    buf.assign(file.text, p.offset, p.length);
    PgQueryParseResult r = pg_query_parse(buf.c_str());
    Keep(reinterpret_cast<uintptr_t>(r.parse_tree));
    pg_query_free_parse_result(r);
  }
}

double Median(std::vector<double> values) {
  if (values.empty()) return 0.0;
  std::nth_element(values.begin(), values.begin() + static_cast<std::ptrdiff_t>(values.size() / 2), values.end());
  return values[values.size() / 2];
}

}  // namespace govern::bench
