// ColumnFact::location and StatementFacts::function_locations: byte offsets
// (in the whole input) of the first reference, which lint findings point at.
#include <doctest/doctest.h>

#include <string>

#include "sql/analyzer.h"
#include "sql_test_util.h"

using namespace govern;
using govern::testing::ShopCatalog;

namespace {

// The text at a column's location, up to `n` bytes ("" when not located).
std::string At(const std::string& sql, std::span<const ColumnFact> cols, std::string_view name, size_t n) {
  for (const ColumnFact& c : cols)
    if (c.name == name) return c.location == kNoLocation ? "" : sql.substr(c.location, n);
  return "<absent>";
}

std::string FunctionAt(const std::string& sql, const StatementFacts& f, std::string_view name, size_t n) {
  REQUIRE(f.function_locations.size() == f.functions.size());
  for (size_t i = 0; i < f.functions.size(); ++i)
    if (f.functions[i] == name) return f.function_locations[i] == kNoLocation ? "" : sql.substr(f.function_locations[i], n);
  return "<absent>";
}

}  // namespace

TEST_CASE("a column's location is its first reference in the source, in the whole input") {
  Catalog catalog = ShopCatalog();
  Analyzer analyzer(&catalog);
  FactsStore store;
  std::string sql =
      "SELECT 1;\n"
      "SELECT c.id,\n"
      "       c.name\n"
      "  FROM customers c\n"
      " WHERE c.email LIKE '%x' AND c.name <> ''\n"
      " ORDER BY c.email;";
  AnalysisResult r = analyzer.Analyze(sql, store);
  REQUIRE(r.statements.size() == 2);
  const StatementFacts& f = r.statements[1];
  CHECK(At(sql, f.reads, "public.customers.id", 4) == "c.id");
  CHECK(At(sql, f.reads, "public.customers.name", 6) == "c.name");
  CHECK(At(sql, f.reads, "public.customers.email", 7) == "c.email");
  // the FROM clause is walked first, the earliest reference still wins
  size_t first_name = sql.find("c.name");
  for (const ColumnFact& c : f.reads)
    if (c.name == "public.customers.name") CHECK(c.location == first_name);
}

TEST_CASE("columns read through *, a CTE or a view point at the star, the CTE body or the view") {
  Catalog catalog = ShopCatalog();
  Analyzer analyzer(&catalog);
  FactsStore store;
  std::string star = "SELECT *\n  FROM orders";
  AnalysisResult r = analyzer.Analyze(star, store);
  CHECK(At(star, r.statements[0].reads, "public.orders.total", 1) == "*");

  std::string cte = "WITH d AS (\n  SELECT email FROM customers\n)\nSELECT email FROM d";
  r = analyzer.Analyze(cte, store);
  size_t inner = cte.find("email");
  for (const ColumnFact& c : r.statements[0].reads)
    if (c.name == "public.customers.email") CHECK(c.location == inner);
  // an output's sources carry the same location
  for (const ColumnFact& c : r.statements[0].output_sources)
    if (c.name == "public.customers.email") CHECK(c.location == inner);

  std::string view = "SELECT 1 FROM customer_emails e\n WHERE e.email = 'a'";
  r = analyzer.Analyze(view, store);
  // what the view itself reads (its WHERE) is read where the view is named;
  // a view column's base columns where the column is used
  CHECK(At(view, r.statements[0].reads, "public.customers.name", 15) == "customer_emails");
  CHECK(At(view, r.statements[0].reads, "public.customers.email", 7) == "e.email");
}

TEST_CASE("writes and function calls are located") {
  Catalog catalog = ShopCatalog();
  Analyzer analyzer(&catalog);
  FactsStore store;
  std::string sql = "UPDATE orders\n   SET total = 0,\n       placed = now()\n WHERE id = lower('x')::int";
  AnalysisResult r = analyzer.Analyze(sql, store);
  const StatementFacts& f = r.statements[0];
  CHECK(At(sql, f.writes, "public.orders.total", 5) == "total");
  CHECK(At(sql, f.writes, "public.orders.placed", 6) == "placed");
  CHECK(FunctionAt(sql, f, "now", 3) == "now");
  CHECK(FunctionAt(sql, f, "lower", 5) == "lower");
}

TEST_CASE("text the analyzer decoded has no input offsets: kNoLocation, never a wrong place") {
  Catalog catalog = ShopCatalog();
  Analyzer analyzer(&catalog);
  FactsStore store;
  std::string sql = "DO $$ BEGIN PERFORM email FROM customers; END $$";
  AnalysisResult r = analyzer.Analyze(sql, store);
  REQUIRE(r.statements.size() == 2);  // the DO block and its body statement (PERFORM, rewritten to SELECT)
  for (const StatementFacts& s : r.statements)
    for (const ColumnFact& c : s.reads) CHECK(c.location == kNoLocation);  // "SELECT email ..." is not in the input
}

// Found by fuzz_analyzer (tests/fuzz/corpus/analyzer/regression-*).
TEST_CASE("COPY (MERGE ...) does not reuse the RETURNING of an earlier INSERT") {
  Catalog catalog = ShopCatalog();
  Analyzer analyzer(&catalog);
  FactsStore store;
  std::string sql =
      "INSERT INTO orders (id) VALUES (1) RETURNING id, total;\n"
      "COPY (MERGE INTO orders o USING customers c ON o.customer_id = c.id WHEN MATCHED THEN DELETE) TO stdout;";
  AnalysisResult r = analyzer.Analyze(sql, store);
  REQUIRE(r.statements.size() == 2);
  CHECK(r.statements[0].outputs.size() == 2);
  CHECK(r.statements[1].kind == StatementKind::k_copy);
  CHECK(r.statements[1].outputs.empty());
}

TEST_CASE("a PL/pgSQL function without a body is analysed, not handed to libpg_query (which aborts)") {
  Analyzer analyzer(nullptr);
  FactsStore store;
  AnalysisResult r = analyzer.Analyze("CREATE FUNCTION purge() RETURNS void LANGUAGE plpgsql;", store);
  REQUIRE(r.statements.size() == 1);
  CHECK(r.statements[0].kind == StatementKind::k_create_function);
}
