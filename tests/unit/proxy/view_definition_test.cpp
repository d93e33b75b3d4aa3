// A view's definition in the database against the catalog's
// (stages/view_definition.h): the same lineage column by column, written as
// pg_get_viewdef writes it (names qualified, as with an empty search_path).
#include <doctest/doctest.h>

#include <memory>
#include <string>

#include "catalog/catalog.h"
#include "catalog/loaders.h"
#include "stages/view_definition.h"

using namespace govern;
using namespace govern::proxy;

namespace {

Catalog Shop() {
  Catalog c;
  Status st = LoadDdl(R"sql(
    CREATE TABLE people (id int, email text, country text, name text);
    CREATE TABLE orders (id int, person int, total numeric);
    CREATE VIEW contacts AS SELECT id, email AS contact, country AS region FROM people;
    CREATE VIEW everyone AS SELECT * FROM people;
    CREATE VIEW spend AS SELECT p.email, sum(o.total) AS total FROM people p JOIN orders o ON o.person = p.id GROUP BY p.email;
    CREATE VIEW nested AS SELECT contact, upper(region) AS r FROM contacts;
    CREATE SCHEMA "odd ""s";
    CREATE TABLE "odd ""s".t (a text);
    CREATE VIEW "odd ""s".v AS SELECT a FROM "odd ""s".t;
  )sql",
                     "shop.sql", &c);
  REQUIRE(st.ok());
  return c;
}

const PlanRelation kContacts{"public", "contacts", true};

}  // namespace

TEST_CASE("view definitions: pg_get_viewdef's text of the same view matches") {
  Catalog c = Shop();
  CHECK(CompareViewDefinition(c, kContacts, true,
                              " SELECT people.id,\n    people.email AS contact,\n    people.country AS region\n"
                              "   FROM public.people;") == "");
  CHECK(CompareViewDefinition(c, {"public", "everyone", true}, true,
                              " SELECT people.id,\n    people.email,\n    people.country,\n    people.name\n"
                              "   FROM public.people;") == "");
  CHECK(CompareViewDefinition(c, {"public", "spend", true}, true,
                              " SELECT p.email,\n    sum(o.total) AS total\n   FROM (public.people p\n"
                              "     JOIN public.orders o ON ((o.person = p.id)))\n  GROUP BY p.email;") == "");
  CHECK(CompareViewDefinition(c, {"public", "nested", true}, true,
                              " SELECT contacts.contact,\n    upper(contacts.region) AS r\n   FROM public.contacts;") ==
        "");
  CHECK(CompareViewDefinition(c, {"odd \"s", "v", true}, true, " SELECT t.a\n   FROM \"odd \"\"s\".t;") == "");
}

TEST_CASE("view definitions: a view replaced in place over other columns does not match") {
  Catalog c = Shop();
  // CREATE OR REPLACE VIEW contacts AS SELECT id, country AS contact, email AS region FROM people:
  // the same names and types, so the same OID and attnums.
  std::string why = CompareViewDefinition(c, kContacts, true,
                                          " SELECT people.id,\n    people.country AS contact,\n"
                                          "    people.email AS region\n   FROM public.people;");
  CHECK(why ==
        "view public.contacts column 2 (contact) reads public.people.country in the database where the catalog's "
        "definition reads public.people.email");
  // An expression over another column, a column more, a column fewer, a
  // renamed one, a relation the catalog does not know.
  CHECK_FALSE(CompareViewDefinition(c, kContacts, true,
                                    " SELECT people.id, lower(people.name) AS contact, people.country AS region "
                                    "FROM public.people;")
                  .empty());
  CHECK(CompareViewDefinition(c, kContacts, true,
                              " SELECT people.id, people.email AS contact, people.country AS region, people.name "
                              "FROM public.people;") == "view public.contacts has 4 columns in the database, 3 in the catalog");
  CHECK(CompareViewDefinition(c, kContacts, true, " SELECT people.id, people.email AS contact FROM public.people;") ==
        "view public.contacts has 2 columns in the database, 3 in the catalog");
  CHECK(CompareViewDefinition(c, kContacts, true,
                              " SELECT people.id, people.email AS mail, people.country AS region FROM public.people;") ==
        "view public.contacts column 2 is mail in the database, contact in the catalog");
  CHECK(CompareViewDefinition(c, kContacts, true,
                              " SELECT s.id, s.email AS contact, s.country AS region FROM public.shadow s;")
            .find("view public.contacts in the database reads public.shadow, which the catalog does not know") == 0);
  // A definition that reads the same columns through a join elsewhere still
  // matches only when every column's lineage is the same.
  CHECK_FALSE(CompareViewDefinition(c, kContacts, true,
                                    " SELECT people.id, people.email || o.total AS contact, people.country AS region "
                                    "FROM public.people JOIN public.orders o ON o.person = people.id;")
                  .empty());
}

TEST_CASE("view definitions: what the database holds must be a view when the catalog's is, and only then") {
  Catalog c = Shop();
  CHECK(CompareViewDefinition(c, kContacts, false, "") ==
        "relation public.contacts is a view in the catalog but not in the database");
  CHECK(CompareViewDefinition(c, {"public", "people", false}, true, " SELECT 1 AS id;") ==
        "relation public.people is a view in the database but a table in the catalog");
  CHECK(CompareViewDefinition(c, {"public", "people", false}, false, "") == "");
  CHECK(CompareViewDefinition(c, {"public", "gone", false}, false, "") == "relation public.gone is not in the catalog");
  // Not one query, or not SQL at all.
  CHECK(CompareViewDefinition(c, kContacts, true, "SELECT 1; SELECT 2").find("is not one query") != std::string::npos);
  CHECK(CompareViewDefinition(c, kContacts, true, "SELEC nothing").find("does not parse") != std::string::npos);
}

TEST_CASE("view definitions: a view the catalog knows by its columns only is not compared") {
  Catalog c;
  int32_t v = c.AddTable("public", "cols_only", RelationKind::kView);
  c.AddColumn(v, "a", "text");
  CHECK(CompareViewDefinition(c, {"public", "cols_only", true}, true, " SELECT x.b AS a FROM public.x;") == "");
}

TEST_CASE("view definitions: a copy made a computation, or a function added, does not match") {
  Catalog c = Shop();
  // The same column read, but no longer a copy: a partial email mask would
  // keep the domain of what is now the whole address.
  CHECK(CompareViewDefinition(c, kContacts, true,
                              " SELECT people.id, ('x@'::text || replace(people.email, '@'::text, '%'::text)) AS contact,"
                              " people.country AS region FROM public.people;") ==
        "view public.contacts column 2 (contact) is computed in the database where the catalog's definition copies "
        "public.people.email");
  // A function of the database's own reads anything: not in the catalog's definition, no match.
  CHECK(CompareViewDefinition(c, kContacts, true,
                              " SELECT people.id, people.email AS contact, (people.country || COALESCE(public.leak(people.country), ''::text)) AS region"
                              " FROM public.people;")
            .find("column 3 (region) is computed in the database") != std::string::npos);
  CHECK(CompareViewDefinition(c, {"public", "nested", true}, true,
                              " SELECT contacts.contact, upper(public.leak(contacts.region)) AS r FROM public.contacts;") ==
        "view public.nested in the database calls leak(), which the catalog's definition does not");
  CHECK(CompareViewDefinition(c, {"public", "nested", true}, true,
                              " SELECT contacts.contact, lower(contacts.region) AS r FROM public.contacts;") ==
        "view public.nested in the database calls lower(), which the catalog's definition does not");
  // The catalog's own functions, qualified by pg_get_viewdef, still match.
  Catalog f;
  REQUIRE(LoadDdl("CREATE TABLE t (a text); CREATE VIEW v AS SELECT norm(a) AS n FROM t;", "f.sql", &f).ok());
  CHECK(CompareViewDefinition(f, {"public", "v", true}, true, " SELECT public.norm(t.a) AS n FROM public.t;") == "");
}

TEST_CASE("view definitions: a view of `*` keeps the columns it had when created") {
  Catalog c = Shop();
  // A column added to the table after the view: PostgreSQL's view keeps its
  // four columns, the catalog's text expanded today gives five.
  REQUIRE(LoadDdl("ALTER TABLE people ADD COLUMN note text;", "later.sql", &c).ok());
  CHECK(CompareViewDefinition(c, {"public", "everyone", true}, true,
                              " SELECT people.id, people.email, people.country, people.name FROM public.people;") == "");
  CHECK_FALSE(CompareViewDefinition(c, {"public", "everyone", true}, true,
                                    " SELECT people.id, people.note AS email, people.country, people.name FROM public.people;")
                  .empty());
}

TEST_CASE("view definitions: pg_get_viewdef's rewrites of joins and builtins keep copies and functions") {
  Catalog c;
  REQUIRE(LoadDdl(R"sql(
    CREATE TABLE a (id int, x text, d timestamptz);
    CREATE TABLE b (id int, y text);
    CREATE VIEW fj AS SELECT id, a.x FROM a FULL JOIN b USING (id);
    CREATE VIEW ij AS SELECT id, y FROM a JOIN b USING (id);
    CREATE VIEW fns AS SELECT trim(x) AS t, extract(year FROM d) AS yr, substring(x from 2 for 3) AS s,
                              position('a' in x) AS p, d AT TIME ZONE 'UTC' AS u, coalesce(x, 'n') AS c FROM a;
  )sql",
                  "j.sql", &c)
              .ok());
  // As PostgreSQL 15's pg_get_viewdef writes them with an empty search_path.
  CHECK(CompareViewDefinition(c, {"public", "fj", true}, true,
                              " SELECT COALESCE(a.id, b.id) AS id,\n    a.x\n   FROM (public.a\n     FULL JOIN public.b USING (id));") ==
        "");
  CHECK(CompareViewDefinition(c, {"public", "ij", true}, true,
                              " SELECT a.id,\n    b.y\n   FROM (public.a\n     JOIN public.b USING (id));") == "");
  CHECK(CompareViewDefinition(c, {"public", "fns", true}, true,
                              " SELECT TRIM(BOTH FROM a.x) AS t,\n    EXTRACT(year FROM a.d) AS yr,\n"
                              "    \"substring\"(a.x, 2, 3) AS s,\n    POSITION(('a'::text) IN (a.x)) AS p,\n"
                              "    (a.d AT TIME ZONE 'UTC'::text) AS u,\n    COALESCE(a.x, 'n'::text) AS c\n   FROM public.a;") == "");
}

TEST_CASE("view definitions: what the rule depends on outside pg_catalog") {
  Catalog c;
  REQUIRE(LoadDdl("CREATE TABLE t (a text, b text); CREATE VIEW v AS SELECT norm(a) AS n, lower(b) AS l FROM t;", "d.sql",
                  &c)
              .ok());
  const PlanRelation v{"public", "v", true};
  ViewInDatabase db;
  db.view = true;
  db.definition = " SELECT public.norm(t.a) AS n, lower(t.b) AS l FROM public.t;";
  db.functions = {"public.norm"};
  CHECK(CompareView(c, v, db) == "");
  // A cast's or an operator's function, not in the text.
  db.functions = {"public.norm", "public.leak_cast"};
  CHECK(CompareView(c, v, db) ==
        "view public.v in the database depends on function public.leak_cast, which the catalog's definition does not "
        "call (behind a cast or an operator, or added)");
  db.functions = {"public.norm"};
  db.operators = {"public.#~#"};
  CHECK(CompareView(c, v, db) == "view public.v in the database uses operator public.#~#, whose function govern does not read");
  db.operators.clear();
  // public.lower called where the catalog's definition means pg_catalog's.
  db.definition = " SELECT public.norm(t.a) AS n, public.lower(t.b) AS l FROM public.t;";
  db.functions = {"public.norm", "public.lower"};
  db.shadowing = {"public.lower"};
  CHECK(CompareView(c, v, db) == "view public.v in the database calls public.lower, which bears the name of pg_catalog's lower");
}
