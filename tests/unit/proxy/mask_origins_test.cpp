// RowDescription origins (table OID, attnum) against a mask plan's origins and
// lineage (stages/mask_origins.h), and the RowDescription fields they come from.
#include <doctest/doctest.h>

#include <memory>
#include <string>
#include <tuple>
#include <vector>

#include "stages/mask_origins.h"
#include "stages/mask_stage.h"
#include "stages/origin_resolver.h"

using namespace govern;
using namespace govern::proxy;

namespace {

// public.people (OID 100: id 1, email 2, name 3) and the view public.v (OID
// 200: contact 1 = people.email, region 2 = people.name).
RelationOid People() { return RelationOid{true, 100, {{"id", 1}, {"email", 2}, {"name", 3}}, false, ""}; }
RelationOid View() { return RelationOid{true, 200, {{"contact", 1}, {"region", 2}}, false, ""}; }

// A plan of `SELECT contact, region, lower(region) FROM v`: contact masked.
MaskPlan ViewPlan() {
  MaskPlan plan;
  plan.names = {"contact", "region", "lower"};
  plan.relations = {{"public", "v"}, {"public", "people"}};
  plan.origins = {{0, "contact"}, {0, "region"}, {}};
  plan.lineage = {{{0, "contact"}, {1, "email"}}, {{0, "region"}, {1, "name"}}, {{0, "region"}, {1, "name"}}};
  plan.masks.push_back(PositionMask{0, MaskMethod::kEmail, "public.people.email", "p.r"});
  return plan;
}

}  // namespace

TEST_CASE("origins: a plain column must be the planned relation OID and attnum") {
  MaskPlan plan = ViewPlan();
  RelationOid v = View(), p = People();
  std::vector<const RelationOid*> rels = {&v, &p};
  CHECK(CheckOrigins(plan, {{200, 1}, {200, 2}, {0, 0}}, rels).empty());
  // The view re-created (another OID), same names.
  std::string why = CheckOrigins(plan, {{201, 1}, {201, 2}, {0, 0}}, rels);
  CHECK(why.find("result column 1 comes from table OID 201 column 1 where govern planned public.v.contact "
                 "(table OID 200 column 1)") != std::string::npos);
  // The same OID, columns swapped (attnums).
  CHECK_FALSE(CheckOrigins(plan, {{200, 2}, {200, 1}, {0, 0}}, rels).empty());
  // The base table reported where the plan expects the view.
  CHECK_FALSE(CheckOrigins(plan, {{100, 2}, {200, 2}, {0, 0}}, rels).empty());
  // 0/0 is accepted anywhere: no origin on the wire (a cast, an expression).
  CHECK(CheckOrigins(plan, {{0, 0}, {0, 0}, {0, 0}}, rels).empty());
}

TEST_CASE("origins: relations the database does not have, or not looked up, fail") {
  MaskPlan plan = ViewPlan();
  RelationOid p = People();
  RelationOid gone;  // not found
  std::vector<const RelationOid*> missing = {&gone, &p};
  CHECK(CheckOrigins(plan, {{200, 1}, {200, 2}, {0, 0}}, missing).find("which the database does not have") !=
        std::string::npos);
  std::vector<const RelationOid*> unknown = {nullptr, &p};
  CHECK_FALSE(CheckOrigins(plan, {{200, 1}, {0, 0}, {0, 0}}, unknown).empty());
  // ... but only for positions that report an origin.
  CHECK(CheckOrigins(plan, {{0, 0}, {0, 0}, {0, 0}}, unknown).empty());
  // A column the relation no longer has (attnum 0) never matches.
  RelationOid renamed{true, 200, {{"contact", 1}, {"area", 2}}, false, ""};
  std::vector<const RelationOid*> rels = {&renamed, &p};
  CHECK_FALSE(CheckOrigins(plan, {{200, 1}, {200, 2}, {0, 0}}, rels).empty());
}

TEST_CASE("origins: a computed position reported as a column must be in its lineage or masked") {
  MaskPlan plan = ViewPlan();
  RelationOid v = View(), p = People();
  std::vector<const RelationOid*> rels = {&v, &p};
  // Position 3 computed in the plan; the server says v.region or people.name: in its lineage.
  CHECK(CheckOrigins(plan, {{200, 1}, {200, 2}, {200, 2}}, rels).empty());
  CHECK(CheckOrigins(plan, {{200, 1}, {200, 2}, {100, 3}}, rels).empty());
  // people.email is not in position 3's lineage and position 3 is not masked.
  std::string why = CheckOrigins(plan, {{200, 1}, {200, 2}, {100, 2}}, rels);
  CHECK(why.find("result column 3 comes from table OID 100 column 2, which is not in govern's lineage") !=
        std::string::npos);
  // A relation that is none of the plan's.
  CHECK_FALSE(CheckOrigins(plan, {{200, 1}, {200, 2}, {999, 1}}, rels).empty());
  // Masked anyway (redact): accepted.
  plan.masks.push_back(PositionMask{2, MaskMethod::kRedact, "public.people.name", "p.r"});
  CHECK(CheckOrigins(plan, {{200, 1}, {200, 2}, {100, 2}}, rels).empty());
}

TEST_CASE("origins: RowDescription fields carry table OID and attnum") {
  MaskPlan plan;
  plan.names = {"a", "b"};
  std::string body;
  wire::PutU16(&body, 2);
  for (auto [name, oid, att] : {std::tuple{"a", 16384u, 3}, std::tuple{"b", 0u, 0}}) {
    body += std::string(name) + '\0';
    wire::PutU32(&body, oid);
    wire::PutU16(&body, static_cast<uint16_t>(att));
    wire::PutU32(&body, 25);
    wire::PutU16(&body, 0xffff);
    wire::PutU32(&body, 0xffffffff);
    wire::PutU16(&body, 0);
  }
  ResultShape shape;
  REQUIRE(CheckRowDescription(plan, body, &shape).empty());
  REQUIRE(shape.origins.size() == 2);
  CHECK(shape.origins[0].table == 16384);
  CHECK(shape.origins[0].attnum == 3);
  CHECK(shape.origins[1].table == 0);
  CHECK(HasTableOrigin(shape.origins));
  CHECK_FALSE(HasTableOrigin({{0, 0}, {0, 0}}));
}

TEST_CASE("origins: the lookup's array parameters quote every name") {
  CHECK(OriginResolver::ArrayLiteral({"public", "we\"ird\\name", "a,b"}) == R"({"public","we\"ird\\name","a,b"})");
  CHECK(OriginResolver::ArrayLiteral({}) == "{}");
}

TEST_CASE("origins: a relation that does not stand as planned fails the statement, whatever its positions") {
  MaskPlan plan = ViewPlan();
  plan.relations[0].view = true;
  RelationOid v = View();
  RelationOid p = People();
  std::vector<const RelationOid*> rels = {&v, &p};
  CHECK(CheckOrigins(plan, {{0, 0}, {0, 0}, {0, 0}}, rels).empty());
  CHECK(ReadsView(plan));
  v.mismatch = "view public.v column 1 (contact) reads public.people.name in the database";
  CHECK(CheckOrigins(plan, {{0, 0}, {0, 0}, {0, 0}}, rels) == v.mismatch);
  CHECK(CheckOrigins(plan, {{200, 1}, {200, 2}, {0, 0}}, rels) == v.mismatch);
  // A view not looked up fails even when no position reports an origin.
  std::vector<const RelationOid*> unknown = {nullptr, &p};
  CHECK(CheckOrigins(plan, {{0, 0}, {0, 0}, {0, 0}}, unknown).find("view public.v was not looked up") == 0);
  plan.relations[0].view = false;
  CHECK_FALSE(ReadsView(plan));
}

TEST_CASE("origins: a lookup made again keeps the first answer, with a mismatch when the relation moved") {
  const PlanRelation r{"public", "people", false};
  auto first = std::make_shared<const RelationOid>(People());
  // No earlier answer of this stamp: the fresh one.
  auto fresh = std::make_shared<const RelationOid>(People());
  CHECK(OriginResolver::Merge(r, nullptr, fresh) == fresh);
  // The same relation: the first answer itself.
  CHECK(OriginResolver::Merge(r, first, fresh) == first);
  auto moved = [&](auto change) {
    RelationOid f = People();
    change(f);
    return OriginResolver::Merge(r, first, std::make_shared<const RelationOid>(f));
  };
  auto recreated = moved([](RelationOid& f) { f.oid = 101; });
  CHECK(recreated->oid == 100);  // what the origins are still checked against
  CHECK(recreated->mismatch.find("re-created") != std::string::npos);
  CHECK(recreated->mismatch.find("table OID 100, now 101") != std::string::npos);
  CHECK(moved([](RelationOid& f) { f.columns.pop_back(); })->mismatch.find("columns added, dropped or renamed") !=
        std::string::npos);
  CHECK(moved([](RelationOid& f) { f.found = false; })->mismatch.find("was dropped") != std::string::npos);
  CHECK(moved([](RelationOid& f) { f.view = true; })->mismatch.find("re-created") != std::string::npos);
  auto redefined = moved([](RelationOid& f) { f.mismatch = "view public.people column 2 (email) reads x"; });
  CHECK(redefined->mismatch.find("view public.people column 2 (email) reads x") == 0);
  // Once a mismatch, it stays for the generation, even if the database goes back.
  CHECK(OriginResolver::Merge(r, redefined, fresh) == redefined);
}

TEST_CASE("origins: PostgreSQL's text arrays of names") {
  std::vector<std::string> out;
  CHECK(OriginResolver::ParseTextArray("{}", &out));
  CHECK(out.empty());
  CHECK(OriginResolver::ParseTextArray(R"({public.norm,"odd s.f","q\"x","b\\s",public.#~#})", &out));
  CHECK(out == std::vector<std::string>{"public.norm", "odd s.f", "q\"x", "b\\s", "public.#~#"});
  for (const char* bad : {"", "{", "public.f", "{a,}", "{\"open}", "{NULL}", "{a\"b\"c,d}x"}) {
    std::vector<std::string> ignored;
    CHECK_MESSAGE(!OriginResolver::ParseTextArray(bad, &ignored), bad);
  }
}
