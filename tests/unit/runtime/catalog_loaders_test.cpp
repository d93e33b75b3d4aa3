#include <doctest/doctest.h>

#include <algorithm>
#include <string>

#include "catalog/loaders.h"

using namespace govern;

static std::vector<std::string> Columns(const Catalog& c, std::string_view schema, std::string_view table) {
  std::vector<std::string> out;
  auto id = c.FindTable(schema, table);
  if (!id) return out;
  for (int32_t col : c.table(*id).columns) out.push_back(c.column(col).name);
  return out;
}

static std::vector<std::string> Tags(const Catalog& c, std::string_view qname) {
  std::vector<std::string> out;
  auto id = c.FindColumnByQName(qname);
  if (!id) return out;
  for (uint32_t t : c.column(*id).tags) out.emplace_back(c.TagName(t));
  std::sort(out.begin(), out.end());
  return out;
}

using V = std::vector<std::string>;

TEST_CASE("DDL: schemas, LIKE, INHERITS, PARTITION OF, views, CTAS, ALTER, DROP, COMMENT tags") {
  Catalog c;
  CatalogWarnings warnings;
  Status s = LoadDdl(R"sql(
    CREATE SCHEMA app CREATE TABLE users (id int, email text) CREATE VIEW emails AS SELECT email FROM users;
    CREATE TABLE app.audit (LIKE app.users, at timestamptz);
    CREATE TABLE app.admins (level int) INHERITS (app.users);
    CREATE TABLE events (id int, at date) PARTITION BY RANGE (at);
    CREATE TABLE events_2024 PARTITION OF events FOR VALUES FROM ('2024-01-01') TO ('2025-01-01');
    CREATE MATERIALIZED VIEW app.counts AS SELECT count(*) AS n, max(id) FROM app.users WITH NO DATA;
    CREATE TABLE copy AS SELECT id AS user_id, email FROM app.users;
    ALTER TABLE app.users ADD COLUMN name text, ADD COLUMN phone text;
    ALTER TABLE app.users DROP COLUMN phone;
    ALTER TABLE app.users RENAME COLUMN name TO full_name;
    ALTER TABLE copy RENAME TO copied;
    ALTER TABLE copied SET SCHEMA app;
    CREATE TABLE gone (a int);
    DROP TABLE gone;
    COMMENT ON COLUMN app.users.email IS 'Contact address. govern:tags=pii.email,pii';
    CREATE OR REPLACE VIEW app.emails AS SELECT email, id FROM app.users WITH CHECK OPTION;
  )sql", "ddl.sql", &c, &warnings);
  REQUIRE(s.ok());
  CHECK(Columns(c, "app", "users") == V{"id", "email", "full_name"});
  CHECK(Columns(c, "app", "audit") == V{"id", "email", "at"});
  CHECK(Columns(c, "app", "admins") == V{"id", "email", "level"});
  CHECK(Columns(c, "public", "events_2024") == V{"id", "at"});
  CHECK(Columns(c, "app", "counts") == V{"n", "max"});
  CHECK(Columns(c, "app", "copied") == V{"user_id", "email"});
  CHECK(Columns(c, "app", "emails") == V{"email", "id"});
  CHECK_FALSE(c.FindTable("public", "gone"));
  CHECK_FALSE(c.FindTable("public", "copy"));
  CHECK(Tags(c, "app.users.email") == V{"pii", "pii.email"});
  auto view = c.FindTable("app", "emails");
  REQUIRE(view);
  CHECK(c.table(*view).kind == RelationKind::kView);
  CHECK(c.table(*view).view_sql == "SELECT email, id FROM app.users");
}

TEST_CASE("DDL parse errors carry file:line:col and other statements still apply") {
  Catalog c;
  Status s = LoadDdl("CREATE TABLE a (x int);\nCREATE TABLE ;\nCREATE TABLE b (y int);", "bad.sql", &c);
  CHECK_FALSE(s.ok());
  CHECK(s.message().rfind("bad.sql:2:", 0) == 0);
  CHECK(c.FindTable("public", "a"));
  CHECK(c.FindTable("public", "b"));
}

TEST_CASE("tags file: globs, quoted names, corpus TSV header") {
  Catalog c;
  REQUIRE(LoadDdl("CREATE TABLE customer (first_name text, last_name text, email text);"
                  "CREATE TABLE customer_list (name text, \"zip code\" text);",
                  "x.sql", &c)
              .ok());
  CatalogWarnings warnings;
  Status s = LoadTags("# comment\npublic.customer.*_name\tpii.name\ncustomer.email pii.email,contact\n"
                      "public.customer_list.\"zip code\"\tpii.address  # note\nnothing.here x\n",
                      "tags.txt", &c, {}, &warnings);
  REQUIRE(s.ok());
  CHECK(Tags(c, "public.customer.first_name") == V{"pii.name"});
  CHECK(Tags(c, "public.customer.last_name") == V{"pii.name"});
  CHECK(Tags(c, "public.customer.email") == V{"contact", "pii.email"});
  CHECK(Tags(c, "public.customer_list.zip code") == V{"pii.address"});
  REQUIRE(warnings.size() == 1);
  CHECK(warnings[0].line == 5);

  Catalog corpus;
  Status t = LoadTags("pipeline\ttable.column\tsuggested_tag\tnote\n"
                      "pagila\tpublic.customer.email\tpii.email\t\n"
                      "jaffle_shop\traw_customers.first_name\tpii.name\tseed\n",
                      "pii_tags.tsv", &corpus, TagsOptions{true});
  REQUIRE(t.ok());
  CHECK(Tags(corpus, "public.customer.email") == V{"pii.email"});
  CHECK(Tags(corpus, "public.raw_customers.first_name") == V{"pii.name"});
}

TEST_CASE("the corpus pii_tags.tsv loads directly") {
  Catalog c;
  Status s = LoadTagsFile(std::string(GOVERN_CORPUS_DIR) + "/pii_tags.tsv", &c, TagsOptions{true});
  CHECK(s.ok());
  CHECK(Tags(c, "public.customer_list.zip code") == V{"pii.address"});
  CHECK(Tags(c, "mimiciv_hosp.patients.anchor_age") == V{"pii.age"});
}

TEST_CASE("JSON catalog round trip is deterministic") {
  Catalog c;
  REQUIRE(LoadDdl("CREATE TABLE b (x int, y text); CREATE TABLE a (z int);"
                  "CREATE VIEW v AS SELECT x FROM b;"
                  "COMMENT ON COLUMN b.y IS 'govern:tags=secret,pii';",
                  "x.sql", &c)
              .ok());
  c.set_search_path({"public", "other"});
  std::string first = SaveCatalogJson(c);
  Catalog d;
  REQUIRE(LoadCatalogJson(first, "c.json", &d).ok());
  CHECK(SaveCatalogJson(d) == first);
  CHECK(d.search_path() == V{"public", "other"});
  auto v = d.FindTable("public", "v");
  REQUIRE(v);
  CHECK(d.table(*v).view_sql == "SELECT x FROM b");
  CHECK(first.find("\"secret\"") != std::string::npos);
  CHECK_FALSE(LoadCatalogJson("{\"format\":\"nope\"}", "bad.json", &d).ok());
  CHECK_FALSE(LoadCatalogJson("{", "bad.json", &d).ok());
}

TEST_CASE("LoadCatalogSources dispatches and merges, tags last") {
  std::string dir = std::string(GOVERN_CORPUS_DIR) + "/pipelines/jaffle_shop";
  CatalogWarnings warnings;
  Expected<Catalog> c = LoadCatalogSources({std::string(GOVERN_CORPUS_DIR) + "/pii_tags.tsv", dir + "/schema.sql"},
                                           &warnings);
  REQUIRE(c.ok());
  CHECK(Tags(*c, "public.raw_customers.first_name") == V{"pii.name"});
  CHECK_FALSE(c->FindTable("public", "customer"));  // not created: the DDL defines the catalog
  Expected<Catalog> missing = LoadCatalogSources({"/nonexistent.sql"});
  CHECK_FALSE(missing.ok());
}

#include <filesystem>
#include <fstream>

#include "core/natural_order.h"

namespace {

struct TempDir {
  std::filesystem::path path;
  TempDir() {
    char tmpl[] = "/tmp/govern-catalog-XXXXXX";
    path = mkdtemp(tmpl);
  }
  ~TempDir() { std::filesystem::remove_all(path); }
  void Write(const std::string& rel, const std::string& text) const {
    std::filesystem::create_directories((path / rel).parent_path());
    std::ofstream(path / rel) << text;
  }
  std::string operator/(const std::string& rel) const { return (path / rel).string(); }
};

}  // namespace

TEST_CASE("natural order: digit runs compare as numbers") {
  CHECK(NaturalLess("V2__a.sql", "V10__b.sql"));
  CHECK_FALSE(NaturalLess("V10__b.sql", "V2__a.sql"));
  CHECK(NaturalLess("9_x.sql", "0010_y.sql"));
  CHECK(NaturalLess("001_a.sql", "001_b.sql"));
  CHECK(NaturalLess("01", "001"));  // equal numbers: fewer zeros first (a total order)
  CHECK_FALSE(NaturalLess("001", "01"));
  CHECK(NaturalLess("a", "ab"));
  CHECK_FALSE(NaturalLess("a", "a"));
  CHECK(NaturalLess("2020-01-02_x/up.sql", "2020-01-10_y/up.sql"));
}

TEST_CASE("catalog sources: a folder is its .sql files in migration order") {
  TempDir d;
  // In byte order 10 would run before 2 and ALTER a table that does not exist yet.
  d.Write("migrations/1_users.sql", "CREATE TABLE users (id int);\n");
  d.Write("migrations/2_email.sql", "ALTER TABLE users ADD COLUMN email text;\n");
  d.Write("migrations/10_tag.sql", "COMMENT ON COLUMN users.email IS 'govern:tags=pii.email';\n");
  d.Write("migrations/3_x.down.sql", "DROP TABLE users;\n");              // down migrations are skipped
  d.Write("migrations/sub/20_phone.sql", "ALTER TABLE users ADD COLUMN phone text;\n");  // recursive
  d.Write("migrations/.hidden/99.sql", "DROP TABLE users;\n");            // hidden entries are skipped
  d.Write("migrations/README.md", "not SQL\n");
  auto files = ExpandCatalogSources({d / "migrations"});
  REQUIRE(files.ok());
  CHECK(*files == V{d / "migrations/1_users.sql", d / "migrations/2_email.sql", d / "migrations/10_tag.sql",
                    d / "migrations/sub/20_phone.sql"});
  CatalogWarnings warnings;
  Expected<Catalog> c = LoadCatalogSources({d / "migrations"}, &warnings);
  REQUIRE(c.ok());
  CHECK(Columns(*c, "public", "users") == V{"id", "email", "phone"});
  CHECK(Tags(*c, "public.users.email") == V{"pii.email"});
  CHECK(warnings.empty());
}

TEST_CASE("catalog sources: globs expand in natural order; nothing matched is an error") {
  TempDir d;
  d.Write("db/1_users.sql", "CREATE TABLE users (id int, email text);\n");
  d.Write("db/tags.tsv", "public.users.email\tpii.email\n");
  d.Write("empty/notes.txt", "x\n");
  Expected<Catalog> c = LoadCatalogSources({d / "db/*.sql", d / "db/*.tsv"});
  REQUIRE(c.ok());
  CHECK(Tags(*c, "public.users.email") == V{"pii.email"});
  Expected<Catalog> none = LoadCatalogSources({d / "db/*.json"});
  REQUIRE_FALSE(none.ok());
  CHECK(none.status().message() == d / "db/*.json" + ": catalog source matches no file");
  Expected<Catalog> empty = LoadCatalogSources({d / "empty"});
  REQUIRE_FALSE(empty.ok());
  CHECK(empty.status().message() == d / "empty" + ": catalog folder holds no .sql files");
  Expected<Catalog> missing = LoadCatalogSources({d / "nope.sql"});
  REQUIRE_FALSE(missing.ok());
  CHECK(missing.status().message().find("cannot open file") != std::string::npos);
}
