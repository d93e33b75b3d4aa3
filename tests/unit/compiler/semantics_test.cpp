// One semantic test per operator, effect and combining rule. Every decision
// is also checked against the reference evaluator (policy_harness.h).
#include "policy_harness.h"

using namespace govern;
using namespace govern::testing;

namespace {

// Returns whether a rule `t.r` with condition `cond` fires.
bool Fires(const std::string& cond, const StatementFacts& facts, const Context& ctx, const Catalog* cat = nullptr) {
  auto c = CompilePolicy("policy t { rule r { when " + cond + "\n deny \"x\" } }", cat);
  REQUIRE_MESSAGE(c.ok(), c.diagnostics());
  return Run(c, facts, ctx).verdict == Verdict::kDeny;
}

Catalog TaggedCatalog() {
  Catalog cat;
  int32_t t = cat.AddTable("public", "customers");
  cat.AddTag(cat.AddColumn(t, "email", "text"), "pii.email");
  cat.AddTag(cat.AddColumn(t, "name", "text"), "pii.name");
  cat.AddColumn(t, "id", "int");
  int32_t s = cat.AddTable("public", "api_keys");
  cat.AddTag(cat.AddColumn(s, "secret", "text"), "secret");
  return cat;
}

}  // namespace

TEST_CASE("string operators: == != matches in, not in") {
  ContextBuilder cb;
  cb.User("alice").Purpose("training").Env("prod").Group("ml").Group("analyst").Attr("team", "risk");
  const Context& ctx = cb.Build();
  FactsBuilder fb(StatementKind::k_select);
  const StatementFacts& f = fb.Build();
  CHECK(Fires("identity.purpose == \"training\"", f, ctx));
  CHECK_FALSE(Fires("identity.purpose != \"training\"", f, ctx));
  CHECK(Fires("env != \"dev\"", f, ctx));
  CHECK(Fires("identity.user matches \"al*\"", f, ctx));
  CHECK_FALSE(Fires("identity.user matches \"bo*\"", f, ctx));
  CHECK(Fires("\"analyst\" in identity.groups", f, ctx));
  CHECK(Fires("\"dba\" not in identity.groups", f, ctx));
  CHECK(Fires("env in {\"prod\", \"staging\"}", f, ctx));
  CHECK_FALSE(Fires("env in {\"dev\"}", f, ctx));
  CHECK(Fires("identity.attr.team == \"risk\"", f, ctx));
  CHECK(Fires("identity.attr.missing == \"\"", f, ctx));
}

TEST_CASE("boolean operators: and, or, not, precedence") {
  ContextBuilder cb;
  cb.Env("prod");
  const Context& ctx = cb.Build();
  FactsBuilder fb(StatementKind::k_delete);
  fb.Where(false);
  const StatementFacts& f = fb.Build();
  CHECK(Fires("env == \"prod\" and not statement.has_where", f, ctx));
  CHECK_FALSE(Fires("env == \"dev\" and not statement.has_where", f, ctx));
  CHECK(Fires("env == \"dev\" or statement.kind == delete", f, ctx));
  CHECK(Fires("not env == \"dev\"", f, ctx));  // not binds looser than ==
  CHECK(Fires("env == \"dev\" and false or true", f, ctx));  // and binds tighter than or
  CHECK_FALSE(Fires("env == \"dev\" and (false or true)", f, ctx));
  CHECK(Fires("statement.has_where == false", f, ctx));
  CHECK(Fires("statement.has_limit != true", f, ctx));
}

TEST_CASE("statement kinds: ==, !=, in, not in") {
  ContextBuilder cb;
  const Context& ctx = cb.Build();
  FactsBuilder upd(StatementKind::k_update);
  const StatementFacts& f = upd.Build();
  CHECK(Fires("statement.kind == update", f, ctx));
  CHECK_FALSE(Fires("statement.kind != update", f, ctx));
  CHECK(Fires("statement.kind in {delete, update}", f, ctx));
  CHECK_FALSE(Fires("statement.kind not in {delete, update}", f, ctx));
  CHECK(Fires("statement.kind not in {select}", f, ctx));
}

TEST_CASE("numbers and count()") {
  ContextBuilder cb;
  cb.Group("a").Group("b").Group("c");
  const Context& ctx = cb.Build();
  FactsBuilder fb(StatementKind::k_select);
  fb.Read("public.t.a").Read("public.t.b");
  const StatementFacts& f = fb.Build();
  CHECK(Fires("count(identity.groups) == 3", f, ctx));
  CHECK(Fires("count(reads()) >= 2", f, ctx));
  CHECK(Fires("count(reads()) > 1", f, ctx));
  CHECK_FALSE(Fires("count(reads()) < 2", f, ctx));
  CHECK(Fires("count(reads()) <= 2", f, ctx));
  CHECK(Fires("count(reads()) != 5", f, ctx));
  CHECK(Fires("count({\"x\", \"y\", \"x\"}) == 2", f, ctx));  // folded at compile time
}

TEST_CASE("fact sets: reads, writes, outputs, filters_on, computes_on, star_reads, calls, targets") {
  Catalog cat = TaggedCatalog();
  ContextBuilder cb;
  const Context& ctx = cb.Build();
  FactsBuilder fb(StatementKind::k_select, &cat);
  fb.Read("public.customers.email", kUseProjected | kUseStar)
      .Read("public.customers.id", kUseFiltered)
      .Output("email", {"public.customers.email"})
      .Function("lower")
      .Function("pg_catalog.pg_read_file");
  const StatementFacts& f = fb.Build();
  CHECK(Fires("reads(tag \"pii.*\")", f, ctx, &cat));
  CHECK(Fires("reads(tag \"pii.email\")", f, ctx, &cat));
  CHECK_FALSE(Fires("reads(tag \"secret\")", f, ctx, &cat));
  CHECK(Fires("reads(column \"public.customers.*\")", f, ctx, &cat));
  CHECK(Fires("reads(table \"public.cust*\")", f, ctx, &cat));
  CHECK_FALSE(Fires("writes()", f, ctx, &cat));
  CHECK(Fires("outputs(tag \"pii.email\")", f, ctx, &cat));
  CHECK_FALSE(Fires("outputs(column \"*.id\")", f, ctx, &cat));
  CHECK(Fires("filters_on(column \"*.id\")", f, ctx, &cat));
  CHECK_FALSE(Fires("filters_on(tag \"pii.*\")", f, ctx, &cat));
  CHECK(Fires("star_reads(tag \"pii.*\")", f, ctx, &cat));
  CHECK(Fires("calls(\"*pg_read_file\")", f, ctx, &cat));
  CHECK_FALSE(Fires("calls(\"lo_*\")", f, ctx, &cat));
  CHECK(Fires("\"public.customers.email\" in reads()", f, ctx, &cat));
  FactsBuilder del(StatementKind::k_delete, &cat);
  del.Target("public.customers");
  CHECK(Fires("\"public.customers\" in statement.targets", del.Build(), ctx, &cat));
  CHECK(Fires("statement.targets", del.Build(), ctx, &cat));  // a set is true when not empty
  // computes_on: columns reaching what may fail or take value-dependent time.
  FactsBuilder computed(StatementKind::k_select, &cat);
  computed.Read("public.customers.email", kUseProjected | kUseComputed)
      .Read("public.customers.id", kUseFiltered)
      .Output("x", {"public.customers.email"});
  const StatementFacts& cf = computed.Build();
  CHECK(Fires("computes_on(tag \"pii.*\")", cf, ctx, &cat));
  CHECK(Fires("computes_on()", cf, ctx, &cat));
  CHECK_FALSE(Fires("computes_on(column \"*.id\")", cf, ctx, &cat));
  CHECK_FALSE(Fires("filters_on(tag \"pii.*\")", cf, ctx, &cat));
  CHECK(Fires("count(computes_on()) == 1", cf, ctx, &cat));
  FactsBuilder plain(StatementKind::k_select, &cat);
  plain.Read("public.customers.email", kUseProjected).Output("email", {"public.customers.email"});
  CHECK_FALSE(Fires("computes_on(tag \"pii.*\")", plain.Build(), ctx, &cat));
}

TEST_CASE("without a catalog, column and table selectors match by name; tags match nothing") {
  ContextBuilder cb;
  const Context& ctx = cb.Build();
  FactsBuilder fb(StatementKind::k_select);
  fb.Read("public.customers.email");
  const StatementFacts& f = fb.Build();
  CHECK(Fires("reads(column \"public.customers.email\")", f, ctx));
  CHECK(Fires("reads(table \"public.customers\")", f, ctx));
  CHECK_FALSE(Fires("reads(tag \"*\")", f, ctx));
}

TEST_CASE("combining: deny beats approval beats allow; warnings never block") {
  ContextBuilder cb;
  cb.Env("prod");
  const Context& ctx = cb.Build();
  FactsBuilder fb(StatementKind::k_drop_table);
  const StatementFacts& f = fb.Build();
  auto both = CompilePolicy(R"(
    policy p {
      rule a { when env == "prod" require approval from "dba" "needs a dba" }
      rule w { warn "careful" }
      rule d { when statement.kind == drop_table deny "no drops" }
    })");
  Outcome o = Run(both, f, ctx);
  CHECK(o.verdict == Verdict::kDeny);
  CHECK(o.fired == std::vector<std::string>{"p.a", "p.w", "p.d"});
  auto approval = CompilePolicy(R"(policy p {
      rule a { when env == "prod" require approval from "dba" }
      rule w { warn "careful" } })");
  CHECK(Run(approval, f, ctx).verdict == Verdict::kRequireApproval);
  auto warn_only = CompilePolicy(R"(policy p { rule w { warn "careful: {statement.kind}" } })");
  Outcome w = Run(warn_only, f, ctx);
  CHECK(w.verdict == Verdict::kAllow);
  CHECK(w.messages == std::vector<std::string>{"careful: drop_table"});
}

TEST_CASE("default deny needs an allow") {
  ContextBuilder cb;
  cb.Group("etl");
  const Context& ctx = cb.Build();
  auto c = CompilePolicy(R"(default deny
    policy p {
      rule selects { when statement.kind == select allow }
      rule etl_writes { when "etl" in identity.groups and statement.kind == insert allow }
      rule audit_all { audit "seen {statement.kind}" }
    })");
  FactsBuilder sel(StatementKind::k_select), ins(StatementKind::k_insert), del(StatementKind::k_delete);
  CHECK(Run(c, sel.Build(), ctx).verdict == Verdict::kAllow);
  CHECK(Run(c, ins.Build(), ctx).verdict == Verdict::kAllow);
  Outcome d = Run(c, del.Build(), ctx);
  CHECK(d.verdict == Verdict::kDeny);
  CHECK(d.messages == std::vector<std::string>{"seen delete"});
  ContextBuilder other;
  CHECK(Run(c, ins.Build(), other.Build()).verdict == Verdict::kDeny);
}

TEST_CASE("masks: union of firing effects, first match in source order wins per column") {
  Catalog cat = TaggedCatalog();
  ContextBuilder analyst;
  analyst.Group("analyst");
  auto c = CompilePolicy(R"(policy pii {
      rule mask_for_analysts {
        when "analyst" in identity.groups
        mask tag "pii.email" with email
        mask tag "pii.*" with redact
      }
      rule hash_ids { mask column "public.customers.id" with hash }
    })", &cat);
  FactsBuilder fb(StatementKind::k_select, &cat);
  fb.Output("email", {"public.customers.email"})
      .Output("who", {"public.customers.name", "public.customers.email"})
      .Output("id", {"public.customers.id"})
      .Output("n", {});
  const StatementFacts& f = fb.Build();
  Outcome o = Run(c, f, analyst.Build());
  CHECK(o.verdict == Verdict::kAllow);
  auto masks = o.masks;
  std::sort(masks.begin(), masks.end());
  // output 1 (who) has pii.name and pii.email sources: the email mask comes first in source order.
  CHECK(masks == std::vector<std::pair<uint32_t, std::string>>{{0, "email"}, {1, "email"}, {2, "hash"}});
  ContextBuilder nobody;
  Outcome n = Run(c, f, nobody.Build());
  CHECK(n.masks == std::vector<std::pair<uint32_t, std::string>>{{2, "hash"}});
}

TEST_CASE("messages interpolate sets, numbers, strings and kinds") {
  Catalog cat = TaggedCatalog();
  ContextBuilder cb;
  cb.User("svc").Purpose("training");
  auto c = CompilePolicy(R"(policy pii { rule no_pii_in_training {
      when identity.purpose == "training" and reads(tag "pii.*")
      deny "{identity.user} may not read personal data: {reads(tag \"pii.*\")} ({count(reads(tag \"pii.*\"))} columns, {statement.kind}) \{literal\}"
    } })", &cat);
  FactsBuilder fb(StatementKind::k_select, &cat);
  fb.Read("public.customers.email").Read("public.customers.name").Read("public.customers.id");
  Outcome o = Run(c, fb.Build(), cb.Build());
  REQUIRE(o.messages.size() == 1);
  CHECK(o.messages[0] ==
        "svc may not read personal data: public.customers.email, public.customers.name (2 columns, select) {literal}");
}

TEST_CASE("rules that cannot fire for a kind are not run (kind index)") {
  auto c = CompilePolicy(R"(policy d { rule unbounded {
      when statement.kind in {delete, update} and not statement.has_where
      deny "x" } })");
  REQUIRE(c.ok());
  CHECK(c.program->RulesFor(StatementKind::k_select).empty());
  CHECK(c.program->RulesFor(StatementKind::k_delete).size() == 1);
  CHECK(c.program->RulesFor(StatementKind::k_update).size() == 1);
}

TEST_CASE("several selectors in reads/writes/outputs/filters_on select their union") {
  Catalog cat = TaggedCatalog();
  ContextBuilder cb;
  const Context& ctx = cb.Build();
  FactsBuilder fb(StatementKind::k_select, &cat);
  fb.Read("public.customers.email").Read("public.api_keys.secret", kUseFiltered).Read("public.customers.id")
      .Output("email", {"public.customers.email"});
  const StatementFacts& f = fb.Build();
  CHECK(Fires("reads(tag \"pii.name\", tag \"secret\")", f, ctx, &cat));
  CHECK(Fires("reads(tag \"nothing\", column \"public.customers.id\")", f, ctx, &cat));
  CHECK_FALSE(Fires("reads(tag \"pii.name\", tag \"nothing\")", f, ctx, &cat));
  CHECK(Fires("outputs(tag \"secret\", tag \"pii.email\")", f, ctx, &cat));
  CHECK_FALSE(Fires("outputs(tag \"secret\", table \"public.api_keys\")", f, ctx, &cat));
  CHECK(Fires("filters_on(tag \"pii.*\", table \"public.api_keys\")", f, ctx, &cat));
  CHECK_FALSE(Fires("writes(tag \"pii.*\", tag \"secret\")", f, ctx, &cat));
  // A union counts each column once, even when several members match it.
  CHECK(Fires("count(reads(tag \"pii.*\", column \"public.customers.email\", tag \"secret\")) == 2", f, ctx, &cat));
  CHECK(Fires("count(reads(tag \"pii.email\", tag \"pii.email\")) == 1", f, ctx, &cat));
  // Without a catalog, members match by name (tags match nothing).
  FactsBuilder bare(StatementKind::k_select);
  bare.Read("public.customers.email").Read("public.orders.total");
  CHECK(Fires("count(reads(tag \"pii.*\", column \"*.email\", table \"public.orders\")) == 2", bare.Build(), ctx));
  CHECK_FALSE(Fires("reads(tag \"pii.*\", table \"public.x\")", bare.Build(), ctx));

  auto c = CompilePolicy(R"(policy p { rule r {
      when reads(tag "pii.*", tag "secret")
      deny "reads {reads(tag \"secret\", tag \"pii.*\")}"
    } })", &cat);
  Outcome o = Run(c, f, ctx);
  REQUIRE(o.messages.size() == 1);
  CHECK(o.messages[0] == "reads public.customers.email, public.api_keys.secret");
  // The same members in another order are the same selector.
  CHECK(c.program->data().selector_lists.size() == 1);
}

TEST_CASE("an empty interpolation leaves no double space, no space before punctuation or at the end") {
  ContextBuilder cb;
  const Context& ctx = cb.Build();
  auto c = CompilePolicy(R"(policy p { rule r {
      deny "{statement.kind} on {statement.targets} by {identity.user}: {reads()}."
      warn "columns {reads()} here"
      audit "end {statement.targets}"
    } })");
  FactsBuilder fb(StatementKind::k_delete);
  Outcome o = Run(c, fb.Build(), ctx);
  REQUIRE(o.messages.size() == 3);
  CHECK(o.messages[0] == "delete on by:.");
  CHECK(o.messages[1] == "columns here");
  CHECK(o.messages[2] == "end");
  FactsBuilder full(StatementKind::k_delete);
  full.Target("public.t").Read("public.t.a");
  cb.User("ana");
  Outcome o2 = Run(c, full.Build(), cb.Build());
  REQUIRE(o2.messages.size() == 3);
  CHECK(o2.messages[0] == "delete on public.t by ana: public.t.a.");
  CHECK(o2.messages[1] == "columns public.t.a here");
}

TEST_CASE("kind classes are kind sets; statement.modifies and statement.side_effects") {
  ContextBuilder cb;
  const Context& ctx = cb.Build();
  FactsBuilder sel(StatementKind::k_select);
  FactsBuilder del(StatementKind::k_delete);
  FactsBuilder begin(StatementKind::k_transaction);
  FactsBuilder set(StatementKind::k_set);
  CHECK(Fires("statement.kind in read_only", sel.Build(), ctx));
  CHECK_FALSE(Fires("statement.kind in read_only", del.Build(), ctx));
  CHECK(Fires("statement.kind in dml", del.Build(), ctx));
  CHECK(Fires("statement.kind not in {read_only, transaction_control, session}", del.Build(), ctx));
  CHECK_FALSE(Fires("statement.kind not in {read_only, transaction_control, session}", begin.Build(), ctx));
  CHECK(Fires("statement.kind in session", set.Build(), ctx));
  CHECK(Fires("statement.kind in {ddl, truncate, delete}", del.Build(), ctx));
  CHECK(Fires("statement.modifies", del.Build(), ctx));
  CHECK_FALSE(Fires("statement.modifies", sel.Build(), ctx));
  CHECK_FALSE(Fires("statement.modifies", begin.Build(), ctx));
  FactsBuilder nextval(StatementKind::k_select);
  nextval.Function("nextval").Function("pg_catalog.pg_advisory_lock");
  CHECK(Fires("\"sequence\" in statement.side_effects", nextval.Build(), ctx));
  CHECK(Fires("\"advisory_lock\" in statement.side_effects", nextval.Build(), ctx));
  CHECK(Fires("count(statement.side_effects) == 2", nextval.Build(), ctx));
  CHECK_FALSE(Fires("statement.side_effects", sel.Build(), ctx));
  auto c = CompilePolicy(R"(policy p { rule r { when statement.side_effects deny "effects: {statement.side_effects}" } })");
  Outcome o = Run(c, nextval.Build(), ctx);
  REQUIRE(o.messages.size() == 1);
  CHECK(o.messages[0] == "effects: sequence, advisory_lock");
  // The kind index knows classes: a rule on `read_only` runs for SELECT only among these.
  auto idx = CompilePolicy(R"(policy p { rule r { when statement.kind in read_only deny "x" } })");
  REQUIRE(idx.ok());
  CHECK(idx.program->RulesFor(StatementKind::k_select).size() == 1);
  CHECK(idx.program->RulesFor(StatementKind::k_delete).empty());
}

TEST_CASE("a side effect literal that never occurs is a warning; a misspelled class an error") {
  auto w = CompilePolicy(R"(policy p { rule r { when "row_locks" in statement.side_effects deny "x" } })");
  REQUIRE(w.ok());
  CHECK(w.result->diagnostics.warning_count() == 1);
  CHECK(w.diagnostics().find("statement.side_effects never holds \"row_locks\"") != std::string::npos);
  CHECK(w.diagnostics().find("did you mean \"row_lock\"?") != std::string::npos);
  auto e = CompilePolicy(R"(policy p { rule r { when statement.kind in read_olny deny "x" } })");
  CHECK_FALSE(e.ok());
  CHECK(e.diagnostics().find("did you mean `read_only`?") != std::string::npos);
}
