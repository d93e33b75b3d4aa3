// Parses kept by text (sql/parse_cache.h) and the work the analyzer skips:
// reusing a parse never changes a fact, a catalog or a diagnostic.
#include <doctest/doctest.h>

#include <filesystem>
#include <set>
#include <fstream>
#include <sstream>
#include <string>
#include <vector>

#include "catalog/loaders.h"
#include "sql/analyzer.h"
#include "sql/facts_json.h"
#include "sql/parse_cache.h"
#include "sql/plpgsql_checks.h"
#include "sql/top_level_words.h"
#include "sql_test_util.h"

using namespace govern;

namespace {

std::string Facts(const Catalog* catalog, const AnalyzerOptions& options, const std::string& text) {
  Analyzer analyzer(catalog, options);
  FactsStore store;
  AnalysisResult result;
  analyzer.Analyze(text, store, &result);
  return FactsToJson(result);
}

}  // namespace

TEST_CASE("parse cache: kept by exact text and kind, within its budget") {
  sql::ParseCache keep(1 << 16, false);
  sql::ParsedText a = sql::ParseText("SELECT 1", sql::ParseKind::kSql);
  REQUIRE(a.ok);
  CHECK(a.json.capacity() >= a.json.size() + 64);
  const sql::ParsedText* kept = keep.Put("SELECT 1", sql::ParseKind::kSql, std::move(a));
  REQUIRE(kept != nullptr);
  CHECK(keep.Find("SELECT 1", sql::ParseKind::kSql) == kept);
  CHECK(keep.Find("SELECT 1 ", sql::ParseKind::kSql) == nullptr);
  CHECK(keep.Find("SELECT 1", sql::ParseKind::kPlpgsql) == nullptr);
  sql::ParsedText bad = sql::ParseText("SELEC 1", sql::ParseKind::kSql);
  CHECK_FALSE(bad.ok);
  CHECK(bad.error == "syntax error at or near \"SELEC\"");
  CHECK(bad.cursor == 1);
  // Over the budget: a keeping cache refuses (and leaves `parsed` intact),
  // an evicting one forgets everything else.
  std::string big = "SELECT " + std::string(40000, '1');
  sql::ParsedText p = sql::ParseText(big, sql::ParseKind::kSql);
  size_t size = p.json.size();
  CHECK(keep.Put(big, sql::ParseKind::kSql, std::move(p)) == nullptr);
  CHECK(p.json.size() == size);
  CHECK(keep.Find("SELECT 1", sql::ParseKind::kSql) != nullptr);
  sql::ParseCache evict(big.size() + p.json.capacity() + 64 + 16, true);  // room for `big` alone
  CHECK(evict.Put("SELECT 1", sql::ParseKind::kSql, sql::ParseText("SELECT 1", sql::ParseKind::kSql)) != nullptr);
  CHECK(evict.Put(big, sql::ParseKind::kSql, std::move(p)) != nullptr);
  CHECK(evict.entries() == 1);
  CHECK(evict.Find("SELECT 1", sql::ParseKind::kSql) == nullptr);
}

TEST_CASE("parse cache: the repository flow and the analysis of every file are the same with kept parses") {
  for (const char* dir : {"migrations", "pipelines"}) {
    auto files = testing::CorpusFiles(dir);
    REQUIRE(!files.empty());
    std::vector<FlowInput> inputs;
    for (const auto& [name, text] : files) inputs.push_back({name, text});
    Catalog plain, cached;
    auto parses = std::make_shared<sql::ParseCache>(size_t{256} << 20, false);
    FlowReport a = ApplyCatalogFlow(inputs, &plain);
    FlowReport b = ApplyCatalogFlow(inputs, &cached, 32, parses.get());
    CHECK(a.passes == b.passes);
    CHECK(a.derived == b.derived);
    CHECK(SaveCatalogJson(plain) == SaveCatalogJson(cached));
    for (const auto& [name, text] : files) CHECK(parses->Find(text, sql::ParseKind::kSql) != nullptr);  // kept
    AnalyzerOptions with;
    with.parse_cache = parses;
    for (const auto& [name, text] : files) {
      INFO(name);
      CHECK(Facts(&plain, {}, text) == Facts(&cached, with, text));
    }
  }
}

TEST_CASE("VALUES: literal rows are skipped but still make their columns transformed") {
  Catalog c = testing::ShopCatalog();
  Analyzer analyzer(&c);
  FactsStore store;
  auto output = [&](const std::string& values) {
    AnalysisResult r = analyzer.Analyze(
        "SELECT v.x FROM customers c, LATERAL (VALUES " + values + ") AS v(x, y)", store);
    REQUIRE(r.statements.size() == 1);
    REQUIRE(r.statements[0].outputs.size() == 1);
    const OutputFact& o = r.statements[0].outputs[0];
    return std::make_pair(o.derivation, testing::Sorted(o.sources));
  };
  using V = std::vector<std::string>;
  CHECK(output("(c.email, 1)") == std::make_pair(Derivation::kDirect, V{"public.customers.email"}));
  CHECK(output("(c.email, 1), ('x', 2)") == std::make_pair(Derivation::kTransformed, V{"public.customers.email"}));
  CHECK(output("('x'::text, 1), (c.email, $1), (DEFAULT, 3)") ==
        std::make_pair(Derivation::kTransformed, V{"public.customers.email"}));
  CHECK(output("('a', 1), ('b', 2)") == std::make_pair(Derivation::kTransformed, V{}));
  // A literal row shorter than the first marks only the columns it has.
  AnalysisResult r = analyzer.Analyze("SELECT v.y FROM customers c, LATERAL (VALUES (c.email, c.name), ('x')) AS v(x, y)",
                                      store);
  REQUIRE(r.statements.size() == 1);
  CHECK(r.statements[0].outputs[0].derivation == Derivation::kDirect);
  CHECK(testing::Sorted(r.statements[0].outputs[0].sources) == V{"public.customers.name"});
}

TEST_CASE("CannotBeStatement: never says so of a text libpg_query parses") {
  CHECK(sql::CannotBeStatement("x > 2"));
  CHECK(sql::CannotBeStatement(" a + 1"));
  CHECK(sql::CannotBeStatement("'text'"));
  CHECK(sql::CannotBeStatement("$1"));
  CHECK(sql::CannotBeStatement("coalesce(a, b)"));
  CHECK(sql::CannotBeStatement("NOT found"));
  CHECK_FALSE(sql::CannotBeStatement(""));
  CHECK_FALSE(sql::CannotBeStatement("  "));
  CHECK_FALSE(sql::CannotBeStatement("(SELECT 1)"));
  CHECK_FALSE(sql::CannotBeStatement("-- c\nSELECT 1"));
  CHECK_FALSE(sql::CannotBeStatement("/* c */ SELECT 1"));
  CHECK_FALSE(sql::CannotBeStatement("Checkpoint"));
  CHECK_FALSE(sql::CannotBeStatement("VALUES (1)"));
  // Every distinct word of the corpus (keywords, names, functions) in front
  // of a few continuations: whatever parses must not be called an expression.
  std::set<std::string> words;
  for (const auto& [name, text] : testing::CorpusFiles("")) {
    for (size_t i = 0; i < text.size();) {
      char c = text[i];
      bool start = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_';
      if (!start) {
        ++i;
        continue;
      }
      size_t j = i;
      while (j < text.size() && sql::IsWordChar(text[j]) && static_cast<unsigned char>(text[j]) < 0x80) ++j;
      words.insert(text.substr(i, j - i));
      i = j;
    }
  }
  REQUIRE(words.size() > 1000);
  size_t checked = 0;
  for (const std::string& w : words) {
    for (const char* suffix : {"", ";", " 1", " x", "(1)", " * FROM t", " TABLE t", " ALL", " WORK"}) {
      std::string text = w + suffix;
      if (!sql::CannotBeStatement(text)) continue;
      ++checked;
      sql::ParsedText p = sql::ParseText(text, sql::ParseKind::kSql);
      if (p.ok) FAIL_CHECK("parses as a statement: " << text);
    }
  }
  CHECK(checked > 1000);
}

TEST_CASE("parse cache: lookups in stored order, out of order, repeated, absent, by kind, after eviction") {
  using sql::ParseCache;
  using sql::ParseKind;
  using sql::ParsedText;
  auto parsed = [](const std::string& json) {
    ParsedText p;
    p.ok = true;
    p.json = json;
    return p;
  };
  ParseCache cache(size_t{1} << 20, false);
  const std::vector<std::string> texts = {"select 1", "select 2", "select 22", "select 3"};
  for (const std::string& t : texts) REQUIRE(cache.Put(t, ParseKind::kSql, parsed("json of " + t)) != nullptr);
  REQUIRE(cache.Put("select 2", ParseKind::kPlpgsql, parsed("plpgsql")) != nullptr);
  auto json = [&](std::string_view t, ParseKind k = ParseKind::kSql) {
    const ParsedText* p = cache.Find(t, k);
    return p == nullptr ? std::string("(none)") : p->json;
  };
  for (int round = 0; round < 2; ++round)  // in order: the cursor's path
    for (const std::string& t : texts) CHECK(json(t) == "json of " + t);
  CHECK(json("select 2") == "json of select 2");  // repeated: the entry before the cursor
  CHECK(json("select 2") == "json of select 2");
  CHECK(json("select 3") == "json of select 3");  // skipping one
  CHECK(json("select 1") == "json of select 1");  // backwards
  CHECK(json("select 9") == "(none)");             // same length as the next entry, absent
  CHECK(json("select 2", ParseKind::kPlpgsql) == "plpgsql");
  CHECK(json("select 22", ParseKind::kPlpgsql) == "(none)");
  CHECK(json("select 22") == "json of select 22");

  ParseCache small(150, true);  // evicts everything when full (each entry costs 87 bytes here)
  REQUIRE(small.Put("select 1", ParseKind::kSql, parsed("one")) != nullptr);
  CHECK(small.Find("select 1", ParseKind::kSql) != nullptr);
  REQUIRE(small.Put("select 2", ParseKind::kSql, parsed("two")) != nullptr);  // over 150 bytes: the first goes
  CHECK(small.Find("select 1", ParseKind::kSql) == nullptr);
  CHECK(small.Find("select 2", ParseKind::kSql)->json == "two");
}

TEST_CASE("PL/pgSQL bodies compile without the SQL syntax check the walker repeats") {
  // The check of embedded SQL is skipped (sql/plpgsql_checks.h): a body with
  // a malformed statement compiles, and the walker's own parse of that
  // statement is what finds it (sql_bodies_test.cpp).
  const std::string bad = "CREATE FUNCTION f() RETURNS int LANGUAGE plpgsql AS $$ DECLARE a int; BEGIN "
                          "a := 5; Johnny Yuma; DELETE FROM t WHERE; RETURN a; END $$";
  unsigned long before = sql::PlpgsqlChecksOff::skipped();
  sql::ParsedText parsed = sql::ParseText(bad, sql::ParseKind::kPlpgsql);
  CHECK(parsed.ok);
  CHECK(parsed.json.find("Johnny Yuma") != std::string::npos);
  CHECK(sql::PlpgsqlChecksOff::skipped() >= before + 4);  // a := 5, Johnny Yuma, the DELETE, RETURN a
  // Twice on one thread: the flag a compile leaves set does not skip the
  // next call's parse of the CREATE FUNCTION statement itself.
  for (int i = 0; i < 2; ++i) {
    sql::ParsedText again = sql::ParseText(bad, sql::ParseKind::kPlpgsql);
    CHECK(again.ok);
    CHECK(again.json == parsed.json);
  }
  // PL/pgSQL's own syntax errors still fail the compile.
  CHECK_FALSE(sql::ParseText("CREATE FUNCTION f() RETURNS int LANGUAGE plpgsql AS $$ BEGIN RETURN 1; $$",
                             sql::ParseKind::kPlpgsql).ok);
  // Outside a PL/pgSQL compile nothing is skipped.
  before = sql::PlpgsqlChecksOff::skipped();
  CHECK_FALSE(sql::ParseText("SELECT FROM WHERE", sql::ParseKind::kSql).ok);
  CHECK(sql::ParseText("SELECT 1", sql::ParseKind::kSql).ok);
  CHECK(sql::PlpgsqlChecksOff::skipped() == before);
}
