// The decision cache against fresh decisions on the standard policies: every
// statement of the pipelines corpus (and of the shop catalog), several
// identities, interleaved; a hit must equal the fresh decision field by field.
#include <doctest/doctest.h>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>
#include <vector>

#include "catalog/loaders.h"
#include "driver/compile.h"
#include "govern/govern.h"
#include "support/facts_builder.h"

using namespace govern;
using govern::testing::ContextBuilder;

namespace fs = std::filesystem;

namespace {

std::string Slurp(const fs::path& p) {
  std::ifstream f(p, std::ios::binary);
  std::stringstream ss;
  ss << f.rdbuf();
  return ss.str();
}

void CheckSame(const StatementDecision& a, const StatementDecision& b, std::string_view sql) {
  INFO("sql: " << sql);
  CHECK(a.kind == b.kind);
  CHECK(a.decision.verdict == b.decision.verdict);
  CHECK(a.decision.default_denied == b.decision.default_denied);
  REQUIRE(a.decision.fired.size() == b.decision.fired.size());
  for (size_t i = 0; i < a.decision.fired.size(); ++i) {
    CHECK(a.decision.fired[i].rule == b.decision.fired[i].rule);
    CHECK(a.decision.fired[i].effect == b.decision.fired[i].effect);
  }
  REQUIRE(a.decision.masks.size() == b.decision.masks.size());
  for (size_t i = 0; i < a.decision.masks.size(); ++i) {
    CHECK(a.decision.masks[i].output == b.decision.masks[i].output);
    CHECK(a.decision.masks[i].source == b.decision.masks[i].source);
    CHECK(a.decision.masks[i].method == b.decision.masks[i].method);
    CHECK(a.decision.masks[i].rule == b.decision.masks[i].rule);
  }
  CHECK(a.messages == b.messages);
}

}  // namespace

TEST_CASE("cache hits equal fresh decisions on the standard policies and the pipelines corpus") {
  const fs::path src = GOVERN_SOURCE_DIR;
  const fs::path corpus = GOVERN_CORPUS_DIR;
  compiler::CompileOptions copts;
  copts.inputs = {(src / "policies").string()};
  auto compiled = compiler::Compile(copts);
  REQUIRE_MESSAGE(compiled->program, compiled->diagnostics.Render());

  EngineOptions options;
  options.catalog_paths = {(src / "policies/catalog/schema.sql").string(), (src / "policies/catalog/tags.tsv").string()};
  std::vector<std::string> sql_texts = {
      "SELECT email, full_name, country FROM customers",
      "SELECT c.email FROM customers c JOIN orders o ON o.customer_id = c.id WHERE o.amount > 10",
      "SELECT * FROM customers",
      "SELECT secret FROM api_keys WHERE id = 1",
      "DELETE FROM orders",
      "UPDATE orders SET status = 'void' WHERE true",
      "DROP TABLE orders",
      "COPY orders TO PROGRAM 'curl x'",
      "SELECT pg_catalog.pg_read_file('/etc/passwd')",
      "WITH r AS (SELECT * FROM customer_contacts) SELECT count(*) FROM (SELECT phone FROM r) x",
  };
  // The pipelines with their schemas and the corpus' suggested tags.
  const fs::path pipelines = corpus / "pipelines";
  fs::path tags = fs::temp_directory_path() / "govern_cache_test_tags.tsv";
  if (fs::exists(pipelines / "pagila/schema.sql")) {
    for (const char* p : {"pagila", "mimic-iv", "jaffle_shop"})
      if (fs::exists(pipelines / p / "schema.sql")) options.catalog_paths.push_back((pipelines / p / "schema.sql").string());
    std::istringstream in(Slurp(corpus / "pii_tags.tsv"));
    std::ofstream out(tags);
    for (std::string line; std::getline(in, line);) {
      std::istringstream fields(line);
      std::string pipeline, column, tag;
      std::getline(fields, pipeline, '\t');
      std::getline(fields, column, '\t');
      std::getline(fields, tag, '\t');
      if (pipeline == "pagila" || pipeline == "mimic-iv") out << column << '\t' << tag << '\n';
    }
    out.close();
    options.catalog_paths.push_back(tags.string());
    std::vector<fs::path> files;
    for (const auto& e : fs::recursive_directory_iterator(pipelines))
      if (e.path().extension() == ".sql") files.push_back(e.path());
    std::sort(files.begin(), files.end());
    REQUIRE(!files.empty());
    // Statement texts as the analyzer delimits them.
    auto engine = Engine::FromProgram(*compiled->program, options);
    REQUIRE_MESSAGE(engine.ok(), engine.status().message());
    Session splitter(**engine);
    for (const fs::path& f : files) {
      std::string text = Slurp(f);
      for (const StatementFacts& s : splitter.Analyze(text).statements)
        if (s.enclosing < 0) sql_texts.push_back(text.substr(s.pos.offset, s.pos.length));
    }
  } else {
    MESSAGE("corpus not found at " << corpus.string() << ": checking the shop statements only");
  }

  auto engine = Engine::FromProgram(std::move(*compiled->program), options);
  REQUIRE_MESSAGE(engine.ok(), engine.status().message());
  {
    // DecideText takes texts of exactly one statement; a function with a
    // body is several (its body statements are decided too).
    Session one(**engine);
    std::vector<std::string> single;
    for (std::string& t : sql_texts) {
      const AnalysisResult& a = one.Analyze(t);
      if (a.statements.size() == 1 && a.errors.empty()) single.push_back(std::move(t));
    }
    sql_texts = std::move(single);
  }
  // The standard policies test purpose, kind and env (fused ATTR_EQ/ATTR_NE) and
  // groups; no rule reads identity.user, so users of one class share entries.
  CHECK(ContextShape::Of((*engine)->program()).fields ==
        (ContextShape::kPurpose | ContextShape::kKind | ContextShape::kEnv | ContextShape::kGroups));
  ContextBuilder analyst, trainer, agent, dev, analyst2;
  analyst.User("ana").Kind("human").Group("analyst").Env("prod");
  analyst2.User("bo").Kind("human").Group("analyst").Env("prod");  // same class: no rule reads identity.user
  trainer.User("svc").Kind("service").Purpose("training").Group("ml").Env("prod");
  agent.User("bot").Kind("agent").Env("dev");
  dev.User("dev").Kind("human").Env("dev");
  std::vector<const Context*> contexts = {&analyst.Build(), &trainer.Build(), &agent.Build(), &dev.Build(),
                                          &analyst2.Build()};
  // Large enough to hold everything, then small enough to evict all the time.
  for (size_t capacity : {size_t{1} << 15, size_t{64}}) {
    CAPTURE(capacity);
    Session plain(**engine), cached(**engine);
    plain.SetSpecialization(false);  // fresh decisions by the generic VM; cached ones specialized per context class
    DecisionCacheOptions cache_options;
    cache_options.capacity = capacity;
    cached.EnableDecisionCache(cache_options);
    size_t decided = 0;
    for (int round = 0; round < 2; ++round) {
      for (const std::string& sql : sql_texts) {
        for (const Context* ctx : contexts) {
          const StatementDecision* fresh = plain.DecideText(sql, *ctx);
          const StatementDecision* got = cached.DecideText(sql, *ctx);
          REQUIRE((fresh == nullptr) == (got == nullptr));
          if (fresh == nullptr) continue;
          CheckSame(*got, *fresh, sql);
          ++decided;
        }
      }
    }
    const DecisionCacheStats& stats = cached.decision_cache()->stats();
    CHECK(decided > 0);
    CHECK(stats.hits + stats.misses == decided);
    if (capacity >= 2 * decided) {
      CHECK(stats.hits > decided / 2);  // round two and analyst2 hit
    } else {
      CHECK(stats.evictions > 0);
    }
    MESSAGE(decided << " decisions compared, capacity " << capacity << ": " << stats.hits << " hits, "
                    << stats.evictions << " evictions");
  }
  fs::remove(tags);
}
