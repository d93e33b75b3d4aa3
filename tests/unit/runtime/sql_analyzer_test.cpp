#include <doctest/doctest.h>

#include <string>

#include "core/json.h"
#include "sql/analyzer.h"
#include "sql/facts_json.h"
#include "sql_test_util.h"

using namespace govern;
using govern::testing::ShopCatalog;
using govern::testing::Sorted;
using govern::testing::SortedStrings;
using govern::testing::UsageOf;
using V = std::vector<std::string>;

TEST_CASE("statement positions are relative to the whole input") {
  Analyzer analyzer(nullptr);
  FactsStore store;
  std::string sql = "select 1;\n  -- comment\n  select 2;\n\n/* x */ update t set a = 1";
  AnalysisResult r = analyzer.Analyze(sql, store);
  REQUIRE(r.statements.size() == 3);
  CHECK(r.statements[0].pos.line == 1);
  CHECK(r.statements[0].pos.column == 1);
  CHECK(r.statements[1].pos.line == 3);
  CHECK(r.statements[1].pos.column == 3);
  CHECK(sql.substr(r.statements[1].pos.offset, r.statements[1].pos.length) == "select 2");
  CHECK(r.statements[2].pos.line == 5);
  CHECK(r.statements[2].pos.column == 9);
  CHECK(r.statements[2].kind == StatementKind::k_update);
}

TEST_CASE("one bad statement is one diagnostic; the others keep their facts") {
  Analyzer analyzer(nullptr);
  FactsStore store;
  std::string sql = "select a from t;\nselect from where;\nselect $$;;$$, 'it''s;' from u;\ndelete from v";
  AnalysisResult r = analyzer.Analyze(sql, store);
  REQUIRE(r.errors.size() == 1);
  CHECK(r.errors[0].pos.line == 2);
  CHECK(r.errors[0].message.find("syntax error") != std::string::npos);
  REQUIRE(r.statements.size() == 3);
  CHECK(r.statements[1].pos.line == 3);
  CHECK(r.statements[2].kind == StatementKind::k_delete);
  CHECK(r.statements[2].pos.line == 4);
  CHECK(r.errors[0].statement_index == 1);
}

TEST_CASE("error column counts bytes after multi-byte characters") {
  Analyzer analyzer(nullptr);
  FactsStore store;
  AnalysisResult r = analyzer.Analyze("select 'é' frm t", store);
  REQUIRE(r.errors.size() == 1);
  CHECK(r.errors[0].pos.column == 17);  // "t": character 16, byte column 17 ('é' is two bytes)
}

TEST_CASE("columns resolve through aliases, CTEs and subqueries with lineage") {
  Catalog catalog = ShopCatalog();
  Analyzer analyzer(&catalog);
  FactsStore store;
  AnalysisResult r = analyzer.Analyze(
      "WITH x AS (SELECT c.email AS mail, c.id FROM customers c) "
      "SELECT upper(s.mail) AS m, s.id, (SELECT sum(total) FROM orders o WHERE o.customer_id = s.id) AS spent "
      "FROM (SELECT * FROM x) s WHERE s.id > 3 ORDER BY 1",
      store);
  REQUIRE(r.statements.size() == 1);
  const StatementFacts& f = r.statements[0];
  CHECK(f.kind == StatementKind::k_select);
  CHECK(f.has_where);
  CHECK(Sorted(f.reads) ==
        V{"public.customers.email", "public.customers.id", "public.orders.customer_id", "public.orders.total"});
  CHECK((UsageOf(f, "public.customers.id") & kUseFiltered) != 0);
  CHECK((UsageOf(f, "public.customers.email") & kUseOrdered) != 0);
  CHECK((UsageOf(f, "public.customers.email") & kUseProjected) != 0);
  REQUIRE(f.outputs.size() == 3);
  CHECK(f.outputs[0].name == "m");
  CHECK(f.outputs[0].derivation == Derivation::kTransformed);
  CHECK(Sorted(f.outputs[0].sources) == V{"public.customers.email"});
  CHECK(f.outputs[1].derivation == Derivation::kDirect);
  CHECK(f.outputs[2].derivation == Derivation::kAggregated);
  CHECK(Sorted(f.outputs[2].sources) == V{"public.orders.total"});
  CHECK(f.unresolved.empty());
  CHECK(f.reads[0].column_id >= 0);
}

TEST_CASE("views expand recursively to base columns") {
  Catalog catalog = ShopCatalog();
  Analyzer analyzer(&catalog);
  FactsStore store;
  AnalysisResult r = analyzer.Analyze("SELECT email FROM big_spenders", store);
  const StatementFacts& f = r.statements[0];
  REQUIRE(f.outputs.size() == 1);
  // The view columns used (kUseView) come with the base columns behind them.
  CHECK(Sorted(f.outputs[0].sources) ==
        V{"public.big_spenders.email", "public.customer_emails.email", "public.customers.email"});
  CHECK(f.outputs[0].derivation == Derivation::kTransformed);
  // The views' join and filter columns are read, their unused outputs are not.
  CHECK(Sorted(f.reads) == V{"public.big_spenders.email", "public.customer_emails.email", "public.customer_emails.id",
                             "public.customers.email", "public.customers.id", "public.customers.name",
                             "public.orders.customer_id"});
  CHECK(UsageOf(f, "public.customer_emails.id") == (kUseJoined | kUseView));
  CHECK(UsageOf(f, "public.customers.id") == kUseJoined);
  CHECK(UsageOf(f, "public.big_spenders.email") == (kUseProjected | kUseView));
}

TEST_CASE("star expansion is marked and unknown tables are best effort") {
  Catalog catalog = ShopCatalog();
  Analyzer analyzer(&catalog);
  FactsStore store;
  AnalysisResult r = analyzer.Analyze("SELECT o.* FROM orders o", store);
  CHECK(r.statements[0].reads.size() == 4);
  CHECK((UsageOf(r.statements[0], "public.orders.total") & kUseStar) != 0);

  Analyzer bare(nullptr);
  r = bare.Analyze("SELECT a, t.b FROM s.t; SELECT x FROM t1, t2; SELECT * FROM u", store);
  CHECK(Sorted(r.statements[0].reads) == V{"s.t.a", "s.t.b"});
  CHECK(r.statements[1].reads.empty());
  REQUIRE(r.statements[1].unresolved.size() == 1);
  CHECK(r.statements[1].unresolved[0].reason == "ambiguous column");
  REQUIRE(r.statements[2].unresolved.size() == 1);
  CHECK(r.statements[2].unresolved[0].name == "public.u.*");
}

TEST_CASE("unknown names with a catalog are reported, never dropped") {
  Catalog catalog = ShopCatalog();
  Analyzer analyzer(&catalog);
  FactsStore store;
  AnalysisResult r = analyzer.Analyze("SELECT c.emial FROM customers c JOIN nowhere n ON n.id = c.id", store);
  const StatementFacts& f = r.statements[0];
  V names;
  for (const UnresolvedFact& u : f.unresolved) names.emplace_back(u.name);
  std::sort(names.begin(), names.end());
  CHECK(names == V{"public.customers.emial", "public.nowhere"});
  CHECK(Sorted(f.reads) == V{"public.customers.id", "public.nowhere.id"});
}

TEST_CASE("search path, quoting and case folding") {
  Catalog catalog = ShopCatalog();
  AnalyzerOptions options;
  options.search_path = {"crm", "public"};
  Analyzer analyzer(&catalog, options);
  FactsStore store;
  AnalysisResult r = analyzer.Analyze("SELECT BODY, \"Zip Code\" FROM Notes, PUBLIC.customers", store);
  CHECK(Sorted(r.statements[0].reads) == V{"crm.notes.body", "public.customers.Zip Code"});
  CHECK(r.statements[0].unresolved.empty());
}

TEST_CASE("where true is not a where; limit all is not a limit") {
  Analyzer analyzer(nullptr);
  FactsStore store;
  AnalysisResult r = analyzer.Analyze(
      "DELETE FROM t WHERE true; UPDATE t SET a = 1 WHERE 1 = 1; DELETE FROM t WHERE id = 1;"
      "SELECT * FROM t LIMIT ALL; SELECT * FROM t FETCH FIRST 3 ROWS ONLY; DELETE FROM t WHERE 1=1 AND 'a'='a'",
      store);
  REQUIRE(r.statements.size() == 6);
  CHECK_FALSE(r.statements[0].has_where);
  CHECK_FALSE(r.statements[1].has_where);
  CHECK(r.statements[2].has_where);
  CHECK_FALSE(r.statements[3].has_limit);
  CHECK(r.statements[4].has_limit);
  CHECK_FALSE(r.statements[5].has_where);
}

TEST_CASE("statement kinds") {
  Analyzer analyzer(nullptr);
  FactsStore store;
  struct Case {
    const char* sql;
    StatementKind kind;
  };
  const Case cases[] = {
      {"DROP TABLE a", StatementKind::k_drop_table},
      {"DROP SCHEMA s CASCADE", StatementKind::k_drop_schema},
      {"DROP MATERIALIZED VIEW v", StatementKind::k_drop_view},
      {"ALTER TABLE t DROP COLUMN a, DROP COLUMN b", StatementKind::k_drop_column},
      {"ALTER TABLE t DROP COLUMN a, ADD COLUMN c int", StatementKind::k_alter_table},
      {"ALTER TABLE t RENAME TO u", StatementKind::k_alter_table},
      {"ALTER TABLE t SET SCHEMA s", StatementKind::k_alter_table},
      {"ALTER SEQUENCE s RENAME TO q", StatementKind::k_rename},
      {"TRUNCATE a, b", StatementKind::k_truncate},
      {"EXPLAIN SELECT 1", StatementKind::k_explain},
      {"EXPLAIN ANALYZE DELETE FROM t", StatementKind::k_delete},
      {"EXPLAIN (ANALYZE, BUFFERS) UPDATE t SET a = 1", StatementKind::k_update},
      {"CREATE TABLE x AS SELECT 1", StatementKind::k_create_table_as},
      {"SELECT 1 INTO x", StatementKind::k_create_table_as},
      {"GRANT SELECT ON t TO bob", StatementKind::k_grant},
      {"REVOKE SELECT ON t FROM bob", StatementKind::k_revoke},
      {"BEGIN", StatementKind::k_transaction},
      {"SET search_path = a", StatementKind::k_set},
      {"VACUUM t", StatementKind::k_vacuum},
      {"CALL p(1)", StatementKind::k_call},
      {"PREPARE q AS SELECT 1", StatementKind::k_prepare},
      {"EXECUTE q", StatementKind::k_execute},
      {"COPY t TO STDOUT", StatementKind::k_copy},
      {"CREATE INDEX i ON t (a)", StatementKind::k_create_index},
      {"CREATE EXTENSION pgcrypto", StatementKind::k_create_other},
      {"CHECKPOINT", StatementKind::k_utility},
      {"LISTEN x", StatementKind::k_listen_notify},
      {"WITH d AS (DELETE FROM t RETURNING *) SELECT * FROM d", StatementKind::k_delete},
  };
  for (const Case& c : cases) {
    AnalysisResult r = analyzer.Analyze(c.sql, store);
    INFO(c.sql);
    REQUIRE(r.statements.size() == 1);
    CHECK(StatementKindName(r.statements[0].kind) == StatementKindName(c.kind));
  }
}

TEST_CASE("writes, targets and RETURNING") {
  Catalog catalog = ShopCatalog();
  Analyzer analyzer(&catalog);
  FactsStore store;
  AnalysisResult r = analyzer.Analyze(
      "INSERT INTO orders (id, total) SELECT id, 0 FROM customers RETURNING id;"
      "UPDATE orders o SET total = c.id FROM customers c WHERE c.id = o.customer_id;"
      "DELETE FROM orders USING customers c WHERE c.id = orders.customer_id RETURNING c.email;"
      "INSERT INTO orders VALUES (1, 2, 3, now());",
      store);
  REQUIRE(r.statements.size() == 4);
  CHECK(Sorted(r.statements[0].writes) == V{"public.orders.id", "public.orders.total"});
  CHECK(SortedStrings(r.statements[0].targets) == V{"public.orders"});
  REQUIRE(r.statements[0].outputs.size() == 1);
  CHECK(Sorted(r.statements[1].writes) == V{"public.orders.total"});
  CHECK(r.statements[1].has_where);
  CHECK(Sorted(r.statements[2].outputs[0].sources) == V{"public.customers.email"});
  CHECK(r.statements[3].writes.size() == 4);  // no column list: every column
}

TEST_CASE("MERGE and COPY") {
  Catalog catalog = ShopCatalog();
  Analyzer analyzer(&catalog);
  FactsStore store;
  AnalysisResult r = analyzer.Analyze(
      "MERGE INTO orders o USING customers c ON o.customer_id = c.id "
      "WHEN MATCHED THEN UPDATE SET total = 0 WHEN NOT MATCHED THEN INSERT (id, customer_id) VALUES (c.id, c.id);"
      "COPY customers (email) TO '/tmp/x.csv';"
      "COPY orders FROM PROGRAM 'curl http://x';"
      "COPY (SELECT name FROM customers) TO STDOUT",
      store);
  REQUIRE(r.statements.size() == 4);
  CHECK(r.statements[0].kind == StatementKind::k_merge);
  CHECK(Sorted(r.statements[0].writes) == V{"public.orders.customer_id", "public.orders.id", "public.orders.total"});
  CHECK(r.statements[1].server_io);
  CHECK(Sorted(r.statements[1].reads) == V{"public.customers.email"});
  CHECK(SortedStrings(r.statements[1].functions) == V{"copy:to_file"});
  CHECK(r.statements[2].server_io);
  CHECK(r.statements[2].writes.size() == 4);
  CHECK_FALSE(r.statements[3].server_io);
  CHECK(Sorted(r.statements[3].reads) == V{"public.customers.name"});
}

TEST_CASE("deep nesting is a diagnostic, not a crash") {
  Analyzer analyzer(nullptr);
  FactsStore store;
  std::string parens = "SELECT " + std::string(10000, '(') + "1" + std::string(10000, ')');
  AnalysisResult r = analyzer.Analyze(parens, store);
  CHECK(r.statements.size() + r.errors.size() == 1);
  std::string subqueries;
  for (int i = 0; i < 10000; ++i) subqueries += "SELECT (";
  subqueries += "1";
  for (int i = 0; i < 10000; ++i) subqueries += ")";
  r = analyzer.Analyze(subqueries, store);
  CHECK(r.statements.empty());
  REQUIRE(r.errors.size() == 1);
  std::string exprs = "SELECT " ;
  for (int i = 0; i < 3000; ++i) exprs += "a + (";
  exprs += "1" + std::string(3000, ')') + " FROM t; SELECT 1";
  r = analyzer.Analyze(exprs, store);
  CHECK(r.errors.size() == 1);
  CHECK(r.statements.size() == 1);
}

TEST_CASE("an analyzer and store are reusable and stable") {
  Catalog catalog = ShopCatalog();
  Analyzer analyzer(&catalog);
  FactsStore store;
  AnalysisResult result;
  std::string first;
  for (int i = 0; i < 50; ++i) {
    analyzer.Analyze("SELECT e.email, count(*) FROM big_spenders e GROUP BY 1; garbage; UPDATE orders SET total = 1",
                     store, &result);
    std::string json = FactsToJson(result);
    if (i == 0) first = json;
    CHECK(json == first);
  }
  size_t capacity = store.arena_capacity();
  for (int i = 0; i < 50; ++i) analyzer.Analyze("SELECT email FROM customers", store, &result);
  CHECK(store.arena_capacity() == capacity);
}

namespace {
std::vector<std::string> OutputNames(const StatementFacts& f) {
  std::vector<std::string> v;
  for (const OutputFact& o : f.outputs) v.emplace_back(o.name);
  return v;
}
}  // namespace

TEST_CASE("scalar subqueries feed their output; they never add outputs (VALUES, FROM, CTE, UNION)") {
  Catalog catalog = ShopCatalog();
  Analyzer analyzer(&catalog);
  FactsStore store;
  AnalysisResult r = analyzer.Analyze(
      "VALUES ((SELECT 1), (SELECT email FROM customers LIMIT 1));"
      "SELECT * FROM (VALUES ((SELECT 1), (SELECT email FROM customers LIMIT 1))) v;"
      "WITH c AS (VALUES ((SELECT 1), (SELECT email FROM customers))) SELECT * FROM c;"
      "SELECT v.column2 FROM (VALUES (1, (SELECT name FROM customers)), (2, 'x')) v;"
      "SELECT 1 AS a, (SELECT email FROM customers) AS b UNION SELECT (SELECT id FROM orders), name FROM customers;"
      "INSERT INTO orders (id) VALUES ((SELECT id FROM customers)) RETURNING (SELECT 1), id;"
      "SELECT (VALUES ((SELECT email FROM customers))) AS e, id FROM orders",
      store);
  REQUIRE(r.errors.empty());
  REQUIRE(r.statements.size() == 7);
  for (int i = 0; i < 3; ++i) {
    const StatementFacts& f = r.statements[static_cast<size_t>(i)];
    CAPTURE(i);
    REQUIRE(OutputNames(f) == V{"column1", "column2"});
    CHECK(f.outputs[0].sources.empty());
    CHECK(Sorted(f.outputs[1].sources) == V{"public.customers.email"});
    for (const ColumnFact& c : f.output_sources) CHECK(c.output == 1);
  }
  REQUIRE(OutputNames(r.statements[3]) == V{"column2"});
  CHECK(Sorted(r.statements[3].outputs[0].sources) == V{"public.customers.name"});
  const StatementFacts& u = r.statements[4];
  REQUIRE(OutputNames(u) == V{"a", "b"});
  CHECK(Sorted(u.outputs[0].sources) == V{"public.orders.id"});
  CHECK(Sorted(u.outputs[1].sources) == V{"public.customers.email", "public.customers.name"});
  REQUIRE(OutputNames(r.statements[5]) == V{"?column?", "id"});
  CHECK(Sorted(r.statements[5].outputs[1].sources) == V{"public.orders.id"});
  REQUIRE(OutputNames(r.statements[6]) == V{"e", "id"});
  CHECK(Sorted(r.statements[6].outputs[0].sources) == V{"public.customers.email"});
}

TEST_CASE("SET search_path, RESET and set_config change resolution for the following statements") {
  Catalog catalog;
  REQUIRE(LoadDdl(R"sql(
    CREATE TABLE customer (id int, email text);
    CREATE SCHEMA billing;
    CREATE TABLE billing.cards (id int, pan text);
    CREATE TABLE billing.customer (id int, card text);
    CREATE SCHEMA "Ops";
    CREATE TABLE "Ops".cards (id int, note text);
  )sql", "bill.sql", &catalog).ok());
  Analyzer analyzer(&catalog);
  FactsStore store;
  auto reads = [&](const AnalysisResult& r, size_t i) {
    REQUIRE(i < r.statements.size());
    return Sorted(r.statements[i].reads);
  };
  AnalysisResult r = analyzer.Analyze(
      "SELECT pan FROM cards;"                                       // 0: public: unknown
      "SET search_path TO billing;"                                  // 1
      "SELECT pan FROM cards; SELECT card FROM customer;"            // 2, 3
      "RESET search_path; SELECT email FROM customer;"               // 4, 5
      "SET SESSION search_path = billing, public; SELECT pan FROM cards;"  // 6, 7
      "SET search_path TO DEFAULT; SELECT email FROM customer;"      // 8, 9
      "SELECT pg_catalog.set_config('search_path', ' \"Ops\" , Billing', false);"  // 10
      "SELECT note FROM cards; SELECT card FROM customer;"           // 11, 12
      "BEGIN; SET LOCAL search_path TO public; SELECT email FROM customer; COMMIT;"  // 13-16
      "SELECT note FROM cards;"                                      // 17: back to the session path
      "PREPARE p AS SELECT set_config('search_path', 'public', false); SELECT note FROM cards;"  // 18, 19
      "RESET ALL; SELECT email FROM customer",                       // 20, 21
      store);
  REQUIRE(r.errors.empty());
  REQUIRE(r.statements.size() == 22);
  CHECK(reads(r, 0) == V{"public.cards.pan"});
  CHECK(r.statements[0].unresolved.size() == 1);
  CHECK(r.statements[1].kind == StatementKind::k_set);
  CHECK(reads(r, 2) == V{"billing.cards.pan"});
  CHECK(r.statements[2].unresolved.empty());
  CHECK(reads(r, 3) == V{"billing.customer.card"});
  CHECK(reads(r, 5) == V{"public.customer.email"});
  CHECK(reads(r, 7) == V{"billing.cards.pan"});
  CHECK(reads(r, 9) == V{"public.customer.email"});
  CHECK(reads(r, 11) == V{"Ops.cards.note"});
  CHECK(reads(r, 12) == V{"billing.customer.card"});
  CHECK(reads(r, 15) == V{"public.customer.email"});
  CHECK(reads(r, 17) == V{"Ops.cards.note"});
  CHECK(reads(r, 19) == V{"Ops.cards.note"});
  CHECK(reads(r, 21) == V{"public.customer.email"});
  CHECK(r.statements[21].unresolved.empty());

  // Every Analyze() starts again from the configured path.
  r = analyzer.Analyze("SELECT email FROM customer", store);
  CHECK(reads(r, 0) == V{"public.customer.email"});
  r = analyzer.Analyze("SET search_path TO billing; SELECT card FROM customer", store);
  CHECK(reads(r, 1) == V{"billing.customer.card"});
  r = analyzer.Analyze("SELECT email FROM customer", store);
  CHECK(reads(r, 0) == V{"public.customer.email"});
  // Unknown tables are reported in the first schema of the current path.
  r = analyzer.Analyze("SET search_path TO \"$user\", billing; SELECT x FROM nowhere", store);
  REQUIRE(r.statements.size() == 2);
  REQUIRE(r.statements[1].unresolved.size() == 1);
  CHECK(r.statements[1].unresolved[0].name == "billing.nowhere");
}

TEST_CASE("columns of expanded views are reported with their catalog ids, tags and positions") {
  Catalog catalog;
  REQUIRE(LoadDdl(R"sql(
    CREATE TABLE address (id int, country text, city text);
    CREATE TABLE customer (id int, address_id int, email text);
    CREATE VIEW customer_list AS
      SELECT cu.id, a.country, upper(a.city) AS city FROM customer cu JOIN address a ON a.id = cu.address_id;
    CREATE VIEW renamed (ident, land) AS SELECT id, country FROM customer_list;
    COMMENT ON COLUMN customer_list.country IS 'govern:tags=geo.country';
  )sql", "views.sql", &catalog).ok());
  auto view_id = catalog.FindTable("public", "customer_list");
  REQUIRE(view_id);
  auto country = catalog.FindColumn(*view_id, "country");
  REQUIRE(country);
  REQUIRE(catalog.column(*country).tags.size() == 1);
  Analyzer analyzer(&catalog);
  FactsStore store;
  AnalysisResult r = analyzer.Analyze(
      "SELECT country, id FROM customer_list WHERE city = 'X';"
      "SELECT * FROM customer_list;"
      "SELECT land FROM renamed",
      store);
  REQUIRE(r.errors.empty());
  REQUIRE(r.statements.size() == 3);
  const StatementFacts& f = r.statements[0];
  CHECK(f.unresolved.empty());
  const ColumnFact* read = nullptr;
  for (const ColumnFact& c : f.reads)
    if (c.name == "public.customer_list.country") read = &c;
  REQUIRE(read != nullptr);
  CHECK(read->column_id == *country);
  CHECK(read->table_id == *view_id);
  CHECK(read->usage == (kUseProjected | kUseView));
  CHECK(UsageOf(f, "public.customer_list.city") == (kUseFiltered | kUseView));
  CHECK(UsageOf(f, "public.address.country") == kUseProjected);  // base columns as before
  REQUIRE(f.outputs.size() == 2);
  CHECK(Sorted(f.outputs[0].sources) == V{"public.address.country", "public.customer_list.country"});
  bool has_view_source = false;
  for (const ColumnFact& c : f.outputs[0].sources)
    if (c.column_id == *country && c.output == 0) has_view_source = true;
  CHECK(has_view_source);
  CHECK(Sorted(f.outputs[1].sources) == V{"public.customer.id", "public.customer_list.id"});
  bool view_table_read = false;
  for (const TableFact& t : f.tables)
    if (t.name == "public.customer_list" && t.table_id == *view_id && (t.access & kAccessRead) != 0)
      view_table_read = true;
  CHECK(view_table_read);
  // `*` over a view: every view column, marked star.
  CHECK((UsageOf(r.statements[1], "public.customer_list.city") & (kUseStar | kUseView)) == (kUseStar | kUseView));
  REQUIRE(r.statements[1].outputs.size() == 3);
  CHECK(Sorted(r.statements[1].outputs[2].sources) == V{"public.address.city", "public.customer_list.city"});
  // A view with a column list: its own names, through the inner view.
  const StatementFacts& g = r.statements[2];
  CHECK(g.unresolved.empty());
  REQUIRE(g.outputs.size() == 1);
  CHECK(Sorted(g.outputs[0].sources) ==
        V{"public.address.country", "public.customer_list.country", "public.renamed.land"});
}

TEST_CASE("constant predicates: constant-true WHERE is no WHERE, constant-false and non-constant are real") {
  Analyzer analyzer(nullptr);
  FactsStore store;
  const char* no_where[] = {
      "WHERE NOT false", "WHERE 2 > 1", "WHERE true::boolean", "WHERE 'a' = 'a'", "WHERE 1 = 1 AND true",
      "WHERE (true)", "WHERE NULL IS NULL", "WHERE 1<>0", "WHERE 5=5", "WHERE 'yes'", "WHERE 't'::bool",
      "WHERE 1::bool", "WHERE '1' = 1", "WHERE -1 < 0", "WHERE -1 <> 0", "WHERE 0 = 0", "WHERE 1 + 1 = 2",
      "WHERE 1 IS NOT NULL", "WHERE true IS TRUE", "WHERE NULL IS NOT TRUE", "WHERE false IS FALSE",
      "WHERE 1::text = '1'", "WHERE NULL IS NOT DISTINCT FROM NULL", "WHERE 1 IS DISTINCT FROM 2",
      "WHERE id = 3 OR true", "WHERE NOT (1 = 2)", "WHERE 1.5 = 1.5", "WHERE CAST(NULL AS int) IS NULL",
      "WHERE 'on'::boolean AND 'TRUE'::bool", "WHERE true = 't'",
  };
  for (const char* where : no_where) {
    CAPTURE(where);
    for (const char* prefix : {"DELETE FROM t ", "UPDATE t SET a = 1 ", "SELECT * FROM t "}) {
      AnalysisResult r = analyzer.Analyze(std::string(prefix) + where, store);
      REQUIRE(r.errors.empty());
      REQUIRE(r.statements.size() == 1);
      CHECK_FALSE(r.statements[0].has_where);
    }
  }
  const char* real_where[] = {
      "WHERE false", "WHERE NULL", "WHERE 1 = 2", "WHERE NOT true", "WHERE 1 > 2", "WHERE -1 = 0",
      "WHERE -1 > 0", "WHERE 0 = -1", "WHERE id = 1", "WHERE id = id", "WHERE 1 = 1 AND id = 2",
      "WHERE NULL = NULL", "WHERE NOT NULL", "WHERE 'b' > 'a'", "WHERE random() < 2", "WHERE $1",
      "WHERE 1 = 1 AND false", "WHERE 'a' = 'b'", "WHERE 1.0 = 1.00", "WHERE 'x'::varchar(1) = 'xy'",
      "WHERE 9223372036854775807 + 1 > 0", "WHERE (SELECT true)", "WHERE true IS NOT TRUE",
      "WHERE 'no'", "WHERE 1 IS NULL", "WHERE 1 IS DISTINCT FROM 1",
  };
  for (const char* where : real_where) {
    CAPTURE(where);
    for (const char* prefix : {"DELETE FROM t ", "UPDATE t SET a = 1 ", "SELECT * FROM t "}) {
      AnalysisResult r = analyzer.Analyze(std::string(prefix) + where, store);
      REQUIRE(r.errors.empty());
      REQUIRE(r.statements.size() == 1);
      CHECK(r.statements[0].has_where);
    }
  }
  // Positions of negative literals are read from the statement's own text.
  AnalysisResult r = analyzer.Analyze("SELECT 1; DELETE FROM t WHERE -7 = -7; DELETE FROM t WHERE -7 = -8", store);
  REQUIRE(r.statements.size() == 3);
  CHECK_FALSE(r.statements[1].has_where);
  CHECK(r.statements[2].has_where);
  r = analyzer.Analyze("garbage here; DELETE FROM t WHERE -1 <> 0; DELETE FROM t WHERE -1 = 0", store);
  REQUIRE(r.statements.size() == 2);
  CHECK_FALSE(r.statements[0].has_where);
  CHECK(r.statements[1].has_where);
}

TEST_CASE("NUL bytes, invalid UTF-8 and a BOM never make input disappear") {
  Analyzer analyzer(nullptr);
  FactsStore store;
  std::string sql("SELECT 1 \0 ;DELETE FROM rental;", 31);
  AnalysisResult r = analyzer.Analyze(sql, store);
  REQUIRE(r.errors.size() == 1);
  CHECK(r.errors[0].message == "the SQL text contains a NUL byte");
  CHECK(r.errors[0].pos.offset == 9);
  CHECK(r.errors[0].pos.column == 10);
  CHECK(r.errors[0].statement_index == 0);
  REQUIRE(r.statements.size() == 1);
  CHECK(r.statements[0].kind == StatementKind::k_delete);
  CHECK(r.statements[0].pos.offset == 12);
  CHECK_FALSE(r.statements[0].has_where);

  // A NUL inside a statement hides the rest of it from the parser: the
  // statement is a diagnostic, never facts of its truncated text.
  sql.assign("DELETE FROM t \0 WHERE id = 1; UPDATE u SET a = 1", 48);
  r = analyzer.Analyze(sql, store);
  REQUIRE(r.errors.size() == 1);
  CHECK(r.errors[0].pos.offset == 14);
  REQUIRE(r.statements.size() == 1);
  CHECK(r.statements[0].kind == StatementKind::k_update);
  CHECK(r.statements[0].pos.offset == 30);

  sql.assign("SELECT 1;\n-- trailing \0", 23);
  r = analyzer.Analyze(sql, store);
  REQUIRE(r.statements.size() == 1);
  REQUIRE(r.errors.size() == 1);
  CHECK(r.errors[0].pos.line == 2);
  CHECK(r.errors[0].statement_index == 1);

  // Invalid UTF-8: a diagnostic at the byte, not a confusing parser error.
  r = analyzer.Analyze("SELECT 1; SELECT 'a\xff' FROM t; SELECT \xc3" "A FROM u; SELECT 2", store);
  REQUIRE(r.errors.size() == 2);
  CHECK(r.errors[0].message == "invalid UTF-8 byte sequence in the SQL text");
  CHECK(r.errors[0].pos.offset == 19);
  CHECK(r.errors[0].statement_index == 1);
  CHECK(r.errors[1].pos.offset == 37);
  CHECK(r.errors[1].statement_index == 2);
  REQUIRE(r.statements.size() == 2);
  CHECK(r.statements[1].pos.offset == 48);
  // Valid multi-byte text is untouched.
  r = analyzer.Analyze("SELECT 'é€𝄞' FROM t", store);
  CHECK(r.errors.empty());
  CHECK(r.statements.size() == 1);

  // A BOM at the very start is skipped; offsets still count its bytes.
  r = analyzer.Analyze("\xEF\xBB\xBFSELECT a FROM t;\nDELETE FROM t", store);
  CHECK(r.errors.empty());
  REQUIRE(r.statements.size() == 2);
  CHECK(r.statements[0].pos.offset == 3);
  CHECK(r.statements[0].pos.column == 4);
  CHECK(r.statements[1].pos.line == 2);
  CHECK(r.statements[1].kind == StatementKind::k_delete);
}

TEST_CASE("psql meta-commands are diagnostics and do not swallow the next statement") {
  Analyzer analyzer(nullptr);
  FactsStore store;
  AnalysisResult r = analyzer.Analyze(
      "\\set ON_ERROR_STOP on\nDELETE FROM rental;\n\\i other.sql\nUPDATE t SET a = 1 WHERE id = 2;\n\\copy t FROM 'x.csv'",
      store);
  REQUIRE(r.errors.size() == 3);
  for (const ParseDiagnostic& d : r.errors) CHECK(d.message == "psql meta-command (not SQL)");
  CHECK(r.errors[0].pos.line == 1);
  CHECK(r.errors[0].statement_index == 0);
  CHECK(r.errors[1].pos.line == 3);
  CHECK(r.errors[1].statement_index == 2);
  CHECK(r.errors[2].pos.line == 5);
  REQUIRE(r.statements.size() == 2);
  CHECK(r.statements[0].kind == StatementKind::k_delete);
  CHECK(r.statements[0].pos.line == 2);
  CHECK(r.statements[1].kind == StatementKind::k_update);
  CHECK(r.statements[1].has_where);
}

TEST_CASE("facts JSON is valid UTF-8 even for invalid bytes in names and messages") {
  std::string out;
  AppendJsonString(&out, std::string_view("a\xff" "b\xc3\x28" "\xe2\x82" "\xed\xa0\x80" "é€𝄞\x01\"", 21));
  CHECK(out == "\"a\\ufffdb\\ufffd(\\ufffd\\ufffd\\ufffd\\ufffd\\ufffdé€𝄞\\u0001\\\"\"");
  // Through FactsToJson: names and diagnostics.
  AnalysisResult r;
  r.statements.emplace_back();
  UnresolvedFact u;
  u.name = "x\xfe";
  u.reason = "unknown table";
  r.statements[0].unresolved = std::span<const UnresolvedFact>(&u, 1);
  std::string json = FactsToJson(r);
  CHECK(json.find("\"x\\ufffd\"") != std::string::npos);
  ParseDiagnostic d;
  d.message = "bad \x80 byte";
  r.statements.clear();
  r.errors.push_back(d);
  json = FactsToJson(r);
  CHECK(json.find("bad \\ufffd byte") != std::string::npos);
}
