// sql/flow_inert.h: the statements the repository flow's structure pass
// leaves unparsed are ones the DDL loader's Apply ignores. Hand cases, and
// every statement of the corpus: each one called inert is parsed alone and
// must be of a kind Apply does nothing with (read from PostgreSQL's tree,
// not from words). catalog_flow_test checks the flow's result as a whole.
#include <doctest/doctest.h>

#include <string>
#include <vector>

#include "sql/flow_inert.h"
#include "sql/pg_node.h"
#include "sql/pg_raw.h"
#include "sql/splitter.h"
#include "sql_test_util.h"

using namespace govern::sql;

namespace {

// Whether DdlLoader::Apply (catalog_ddl.cpp), in a monotone flow, does
// something with a statement of this tree: the list of its branches.
bool AppliedByFlow(Node stmt) {
  Tagged t = Untag(stmt);
  std::string_view tag = t.tag;
  if (tag == "SelectStmt") return Has(t.body, "withClause") || Has(t.body, "intoClause");
  if (tag == "CommentStmt") return Str(t.body, "objtype") == "OBJECT_COLUMN";
  if (tag == "VariableSetStmt") return Str(t.body, "name") == "search_path";
  for (std::string_view applied : {"CreateSchemaStmt", "InsertStmt", "UpdateStmt", "MergeStmt", "CreateStmt", "ViewStmt",
                                   "CreateTableAsStmt", "AlterTableStmt", "RenameStmt", "AlterObjectSchemaStmt"})
    if (tag == applied) return true;
  return false;  // DropStmt included: the flow is monotone
}

}  // namespace

TEST_CASE("flow inert: statements Apply ignores, recognised by their leading words") {
  for (const char* inert : {"SELECT * FROM customers", "select email from t where id = 1", "VALUES (1, 'a')",
                            "GRANT SELECT ON t TO bob", "CREATE INDEX i ON t (a)", "create unique index on t (a)",
                            "CREATE OR REPLACE FUNCTION f() RETURNS int AS $$ INSERT INTO t SELECT 1 $$ LANGUAGE sql",
                            "CREATE TEMP SEQUENCE s", "DROP TABLE t", "DELETE FROM t WHERE a = 1",
                            "SET enable_seqscan = off", "COMMENT ON TABLE t IS 'x'", "DO $$ BEGIN END $$",
                            "EXPLAIN ANALYZE CREATE TABLE x AS SELECT 1", "COPY t FROM stdin",
                            "-- a comment\n/* another */ select 1", "CREATE /* c */ TRIGGER tr AFTER INSERT ON t "
                            "FOR EACH ROW EXECUTE FUNCTION f()", "TRUNCATE t", "BEGIN", "COMMIT"}) {
    INFO(inert);
    CHECK(InertInFlow(inert));
  }
  for (const char* counts : {"SELECT a INTO new_t FROM t", "select a\ninto\nnew_t from t",
                             "SELECT 'not into' FROM t",  // INTO anywhere: parsed, to be sure
                             "WITH x AS (SELECT 1) SELECT * FROM x", "(SELECT 1)", "INSERT INTO t VALUES (1)",
                             "UPDATE t SET a = 1", "MERGE INTO t USING s ON true WHEN MATCHED THEN DELETE",
                             "CREATE TABLE t (a int)", "CREATE TEMP TABLE t (a int)", "CREATE VIEW v AS SELECT 1",
                             "CREATE OR REPLACE VIEW v AS SELECT 1", "CREATE MATERIALIZED VIEW m AS SELECT 1",
                             "CREATE SCHEMA s CREATE TABLE t (a int)", "CREATE RECURSIVE VIEW v (n) AS SELECT 1",
                             "ALTER TABLE t ADD COLUMN b int", "ALTER INDEX i RENAME TO j",
                             "COMMENT ON COLUMN t.a IS 'govern:tags=pii'", "SET search_path TO a",
                             "SET LOCAL Search_Path = b", "RESET search_path", "SET SCHEMA 'foo'", "TABLE t", "IMPORT FOREIGN SCHEMA s FROM "
                             "SERVER x INTO y", "\"select\" 1", "", "   ", "-- only a comment",
                             "CREATE TABLE1 x", "select1 from t", "/* unterminated",
                             // Words that cannot be read are not guessed (review of 792d0d8).
                             "COMMENT /* a /* b */ c */ ON COLUMN t.c IS 'govern:tags=pii'",
                             "COMMENT --x\rON COLUMN t.c IS 'govern:tags=pii'", "COMMENT", "COMMENT ON",
                             "SET U&\"search\\005fpath\" TO etl", "SET \"search_path\" TO etl",
                             "select $$a$$into t", "select $q$a$q$INTO t from x",
                             // A nested comment sharing its `*` (a third review).
                             "/*/*/select*/*/create table t(a int)", "create /*/*/index*/*/ table t(a int)",
                             "comment on /*/*/table*/*/ column t.a is 'x'"}) {
    INFO(counts);
    CHECK_FALSE(InertInFlow(counts));
  }
}

TEST_CASE("flow inert: every corpus statement called inert is one Apply ignores") {
  size_t inert = 0, applied_checked = 0;
  for (const auto& [name, text] : govern::testing::CorpusFiles("")) {
    std::vector<TextRange> pieces;
    SplitStatements(text, &pieces);
    for (const TextRange& p : pieces) {
      if (p.meta) continue;
      std::string_view stmt = std::string_view(text).substr(p.offset, p.length);
      raw::RawTree tree(stmt);
      if (!tree.ok()) continue;  // a text that does not parse applies nothing either way
      for (Node raw : List(Node::RawRoot(tree.stmts()), "stmts")) {
        Node s;
        if (!Field(raw, "stmt", &s)) continue;
        bool applied = AppliedByFlow(s);
        if (applied) ++applied_checked;
        if (!InertInFlow(stmt)) continue;
        ++inert;
        INFO(name << ": " << stmt.substr(0, 200));
        CHECK_FALSE(applied);
      }
    }
  }
  // The corpus is mostly statements the flow need not parse, and has many it must.
  CHECK(inert > 20000);
  CHECK(applied_checked > 5000);
}
