// ConditionLocation: where a fired rule points (lint findings), and rule
// descriptions carried through a bundle.
#include <doctest/doctest.h>

#include "bundle/loader.h"
#include "bundle/verifier.h"
#include "catalog/loaders.h"
#include "emit/bundle_writer.h"
#include "policy_harness.h"
#include "sql/analyzer.h"
#include "vm/witness.h"

using namespace govern;
using namespace govern::testing;

namespace {

Catalog Shop() {
  Catalog c;
  REQUIRE(LoadDdl("CREATE TABLE customers (id int, email text, name text);"
                  "CREATE TABLE orders (id int, total numeric);",
                  "shop.sql", &c)
              .ok());
  return c;
}

const char* kPolicy = R"(
policy p {
  rule email "No e-mail addresses in exports" {
    when reads(column "public.customers.email") or calls("pg_sleep")
    deny "reads {reads(column \"public.customers.email\")}"
  }
  rule sleep {
    when calls("pg_sleep")
    warn "sleeps"
  }
  rule unbounded {
    when statement.kind == delete and not statement.has_where
    deny "unbounded"
  }
  rule not_email {
    when not reads(column "public.customers.email") and statement.kind == select
    warn "no email"
  }
}
)";

uint32_t RuleIndex(const BoundProgram& program, std::string_view id) {
  const ProgramData& p = program.data();
  for (uint32_t r = 0; r < p.rules.size(); ++r)
    if (p.strings[p.rules[r].id] == id) return r;
  FAIL("no rule ", id);
  return 0;
}

// The text at the rule's location ("" for kNoLocation).
std::string Where(const Compiled& c, const std::string& sql, size_t statement, std::string_view rule, size_t n) {
  Analyzer analyzer(c.catalog);
  FactsStore store;
  AnalysisResult r = analyzer.Analyze(sql, store);
  REQUIRE(statement < r.statements.size());
  Context ctx;
  uint32_t at = ConditionLocation(*c.program, RuleIndex(*c.program, rule), r.statements[statement], ctx);
  return at == kNoLocation ? "" : sql.substr(at, n);
}

}  // namespace

TEST_CASE("a rule on columns points at the first matching column reference") {
  Catalog catalog = Shop();
  Compiled c = CompilePolicy(kPolicy, &catalog);
  REQUIRE_MESSAGE(c.ok(), c.diagnostics());
  std::string sql = "SELECT 1;\nSELECT id,\n       name,\n       email\n  FROM customers;";
  CHECK(Where(c, sql, 1, "p.email", 5) == "email");
  // `or` stops at the first true operand: calls() was not looked at
  std::string both = "SELECT pg_sleep(1),\n  email FROM customers";
  CHECK(Where(c, both, 0, "p.email", 5) == "email");
}

TEST_CASE("a rule on calls points at the call; a rule on the statement's shape has no location") {
  Catalog catalog = Shop();
  Compiled c = CompilePolicy(kPolicy, &catalog);
  REQUIRE(c.ok());
  CHECK(Where(c, "SELECT id,\n  pg_sleep(2) FROM orders", 0, "p.sleep", 8) == "pg_sleep");
  CHECK(Where(c, "DELETE FROM orders", 0, "p.unbounded", 6).empty());
  // a negated set fires when it is empty: nothing to point at
  CHECK(Where(c, "SELECT id FROM customers", 0, "p.not_email", 2).empty());
}

TEST_CASE("locations outside the statement are never used") {
  Catalog catalog = Shop();
  Compiled c = CompilePolicy(kPolicy, &catalog);
  REQUIRE(c.ok());
  std::string sql = "SELECT email FROM customers; SELECT email FROM customers";
  size_t second = sql.rfind("email");
  Analyzer analyzer(&catalog);
  FactsStore store;
  AnalysisResult r = analyzer.Analyze(sql, store);
  REQUIRE(r.statements.size() == 2);
  Context ctx;
  CHECK(ConditionLocation(*c.program, RuleIndex(*c.program, "p.email"), r.statements[1], ctx) == second);
  StatementFacts shifted = r.statements[1];
  shifted.pos.offset = static_cast<uint32_t>(second + 1);  // the column now lies before the statement
  CHECK(ConditionLocation(*c.program, RuleIndex(*c.program, "p.email"), shifted, ctx) == kNoLocation);
}

TEST_CASE("rule descriptions survive a bundle; bundles without any have no section") {
  Catalog catalog = Shop();
  auto described = compiler::CompileText("d.policy", kPolicy, &catalog);
  REQUIRE(described->program.has_value());
  REQUIRE(described->program->rule_descriptions.size() == described->program->rules.size());
  auto bytes = compiler::WriteBundle(*described->program, "");
  REQUIRE(bytes.ok());
  auto decoded = DecodeBundle(std::string_view(reinterpret_cast<const char*>(bytes->data()), bytes->size()));
  REQUIRE(decoded.ok());
  const ProgramData& p = decoded->program;
  REQUIRE(p.rule_descriptions.size() == p.rules.size());
  CHECK(p.strings[p.rule_descriptions[0]] == "No e-mail addresses in exports");
  CHECK(p.strings[p.rule_descriptions[1]].empty());

  auto plain = compiler::CompileText("plain.policy", "policy q { rule r { deny \"x\" } }");
  REQUIRE(plain->program.has_value());
  CHECK(plain->program->rule_descriptions.empty());

  // a description table that does not match the rules is refused
  ProgramData bad = *described->program;
  bad.rule_descriptions.pop_back();
  CHECK_FALSE(VerifyProgram(bad).ok());
}
