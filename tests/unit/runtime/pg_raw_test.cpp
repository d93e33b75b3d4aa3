// Raw parse trees (sql/pg_raw.h): the generated tables say exactly how
// libpg_query writes every node, proven by re-serializing pg_query_raw_parse's
// tree to JSON byte-identical to pg_query_parse's, on hand-picked cases and on
// every file of the corpus.
#include <doctest/doctest.h>
#include <pg_query.h>

#include <string>
#include <vector>

#include "sql/pg_node.h"
#include "sql/pg_raw.h"
#include "sql/pg_raw_tables.h"
#include "sql_test_util.h"

using namespace govern::sql;

namespace {

struct Parsed {
  bool ok = false;
  std::string json;  // or the error message
  int cursor = 0;
};

Parsed ViaJson(const std::string& text) {
  std::string buf = text;
  for (char& c : buf)
    if (c == '\0') c = ' ';
  PgQueryParseResult r = pg_query_parse(buf.c_str());
  Parsed p;
  if (r.error != nullptr) {
    p.json = r.error->message;
    p.cursor = r.error->cursorpos;
  } else {
    p.ok = true;
    p.json = r.parse_tree;
  }
  pg_query_free_parse_result(r);
  return p;
}

Parsed ViaRaw(const std::string& text) {
  raw::RawTree tree(text);
  Parsed p;
  p.ok = tree.ok();
  p.json = tree.ok() ? raw::ToJson(tree) : tree.error();
  p.cursor = tree.cursor();
  return p;
}

void Same(const std::string& text, const std::string& where) {
  Parsed a = ViaJson(text), b = ViaRaw(text);
  INFO(where);
  CHECK(a.ok == b.ok);
  CHECK(a.cursor == b.cursor);
  if (a.json != b.json) {  // show where they part
    size_t i = 0;
    while (i < a.json.size() && i < b.json.size() && a.json[i] == b.json[i]) ++i;
    size_t from = i > 80 ? i - 80 : 0;
    FAIL_CHECK("differ at byte " << i << "\n  pg_query_parse: " << a.json.substr(from, 200)
                                  << "\n  raw -> JSON:    " << b.json.substr(from, 200));
  }
}

}  // namespace

TEST_CASE("raw trees re-serialize to pg_query_parse's JSON: hand-picked cases") {
  const char* cases[] = {
      "",
      "-- nothing but a comment",
      "SELECT 1",
      "SELECT 0, -1, 2147483647, 1.5, -0.0, 1e10, true, false, NULL, B'1010', X'ff', 'it''s', E'tab\\there <b>\\n'",
      "SELECT a.b, c.* FROM s.t AS a(x, y) JOIN u c USING (id) WHERE a.b > 2 AND NOT c.d IS NULL ORDER BY 1 DESC NULLS LAST",
      "WITH RECURSIVE r(n) AS (SELECT 1 UNION ALL SELECT n + 1 FROM r WHERE n < 5) SELECT * FROM r",
      "INSERT INTO t (a, b) VALUES (1, 'x'), (DEFAULT, $1) ON CONFLICT (a) DO UPDATE SET b = EXCLUDED.b RETURNING *",
      "UPDATE t SET a = a + 1 FROM u WHERE t.id = u.id",
      "DELETE FROM t WHERE id IN (SELECT id FROM u LIMIT 3 OFFSET 1) ",
      "MERGE INTO t USING u ON t.id = u.id WHEN MATCHED THEN UPDATE SET a = u.a WHEN NOT MATCHED THEN INSERT VALUES (u.id, u.a)",
      "CREATE TABLE p (id bigint PRIMARY KEY, v numeric(10, 2) DEFAULT 0 CHECK (v >= 0), t text COLLATE \"C\") PARTITION BY RANGE (id)",
      "CREATE VIEW v AS SELECT count(*) FILTER (WHERE x) OVER (PARTITION BY y ORDER BY z ROWS BETWEEN 1 PRECEDING AND CURRENT ROW) FROM t",
      "CREATE FUNCTION f(a int) RETURNS int LANGUAGE plpgsql AS $$ BEGIN RETURN a; END $$",
      "ALTER TABLE t ADD COLUMN c int, DROP COLUMN d CASCADE; DROP TABLE IF EXISTS x, y",
      "GRANT SELECT ON ALL TABLES IN SCHEMA s TO r; SET search_path = a, \"B\"; COPY t FROM STDIN WITH (FORMAT csv)",
      "SELECT CASE WHEN a THEN 1 ELSE 2 END, a::int[], ARRAY[1, 2][1:2], row(1, 2), x BETWEEN 1 AND 2, y LIKE 'a%'",
      "SELECT xmlelement(name a, 'b'), json_build_object('k', 1), t FROM generate_series(1, 3) WITH ORDINALITY AS g(t, n)",
      "EXPLAIN ANALYZE SELECT 1; PREPARE p AS SELECT $1; EXECUTE p(1); DO $$ BEGIN END $$",
      "SELECT 'a\001b', U&'\\0041'",
      "SELECT 1 FROM",  // a syntax error: both fail alike
      "SELEC 1",
  };
  for (const char* c : cases) Same(c, c);
  Same(std::string("SELECT 1\0, 2", 12), "a NUL byte");
}

TEST_CASE("raw trees re-serialize to pg_query_parse's JSON: every corpus file") {
  auto files = govern::testing::CorpusFiles();
  for (const auto& [path, text] : files) Same(text, path);
  CHECK(files.size() > 100);
}

TEST_CASE("raw trees re-serialize to pg_query_parse's JSON: the analyzer's fuzz seeds") {
  // Adversarial inputs (the PostgreSQL regression suite split into
  // statements, PL/pgSQL samples, fuzzer finds): odd tokens, deep nesting,
  // every node the grammar makes.
  auto seeds = govern::testing::AnalyzerFuzzSeeds();
  for (const auto& [path, text] : seeds) Same(text, path);
  CHECK(seeds.size() > 1000);
}

TEST_CASE("raw trees: errors carry PostgreSQL's message and cursor") {
  raw::RawTree tree("SELECT * FROM WHERE");
  REQUIRE_FALSE(tree.ok());
  CHECK(tree.error().find("syntax error") != std::string::npos);
  CHECK(tree.cursor() == 15);
  raw::RawTree empty("");
  CHECK(empty.ok());
  CHECK(empty.stmts() == nullptr);
  CHECK(raw::ToJson(empty) == ViaJson("").json);
}

namespace {

// What a looked-up value is, comparable across two lookups of one tree.
std::string Describe(bool found, Node v) {
  if (!found) return "absent";
  std::string d = std::to_string(static_cast<int>(v.kind())) + ":";
  switch (v.kind()) {
    case Node::Kind::kRawString: return d + std::string(AsString(v));
    case Node::Kind::kRawInt:
    case Node::Kind::kRawBool: return d + std::to_string(v.value());
    default: return d + std::to_string(reinterpret_cast<uintptr_t>(v.ptr()));
  }
}

// Every struct of the tree: its field names and others of the table looked up by
// a literal key (remembered by address) and by a plain key (a scan) agrees.
void LookupsAgree(Node n, size_t* structs, int depth = 0) {
  if (depth > 400) return;
  if (n.kind() == Node::Kind::kRawStruct) {
    ++*structs;
    const raw::TypeDef& type = *n.type();
    for (size_t i = 0; i < raw::kFieldCount; ++i) {
      bool own = i >= type.first_field && i < size_t{type.first_field} + type.field_count;
      if (!own && i % 7 != 0) continue;  // its own names, and a seventh of the others (absent ones)
      std::string_view name(raw::kFields[i].name, raw::kFields[i].name_len);
      FieldKey literal(name);
      literal.literal = true;  // the table's names have static storage: a valid literal key
      Node a, b;
      bool fa = Field(n, literal, &a), fb = Field(n, FieldKey(name), &b);
      if (Describe(fa, a) != Describe(fb, b)) {
        FAIL_CHECK("field " << name << " of " << n.type()->name << ": " << Describe(fa, a) << " vs " << Describe(fb, b));
        return;
      }
    }
  }
  if (n.kind() == Node::Kind::kRawStruct) {
    // Keys from real literals (FieldKey's array constructor) against a scan.
    auto same = [&](FieldKey literal) {
      Node a, b;
      bool fa = Field(n, literal, &a), fb = Field(n, FieldKey(literal.name), &b);
      CHECK(literal.literal);
      if (Describe(fa, a) != Describe(fb, b)) FAIL_CHECK("literal " << literal.name << " of " << n.type()->name);
    };
    same("location");
    same("relname");
    same("targetList");
    same("fromClause");
    same("args");
    same("name");
    same("val");
  }
  // ForEachChild is ForEachField filtered by IsObject || IsList.
  std::vector<std::string> children, filtered;
  ForEachChild(n, [&](std::string_view key, Node v) { children.push_back(std::string(key) + Describe(true, v)); });
  ForEachField(n, [&](std::string_view key, Node v) {
    if (IsObject(v) || IsList(v)) filtered.push_back(std::string(key) + Describe(true, v));
  });
  if (children != filtered) FAIL_CHECK("children of " << (n.kind() == Node::Kind::kRawStruct ? n.type()->name : "a node"));
  if (IsList(n)) {
    for (Node item : AsList(n)) LookupsAgree(item, structs, depth + 1);
  } else if (IsObject(n)) {
    ForEachChild(n, [&](std::string_view, Node child) { LookupsAgree(child, structs, depth + 1); });
  }
}

}  // namespace

TEST_CASE("raw trees: a field looked up by a literal key (cached by address) is the field a scan finds") {
  // Many names of many types against every struct of the pipelines: more
  // (name, type) pairs than the per-thread cache has slots, so slots are
  // reused, and names shared by many types ("location") hit across types.
  size_t structs = 0;
  for (const auto& file : govern::testing::CorpusFiles("pipelines")) {
    raw::RawTree tree(file.second);
    if (!tree.ok()) continue;
    INFO(file.first);
    LookupsAgree(Node::RawRoot(tree.stmts()), &structs);
  }
  CHECK(structs > 10000);
}
