// Context specialization (vm/specialize.h): which rules a context skips,
// which it folds to always, and that the residual decides like the generic
// VM and the reference evaluator (policy_harness.h checks both on every Run)
// for conditions that mix context and facts through and / or / not.
#include "policy_harness.h"

using namespace govern;
using namespace govern::testing;

namespace {

using State = Specialization::RuleState;

State StateOf(const Compiled& c, const Context& ctx, const std::string& rule_id) {
  Specialization spec(*c.program, ctx);
  const ProgramData& p = c.program->data();
  for (uint32_t r = 0; r < p.rules.size(); ++r)
    if (p.strings[p.rules[r].id] == rule_id) return spec.state(r);
  FAIL("no rule " << rule_id);
  return State::kResidual;
}

}  // namespace

TEST_CASE("specialization folds context-only conditions, keeps the rest as residual") {
  auto c = CompilePolicy(R"(policy t {
    rule ctx_false { when env == "prod" and identity.kind == "agent"
      deny "x" }
    rule ctx_true { when env == "prod"
      warn "y" }
    rule last_conjunct { when statement.kind == delete and not statement.has_where and env == "prod"
      deny "z" }
    rule either { when calls("pg_read_file") or "dba" in identity.roles
      deny "w" }
    rule negated { when not (identity.user == "root" or count(identity.groups) > 2) and reads()
      warn "v" }
    rule always { warn "u" }
  })");
  REQUIRE_MESSAGE(c.ok(), c.diagnostics());
  ContextBuilder prod_human, dev_dba, prod_root;
  prod_human.User("ana").Kind("human").Env("prod").Group("analyst");
  dev_dba.User("ops").Kind("human").Env("dev").Role("dba");
  prod_root.User("root").Kind("agent").Env("prod");
  const Context& a = prod_human.Build();
  const Context& b = dev_dba.Build();
  const Context& r = prod_root.Build();

  CHECK(StateOf(c, a, "t.ctx_false") == State::kSkipped);
  CHECK(StateOf(c, r, "t.ctx_false") == State::kAlways);
  CHECK(StateOf(c, a, "t.ctx_true") == State::kAlways);
  CHECK(StateOf(c, b, "t.ctx_true") == State::kSkipped);
  // A context conjunct written last folds like one written first.
  CHECK(StateOf(c, a, "t.last_conjunct") == State::kResidual);
  CHECK(StateOf(c, b, "t.last_conjunct") == State::kSkipped);
  // `or` with a true context operand is true whatever the statement.
  CHECK(StateOf(c, a, "t.either") == State::kResidual);
  CHECK(StateOf(c, b, "t.either") == State::kAlways);
  CHECK(StateOf(c, a, "t.negated") == State::kResidual);
  CHECK(StateOf(c, r, "t.negated") == State::kSkipped);
  CHECK(StateOf(c, a, "t.always") == State::kAlways);

  Specialization spec(*c.program, b);
  CHECK(spec.survivors() == 3);  // either, negated, always
  CHECK(spec.RulesFor(StatementKind::k_delete).size() == 3);

  // Every context against statements that make each residual true and false.
  for (const Context* ctx : {&a, &b, &r}) {
    FactsBuilder del(StatementKind::k_delete), del_where(StatementKind::k_delete), read(StatementKind::k_select),
        call(StatementKind::k_select), empty(StatementKind::k_select);
    del_where.Where();
    read.Read("public.t.c");
    call.Function("pg_read_file");
    for (FactsBuilder* fb : {&del, &del_where, &read, &call, &empty}) (void)Run(c, fb->Build(), *ctx);
  }
  Outcome o = Run(c, FactsBuilder(StatementKind::k_delete).Build(), a);
  CHECK(o.verdict == Verdict::kDeny);
  CHECK(std::find(o.fired.begin(), o.fired.end(), "t.last_conjunct") != o.fired.end());
}

TEST_CASE("specialized decisions keep the order of effects and masks") {
  Catalog cat;
  int32_t t = cat.AddTable("public", "customers");
  cat.AddTag(cat.AddColumn(t, "email", "text"), "pii.email");
  cat.AddColumn(t, "id", "int");
  auto c = CompilePolicy(R"(policy t {
    rule m1 { when "analyst" in identity.groups
      mask tag "pii.*" with email }
    rule m2 { when env == "prod"
      mask tag "pii.*" with redact }
    rule d { when reads(tag "pii.*") and identity.kind != "human"
      deny "no" }
  })", &cat);
  REQUIRE_MESSAGE(c.ok(), c.diagnostics());
  ContextBuilder analyst, bot;
  analyst.User("ana").Kind("human").Env("prod").Group("analyst");
  bot.User("bot").Kind("agent").Env("prod");
  FactsBuilder fb(StatementKind::k_select, &cat);
  fb.Read("public.customers.email").Output("email", {"public.customers.email"});
  Outcome o = Run(c, fb.Build(), analyst.Build());
  REQUIRE(o.masks.size() == 1);
  CHECK(o.masks[0].second == "email");
  CHECK(Run(c, fb.Build(), bot.Build()).verdict == Verdict::kDeny);
}

TEST_CASE("guards skip residuals only when they are false for certain") {
  Catalog cat;
  int32_t t = cat.AddTable("public", "customers");
  cat.AddTag(cat.AddColumn(t, "email", "text"), "pii.email");
  cat.AddColumn(t, "id", "int");
  int32_t u = cat.AddTable("app", "orders");
  cat.AddColumn(u, "total", "numeric");
  auto c = CompilePolicy(R"(policy t {
    rule fn { when calls("lower") or calls("app.audit")
      warn "calls" }
    rule fn_glob { when calls("pg_*")
      warn "glob" }
    rule sel { when reads(table "public.customers") and env == "prod"
      warn "customers" }
    rule absent { when outputs(table "app.missing")
      warn "missing" }
    rule tagged { when reads(tag "pii.*") and not statement.has_limit
      deny "pii" }
    rule mixed { when writes(tag "pii.*") or calls("lower")
      warn "mixed" }
  })", &cat);
  REQUIRE_MESSAGE(c.ok(), c.diagnostics());
  ContextBuilder prod;
  prod.User("ana").Kind("human").Env("prod");
  const Context& ctx = prod.Build();
  Specialization spec(*c.program, ctx);
  const ProgramData& p = c.program->data();
  auto guard = [&](const std::string& id) {
    for (uint32_t r = 0; r < p.rules.size(); ++r)
      if (p.strings[p.rules[r].id] == id) return spec.guard(r);
    FAIL("no rule " << id);
    return Guard{};
  };
  CHECK(guard("t.fn").active);
  CHECK(!guard("t.fn_glob").active);  // a glob has no single name bit
  CHECK(guard("t.sel").active);
  CHECK(guard("t.absent").active);
  CHECK(guard("t.absent").columns == 0);  // matches no catalog column: only unresolved names could
  CHECK(guard("t.tagged").active);
  CHECK(guard("t.mixed").active);
  CHECK(spec.has_guards());

  // Run() checks the specialized decision against the generic VM and the
  // reference evaluator on each of these statements.
  std::vector<FactsBuilder> statements;
  statements.reserve(8);
  statements.emplace_back(StatementKind::k_select, &cat);  // touches nothing
  statements.emplace_back(StatementKind::k_select, &cat);
  statements.back().Function("pg_catalog.lower");  // the unqualified name matches "lower"
  statements.emplace_back(StatementKind::k_select, &cat);
  statements.back().Function("audit");  // "app.audit" needs the qualified name
  statements.emplace_back(StatementKind::k_select, &cat);
  statements.back().Function("app.audit").Function("pg_sleep");
  statements.emplace_back(StatementKind::k_select, &cat);
  statements.back().Read("public.customers.email").Output("email", {"public.customers.email"});
  statements.emplace_back(StatementKind::k_select, &cat);
  statements.back().Read("app.orders.total");
  statements.emplace_back(StatementKind::k_select, &cat);
  statements.back().Read("app.missing.x").Output("x", {"app.missing.x"});  // not in the catalog: by name
  statements.emplace_back(StatementKind::k_update, &cat);
  statements.back().Write("public.customers.email");
  for (FactsBuilder& fb : statements) (void)Run(c, fb.Build(), ctx);

  FactsBuilder missing(StatementKind::k_select, &cat);
  missing.Read("app.missing.x").Output("x", {"app.missing.x"});
  Outcome o = Run(c, missing.Build(), ctx);
  CHECK(std::find(o.fired.begin(), o.fired.end(), "t.absent") != o.fired.end());
  FactsBuilder qualified(StatementKind::k_select, &cat);
  qualified.Function("pg_catalog.lower");
  o = Run(c, qualified.Build(), ctx);
  CHECK(std::find(o.fired.begin(), o.fired.end(), "t.fn") != o.fired.end());
  CHECK(std::find(o.fired.begin(), o.fired.end(), "t.mixed") != o.fired.end());
  FactsBuilder none(StatementKind::k_select, &cat);
  o = Run(c, none.Build(), ctx);
  CHECK(o.fired.empty());
}
