// VM decision on facts extracted beforehand: the standard policies and
// generated policies of 10, 100 and 1,000 rules, over every statement of the
// pipelines corpus, cycling through four identities.
#include <benchmark/benchmark.h>

#include <map>
#include <memory>

#include "policy_gen.h"
#include "workload.h"

namespace govern::bench {
namespace {

struct VmFixture {
  std::unique_ptr<Engine> engine;
  std::unique_ptr<Session> session;
  std::vector<OwnedContext> identities;
  std::vector<const Context*> contexts;
  std::string all;  // every statement, one after the other (the facts point into the session)
};

// scopes > 0: the scoped policy, and identity i runs application "app{i}",
// so each identity is a context that 1/scopes of the rules concern.
void Prepare(VmFixture& f, std::unique_ptr<Engine> engine, int scopes) {
  f.engine = std::move(engine);
  for (const std::string& t : StatementTexts(*f.engine, LoadSqlFiles("pipelines"))) f.all += t + ";\n";
  f.session = std::make_unique<Session>(*f.engine);
  f.identities = Identities();
  for (size_t i = 0; i < f.identities.size(); ++i) {
    if (scopes > 0) f.identities[i].application = "app" + std::to_string(i);
    f.contexts.push_back(&f.identities[i].view());
  }
}

// specialized: Session::Decide as it runs (the program specialized for the
// context's class); false: the generic VM over every indexed rule.
void RunDecisions(benchmark::State& state, VmFixture& f, bool specialized) {
  f.session->SetSpecialization(specialized);
  const std::vector<StatementFacts>& facts = f.session->Analyze(f.all).statements;
  if (facts.empty()) Die("no statements");
  size_t n = facts.size(), i = 0, fired = 0;
  for (auto _ : state) {
    const Decision& d = f.session->Decide(facts[i % n], *f.contexts[(i / n) % f.contexts.size()]);
    fired += d.fired.size();
    benchmark::DoNotOptimize(d.verdict);
    ++i;
  }
  state.SetItemsProcessed(static_cast<int64_t>(state.iterations()));
  const double rules = static_cast<double>(f.engine->program().data().rules.size());
  state.counters["statements"] = static_cast<double>(n);
  state.counters["rules"] = rules;
  state.counters["fired_per_decision"] = i ? static_cast<double>(fired) / static_cast<double>(i) : 0;
  // The share of the rules that survive specialization, averaged over the identities.
  double survive = 0;
  for (const Context* ctx : f.contexts) survive += static_cast<double>(f.session->SpecializationFor(*ctx).survivors());
  state.counters["surviving_rules_pct"] = rules > 0 ? 100.0 * survive / rules / static_cast<double>(f.contexts.size()) : 0;
  f.session->SetSpecialization(true);
}

// Fixtures are built once per process (benchmarks run several times: the
// estimate of the iteration count, then each repetition).
VmFixture& Fixture(int rules, int scopes = 0) {  // rules < 0: the standard policies
  static std::map<std::pair<int, int>, std::unique_ptr<VmFixture>> fixtures;
  auto& f = fixtures[{rules, scopes}];
  if (!f) {
    f = std::make_unique<VmFixture>();
    Prepare(*f, rules < 0 ? StandardEngine(PipelineCatalogPaths())
                          : EngineFromText(GeneratePolicy(rules, scopes), PipelineCatalogPaths()),
            scopes);
  }
  return *f;
}

constexpr int kScopes = 10;  // a context that 10% of the rules concern

void BM_VmDecision(benchmark::State& state) { RunDecisions(state, Fixture(static_cast<int>(state.range(0))), true); }
BENCHMARK(BM_VmDecision)->ArgName("rules")->Arg(10)->Arg(100)->Arg(1000);

void BM_VmDecisionGeneric(benchmark::State& state) {
  RunDecisions(state, Fixture(static_cast<int>(state.range(0))), false);
}
BENCHMARK(BM_VmDecisionGeneric)->ArgName("rules")->Arg(10)->Arg(100)->Arg(1000);

void BM_VmDecisionScoped(benchmark::State& state) {
  RunDecisions(state, Fixture(static_cast<int>(state.range(0)), kScopes), true);
}
BENCHMARK(BM_VmDecisionScoped)->ArgName("rules")->Arg(100)->Arg(1000);

void BM_VmDecisionScopedGeneric(benchmark::State& state) {
  RunDecisions(state, Fixture(static_cast<int>(state.range(0)), kScopes), false);
}
BENCHMARK(BM_VmDecisionScopedGeneric)->ArgName("rules")->Arg(100)->Arg(1000);

void BM_VmDecisionStandard(benchmark::State& state) { RunDecisions(state, Fixture(-1), true); }
BENCHMARK(BM_VmDecisionStandard);

// A cache hit: the same texts again through Session::DecideText.
struct CacheFixture {
  std::unique_ptr<Engine> engine = StandardEngine(PipelineCatalogPaths());
  std::vector<std::string> texts = StatementTexts(*engine, LoadSqlFiles("pipelines"));
  std::vector<OwnedContext> ids = Identities();
  std::unique_ptr<Session> session = std::make_unique<Session>(*engine);
  std::vector<const std::string*> held;  // the texts the cache holds
  CacheFixture() {
    const Context& ctx = ids[0].view();
    DecisionCacheOptions options;
    options.capacity = 4 * texts.size();
    options.max_entry_bytes = 1 << 16;
    session->EnableDecisionCache(options);
    for (const std::string& t : texts) session->DecideText(t, ctx);
    for (const std::string& t : texts) {
      uint64_t before = session->decision_cache()->stats().hits;
      session->DecideText(t, ctx);
      if (session->decision_cache()->stats().hits > before) held.push_back(&t);
    }
    if (held.empty()) Die("nothing cached");
  }
};

// stamped:1 is the proxy's hit (a connection's context is frozen at login:
// OwnedContext::Freeze); stamped:0 compares the context's fields each time.
void BM_CachedDecision(benchmark::State& state) {
  static CacheFixture f;
  const Context& ctx = state.range(0) != 0 ? f.ids[0].Freeze() : f.ids[0].view();
  size_t i = 0;
  for (auto _ : state) {
    const StatementDecision* d = f.session->DecideText(*f.held[i++ % f.held.size()], ctx);
    benchmark::DoNotOptimize(d);
  }
  state.SetItemsProcessed(static_cast<int64_t>(state.iterations()));
  state.counters["texts"] = static_cast<double>(f.held.size());
}
BENCHMARK(BM_CachedDecision)->ArgName("stamped")->Arg(0)->Arg(1);

}  // namespace
}  // namespace govern::bench
