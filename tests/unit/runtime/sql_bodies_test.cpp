// Function bodies (SQL and PL/pgSQL), DO blocks and dynamic SQL: the
// statements inside a body are facts of their own, variables and parameters
// are not columns, and what cannot be read makes the statement opaque.
#include <doctest/doctest.h>

#include <string>
#include <vector>

#include "sql/analyzer.h"
#include "sql_test_util.h"

using namespace govern;
using govern::testing::ShopCatalog;
using govern::testing::Sorted;
using govern::testing::SortedStrings;
using V = std::vector<std::string>;

TEST_CASE("function bodies, DO blocks and dynamic SQL") {
  Catalog catalog = ShopCatalog();
  Analyzer analyzer(&catalog);
  FactsStore store;
  AnalysisResult r = analyzer.Analyze(
      "CREATE FUNCTION f(cid int) RETURNS text LANGUAGE sql AS $$ SELECT email FROM customers WHERE id = cid $$;"
      "DO $$ BEGIN DELETE FROM orders WHERE total = 0; EXECUTE 'TRUNCATE crm.notes'; END $$;"
      "DO $$ DECLARE t text := 'orders'; BEGIN EXECUTE 'DELETE FROM ' || t; END $$;"
      "CREATE FUNCTION g() RETURNS int LANGUAGE plpgsql AS $$ DECLARE n int; BEGIN "
      "  SELECT count(*) INTO n FROM orders WHERE placed > now(); RETURN n + pg_read_file('x')::int; END $$",
      store);
  // The four statements, each followed by the statements of its body.
  REQUIRE(r.statements.size() == 8);
  std::vector<const StatementFacts*> top;
  for (const StatementFacts& s : r.statements)
    if (s.enclosing < 0) top.push_back(&s);
  REQUIRE(top.size() == 4);
  CHECK(top[0]->kind == StatementKind::k_create_function);
  CHECK(Sorted(top[0]->reads) == V{"public.customers.email", "public.customers.id"});
  CHECK(top[0]->unresolved.empty());
  CHECK(top[1]->kind == StatementKind::k_do);
  CHECK(top[1]->opaque);  // every DO block is opaque; its facts are still reported
  CHECK(SortedStrings(top[1]->targets) == V{"crm.notes", "public.orders"});
  CHECK(top[2]->opaque);
  CHECK(Sorted(top[3]->reads) == V{"public.orders.placed"});
  CHECK(SortedStrings(top[3]->functions) == V{"count", "now", "pg_read_file"});
  CHECK(top[3]->unresolved.empty());

  // Body statements: their own kind, WHERE and position, and the enclosing
  // statement's index; parameters and variables are not columns.
  const StatementFacts& body_select = r.statements[1];
  CHECK(body_select.enclosing == 0);
  CHECK(body_select.kind == StatementKind::k_select);
  CHECK(body_select.has_where);
  CHECK(body_select.unresolved.empty());  // cid is the parameter
  CHECK(body_select.pos.column == 60);    // "SELECT email" inside $$ ... $$
  const StatementFacts& del = r.statements[3];
  CHECK(del.enclosing == 2);
  CHECK(del.kind == StatementKind::k_delete);
  CHECK(del.has_where);
  const StatementFacts& trunc = r.statements[4];
  CHECK(trunc.enclosing == 2);
  CHECK(trunc.kind == StatementKind::k_truncate);  // EXECUTE 'literal' is a statement too
  CHECK(SortedStrings(trunc.targets) == V{"crm.notes"});
  const StatementFacts& count = r.statements[7];
  CHECK(count.enclosing == 6);
  CHECK(count.kind == StatementKind::k_select);
  CHECK(count.unresolved.empty());  // `n` (INTO target) is a variable
}

TEST_CASE("PL/pgSQL expressions: lone literals are skipped, anything more is read") {
  // `RETURN 0`, loop bounds and constant assignments are not parsed (they read
  // nothing); a literal next to anything else still is.
  Catalog catalog = ShopCatalog();
  Analyzer analyzer(&catalog);
  FactsStore store;
  AnalysisResult r = analyzer.Analyze(
      "CREATE FUNCTION h() RETURNS text LANGUAGE plpgsql AS $$ DECLARE s text := 'x'; n int := 7; BEGIN "
      "  FOR i IN 1..10 LOOP n := 3; END LOOP;"
      "  s := 'it''s';"
      "  s := 'a' || (SELECT email FROM customers LIMIT 1);"
      "  IF n > '5' THEN RETURN (SELECT name FROM customers LIMIT 1); END IF;"
      "  RETURN '0'; END $$",
      store);
  REQUIRE(!r.statements.empty());
  const StatementFacts& f = r.statements[0];
  CHECK(f.kind == StatementKind::k_create_function);
  CHECK(Sorted(f.reads) == V{"public.customers.email", "public.customers.name"});
  CHECK(f.unresolved.empty());  // s, n, i are variables
  CHECK_FALSE(f.opaque);
}

TEST_CASE("a DELETE without WHERE inside a function body is a statement of its own") {
  Catalog catalog = ShopCatalog();
  Analyzer analyzer(&catalog);
  FactsStore store;
  AnalysisResult r = analyzer.Analyze(
      "SELECT 1;\n"
      "CREATE FUNCTION purge() RETURNS void LANGUAGE plpgsql AS $$\n"
      "BEGIN\n"
      "  DELETE FROM orders;\n"
      "  DO_NOT_PARSE;\n"
      "END $$;",
      store);
  // A body statement that does not parse makes the function opaque; the
  // statements that parse are still reported.
  REQUIRE(r.statements.size() == 3);
  CHECK(r.statements[1].opaque);
  CHECK(r.statements[2].kind == StatementKind::k_delete);
  // PL/pgSQL's own syntax errors: the body is opaque, with no statements.
  r = analyzer.Analyze("CREATE FUNCTION purge() RETURNS void LANGUAGE plpgsql AS $$ BEGIN DELETE FROM orders; $$",
                       store);
  REQUIRE(r.statements.size() == 1);
  CHECK(r.statements[0].opaque);
  r = analyzer.Analyze(
      "SELECT 1;\n"
      "CREATE FUNCTION purge() RETURNS void LANGUAGE plpgsql AS $$\n"
      "BEGIN\n"
      "  DELETE FROM orders;\n"
      "END $$;",
      store);
  REQUIRE(r.statements.size() == 3);
  const StatementFacts& del = r.statements[2];
  CHECK(del.enclosing == 1);
  CHECK(del.kind == StatementKind::k_delete);
  CHECK_FALSE(del.has_where);
  CHECK(del.pos.line == 4);
  CHECK(del.pos.column == 3);
  CHECK(SortedStrings(del.targets) == V{"public.orders"});
}

TEST_CASE("PL/pgSQL: statements are read as statements, assignment targets' subscripts are read") {
  Catalog catalog = ShopCatalog();
  Analyzer analyzer(&catalog);
  FactsStore store;
  auto body = [&](const std::string& code) {
    AnalysisResult r = analyzer.Analyze(
        "CREATE FUNCTION f() RETURNS SETOF int LANGUAGE plpgsql AS $$ DECLARE a int[]; r record; n int; BEGIN " + code +
            " END $$",
        store);
    REQUIRE(!r.statements.empty());
    return r.statements[0];
  };
  // What PostgreSQL parses as a whole statement (a SQL statement, FOR ... IN
  // query, RETURN QUERY, OPEN ... FOR, PERFORM, CALL) is not read again as an expression
  // when it does not parse: "SELECT johnny yuma" would be a column read.
  CHECK(body("Johnny Yuma;").opaque);
  CHECK(body("FOR r IN select I fought the law, the law won LOOP END LOOP;").opaque);
  CHECK(body("RETURN QUERY selct 1;").opaque);
  StatementFacts ok = body(
      "PERFORM length(email) FROM customers; FOR r IN SELECT name FROM customers LOOP END LOOP;"
      " RETURN QUERY SELECT id FROM orders; UPDATE orders SET total = 0 WHERE id = 1;");
  CHECK_FALSE(ok.opaque);
  CHECK(Sorted(ok.reads) == V{"public.customers.email", "public.customers.name", "public.orders.id"});
  // a[(SELECT ...)] := v reads what the subscript reads.
  StatementFacts sub = body("a[(SELECT max(length(email)) FROM customers)] := 1; a[n] := (SELECT 2);");
  CHECK_FALSE(sub.opaque);
  CHECK(Sorted(sub.reads) == V{"public.customers.email"});
  CHECK(sub.unresolved.empty());  // a and n are variables
  CHECK(body("a[(SELECT FROM WHERE)] := 1;").opaque);
  // EXECUTE ... USING: the parameters are expressions (read), not dynamic SQL;
  // the same in FOR ... IN EXECUTE.
  StatementFacts using_params = body(
      "FOR r IN EXECUTE 'SELECT id FROM orders WHERE total > $1' USING n LOOP END LOOP;"
      " EXECUTE 'DELETE FROM orders WHERE id = $1' USING (SELECT max(length(email)) FROM customers);");
  CHECK_FALSE(using_params.opaque);
  CHECK(Sorted(using_params.reads) == V{"public.customers.email", "public.orders.id", "public.orders.total"});
  CHECK(body("FOR r IN EXECUTE 'SELECT ' || n LOOP END LOOP;").opaque);
}
