// The walker reads both tree representations alike (sql/pg_node.h): the
// top-level parse is PostgreSQL's raw nodes read through the generated
// tables, while a parse from a ParseCache (lint's repository flow) is
// libpg_query's JSON. Analysing the same text both ways must give the same
// facts, on hand-picked cases and on every corpus file, with each file's own
// DDL as the catalog so that name resolution, star expansion and view
// expansion run too.
#include <doctest/doctest.h>

#include <memory>
#include <string>

#include "catalog/catalog.h"
#include "catalog/loaders.h"
#include "sql/analyzer.h"
#include "sql/facts_json.h"
#include "sql/parse_cache.h"
#include "sql/pg_node.h"
#include "sql/pg_raw.h"
#include "sql/top_level_words.h"
#include "sql/walker.h"
#include "sql_test_util.h"

using namespace govern;

namespace {

std::string Facts(const Catalog& catalog, const std::string& text, bool via_json) {
  AnalyzerOptions options;
  if (via_json) {
    auto cache = std::make_shared<sql::ParseCache>(size_t{1} << 30, false);
    REQUIRE(cache->Put(text, sql::ParseKind::kSql, sql::ParseText(text, sql::ParseKind::kSql)) != nullptr);
    options.parse_cache = cache;
  }
  Analyzer analyzer(&catalog, options);
  FactsStore store;
  AnalysisResult result;
  analyzer.Analyze(text, store, &result);
  FactsJsonOptions json;
  json.usage = true;
  return FactsToJson(result, json);
}

void Same(const std::string& text, const std::string& where) {
  Catalog catalog;
  (void)LoadDdl(text, where, &catalog);  // whatever of it loads
  std::string raw = Facts(catalog, text, false), json = Facts(catalog, text, true);
  INFO(where);
  if (raw != json) {
    size_t i = 0;
    while (i < raw.size() && i < json.size() && raw[i] == json[i]) ++i;
    size_t from = i > 200 ? i - 200 : 0;
    FAIL_CHECK("facts differ at byte " << i << "\n  raw tree:  " << raw.substr(from, 400)
                                       << "\n  JSON tree: " << json.substr(from, 400));
  }
}

}  // namespace

TEST_CASE("raw and JSON trees give the same facts: hand-picked cases") {
  const char* cases[] = {
      "CREATE TABLE t (id int, a int, b text, ok boolean); CREATE TABLE u (id int, a int);"
      "SELECT * FROM t; SELECT t.*, u.a FROM t JOIN u USING (id) WHERE ok AND b LIKE 'x%'",
      "CREATE TABLE t (id int, a int); CREATE VIEW v AS SELECT id, a * 2 AS a2 FROM t; SELECT a2 FROM v",
      "SELECT 0, -1, 1.5, true, false, NULL, B'1010', 'it''s'; SELECT a FROM t WHERE false; SELECT 1 WHERE 0 = 1",
      "INSERT INTO t (a, b) VALUES (1, 'x'), (DEFAULT, $1) ON CONFLICT (a) DO UPDATE SET b = EXCLUDED.b RETURNING *",
      "WITH RECURSIVE r(n) AS (SELECT 1 UNION ALL SELECT n + 1 FROM r WHERE n < 5) SELECT * FROM r",
      "MERGE INTO t USING u ON t.id = u.id WHEN MATCHED THEN UPDATE SET a = u.a WHEN NOT MATCHED THEN INSERT VALUES (u.id, u.a)",
      "CREATE FUNCTION f(x int) RETURNS int LANGUAGE plpgsql AS $$ BEGIN INSERT INTO t VALUES (x); "
      "EXECUTE 'DELETE FROM u'; RETURN (SELECT count(*) FROM t); END $$; DO $$ BEGIN PERFORM f(1); END $$",
      "SET search_path = s, public; SELECT set_config('search_path', 'x', false); SELECT * FROM t; RESET search_path",
      "COPY t (a) FROM STDIN WITH (FORMAT csv); COPY (SELECT b FROM t) TO '/tmp/x'; PREPARE p AS SELECT $1::int; EXECUTE p(1)",
      "SELECT count(*) FILTER (WHERE a > 1) OVER (PARTITION BY b ORDER BY id ROWS BETWEEN 1 PRECEDING AND CURRENT ROW), "
      "CASE WHEN ok THEN a ELSE 0 END, ARRAY[a, 1][1:2], row(a, b), a BETWEEN 1 AND 2 FROM t",
      "SELECT * FROM generate_series(1, 3) WITH ORDINALITY AS g(t, n), LATERAL (SELECT t.a) s, json_to_record('{}') AS r(a int)",
      "ALTER TABLE t ADD COLUMN c int, DROP COLUMN a CASCADE; DROP TABLE IF EXISTS x, y; TRUNCATE t; GRANT SELECT ON t TO r",
      "SELECT 1 FROM",
      "",
  };
  for (const char* c : cases) Same(c, c);
}

TEST_CASE("raw and JSON trees give the same facts: every corpus file") {
  auto files = testing::CorpusFiles();
  for (const auto& [path, text] : files) Same(text, path);
  CHECK(files.size() > 100);
}

TEST_CASE("raw and JSON trees give the same facts: the analyzer's fuzz seeds") {
  auto seeds = testing::AnalyzerFuzzSeeds();
  for (const auto& [path, text] : seeds) Same(text, path);
  CHECK(seeds.size() > 1000);
}

// The facts' JSON and every location in them (where findings point).
std::string FactsWithLocations(const AnalysisResult& r) {
  FactsJsonOptions json;
  json.usage = true;
  std::string out = FactsToJson(r, json);
  for (const StatementFacts& f : r.statements) {
    out += "\n" + std::to_string(f.pos.offset) + "+" + std::to_string(f.pos.length) + ":";
    for (auto list : {f.reads, f.writes, f.output_sources, f.write_sources})
      for (const ColumnFact& c : list) out += " " + std::string(c.name) + "@" + std::to_string(c.location);
    for (const UnresolvedFact& u : f.unresolved) out += " ?" + std::string(u.name) + "@" + std::to_string(u.location);
    for (uint32_t l : f.function_locations) out += " f@" + std::to_string(l);
  }
  return out;
}

// Walker::RunParsed (the DDL loader's analysis of a statement or a view's
// query from the file's tree) gives what Run gives for the statement's own
// text: every statement of every corpus file, and every view's and CREATE
// TABLE AS's query, both ways.
TEST_CASE("a statement analysed from its file's tree has the facts of its own text") {
  size_t statements = 0, queries = 0;
  for (const auto& [path, file] : testing::CorpusFiles()) {
    Catalog catalog;
    (void)LoadDdl(file, path, &catalog);
    sql::raw::RawTree tree(file);
    if (!tree.ok()) continue;
    AnalyzerOptions options;
    sql::ViewCache views_a, views_b;
    sql::Walker from_text(&catalog, options, &views_a, 0), from_tree(&catalog, options, &views_b, 0);
    FactsStore store_a, store_b;
    AnalysisResult a, b;
    auto same = [&](sql::Node node, std::string_view text) {
      from_text.Run(text, store_a, &a);
      REQUIRE(from_tree.RunParsed(file, text, node, store_b, &b));
      INFO(path << ": " << text.substr(0, 200));
      CHECK(FactsWithLocations(a) == FactsWithLocations(b));
    };
    for (sql::Node raw : sql::List(sql::Node::RawRoot(tree.stmts()), "stmts")) {
      auto location = static_cast<size_t>(sql::Int(raw, "stmt_location", 0));
      auto length = static_cast<size_t>(sql::Int(raw, "stmt_len", 0));
      if (length == 0) length = file.size() - location;
      std::string_view text = std::string_view(file).substr(location, length);
      sql::Node stmt;
      if (!sql::Field(raw, "stmt", &stmt) || text.find_first_not_of(" \t\r\n;") == std::string_view::npos) continue;
      same(stmt, text);
      ++statements;
      sql::Tagged t = sql::Untag(stmt);
      sql::Node query;
      if ((t.tag == "ViewStmt" || t.tag == "CreateTableAsStmt") && sql::Field(t.body, "query", &query) &&
          sql::Untag(query).tag == "SelectStmt") {
        std::string_view q = sql::QueryAfterAs(text);
        // CREATE RECURSIVE VIEW v (c) AS q: PostgreSQL's grammar makes the
        // view's query WITH RECURSIVE v (c) AS (q) SELECT c FROM v, which is
        // not q's text (the tree is the right one: the flow reads it now).
        sql::Node with;
        bool rewritten = sql::Field(sql::Untag(query).body, "withClause", &with) &&
                         sql::Bool(sql::Body(with), "recursive") && q.substr(0, 4) != "WITH" && q.substr(0, 4) != "with";
        if (!q.empty() && !rewritten) {
          same(query, q);
          ++queries;
        }
      }
    }
  }
  CHECK(statements > 10000);
  CHECK(queries > 100);
}
