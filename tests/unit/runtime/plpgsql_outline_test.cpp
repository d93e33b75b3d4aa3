// The outline read from PL/pgSQL's compiled functions in place
// (sql/plpgsql_outline.h) must be exactly what the walker read from
// libpg_query's JSON of them before: the same variables, the same
// expressions in the same order with the same parse mode, at the same depths.
// The reference below reads pg_query_parse_plpgsql's JSON the way the walker
// did (its former WalkPlpgsqlNode), so a wrong field offset, a missed
// statement type or a field in the wrong order fails here.
#include <doctest/doctest.h>

#include <pg_query.h>

#include <string>

#include "sql/parse_cache.h"
#include "sql/pg_node.h"
#include "sql/pg_raw.h"
#include "sql/plpgsql_checks.h"
#include "sql/plpgsql_outline.h"
#include "sql/splitter.h"
#include "sql_test_util.h"

using namespace govern;
using namespace govern::sql;

namespace {

// The walker's former reading of the JSON, writing outline records.
struct JsonReader {
  std::string* out;
  uint32_t max = 0;
  bool vars_pass = false;

  void Walk(Node n, std::string_view parent_tag, std::string_view field, uint32_t depth) {
    if (IsList(n)) {
      for (Node item : AsList(n)) Walk(item, parent_tag, field, depth);
      return;
    }
    if (!IsObject(n)) return;
    const uint32_t d = depth + 1;
    if (d > max) {
      max = d;
      outline::AppendDepth(out, d);
    }
    ForEachField(n, [&](std::string_view key, Node value) {
      if (vars_pass) {
        if (key == "refname" && !AsString(value).empty()) outline::AppendVariable(out, AsString(value));
        Walk(value, "vars", {}, d);
        return;
      }
      if (key == "PLpgSQL_expr") {
        outline::AppendExpression(out, PlpgsqlHow(parent_tag, field), d, Str(value, "query"));
        return;
      }
      std::string_view next = parent_tag;
      if (key.substr(0, 13) == "PLpgSQL_stmt_") next = key;
      if (key == "dynquery") next = "dynquery";
      if (key == "params" && (parent_tag == "PLpgSQL_stmt_dynexecute" || parent_tag == "PLpgSQL_stmt_dynfors" ||
                              parent_tag == "dynquery"))
        next = "params";
      Walk(value, next, key, d);
    });
  }
};

// The outline of `text` as read from the JSON; "" when it does not compile.
std::string FromJson(const std::string& text) {
  PgQueryPlpgsqlParseResult parsed;
  {
    PlpgsqlChecksOff off;  // as the walker compiles
    parsed = pg_query_parse_plpgsql(text.c_str());
  }
  std::string out;
  if (parsed.error == nullptr && parsed.plpgsql_funcs != nullptr) {
    std::string json = parsed.plpgsql_funcs;
    simdjson::dom::parser parser;
    simdjson::dom::element doc;
    if (parser.parse(json).get(doc) != simdjson::SUCCESS) {
      out.assign(1, outline::kBroken);
    } else {
      std::string vars, main;
      JsonReader v{&vars, 0, true};
      for (Node item : AsList(Node(doc))) {
        Node function, datums;
        if (Field(item, "PLpgSQL_function", &function) && Field(function, "datums", &datums)) v.Walk(datums, "vars", {}, 0);
      }
      JsonReader m{&main, 0, false};
      m.Walk(Node(doc), {}, {}, 0);
      out = vars + outline::kMainPass + main;
    }
  }
  pg_query_free_plpgsql_parse_result(parsed);
  return out;
}

// The outline as the walker gets it now; "" when it does not compile.
std::string FromStructs(const std::string& text) {
  ParsedText parsed = ParseText(text, ParseKind::kPlpgsql);
  return parsed.ok ? parsed.json : "";
}

std::string Show(std::string_view o) {
  std::string s;
  size_t at = 0;
  outline::Record r;
  while (outline::Next(o, &at, &r)) {
    s += r.kind;
    if (r.kind == outline::kDepth || r.kind == outline::kExpression) s += std::to_string(r.depth);
    if (r.kind == outline::kExpression) s += "/" + std::to_string(static_cast<int>(r.how));
    if (!r.text.empty()) s += "[" + std::string(r.text) + "]";
    s += " ";
  }
  return s;
}

// Compares both readings of `text`; counts the texts that compiled.
void Same(const std::string& text, const std::string& where, size_t* compiled = nullptr) {
  std::string json = FromJson(text), structs = FromStructs(text);
  INFO(where << ": " << text.substr(0, 300));
  CHECK_MESSAGE(json == structs, "JSON:    " << Show(json) << "\nstructs: " << Show(structs));
  if (compiled != nullptr && !structs.empty() && structs != std::string(1, outline::kMainPass)) ++*compiled;
}

// The texts the walker compiles in `text` (ddl.cpp, utility.cpp): each
// PL/pgSQL CREATE FUNCTION with a body, and each DO block wrapped as one.
std::vector<std::string> PlpgsqlTexts(const std::string& text) {
  std::vector<std::string> out;
  raw::RawTree tree(text);
  if (!tree.ok()) return out;
  for (Node raw : List(Node::RawRoot(tree.stmts()), "stmts")) {
    Node stmt;
    if (!Field(raw, "stmt", &stmt)) continue;
    Tagged t = Untag(stmt);
    if (t.tag != "CreateFunctionStmt" && t.tag != "DoStmt") continue;
    std::string_view language = t.tag == "DoStmt" ? "plpgsql" : "sql", as;
    NodeList args = t.tag == "DoStmt" ? List(t.body, "args") : List(t.body, "options");
    for (Node arg : args) {
      Tagged a = Untag(arg);
      Node v;
      if (!Field(a.body, "arg", &v)) continue;
      if (Str(a.body, "defname") == "language") language = StringValue(v);
      if (Str(a.body, "defname") != "as") continue;
      Tagged value = Untag(v);
      if (value.tag != "List") as = StringValue(v);
      for (Node item : List(value.tag == "List" ? value.body : Node(), "items")) {
        as = StringValue(item);
        break;
      }
    }
    if (language != "plpgsql" || as.empty()) continue;
    auto location = static_cast<size_t>(Int(raw, "stmt_location", 0));
    auto length = static_cast<size_t>(Int(raw, "stmt_len", 0));
    if (length == 0) length = text.size() - location;
    if (t.tag == "CreateFunctionStmt") {
      out.push_back(text.substr(location, length));
    } else if (as.find("$govern_do$") == std::string_view::npos) {
      out.push_back("CREATE FUNCTION govern_do() RETURNS void LANGUAGE plpgsql AS $govern_do$" + std::string(as) +
                    "$govern_do$");
    }
  }
  return out;
}

void SameForEachFunction(const std::vector<std::pair<std::string, std::string>>& files, size_t* compiled) {
  for (const auto& [path, text] : files) {
    if (text.find('\0') != std::string::npos) continue;
    for (const std::string& f : PlpgsqlTexts(text)) Same(f, path, compiled);
  }
}

}  // namespace

TEST_CASE("PL/pgSQL outline: every statement type, variable kind and parse mode") {
  const char* cases[] = {
      R"(CREATE FUNCTION f(a int, OUT b text) LANGUAGE plpgsql AS $$
DECLARE
  x int := (SELECT max(id) FROM t);
  y CONSTANT text NOT NULL DEFAULT 'k';
  c CURSOR (p int) FOR SELECT * FROM t WHERE id = p;
  r record;
  arr int[] := ARRAY[1, 2];
  u refcursor;
BEGIN
  x := x + 1;
  arr[(SELECT 1)] := 2;
  IF x > 1 THEN PERFORM g(x); ELSIF x < 0 THEN x := 0; ELSE NULL; END IF;
  CASE x WHEN 1, 2 THEN RAISE NOTICE 'one % %', x, y; ELSE RAISE EXCEPTION USING MESSAGE = 'no', HINT = y; END CASE;
  CASE WHEN x = 3 THEN x := 4; END CASE;
  <<outer>> LOOP EXIT outer WHEN x > 10; CONTINUE WHEN x = 5; x := x + 1; END LOOP;
  WHILE x < 20 LOOP x := x + 1; END LOOP;
  FOR i IN REVERSE 10 .. 1 BY 2 LOOP INSERT INTO t VALUES (i); END LOOP;
  FOR r IN SELECT * FROM t LOOP UPDATE t SET id = r.id WHERE false; END LOOP;
  FOR r IN c(5) LOOP NULL; END LOOP;
  FOREACH x IN ARRAY arr LOOP NULL; END LOOP;
  FOR r IN EXECUTE 'SELECT * FROM ' || quote_ident(y) USING x LOOP NULL; END LOOP;
  SELECT id INTO STRICT x FROM t LIMIT 1;
  EXECUTE 'SELECT 1' INTO x USING y, x + 1;
  EXECUTE format('DELETE FROM %I', y);
  GET DIAGNOSTICS x = ROW_COUNT;
  GET STACKED DIAGNOSTICS y = MESSAGE_TEXT;
  OPEN c(1); FETCH c INTO r; MOVE NEXT FROM c; FETCH RELATIVE x FROM c INTO r; CLOSE c;
  OPEN u FOR SELECT 1; CLOSE u;
  OPEN u FOR EXECUTE 'SELECT $1' USING x; CLOSE u;
  ASSERT x > 0, 'positive ' || x;
  CALL p(x);
  COMMIT; ROLLBACK AND CHAIN;
  b := 'done';
  RETURN;
EXCEPTION WHEN unique_violation OR division_by_zero THEN RAISE; WHEN OTHERS THEN b := SQLERRM;
END $$)",
      R"(CREATE FUNCTION s() RETURNS SETOF int LANGUAGE plpgsql AS $$
BEGIN
  RETURN NEXT 1;
  RETURN QUERY SELECT id FROM t;
  RETURN QUERY EXECUTE 'SELECT id FROM t WHERE id > $1' USING 0;
  RETURN;
END $$)",
      R"(CREATE FUNCTION trg() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  NEW.updated_at := now();
  IF TG_OP = 'DELETE' THEN RETURN OLD; END IF;
  INSERT INTO audit VALUES (NEW.id, OLD.id, TG_TABLE_NAME);
  RETURN NEW;
END $$)",
      "CREATE FUNCTION v() RETURNS int LANGUAGE plpgsql AS $$ BEGIN RETURN (SELECT count(*) FROM t); END $$",
      "DO $$ DECLARE n int; BEGIN SELECT count(*) INTO n FROM t; EXECUTE 'TRUNCATE t'; END $$",
      "DO $$ BEGIN PERFORM 1; END $$; DO $$ DECLARE q text := 'x'; BEGIN EXECUTE q; END $$",
      "DO $$ BEGIN EXECUTE 'SELECT 1' INTO x; END $$",  // an unknown INTO target: does not compile
      "DO $$ BEGIN Johnny Yuma; END $$",
      "CREATE FUNCTION q() RETURNS int LANGUAGE sql AS 'SELECT 1'",
      "SELECT 1",
      "DO $$ BEGIN PERFORM '\xff\xfe'; END $$",  // not UTF-8 in a query
      "DO $$ BEGIN -- \xff\n PERFORM 1; END $$",  // not UTF-8 in a comment only
  };
  size_t compiled = 0;
  for (const char* c : cases)
    for (const std::string& f : PlpgsqlTexts(c)) Same(f, "case", &compiled);
  CHECK(compiled >= 6);
}

TEST_CASE("PL/pgSQL outline: every PL/pgSQL function and DO block of the corpus and of the analyzer's fuzz seeds") {
  size_t compiled = 0;
  SameForEachFunction(testing::CorpusFiles(), &compiled);
  SameForEachFunction(testing::AnalyzerFuzzSeeds(), &compiled);
  MESSAGE("compiled functions compared: " << compiled);
  CHECK(compiled > 100);
}
