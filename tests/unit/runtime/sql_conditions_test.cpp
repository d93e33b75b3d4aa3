// Value-dependent evaluation: CASE conditions, NULLIF, AND/OR operands are
// filtered on (a masked column's value chooses the branch, and an error or a
// delay in a branch reads it back one bit per statement).
#include <doctest/doctest.h>

#include <string>

#include "sql/analyzer.h"
#include "sql_test_util.h"

using namespace govern;
using govern::testing::ShopCatalog;
using govern::testing::Sorted;
using govern::testing::UsageOf;
using V = std::vector<std::string>;

namespace {

uint16_t EmailUsage(const char* sql) {
  Catalog catalog = ShopCatalog();
  Analyzer analyzer(&catalog);
  FactsStore store;
  AnalysisResult r = analyzer.Analyze(sql, store);
  REQUIRE(r.errors.empty());
  REQUIRE(r.statements.size() == 1);
  return UsageOf(r.statements[0], "public.customers.email");
}

}  // namespace

TEST_CASE("a CASE's WHEN conditions and test operand are filtered on; its results are projected") {
  CHECK((EmailUsage("SELECT CASE WHEN email LIKE 's%' THEN 1/0 END FROM customers WHERE id = 7") & kUseFiltered) != 0);
  CHECK((EmailUsage("SELECT CASE email WHEN 'a@x' THEN 1 ELSE 1/0 END FROM customers") & kUseFiltered) != 0);
  CHECK((EmailUsage("SELECT CASE WHEN id = 7 THEN email ELSE name END FROM customers") & kUseFiltered) == 0);
  CHECK((EmailUsage("SELECT CASE WHEN id = 7 THEN 'x' ELSE email END FROM customers") & kUseFiltered) == 0);
  CHECK((EmailUsage("SELECT (SELECT CASE WHEN c.email > 'm' THEN 1 END) FROM customers c") & kUseFiltered) != 0);
}

TEST_CASE("a CASE's condition keeps its lineage: the value still derives from it") {
  Catalog catalog = ShopCatalog();
  Analyzer analyzer(&catalog);
  FactsStore store;
  AnalysisResult r = analyzer.Analyze("SELECT CASE WHEN email LIKE 's%' THEN 'yes' ELSE name END AS v FROM customers", store);
  REQUIRE(r.statements.size() == 1);
  const StatementFacts& f = r.statements[0];
  REQUIRE(f.outputs.size() == 1);
  CHECK(f.outputs[0].derivation == Derivation::kTransformed);
  CHECK(Sorted(f.outputs[0].sources) == V{"public.customers.email", "public.customers.name"});
  CHECK((UsageOf(f, "public.customers.name") & kUseFiltered) == 0);
}

TEST_CASE("NULLIF's arguments and AND/OR operands are filtered on") {
  CHECK((EmailUsage("SELECT 1/nullif(email, 'a@x')::int FROM customers") & kUseFiltered) != 0);
  CHECK((EmailUsage("SELECT email LIKE 's%' OR 1/(id - id) = 1 FROM customers") & kUseFiltered) != 0);
  CHECK((EmailUsage("SELECT email LIKE 's%' AND 1/(id - id) = 1 FROM customers") & kUseFiltered) != 0);
  CHECK((EmailUsage("SELECT NOT (email LIKE 's%') FROM customers") & kUseFiltered) == 0);
}

TEST_CASE("plain and total reads of a column are not filtered on") {
  CHECK((EmailUsage("SELECT email FROM customers") & kUseFilterLike) == 0);
  CHECK((EmailUsage("SELECT lower(email), coalesce(email, '') FROM customers") & kUseFilterLike) == 0);
  CHECK((EmailUsage("SELECT email FROM customers WHERE email LIKE 's%'") & kUseFiltered) != 0);
}

TEST_CASE("a column reaching what may fail or take value-dependent time is computed on") {
  const char* computed[] = {
      "SELECT 1/(ascii(substr(email,1,1))/115) FROM customers WHERE id = 7",
      "SELECT pg_sleep(ascii(email)/100.0) FROM customers WHERE id = 7",
      "SELECT email::int FROM customers",
      "SELECT CAST(email AS date) FROM customers",
      "SELECT email::text[] FROM customers",
      "SELECT chr(ascii(email) + 1114112) FROM customers",
      "SELECT repeat('a', length(email) * 100000000) FROM customers",
      "SELECT 'x' ~ email FROM customers",
      "SELECT email LIKE 's%' FROM customers",
      "SELECT * FROM generate_series(1, (SELECT length(email) FROM customers WHERE id = 7))",
      "SELECT x FROM (SELECT 1/length(email) AS x FROM customers) s",
      "SELECT id FROM customers LIMIT (SELECT length(email) - 5 FROM customers WHERE id = 7)",
      "SELECT myschema.lower(email) FROM customers",
      "SELECT email || 'x' FROM customers",
      "SELECT count(*) OVER (ORDER BY id ROWS BETWEEN (SELECT length(email) FROM customers WHERE id = 7) "
      "PRECEDING AND CURRENT ROW) FROM orders",
  };
  for (const char* sql : computed) {
    CAPTURE(sql);
    CHECK((EmailUsage(sql) & kUseComputed) != 0);
  }
}

TEST_CASE("total functions, comparisons, text casts and plain reads are not computed on") {
  const char* total[] = {
      "SELECT email FROM customers",
      "SELECT lower(email), upper(email), length(email), md5(email) FROM customers",
      "SELECT pg_catalog.lower(email), concat(email, '!'), coalesce(email, '') FROM customers",
      "SELECT email::text, CAST(email AS varchar(3)) FROM customers",
      "SELECT email = 'a@x', email IS NULL, email IN ('a', 'b') FROM customers",
      "SELECT count(email), max(email) FROM customers",
      "SELECT CASE WHEN id = 7 THEN email END FROM customers",
  };
  for (const char* sql : total) {
    CAPTURE(sql);
    CHECK((EmailUsage(sql) & kUseComputed) == 0);
  }
}

TEST_CASE("DISTINCT and set operations that match rows by value group on their columns") {
  CHECK((EmailUsage("SELECT DISTINCT email FROM customers") & kUseGrouped) != 0);
  CHECK((EmailUsage("SELECT email FROM customers WHERE id = 7 UNION SELECT 'sam@example.com'") & kUseGrouped) != 0);
  CHECK((EmailUsage("SELECT email FROM customers INTERSECT ALL SELECT 'a'") & kUseGrouped) != 0);
  CHECK((EmailUsage("SELECT 'a' EXCEPT SELECT email FROM customers") & kUseGrouped) != 0);
  CHECK((EmailUsage("SELECT email FROM customers UNION ALL SELECT 'a'") & kUseFilterLike) == 0);
  CHECK((EmailUsage("SELECT count(DISTINCT email) FROM customers WHERE id IN (7, 8)") & kUseGrouped) != 0);
  CHECK((EmailUsage("SELECT count(email) FROM customers") & kUseFilterLike) == 0);
  CHECK((EmailUsage("SELECT DISTINCT ON (id) email FROM customers") & kUseFilterLike) == 0);
}
