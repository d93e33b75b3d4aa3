// Derived tags, case by case (docs/catalog.md "Derived tags"): which
// derivations carry a source column's tags to the column they fill.
#include <doctest/doctest.h>

#include <algorithm>
#include <string>
#include <vector>

#include "catalog/loaders.h"

using namespace govern;

namespace {

constexpr const char* kBase = R"sql(
  CREATE TABLE customers (id int, email text, name text, profile jsonb);
  COMMENT ON COLUMN customers.email IS 'govern:tags=pii.email';
  COMMENT ON COLUMN customers.name IS 'govern:tags=pii.name';
  CREATE TABLE sink (id int, v text, w text);
)sql";

std::vector<std::string> TagsOf(const Catalog& c, std::string_view qname) {
  std::vector<std::string> out;
  auto id = c.FindColumnByQName(qname);
  REQUIRE_MESSAGE(id.has_value(), "no column " << qname);
  for (uint32_t t : c.column(*id).tags) out.emplace_back(c.TagName(t));
  std::sort(out.begin(), out.end());
  return out;
}

// Loads the base catalog, then `sql` as the deriving file "etl.sql".
Catalog Derive(std::string_view sql) {
  Catalog c;
  REQUIRE(LoadDdl(kBase, "base.sql", &c).ok());
  Status s = LoadDdl(sql, "etl.sql", &c);
  REQUIRE_MESSAGE(s.ok(), s.message());
  return c;
}

using V = std::vector<std::string>;

}  // namespace

TEST_CASE("derivations that carry tags") {
  struct Case {
    const char* what;
    const char* sql;
    const char* column;
    V tags;
  };
  const Case cases[] = {
      {"CTAS, direct", "CREATE TABLE t AS SELECT email FROM customers", "public.t.email", {"pii.email"}},
      {"CTAS, transformed (lower, alias)", "CREATE TABLE t AS SELECT lower(email) AS e FROM customers", "public.t.e",
       {"pii.email"}},
      {"cast", "CREATE TABLE t AS SELECT email::varchar(10) AS e FROM customers", "public.t.e", {"pii.email"}},
      {"concatenation of two tagged columns", "CREATE TABLE t AS SELECT name || ' <' || email || '>' AS e FROM customers",
       "public.t.e", V{"pii.email", "pii.name"}},
      {"CASE", "CREATE TABLE t AS SELECT CASE WHEN id > 0 THEN email END AS e FROM customers", "public.t.e",
       {"pii.email"}},
      {"string_agg", "CREATE TABLE t AS SELECT string_agg(email, ',') AS e FROM customers", "public.t.e",
       {"pii.email"}},
      {"array_agg", "CREATE TABLE t AS SELECT array_agg(name) AS e FROM customers", "public.t.e", {"pii.name"}},
      {"json_agg", "CREATE TABLE t AS SELECT json_agg(email) AS e FROM customers", "public.t.e", {"pii.email"}},
      {"min / max", "CREATE TABLE t AS SELECT min(email) AS a, max(name) AS b FROM customers", "public.t.b",
       {"pii.name"}},
      {"whole row (row_to_json)", "CREATE TABLE t AS SELECT row_to_json(c) AS r FROM customers c", "public.t.r",
       V{"pii.email", "pii.name"}},
      {"composite (ROW)", "CREATE TABLE t AS SELECT ROW(id, email) AS r FROM customers", "public.t.r", {"pii.email"}},
      {"through a CTE and a subquery",
       "CREATE TABLE t AS WITH x AS (SELECT email AS m FROM customers) SELECT m FROM (SELECT m FROM x) s",
       "public.t.m", {"pii.email"}},
      {"scalar subquery", "CREATE TABLE t AS SELECT (SELECT max(email) FROM customers) AS e", "public.t.e",
       {"pii.email"}},
      {"SELECT INTO", "SELECT upper(name) AS n INTO t FROM customers", "public.t.n", {"pii.name"}},
      {"CREATE VIEW", "CREATE VIEW t AS SELECT email AS e FROM customers", "public.t.e", {"pii.email"}},
      {"CREATE MATERIALIZED VIEW", "CREATE MATERIALIZED VIEW t AS SELECT email AS e FROM customers WITH NO DATA",
       "public.t.e", {"pii.email"}},
      {"CTAS column list", "CREATE TABLE t (a, b) AS SELECT id, email FROM customers", "public.t.b", {"pii.email"}},
      {"INSERT ... SELECT, positional", "INSERT INTO sink (id, w) SELECT id, email FROM customers", "public.sink.w",
       {"pii.email"}},
      {"INSERT ... SELECT, all columns", "INSERT INTO sink SELECT id, name, 'x' FROM customers", "public.sink.v",
       {"pii.name"}},
      {"UPDATE SET from another table",
       "UPDATE sink s SET v = c.email FROM customers c WHERE c.id = s.id", "public.sink.v", {"pii.email"}},
      {"UPDATE SET scalar subquery",
       "UPDATE sink s SET v = (SELECT name FROM customers c WHERE c.id = s.id)", "public.sink.v", {"pii.name"}},
      {"MERGE update", "MERGE INTO sink s USING customers c ON s.id = c.id WHEN MATCHED THEN UPDATE SET v = c.email",
       "public.sink.v", {"pii.email"}},
      {"MERGE insert",
       "MERGE INTO sink s USING customers c ON s.id = c.id WHEN NOT MATCHED THEN INSERT (id, w) VALUES (c.id, c.name)",
       "public.sink.w", {"pii.name"}},
      {"data-modifying CTE feeding an INSERT",
       "WITH moved AS (DELETE FROM customers RETURNING id, email) INSERT INTO sink (id, v) SELECT id, email FROM moved",
       "public.sink.v", {"pii.email"}},
      {"INSERT inside a data-modifying CTE",
       "WITH ins AS (INSERT INTO sink (id, w) SELECT id, name FROM customers RETURNING id) SELECT count(*) FROM ins",
       "public.sink.w", {"pii.name"}},
  };
  for (const Case& k : cases) {
    CAPTURE(k.what);
    Catalog c = Derive(k.sql);
    CHECK(TagsOf(c, k.column) == k.tags);
    // Recorded as derived, with where.
    auto id = c.FindColumnByQName(k.column);
    REQUIRE(id);
    REQUIRE(!c.column(*id).derived.empty());
    CHECK(c.column(*id).derived.front().where == "etl.sql:1");
  }
}

TEST_CASE("derivations that carry no tags") {
  struct Case {
    const char* what;
    const char* sql;
    const char* column;
  };
  const Case cases[] = {
      {"count(*)", "CREATE TABLE t AS SELECT count(*) AS n FROM customers", "public.t.n"},
      {"count(column)", "CREATE TABLE t AS SELECT count(email) AS n FROM customers", "public.t.n"},
      {"count(DISTINCT column) as a window", "CREATE TABLE t AS SELECT count(DISTINCT email) AS n FROM customers",
       "public.t.n"},
      {"EXISTS", "CREATE TABLE t AS SELECT EXISTS (SELECT 1 FROM customers WHERE email LIKE '%@x') AS b",
       "public.t.b"},
      {"filter only", "CREATE TABLE t AS SELECT id FROM customers WHERE email IS NOT NULL", "public.t.id"},
      {"join key only", "CREATE TABLE t AS SELECT s.id FROM sink s JOIN customers c ON c.email = s.v", "public.t.id"},
      {"literal", "INSERT INTO sink (id, v) SELECT id, 'redacted' FROM customers", "public.sink.v"},
  };
  for (const Case& k : cases) {
    CAPTURE(k.what);
    Catalog c = Derive(k.sql);
    CHECK(TagsOf(c, k.column).empty());
  }
}

TEST_CASE("chains of derivations name every step") {
  Catalog c = Derive(
      "CREATE TABLE f1 AS SELECT lower(email) AS e FROM customers;\n"
      "CREATE TABLE f2 AS SELECT e AS g FROM f1;");
  CHECK(TagsOf(c, "public.f2.g") == V{"pii.email"});
  auto id = c.FindColumnByQName("public.f2.g");
  REQUIRE(id);
  CHECK(c.DerivationChain(*id) == "public.f1.e at etl.sql:2 <- public.customers.email at etl.sql:1");
}

TEST_CASE("repository flow: order does not matter, cycles end") {
  const std::string etl = "CREATE TABLE features AS SELECT id, lower(email) AS e FROM customers;";
  const std::string train = "INSERT INTO sink (id, v) SELECT id, e FROM features;";
  const std::string back = "INSERT INTO features (id, e) SELECT id, w FROM sink;";  // a cycle sink.w <- features.e
  const std::string tagger = "COMMENT ON COLUMN sink.w IS 'govern:tags=secret';";
  auto run = [&](std::vector<FlowInput> inputs) {
    Catalog c;
    REQUIRE(LoadDdl(kBase, "base.sql", &c).ok());
    FlowReport r = ApplyCatalogFlow(std::move(inputs), &c);
    CHECK(r.converged);
    return std::make_pair(TagsOf(c, "public.sink.v"), TagsOf(c, "public.features.e"));
  };
  auto a = run({{"a_etl.sql", etl}, {"b_train.sql", train}, {"c_back.sql", back}, {"d_tags.sql", tagger}});
  auto b = run({{"d_tags.sql", tagger}, {"c_back.sql", back}, {"b_train.sql", train}, {"a_etl.sql", etl}});
  CHECK(a == b);
  CHECK(a.first == V{"pii.email", "secret"});  // sink.v <- features.e, which the cycle tagged
  // features.e gets `secret` back through the cycle (sink.w is tagged by a later file).
  CHECK(a.second == V{"pii.email", "secret"});
}

TEST_CASE("tags files declared after the DDL still reach derived columns") {
  // LoadCatalogSources loads .sql first and tags files last; derivation is repeated.
  Catalog c;
  REQUIRE(LoadDdl("CREATE TABLE c (email text); CREATE TABLE f AS SELECT email AS e FROM c;", "s.sql", &c).ok());
  CHECK(TagsOf(c, "public.f.e").empty());
  REQUIRE(LoadTags("public.c.email\tpii.email\n", "tags.tsv", &c).ok());
  DdlOptions derive_only;
  derive_only.structure = false;
  size_t added = 0;
  REQUIRE(LoadDdl("CREATE TABLE c (email text); CREATE TABLE f AS SELECT email AS e FROM c;", "s.sql", &c, nullptr,
                  derive_only, &added)
              .ok());
  CHECK(added == 1);
  CHECK(TagsOf(c, "public.f.e") == V{"pii.email"});
}

TEST_CASE("CREATE SCHEMA with several view elements gives every view its columns") {
  Catalog c;
  CatalogWarnings warnings;
  Status s = LoadDdl(
      "CREATE TABLE public.customers (id int, email text);\n"
      "CREATE SCHEMA s\n"
      "  CREATE VIEW a AS SELECT id, email FROM public.customers\n"
      "  CREATE VIEW b AS SELECT email AS m FROM public.customers WHERE id > 0\n"
      "  CREATE TABLE t (x int)\n"
      "  CREATE VIEW c AS SELECT 'create' AS word, \"grant\" FROM (SELECT 1 AS \"grant\") q;",
      "schema.sql", &c, &warnings);
  REQUIRE(s.ok());
  CHECK(warnings.empty());
  auto cols = [&](std::string_view t) {
    std::vector<std::string> out;
    auto id = c.FindTable("s", t);
    REQUIRE(id);
    for (int32_t col : c.table(*id).columns) out.push_back(c.column(col).name);
    return out;
  };
  CHECK(cols("a") == V{"id", "email"});
  CHECK(cols("b") == V{"m"});
  CHECK(cols("t") == V{"x"});
  CHECK(cols("c") == V{"word", "grant"});
}
