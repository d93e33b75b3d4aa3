// The decision cache on hand-built programs: the context class, what is and is
// not cached, bounds and eviction, invalidation by engine. Equality with fresh
// decisions on the standard policies is in tests/unit/compiler/decision_cache_test.cpp.
#include <doctest/doctest.h>

#include <string>

#include "bytecode/opcode.h"
#include "engine/context_key.h"
#include "govern/govern.h"
#include "support/facts_builder.h"

using namespace govern;
using govern::testing::ContextBuilder;

namespace {

// One rule, `when identity.purpose == "training" deny "no {identity.user}"`,
// plus whatever extra code words a test adds (they only need to verify).
ProgramData PurposeProgram() {
  ProgramData p;
  p.strings = {"", "training", "r.x", "p", "src", "no "};
  p.code = {Encode(Op::LOAD_STR, static_cast<uint32_t>(Attr::kIdentityPurpose)), Encode(Op::PUSH_STR, 1),
            Encode(Op::STR_EQ, 0), Encode(Op::RET, 0),
            // template expression chunk: identity.user
            Encode(Op::LOAD_STR, static_cast<uint32_t>(Attr::kIdentityUser)), Encode(Op::RET, 0)};
  p.spans.resize(p.code.size());
  p.chunks = {{0, 4, kTypeBool}, {4, 6, kTypeStr}};
  p.templates = {{0, 2}};
  p.template_parts = {{0, 5}, {1, 1}};
  p.effects = {{EffectType::kDeny, MaskMethod::kRedact, 0, 0, 0}};
  p.policies = {{3, 0}};
  p.sources = {{4, {}}};
  RuleMeta r;
  r.id = 2;
  r.condition = 0;
  r.kind_mask = ~uint64_t{0};
  r.first_effect = 0;
  r.effect_count = 1;
  p.rules = {r};
  return p;
}

std::unique_ptr<Engine> MakeEngine(ProgramData p) {
  auto engine = Engine::FromProgram(std::move(p), {});
  REQUIRE_MESSAGE(engine.ok(), engine.status().message());
  return std::move(*engine);
}

}  // namespace

TEST_CASE("the context shape lists exactly the fields the code loads") {
  auto engine = MakeEngine(PurposeProgram());
  ContextShape shape = ContextShape::Of(engine->program());
  CHECK(shape.fields == (ContextShape::kPurpose | ContextShape::kUser));
  CHECK(shape.attr_names.empty());

  ProgramData p;
  p.strings = {"team", "x"};
  p.code = {Encode(Op::LOAD_IDATTR, 0), Encode(Op::LOAD_IDATTR, 0), Encode(Op::LOAD_SET, static_cast<uint32_t>(Attr::kIdentityGroups)),
            Encode(Op::LOAD_STR, static_cast<uint32_t>(Attr::kEnv)),
            Encode(Op::LOAD_SET, static_cast<uint32_t>(Attr::kStatementTargets))};
  BoundProgram bound(p, nullptr);
  shape = ContextShape::Of(bound);
  CHECK(shape.fields == (ContextShape::kGroups | ContextShape::kEnv));
  REQUIRE(shape.attr_names.size() == 1);
  CHECK(shape.attr_names[0] == "team");

  // Fused attribute comparisons read the context too.
  ProgramData fused;
  fused.strings = {"x"};
  fused.code = {Encode(Op::ATTR_EQ, EncodeAttrStr(static_cast<uint32_t>(Attr::kIdentityPurpose), 0)),
                Encode(Op::ATTR_NE, EncodeAttrStr(static_cast<uint32_t>(Attr::kSessionApplication), 0))};
  BoundProgram fused_bound(fused, nullptr);
  CHECK(ContextShape::Of(fused_bound).fields == (ContextShape::kPurpose | ContextShape::kApplication));
}

TEST_CASE("a hit returns the fresh decision, for every context of the same class") {
  auto engine = MakeEngine(PurposeProgram());
  Session plain(*engine), cached(*engine);
  cached.EnableDecisionCache();
  ContextBuilder ana, ana_other_db, bob, trainer;
  ana.User("ana").Purpose("bi").Database("a");
  ana_other_db.User("ana").Purpose("bi").Database("b");  // session.database is not read by the program
  bob.User("bob").Purpose("bi");
  trainer.User("ana").Purpose("training");
  const std::string sql = "SELECT a FROM t";

  const StatementDecision* first = cached.DecideText(sql, trainer.Build());
  REQUIRE(first != nullptr);
  CHECK(first->decision.verdict == Verdict::kDeny);
  REQUIRE(first->messages.size() == 1);
  CHECK(first->messages[0] == "no ana");
  CHECK(cached.decision_cache()->stats().inserts == 1);

  const StatementDecision* again = cached.DecideText(sql, trainer.Build());
  CHECK(cached.decision_cache()->stats().hits == 1);
  REQUIRE(again != nullptr);
  CHECK(again->messages[0] == "no ana");
  CHECK(again->kind == StatementKind::k_select);

  // Same class (database is not read): a hit; another user or purpose: a miss.
  cached.DecideText(sql, ana.Build());
  cached.DecideText(sql, ana_other_db.Build());
  CHECK(cached.decision_cache()->stats().hits == 2);
  const StatementDecision* for_bob = cached.DecideText(sql, bob.Build());
  CHECK(cached.decision_cache()->stats().hits == 2);
  REQUIRE(for_bob != nullptr);
  CHECK(for_bob->decision.verdict == Verdict::kAllow);

  // The text is compared exactly: one more space is another entry.
  cached.DecideText(sql + " ", ana.Build());
  CHECK(cached.decision_cache()->stats().hits == 2);

  const StatementDecision* fresh = plain.DecideText(sql, trainer.Build());
  REQUIRE(fresh != nullptr);
  const StatementDecision* hit = cached.DecideText(sql, trainer.Build());
  CHECK(hit->decision.verdict == fresh->decision.verdict);
  CHECK(hit->messages == fresh->messages);
}

TEST_CASE("identity.attr is keyed by the value the VM would load") {
  ProgramData p;
  p.strings = {"team", "risk", "r.x", "p", "src"};
  p.code = {Encode(Op::LOAD_IDATTR, 0), Encode(Op::PUSH_STR, 1), Encode(Op::STR_EQ, 0), Encode(Op::RET, 0)};
  p.spans.resize(p.code.size());
  p.chunks = {{0, 4, kTypeBool}};
  p.effects = {{EffectType::kDeny, MaskMethod::kRedact, 0, kNoTemplate, 0}};
  p.policies = {{3, 0}};
  p.sources = {{4, {}}};
  RuleMeta r;
  r.id = 2;
  r.condition = 0;
  r.kind_mask = ~uint64_t{0};
  r.effect_count = 1;
  p.rules = {r};
  auto engine = MakeEngine(p);
  Session s(*engine);
  s.EnableDecisionCache();
  ContextBuilder risk, risk_first, ops, other_attr, none;
  risk.Attr("team", "risk");
  risk_first.Attr("team", "risk").Attr("team", "ops").Attr("site", "x");  // the first "team" counts
  ops.Attr("team", "ops").Attr("team", "risk");
  other_attr.Attr("site", "x");
  none.User("someone");
  CHECK(s.DecideText("SELECT 1", risk.Build())->decision.verdict == Verdict::kDeny);
  CHECK(s.DecideText("SELECT 1", risk_first.Build())->decision.verdict == Verdict::kDeny);
  CHECK(s.decision_cache()->stats().hits == 1);
  CHECK(s.DecideText("SELECT 1", ops.Build())->decision.verdict == Verdict::kAllow);
  CHECK(s.decision_cache()->stats().hits == 1);
  // An absent attribute and an empty one load the same "" in the VM.
  CHECK(s.DecideText("SELECT 1", other_attr.Build())->decision.verdict == Verdict::kAllow);
  CHECK(s.DecideText("SELECT 1", none.Build())->decision.verdict == Verdict::kAllow);
  CHECK(s.decision_cache()->stats().hits == 2);
}

TEST_CASE("parse errors, several statements and opaque statements are never cached") {
  auto engine = MakeEngine(PurposeProgram());
  Session s(*engine);
  s.EnableDecisionCache();
  ContextBuilder c;
  c.Purpose("training");
  for (int i = 0; i < 2; ++i) {
    CHECK(s.DecideText("SELEC 1", c.Build()) == nullptr);  // fail closed: the caller takes Analyze + Decide
    CHECK(s.analysis().errors.size() == 1);
    CHECK(s.DecideText("SELECT 1; SELECT 2", c.Build()) == nullptr);
    CHECK(s.analysis().statements.size() == 2);
    const StatementDecision* d = s.DecideText("DO $$ BEGIN EXECUTE 'DROP TABLE ' || tname; END $$", c.Build());
    REQUIRE(d != nullptr);  // decided fresh, every time
    CHECK(d->decision.verdict == Verdict::kDeny);
    d = s.DecideText("EXECUTE q(1)", c.Build());
    REQUIRE(d != nullptr);
    CHECK(d->kind == StatementKind::k_execute);
  }
  CHECK(s.decision_cache()->stats().inserts == 0);
  CHECK(s.decision_cache()->stats().hits == 0);
  CHECK(s.decision_cache()->size() == 0);
}

TEST_CASE("the cache is bounded and evicts by CLOCK within a set") {
  auto engine = MakeEngine(PurposeProgram());
  DecisionCacheOptions options;
  options.capacity = 3;  // rounds up to one set of kWays
  Session s(*engine);
  s.EnableDecisionCache(options);
  REQUIRE(s.decision_cache()->capacity() == DecisionCache::kWays);
  ContextBuilder c;
  c.Purpose("bi");
  for (int i = 0; i < 100; ++i) {
    const StatementDecision* d = s.DecideText("SELECT " + std::to_string(i), c.Build());
    REQUIRE(d != nullptr);
    CHECK(d->decision.verdict == Verdict::kAllow);
  }
  CHECK(s.decision_cache()->size() == DecisionCache::kWays);
  CHECK(s.decision_cache()->stats().inserts == 100);
  CHECK(s.decision_cache()->stats().evictions == 100 - DecisionCache::kWays);
  // A referenced entry survives the next eviction (second chance).
  s.DecideText("SELECT 99", c.Build());
  CHECK(s.decision_cache()->stats().hits == 1);
  s.DecideText("SELECT 1000", c.Build());
  s.DecideText("SELECT 99", c.Build());
  CHECK(s.decision_cache()->stats().hits == 2);
}

TEST_CASE("entries over max_entry_bytes are not stored") {
  auto engine = MakeEngine(PurposeProgram());
  DecisionCacheOptions options;
  options.max_entry_bytes = 32;
  Session s(*engine);
  s.EnableDecisionCache(options);
  ContextBuilder c;
  c.Purpose("training").User("u");
  const std::string long_sql = "SELECT 1 AS a_long_column_name, 2 AS another_long_name";
  for (int i = 0; i < 2; ++i) {
    const StatementDecision* d = s.DecideText(long_sql, c.Build());
    REQUIRE(d != nullptr);
    CHECK(d->decision.verdict == Verdict::kDeny);
  }
  CHECK(s.decision_cache()->stats().rejected == 2);
  CHECK(s.decision_cache()->size() == 0);
}

TEST_CASE("binding another engine forgets every entry; the same engine keeps them") {
  auto a = MakeEngine(PurposeProgram());
  auto b = MakeEngine(PurposeProgram());
  CHECK(a->generation() != b->generation());
  DecisionCache cache;
  cache.Bind(*a);
  Session s(*a);
  ContextBuilder c;
  c.Purpose("training");
  const StatementDecision* fresh = s.DecideText("SELECT 1", c.Build());
  REQUIRE(fresh != nullptr);
  REQUIRE(cache.Insert("SELECT 1", c.Build(), *fresh) != nullptr);
  CHECK(cache.Find("SELECT 1", c.Build()) != nullptr);
  cache.Bind(*a);
  CHECK(cache.Find("SELECT 1", c.Build()) != nullptr);
  cache.Bind(*b);
  CHECK(cache.size() == 0);
  CHECK(cache.Find("SELECT 1", c.Build()) == nullptr);
}

TEST_CASE("a stored decision owns its strings") {
  auto engine = MakeEngine(PurposeProgram());
  DecisionCache cache;
  cache.Bind(*engine);
  ContextBuilder c;
  c.Purpose("training").User("someone-with-a-long-name");
  const StatementDecision* stored = nullptr;
  {
    Session s(*engine);
    const StatementDecision* fresh = s.DecideText("SELECT 1", c.Build());
    REQUIRE(fresh != nullptr);
    stored = cache.Insert("SELECT 1", c.Build(), *fresh);
  }  // the session, its facts and its fresh decision are gone
  REQUIRE(stored != nullptr);
  const StatementDecision* hit = cache.Find("SELECT 1", c.Build());
  REQUIRE(hit == stored);
  CHECK(hit->messages[0] == "no someone-with-a-long-name");
}

TEST_CASE("contexts alternate and a context too long to memoize still hits exactly") {
  auto engine = MakeEngine(PurposeProgram());
  Session cached(*engine);
  cached.EnableDecisionCache();
  ContextBuilder trainer, analyst, long_trainer, long_analyst;
  trainer.User("ana").Purpose("training");
  analyst.User("ana").Purpose("bi");
  // Longer than the cache's memo of the last context (512 bytes): keyed by re-encoding.
  const std::string long_user(700, 'u');
  long_trainer.User(long_user).Purpose("training");
  long_analyst.User(long_user).Purpose("bi");
  const std::string sql = "SELECT a FROM t";
  for (int round = 0; round < 3; ++round) {
    for (ContextBuilder* b : {&trainer, &analyst, &long_trainer, &long_analyst}) {
      const StatementDecision* d = cached.DecideText(sql, b->Build());
      REQUIRE(d != nullptr);
      const bool training = b == &trainer || b == &long_trainer;
      CHECK(d->decision.verdict == (training ? Verdict::kDeny : Verdict::kAllow));
      if (training) {
        REQUIRE(d->messages.size() == 1);
        CHECK(d->messages[0] == "no " + std::string(b->context.identity.user));
      }
    }
  }
  CHECK(cached.decision_cache()->stats().inserts == 4);
  CHECK(cached.decision_cache()->stats().hits == 8);
  // A context equal in content but another object hits the same entry.
  ContextBuilder same_long;
  same_long.User(long_user).Purpose("bi");
  cached.DecideText(sql, same_long.Build());
  CHECK(cached.decision_cache()->stats().hits == 9);
}

TEST_CASE("a frozen context is known by its stamp, and a change gives a new stamp") {
  auto engine = MakeEngine(PurposeProgram());
  Session cached(*engine);
  cached.EnableDecisionCache();
  OwnedContext trainer, analyst, long_trainer;
  trainer.user = "ana";
  trainer.purpose = "training";
  analyst.user = "bob";
  analyst.purpose = "bi";
  long_trainer.user = std::string(700, 'u');  // longer than the memo of the last context
  long_trainer.purpose = "training";
  CHECK(trainer.view().stamp == 0);
  const uint64_t s1 = trainer.Freeze().stamp;
  const uint64_t s2 = trainer.Freeze().stamp;
  CHECK(s1 != 0);
  CHECK(s2 != 0);
  CHECK(s1 != s2);
  analyst.Freeze();
  long_trainer.Freeze();
  const std::string sql = "SELECT a FROM t";
  for (int round = 0; round < 3; ++round) {
    for (OwnedContext* c : {&trainer, &trainer, &analyst, &long_trainer, &long_trainer, &analyst}) {
      const StatementDecision* d = cached.DecideText(sql, c->last_view());
      REQUIRE(d != nullptr);
      const bool training = c->purpose == "training";
      CHECK(d->decision.verdict == (training ? Verdict::kDeny : Verdict::kAllow));
      if (training) {
        REQUIRE(d->messages.size() == 1);
        CHECK(d->messages[0] == "no " + c->user);
      }
    }
  }
  CHECK(cached.decision_cache()->stats().inserts == 3);
  CHECK(cached.decision_cache()->stats().hits == 15);
  // The same bytes unstamped, or under another stamp: the same entry.
  OwnedContext same = analyst;
  cached.DecideText(sql, same.view());
  cached.DecideText(sql, same.Freeze());
  CHECK(cached.decision_cache()->stats().hits == 17);
  // Changed and frozen again: a new stamp, so the change is seen.
  trainer.purpose = "bi";
  const StatementDecision* d = cached.DecideText(sql, trainer.Freeze());
  REQUIRE(d != nullptr);
  CHECK(d->decision.verdict == Verdict::kAllow);
  trainer.purpose = "training";
  d = cached.DecideText(sql, trainer.Freeze());
  REQUIRE(d != nullptr);
  CHECK(d->decision.verdict == Verdict::kDeny);
  // A program that reads other fields: the stamp is not carried across a bind.
  ProgramData by_user = PurposeProgram();
  by_user.code[0] = Encode(Op::LOAD_STR, static_cast<uint32_t>(Attr::kIdentityUser));
  by_user.strings[1] = "bob";
  auto other = MakeEngine(std::move(by_user));
  DecisionCache cache;
  cache.Bind(*engine);
  Session fresh(*engine);
  const StatementDecision* f = fresh.DecideText(sql, analyst.last_view());
  REQUIRE(f != nullptr);
  CHECK(cache.Insert(sql, analyst.last_view(), *f) != nullptr);
  CHECK(cache.Find(sql, analyst.last_view()) != nullptr);
  cache.Bind(*other);
  CHECK(cache.Find(sql, analyst.last_view()) == nullptr);
  Session fresh_other(*other);
  const StatementDecision* g = fresh_other.DecideText(sql, analyst.last_view());
  REQUIRE(g != nullptr);
  CHECK(g->decision.verdict == Verdict::kDeny);  // bob
  CHECK(cache.Insert(sql, analyst.last_view(), *g) != nullptr);
  const StatementDecision* h = cache.Find(sql, analyst.last_view());
  REQUIRE(h != nullptr);
  CHECK(h->decision.verdict == Verdict::kDeny);
  CHECK(cache.Find(sql, trainer.last_view()) == nullptr);  // ana: another class now
}

TEST_CASE("a copied or assigned OwnedContext views its own strings, unstamped") {
  OwnedContext a, b;
  a.user = "ana";
  b.user = "bob";
  b.groups = {"analyst"};
  a.Freeze();
  OwnedContext copy = a;
  CHECK(copy.last_view().stamp == 0);
  CHECK(copy.last_view().identity.user == "ana");
  CHECK(copy.last_view().identity.user.data() == copy.user.data());
  a = b;  // a frozen view must not keep its stamp over other bytes
  CHECK(a.last_view().stamp == 0);
  CHECK(a.last_view().identity.user == "bob");
  REQUIRE(a.last_view().identity.groups.size() == 1);
  CHECK(a.last_view().identity.groups[0] == "analyst");
}

TEST_CASE("many frozen contexts taking turns share the cache exactly") {
  // More stamps than the cache keeps (64): slots are overwritten, stamps of
  // the same slot alternate, and equal contexts under different stamps share entries.
  auto engine = MakeEngine(PurposeProgram());
  Session cached(*engine);
  cached.EnableDecisionCache();
  std::vector<OwnedContext> ids(130);
  for (size_t i = 0; i < ids.size(); ++i) {
    ids[i].user = "u" + std::to_string(i % 100);  // 30 contexts repeat another's bytes under their own stamp
    ids[i].purpose = i % 100 % 3 == 0 ? "training" : "bi";
    ids[i].Freeze();
  }
  const std::string sql = "SELECT a FROM t";
  for (int round = 0; round < 3; ++round) {
    for (size_t i = 0; i < ids.size(); ++i) {
      const StatementDecision* d = cached.DecideText(sql, ids[i].last_view());
      REQUIRE(d != nullptr);
      const bool training = i % 100 % 3 == 0;
      CHECK(d->decision.verdict == (training ? Verdict::kDeny : Verdict::kAllow));
      if (training) {
        REQUIRE(d->messages.size() == 1);
        CHECK(d->messages[0] == "no " + ids[i].user);
      }
    }
  }
  CHECK(cached.decision_cache()->stats().inserts == 100);
  CHECK(cached.decision_cache()->stats().hits == 3 * 130 - 100);
}

TEST_CASE("more distinct contexts than the cache interns: it starts over and stays exact") {
  // Entries name their context by an interned index; past kMaxContexts (4096)
  // distinct contexts the cache forgets everything and interns afresh.
  auto engine = MakeEngine(PurposeProgram());
  Session cached(*engine);
  cached.EnableDecisionCache();
  const std::string sql = "SELECT a FROM t";
  for (int round = 0; round < 2; ++round) {
    for (int i = 0; i < 4200; ++i) {
      ContextBuilder b;
      b.User("u" + std::to_string(i)).Purpose(i % 2 == 0 ? "training" : "bi");
      const StatementDecision* d = cached.DecideText(sql, b.Build());
      REQUIRE(d != nullptr);
      CHECK(d->decision.verdict == (i % 2 == 0 ? Verdict::kDeny : Verdict::kAllow));
      if (i % 2 == 0) {
        REQUIRE(d->messages.size() == 1);
        CHECK(d->messages[0] == "no u" + std::to_string(i));
      }
    }
  }
  const DecisionCacheStats& st = cached.decision_cache()->stats();
  CHECK(st.hits == 0);  // every context is new to the cache when it comes
  CHECK(st.inserts == 8400);
  CHECK(cached.decision_cache()->size() <= 4096);
  // Right after an insert, the same context and text hit.
  ContextBuilder last;
  last.User("u4199").Purpose("bi");
  CHECK(cached.DecideText(sql, last.Build()) != nullptr);
  CHECK(cached.decision_cache()->stats().hits == 1);
}

TEST_CASE("frozen contexts across the cache's start-over stay exact") {
  // Past kMaxContexts the interned indexes are forgotten; a stamp's slot must
  // find its context's index again, never keep a stale one.
  auto engine = MakeEngine(PurposeProgram());
  Session cached(*engine);
  cached.EnableDecisionCache();
  std::vector<OwnedContext> ids(4200);
  for (size_t i = 0; i < ids.size(); ++i) {
    ids[i].user = "u" + std::to_string(i);
    ids[i].purpose = i % 2 == 0 ? "training" : "bi";
    ids[i].Freeze();
  }
  const std::string sql = "SELECT a FROM t";
  for (int round = 0; round < 2; ++round) {
    for (size_t i = 0; i < ids.size(); ++i) {
      for (int twice = 0; twice < 2; ++twice) {
        const StatementDecision* d = cached.DecideText(sql, ids[i].last_view());
        REQUIRE(d != nullptr);
        CHECK(d->decision.verdict == (i % 2 == 0 ? Verdict::kDeny : Verdict::kAllow));
        if (i % 2 == 0) {
          REQUIRE(d->messages.size() == 1);
          CHECK(d->messages[0] == "no " + ids[i].user);
        }
      }
    }
  }
  CHECK(cached.decision_cache()->stats().hits == 2 * 4200);  // each second decision
}

TEST_CASE("the context key's byte compare agrees with memcmp at every length and position") {
  // context_key::BytesEqual compares short fields inline (overlapping loads);
  // a difference in any byte, at any length, must be seen.
  std::string a(40, 'x');
  for (size_t n = 0; n <= a.size(); ++n) {
    std::string b = a;
    CHECK(context_key::BytesEqual(a.data(), b.data(), n));
    for (size_t i = 0; i < n; ++i) {
      b = a;
      b[i] = 'y';
      INFO("n=" << n << " i=" << i);
      CHECK_FALSE(context_key::BytesEqual(a.data(), b.data(), n));
    }
  }
}

TEST_CASE("the cache's text hash sees every byte, at every length") {
  // HashBytes (multiply lanes up to 64 bytes; AES rounds beyond, on CPUs that
  // have them): a hash that skipped a byte would make texts differing there
  // share a set and a hash, and only the full compare would keep hits exact.
  std::string text;
  for (size_t n = 1; n <= 300; ++n) {
    text.assign(n, 'a');
    for (size_t i = 0; i < n; ++i) text[i] = static_cast<char>('a' + (i * 7) % 26);
    const uint64_t h = context_key::HashBytes(text, 42);
    CHECK(context_key::HashBytes(text, 43) != h);  // seeded
    for (size_t i = 0; i < n; ++i) {
      std::string other = text;
      other[i] = static_cast<char>(other[i] ^ 1);
      INFO("n=" << n << " i=" << i);
      CHECK(context_key::HashBytes(other, 42) != h);
    }
  }
}
