// Kind classes, statement.modifies and statement.side_effects on facts from
// real SQL (the analyzer), one statement kind and side effect at a time.
#include <doctest/doctest.h>

#include <string>
#include <vector>

#include "facts/effects.h"
#include "sql/analyzer.h"
#include "sql_test_util.h"

using namespace govern;
using namespace govern::testing;

namespace {

struct Facts {
  Catalog catalog = ShopCatalog();
  Analyzer analyzer{&catalog};
  FactsStore store;
  AnalysisResult result;
  const StatementFacts& One(const std::string& sql) {
    result = analyzer.Analyze(sql, store);
    REQUIRE_MESSAGE(result.errors.empty(), sql);
    REQUIRE(!result.statements.empty());
    return result.statements.front();
  }
};

std::vector<std::string> Effects(const StatementFacts& f) {
  std::vector<std::string> out;
  size_t n = 0;
  const SideEffectInfo* table = SideEffectTable(&n);
  uint32_t bits = StatementSideEffects(f);
  for (size_t i = 0; i < n; ++i)
    if ((bits >> i) & 1) out.emplace_back(table[i].name);
  return out;
}

using V = std::vector<std::string>;

}  // namespace

TEST_CASE("kind classes partition the kinds") {
  size_t kinds = 0, classes = 0;
  const StatementKindInfo* k = StatementKindTable(&kinds);
  const KindClassInfo* c = KindClassTable(&classes);
  uint64_t all = 0;
  for (size_t i = 0; i < classes; ++i) {
    CHECK_MESSAGE((all & c[i].kinds) == 0, c[i].name);  // no kind in two classes
    CHECK_MESSAGE(c[i].kinds != 0, c[i].name);          // no empty class
    all |= c[i].kinds;
    CHECK_FALSE(StatementKindFromName(c[i].name).has_value());  // class names never shadow kinds
    CHECK(FindKindClass(c[i].name) == &c[i]);
  }
  for (size_t i = 0; i < kinds; ++i) {
    uint64_t bit = uint64_t{1} << static_cast<unsigned>(k[i].kind);
    CHECK((all & bit) != 0);
    CHECK((KindClassInfoOf(KindClassOf(k[i].kind)).kinds & bit) != 0);
  }
  CHECK(KindClassOf(StatementKind::k_select) == KindClass::k_read_only);
  CHECK(KindClassOf(StatementKind::k_truncate) == KindClass::k_dml);
  CHECK(KindClassOf(StatementKind::k_drop_table) == KindClass::k_ddl);
  CHECK(KindClassOf(StatementKind::k_transaction) == KindClass::k_transaction_control);
  CHECK(KindClassOf(StatementKind::k_set) == KindClass::k_session);
  CHECK(KindClassOf(StatementKind::k_unknown) == KindClass::k_unclassified);
}

TEST_CASE("statement.modifies: data, schema, roles and state; not reads, sessions or transactions") {
  Facts f;
  for (const char* sql : {"INSERT INTO orders (id) VALUES (1)", "UPDATE orders SET total = 0 WHERE id = 1",
                          "DELETE FROM orders WHERE id = 1", "TRUNCATE orders", "DROP TABLE orders",
                          "ALTER TABLE orders ADD COLUMN x int", "CREATE TABLE t (a int)", "GRANT SELECT ON orders TO bob",
                          "REVOKE SELECT ON orders FROM bob", "COMMENT ON TABLE orders IS 'x'",
                          "COPY orders FROM STDIN", "CREATE TABLE x AS SELECT id FROM orders",
                          "WITH d AS (DELETE FROM orders WHERE id = 1 RETURNING id) SELECT id FROM d",
                          "MERGE INTO orders o USING customers c ON o.customer_id = c.id WHEN MATCHED THEN DELETE",
                          "DO $$ BEGIN PERFORM 1; END $$", "CALL p()", "EXECUTE q", "VACUUM orders",
                          "REFRESH MATERIALIZED VIEW mv", "EXPLAIN ANALYZE DELETE FROM orders"})
    CHECK_MESSAGE(StatementModifies(f.One(sql)), std::string(sql));
  for (const char* sql : {"SELECT id FROM orders", "SELECT id FROM orders FOR UPDATE", "SELECT nextval('s')",
                          "EXPLAIN DELETE FROM orders", "SHOW search_path", "BEGIN", "COMMIT", "SAVEPOINT a",
                          "SET statement_timeout = 1000", "RESET ALL", "LISTEN ch", "COPY orders TO STDOUT",
                          "COPY (SELECT id FROM orders) TO STDOUT", "LOCK TABLE orders", "VALUES (1)",
                          "PREPARE q AS SELECT 1"})
    CHECK_FALSE_MESSAGE(StatementModifies(f.One(sql)), std::string(sql));
}

TEST_CASE("statement.side_effects: row locks, LOCK TABLE and the documented functions") {
  Facts f;
  CHECK(Effects(f.One("SELECT id FROM orders")).empty());
  CHECK(Effects(f.One("SELECT id FROM orders FOR UPDATE")) == V{"row_lock"});
  CHECK(Effects(f.One("SELECT id FROM orders FOR KEY SHARE SKIP LOCKED")) == V{"row_lock"});
  CHECK(Effects(f.One("SELECT * FROM (SELECT id FROM orders FOR NO KEY UPDATE) s")) == V{"row_lock"});
  CHECK(Effects(f.One("LOCK TABLE orders IN ACCESS EXCLUSIVE MODE")) == V{"table_lock"});
  CHECK(Effects(f.One("SELECT nextval('orders_id_seq')")) == V{"sequence"});
  CHECK(Effects(f.One("SELECT pg_catalog.setval('s', 1)")) == V{"sequence"});
  CHECK(Effects(f.One("SELECT pg_terminate_backend(pid) FROM pg_stat_activity")) == V{"signal"});
  CHECK(Effects(f.One("SELECT pg_reload_conf()")) == V{"server_admin"});
  CHECK(Effects(f.One("SELECT pg_stat_reset_shared('bgwriter')")) == V{"server_admin"});
  CHECK(Effects(f.One("SELECT pg_try_advisory_xact_lock(1)")) == V{"advisory_lock"});
  CHECK(Effects(f.One("SELECT lo_import('/etc/passwd')")) == V{"large_object"});
  CHECK(Effects(f.One("SELECT set_config('work_mem', '1GB', false)")) == V{"config"});
  CHECK(Effects(f.One("SELECT pg_notify('ch', 'x')")) == V{"notify"});
  CHECK(Effects(f.One("SELECT * FROM dblink('host=x', 'DELETE FROM t') AS t(a int)")) == V{"dblink"});
  CHECK(Effects(f.One("SELECT pg_file_write('/tmp/x', 'y', false)")) == V{"file_write"});
  CHECK(Effects(f.One("SELECT pg_drop_replication_slot('s')")) == V{"replication"});
  CHECK(Effects(f.One("SELECT nextval('s'), id FROM orders WHERE pg_advisory_lock(id) IS NOT NULL FOR SHARE")) ==
        V{"row_lock", "sequence", "advisory_lock"});
  CHECK(Effects(f.One("SELECT lower(email), count(*) FROM customers GROUP BY 1")).empty());
  CHECK(Effects(f.One("SELECT lo_get(1)")).empty());  // reading a large object is a read
}
