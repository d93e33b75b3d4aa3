// MaskPlan: from a policy, the shop catalog and real SQL to result positions,
// methods, expected names and the fail-closed refusals (runtime/masking/mask_plan.h).
#include <doctest/doctest.h>

#include <filesystem>
#include <string>

#include "driver/compile.h"
#include "govern/govern.h"
#include "masking/mask_plan.h"
#include "masking/mask_value.h"
#include "support/facts_builder.h"

using namespace govern;
using govern::testing::ContextBuilder;

namespace {

constexpr const char* kPolicy = R"(
policy m {
  rule masks {
    when "analyst" in identity.groups
    mask tag "pii.email" with email
    mask column "public.customers.phone" with last4
    mask tag "pii.*" with redact
  }
}
)";

struct Planner {
  std::unique_ptr<compiler::CompileResult> compiled = compiler::CompileText("m.policy", kPolicy);
  std::unique_ptr<Engine> engine;
  std::unique_ptr<Session> session;
  ContextBuilder analyst, other;

  Planner() {
    REQUIRE_MESSAGE(compiled->program, compiled->diagnostics.Render());
    const std::filesystem::path src = GOVERN_SOURCE_DIR;
    EngineOptions options;
    options.catalog_paths = {(src / "policies/catalog/schema.sql").string(),
                             (src / "policies/catalog/tags.tsv").string()};
    auto e = Engine::FromProgram(*compiled->program, options);
    REQUIRE_MESSAGE(e.ok(), e.status().message());
    engine = std::move(*e);
    session = std::make_unique<Session>(*engine);
    analyst.User("ana").Group("analyst");
    other.User("olga").Group("dba");
  }

  MaskPlanResult Plan(const std::string& sql, bool masked_identity = true) {
    const AnalysisResult& r = session->Analyze(sql);
    REQUIRE(r.statements.size() == 1);
    const StatementFacts& facts = r.statements[0];
    const Decision& d = session->Decide(facts, masked_identity ? analyst.Build() : other.Build());
    return PlanMasks(*session->view().program, facts, d, sql);
  }
};

std::string MethodAt(const MaskPlan& p, uint32_t output) {
  const PositionMask* m = p.MaskAt(output);
  return m == nullptr ? "-" : std::string(MaskMethodName(m->method));
}

}  // namespace

TEST_CASE("mask plan: positions by lineage, whatever the alias") {
  Planner p;
  MaskPlanResult r = p.Plan("SELECT email AS contact, full_name, country, phone FROM customers");
  REQUIRE(r.masked);
  CHECK(r.refusal.empty());
  CHECK(r.plan.names == std::vector<std::string>{"contact", "full_name", "country", "phone"});
  CHECK(MethodAt(r.plan, 0) == "email");
  CHECK(MethodAt(r.plan, 1) == "redact");
  CHECK(MethodAt(r.plan, 2) == "-");
  CHECK(MethodAt(r.plan, 3) == "last4");
  CHECK(r.plan.MaskAt(0)->source == "public.customers.email");
  CHECK(r.plan.MaskAt(0)->rule == "m.masks");
  CHECK(r.plan.column_types == std::vector<uint32_t>{kOidText, kOidText, kOidText, kOidText});
  // A column aliased to a masked column's name is not masked.
  r = p.Plan("SELECT country AS email FROM customers");
  CHECK(r.plan.names == std::vector<std::string>{"email"});
  CHECK(r.plan.masks.empty());
  // Through a view, a CTE and a subquery: still the email method (one column, copied).
  for (const char* sql : {"SELECT email FROM customer_contacts", "WITH x AS (SELECT email FROM customers) SELECT email FROM x",
                          "SELECT e FROM (SELECT email AS e FROM customers) s"})
    CHECK(MethodAt(p.Plan(sql).plan, 0) == "email");
}

TEST_CASE("mask plan: methods that keep part of a value redact expressions, aggregates, unions and whole rows") {
  Planner p;
  for (const char* sql : {"SELECT lower(email) FROM customers", "SELECT email || full_name FROM customers",
                          "SELECT reverse(email) FROM customers", "SELECT string_agg(email, ',') FROM customers",
                          "SELECT email FROM customers UNION SELECT full_name FROM customers",
                          "SELECT row_to_json(c) FROM customers c", "SELECT c FROM customers c",
                          "SELECT json_agg(c) FROM customers c", "SELECT ROW(email, id) FROM customers"}) {
    INFO(sql);
    MaskPlanResult r = p.Plan(sql);
    CHECK(MethodAt(r.plan, 0) == "redact");
  }
  CHECK(MethodAt(p.Plan("SELECT substr(phone, 1, 3) FROM customers").plan, 0) == "redact");
  CHECK(MethodAt(p.Plan("SELECT email::varchar(200) FROM customers").plan, 0) == "email");
}

TEST_CASE("mask plan: identities without masks get no plan; SHOW and EXPLAIN are not shape-checked") {
  Planner p;
  CHECK_FALSE(p.Plan("SELECT email FROM customers", false).masked);
  MaskPlanResult r = p.Plan("SHOW search_path");
  CHECK(r.masked);
  CHECK_FALSE(r.plan.check_shape);
  // DECLARE/FETCH/EXECUTE return rows the plan does not know: no names, so any row fails the check.
  r = p.Plan("FETCH 10 FROM c");
  CHECK(r.masked);
  CHECK(r.plan.check_shape);
  CHECK(r.plan.names.empty());
}

TEST_CASE("mask plan: unknown lineage and unrewritable COPY are refused for masked identities") {
  Planner p;
  MaskPlanResult r = p.Plan("SELECT * FROM nosuch");
  CHECK(r.refusal.find("lineage of the result is not known (public.nosuch") != std::string::npos);
  CHECK(p.Plan("SELECT * FROM nosuch", false).refusal.empty());
  CHECK(p.Plan("COPY customers TO STDOUT (FORMAT binary)").refusal.find("binary") != std::string::npos);
  CHECK(!p.Plan("COPY customers TO STDOUT (DELIMITER '|')").refusal.empty());
  CHECK(!p.Plan("COPY (SELECT email FROM customers) TO STDOUT WITH (FORMAT csv, NULL 'x')").refusal.empty());
  CHECK(p.Plan("COPY orders TO STDOUT (FORMAT binary)").refusal.empty());  // nothing masked in it
  r = p.Plan("COPY customers TO STDOUT WITH CSV HEADER");
  CHECK(r.refusal.empty());
  CHECK(r.plan.copy.kind == CopyFormat::Kind::kCsv);
  CHECK(r.plan.copy.header);
  r = p.Plan("COPY (SELECT id, email FROM customers) TO STDOUT (FORMAT csv, HEADER false)");
  CHECK_FALSE(r.plan.copy.header);
  CHECK(r.plan.column_types == std::vector<uint32_t>{kOidInt8, kOidText});
  CHECK(p.Plan("COPY customers TO STDOUT").plan.copy.kind == CopyFormat::Kind::kText);
  // A type masks have no form for (timestamptz): NULL in COPY as in DataRow.
  CHECK(p.Plan("COPY (SELECT id, created_at, lower(email) FROM customers) TO STDOUT").plan.column_types ==
        std::vector<uint32_t>{kOidInt8, kOidOtherType, 0});
}

namespace {
// "schema.relation.column" of a plan column ("" for none).
std::string Named(const MaskPlan& p, const PlanColumn& c) {
  if (c.relation < 0) return "";
  const PlanRelation& r = p.relations[static_cast<size_t>(c.relation)];
  return r.schema + "." + r.name + "." + c.column;
}
}  // namespace

TEST_CASE("mask plan: origins name the outermost relation of a plain column; lineage every column") {
  Planner p;
  MaskPlanResult r = p.Plan("SELECT email, lower(email) AS l, id::text AS t FROM customers");
  REQUIRE(r.masked);
  REQUIRE(r.plan.origins.size() == 3);
  CHECK(Named(r.plan, r.plan.origins[0]) == "public.customers.email");
  CHECK(r.plan.origins[1].relation == -1);  // computed
  CHECK(Named(r.plan, r.plan.origins[2]) == "public.customers.id");  // a cast: the server reports 0/0, also accepted
  REQUIRE(r.plan.lineage[1].size() == 1);
  CHECK(Named(r.plan, r.plan.lineage[1][0]) == "public.customers.email");
  // Through a view: the view's column (what PostgreSQL reports), the table's behind it in the lineage.
  r = p.Plan("SELECT x.email FROM (SELECT email FROM customer_contacts) x");
  REQUIRE(r.plan.origins.size() == 1);
  CHECK(Named(r.plan, r.plan.origins[0]) == "public.customer_contacts.email");
  REQUIRE(r.plan.lineage[0].size() == 2);
  CHECK(Named(r.plan, r.plan.lineage[0][1]) == "public.customers.email");
  CHECK(r.plan.relations.size() == 2);
  // Two columns: no single origin.
  r = p.Plan("SELECT email FROM customers UNION SELECT full_name FROM customers");
  CHECK(r.plan.origins[0].relation == -1);
  CHECK(r.plan.lineage[0].size() == 2);
}
