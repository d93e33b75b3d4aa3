// CollectLineage (govern lineage): every derivation of a repository's files,
// tag-carrying or not, with the file:line of the deriving statement.
#include <doctest/doctest.h>

#include <string>
#include <vector>

#include "catalog/loaders.h"

using namespace govern;

namespace {

constexpr const char* kBase = R"sql(
  CREATE TABLE customers (id int, email text, country text);
  COMMENT ON COLUMN customers.email IS 'govern:tags=pii.email';
)sql";

// "from -> to @ file:line" for each edge.
std::vector<std::string> Render(const Catalog& c, const std::vector<LineageEdge>& edges) {
  std::vector<std::string> out;
  for (const LineageEdge& e : edges)
    out.push_back(c.column(e.from_column).qname + " -> " + c.column(e.to_column).qname + " @ " + e.file + ":" +
                  std::to_string(e.line));
  return out;
}

size_t TagCount(const Catalog& c) {
  size_t n = 0;
  for (size_t i = 0; i < c.column_count(); ++i) n += c.column(static_cast<int32_t>(i)).tags.size();
  return n;
}

}  // namespace

TEST_CASE("CollectLineage: every derivation, in file and line order, without duplicates") {
  Catalog c;
  REQUIRE(LoadDdl(kBase, "base.sql", &c).ok());
  const std::string etl =
      "CREATE TABLE features AS SELECT id, lower(email) AS e, country FROM customers;\n"
      "\n"
      "CREATE TABLE stats AS SELECT country, count(*) AS n FROM customers GROUP BY country;\n";
  const std::string train = "CREATE TABLE training AS SELECT e FROM features;\n";
  // Given in reverse name order: the result is sorted by file name.
  std::vector<FlowInput> inputs{{"train.sql", train}, {"etl.sql", etl}};
  FlowReport report = ApplyCatalogFlow(inputs, &c);
  REQUIRE(report.converged);
  size_t tags = TagCount(c);
  std::vector<LineageEdge> edges = CollectLineage(inputs, &c);
  CHECK(Render(c, edges) == std::vector<std::string>{
                               "public.customers.id -> public.features.id @ etl.sql:1",
                               "public.customers.email -> public.features.e @ etl.sql:1",
                               "public.customers.country -> public.features.country @ etl.sql:1",
                               "public.customers.country -> public.stats.country @ etl.sql:3",
                               "public.features.e -> public.training.e @ train.sql:1",
                           });
  // Read at the fixpoint: collecting adds no tag.
  CHECK(TagCount(c) == tags);
  // count(*) carries nothing: public.stats.n has no source.
  for (const LineageEdge& e : edges) CHECK(c.column(e.to_column).qname != "public.stats.n");
}

TEST_CASE("CollectLineage: INSERT ... SELECT, UPDATE and a cycle") {
  Catalog c;
  REQUIRE(LoadDdl(kBase, "base.sql", &c).ok());
  const std::string ping =
      "CREATE TABLE ping (id int, v text);\n"
      "INSERT INTO ping (id, v) SELECT id, w FROM pong;\n"
      "UPDATE ping SET v = email FROM customers WHERE customers.id = ping.id;\n";
  const std::string pong =
      "CREATE TABLE pong (id int, w text);\n"
      "INSERT INTO pong (id, w) SELECT id, v FROM ping;\n";
  std::vector<FlowInput> inputs{{"ping.sql", ping}, {"pong.sql", pong}};
  ApplyCatalogFlow(inputs, &c);
  auto v = c.FindColumnByQName("public.ping.v");
  auto w = c.FindColumnByQName("public.pong.w");
  REQUIRE(v);
  REQUIRE(w);
  CHECK(c.column(*w).tags.size() == 1);  // pii.email went round the cycle
  std::vector<std::string> got = Render(c, CollectLineage(inputs, &c));
  CHECK(got == std::vector<std::string>{
                   "public.pong.id -> public.ping.id @ ping.sql:2",
                   "public.pong.w -> public.ping.v @ ping.sql:2",
                   "public.customers.email -> public.ping.v @ ping.sql:3",
                   "public.ping.id -> public.pong.id @ pong.sql:2",
                   "public.ping.v -> public.pong.w @ pong.sql:2",
               });
}
