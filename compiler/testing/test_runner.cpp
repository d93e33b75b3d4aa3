#include "testing/test_runner.h"

#include <algorithm>
#include <filesystem>
#include <map>

#include "engine/statement_order.h"
#include "govern/govern.h"
#include "ir/reference_eval.h"
#include "vm/vm.h"

namespace govern::compiler {
namespace {

OwnedContext ContextOf(const IrTest& t) {
  OwnedContext c;
  for (const IrTestField& f : t.identity) {
    std::string v = f.values.empty() ? "" : f.values[0];
    if (f.key == "user") c.user = v;
    else if (f.key == "purpose") c.purpose = v;
    else if (f.key == "kind") c.kind = v;
    else if (f.key == "groups") c.groups = f.values;
    else if (f.key == "roles") c.roles = f.values;
    else if (f.key.rfind("attr.", 0) == 0) c.attrs.emplace_back(f.key.substr(5), v);
  }
  for (const IrTestField& f : t.session) {
    std::string v = f.values.empty() ? "" : f.values[0];
    if (f.key == "database") c.database = v;
    else if (f.key == "application") c.application = v;
  }
  c.env = t.env;
  return c;
}

std::string Join(const std::vector<std::string>& v) {
  std::string out;
  for (const auto& s : v) out += (out.empty() ? "" : ", ") + s;
  return out.empty() ? "none" : out;
}

struct Observed {
  Verdict verdict = Verdict::kAllow;
  std::vector<std::string> fired;                       // rule ids with any effect
  std::vector<std::string> warned;                      // rule ids with a warn effect
  std::map<std::string, std::string> masks;             // output name -> method
  std::vector<std::string> outputs;                     // every output name
  std::vector<std::string> errors;
  std::vector<std::string> per_statement;  // "statement 1 (delete): deny, fired p.r"
};

class Runner {
 public:
  Runner(const CompileResult& compiled, const TestRunOptions& options) : compiled_(compiled), options_(options) {}

  TestOutcome Run(const IrTest& test) {
    TestOutcome out;
    out.name = test.name;
    const SourceFile& src = compiled_.sources.file(test.span.file);
    LineCol lc = src.Locate(test.span.begin);
    out.location = src.path() + ":" + std::to_string(lc.line) + ":" + std::to_string(lc.column);
    std::vector<std::string> catalogs;
    auto dir = std::filesystem::path(src.path()).parent_path();
    for (const auto& c : test.catalogs) catalogs.push_back((dir / c).string());
    catalogs.insert(catalogs.end(), options_.extra_catalogs.begin(), options_.extra_catalogs.end());
    Engine* engine = EngineFor(catalogs, &out.failures);
    if (!engine) return out;
    Session session(*engine);
    OwnedContext owned = ContextOf(test);
    const Context& ctx = owned.view();
    Observed seen;
    const AnalysisResult& result = session.Analyze(test.sql);
    ForEachInSourceOrder(
        result,
        [&](size_t index, const StatementFacts& facts) {
          const Decision& d = session.Decide(facts, ctx);
          Observe(*engine, facts, d, &seen);
          CheckReference(*engine, index, facts, ctx, d, &out.failures);
          CheckGeneric(session, index, facts, ctx, d, &out.failures);
        },
        [&](size_t index, const ParseDiagnostic& e) {
          seen.errors.push_back("statement " + std::to_string(index) + ": " + e.message);
          seen.verdict = Verdict::kDeny;
        });
    for (const std::string& e : seen.errors) out.failures.push_back("sql does not parse: " + e);
    std::vector<uint32_t> unmatched = engine->program().UnmatchableTagSelectors();
    for (const IrExpectation& x : test.expectations) {
      size_t before = out.failures.size();
      Check(x, seen, &out.failures);
      if (out.failures.size() == before || unmatched.empty() || !ConcernsTags(*engine, x, unmatched)) continue;
      for (size_t i = before; i < out.failures.size(); ++i) out.failures[i] += NoCatalogNote(*engine, unmatched);
    }
    if (!out.failures.empty() && seen.per_statement.size() > 1)
      for (const std::string& s : seen.per_statement) out.failures.push_back("  " + s);
    out.passed = out.failures.empty();
    return out;
  }

 private:
  Engine* EngineFor(const std::vector<std::string>& catalogs, std::vector<std::string>* failures) {
    std::string key;
    for (const auto& c : catalogs) key += c + "\n";
    auto it = engines_.find(key);
    if (it == engines_.end()) {
      EngineOptions options;
      options.catalog_paths = catalogs;
      options.allow_no_catalog = true;  // tests run; a failure that comes from it says so
      auto engine = Engine::FromProgram(*compiled_.program, options);
      if (!engine) {
        errors_[key] = engine.status().message();
        engines_[key] = nullptr;
      } else {
        engines_[key] = std::move(*engine);
      }
      it = engines_.find(key);
    }
    if (!it->second) failures->push_back("catalog: " + errors_[key]);
    return it->second.get();
  }

  // Whether a failed expectation involves rules written on tags: a mask
  // expectation (masks select by tag), or a verdict whose rules (every rule
  // when none is named) use one of the unmatched tag selectors.
  static bool ConcernsTags(const Engine& engine, const IrExpectation& x, const std::vector<uint32_t>& unmatched) {
    const ProgramData& p = engine.program().data();
    if (x.kind != IrExpectation::kVerdict) {
      for (const EffectMeta& e : p.effects)
        if (e.type == EffectType::kMask && std::find(unmatched.begin(), unmatched.end(), e.selector) != unmatched.end())
          return true;
      return false;
    }
    // No rule named: a missing tag can only keep a deny, approval or warning
    // of a tag rule from happening.
    EffectType wanted = x.verdict == "deny" ? EffectType::kDeny
                      : x.verdict == "require_approval" ? EffectType::kApproval : EffectType::kWarn;
    if (x.rules.empty() && x.verdict == "allow") return false;
    for (uint32_t s : unmatched)
      for (const std::string& rule : engine.program().RulesUsingSelector(s)) {
        if (!x.rules.empty()) {
          if (std::find(x.rules.begin(), x.rules.end(), rule) != x.rules.end()) return true;
          continue;
        }
        for (const RuleMeta& r : p.rules)
          if (p.strings[r.id] == rule)
            for (uint32_t e = r.first_effect; e < r.first_effect + r.effect_count; ++e)
              if (p.effects[e].type == wanted) return true;
      }
    return false;
  }

  static std::string NoCatalogNote(const Engine& engine, const std::vector<uint32_t>& unmatched) {
    const ProgramData& p = engine.program().data();
    std::string tags;
    for (uint32_t s : unmatched) tags += (tags.empty() ? "tag \"" : ", tag \"") + p.strings[p.selectors[s].glob] + "\"";
    if (!engine.catalog())
      return " (no catalog: " + tags + " match no column without one; add `catalog \"FILE\"` to the test or pass --catalog)";
    return " (no tagged column: the test's catalog has no column matching " + tags + ")";
  }

  static void Observe(const Engine& engine, const StatementFacts& facts, const Decision& d, Observed* seen) {
    const ProgramData& p = engine.program().data();
    if (static_cast<int>(d.verdict) > static_cast<int>(seen->verdict)) seen->verdict = d.verdict;
    for (const FiredEffect& f : d.fired) {
      std::string id = p.strings[p.rules[f.rule].id];
      if (std::find(seen->fired.begin(), seen->fired.end(), id) == seen->fired.end()) seen->fired.push_back(id);
      if (p.effects[f.effect].type == EffectType::kWarn) seen->warned.push_back(id);
    }
    for (const OutputFact& o : facts.outputs) seen->outputs.emplace_back(o.name);
    for (const MaskAssignment& m : d.masks)
      seen->masks.emplace(std::string(facts.outputs[m.output].name), std::string(MaskMethodName(m.method)));
    std::vector<std::string> fired;
    for (const FiredEffect& f : d.fired)
      if (std::find(fired.begin(), fired.end(), p.strings[p.rules[f.rule].id]) == fired.end())
        fired.push_back(p.strings[p.rules[f.rule].id]);
    seen->per_statement.push_back("statement " + std::to_string(seen->per_statement.size()) + " (" +
                                  std::string(StatementKindName(facts.kind)) + "): " +
                                  std::string(VerdictName(d.verdict)) + ", fired " + Join(fired));
  }

  void CheckReference(const Engine& engine, size_t index, const StatementFacts& facts, const Context& ctx,
                      const Decision& d, std::vector<std::string>* failures) {
    ReferenceDecision ref = ReferenceDecide(compiled_.module, engine.catalog(), facts, ctx);
    const ProgramData& p = engine.program().data();
    std::vector<std::string> vm_fired;
    for (const FiredEffect& f : d.fired) {
      std::string id = p.strings[p.rules[f.rule].id];
      if (std::find(vm_fired.begin(), vm_fired.end(), id) == vm_fired.end()) vm_fired.push_back(id);
    }
    auto vm_masks = std::vector<std::pair<uint32_t, std::string>>();
    for (const MaskAssignment& m : d.masks) vm_masks.emplace_back(m.output, std::string(MaskMethodName(m.method)));
    std::sort(vm_masks.begin(), vm_masks.end());
    std::sort(ref.masks.begin(), ref.masks.end());
    if (ref.verdict != VerdictName(d.verdict) || ref.fired != vm_fired || ref.masks != vm_masks)
      failures->push_back("statement " + std::to_string(index) + ": the VM (" + std::string(VerdictName(d.verdict)) +
                          ", fired " + Join(vm_fired) + ") and the reference evaluator (" + ref.verdict + ", fired " +
                          Join(ref.fired) + ") disagree: please report this bug");
  }

  // Session::Decide runs the program specialized for the context's class;
  // the generic VM must decide the same, effect for effect.
  static void CheckGeneric(const Session& session, size_t index, const StatementFacts& facts, const Context& ctx,
                           const Decision& d, std::vector<std::string>* failures) {
    Decision g;
    Decide(*session.view().program, facts, ctx, &g);
    bool same = g.verdict == d.verdict && g.default_denied == d.default_denied && g.fired.size() == d.fired.size() &&
                g.masks.size() == d.masks.size();
    for (size_t i = 0; same && i < g.fired.size(); ++i)
      same = g.fired[i].rule == d.fired[i].rule && g.fired[i].effect == d.fired[i].effect;
    for (size_t i = 0; same && i < g.masks.size(); ++i)
      same = g.masks[i].output == d.masks[i].output && g.masks[i].rule == d.masks[i].rule &&
             g.masks[i].method == d.masks[i].method;
    if (!same)
      failures->push_back("statement " + std::to_string(index) + ": the VM specialized for this context (" +
                          std::string(VerdictName(d.verdict)) + ") and the generic VM (" +
                          std::string(VerdictName(g.verdict)) + ") disagree: please report this bug");
  }

  static void Check(const IrExpectation& x, const Observed& seen, std::vector<std::string>* failures) {
    std::string got = std::string(VerdictName(seen.verdict)) + " (fired: " + Join(seen.fired) + ")";
    switch (x.kind) {
      case IrExpectation::kVerdict: {
        // `expect warn by R` checks that R warned, whatever the decision.
        bool warn = x.verdict == "warn";
        if (!warn && x.verdict != VerdictName(seen.verdict)) failures->push_back("expected " + x.verdict + ", got " + got);
        if (warn && x.rules.empty() && seen.warned.empty()) failures->push_back("expected a warning, got " + got);
        const auto& pool = warn ? seen.warned : seen.fired;
        for (const std::string& r : x.rules)
          if (std::find(pool.begin(), pool.end(), r) == pool.end())
            failures->push_back("expected " + r + " to " + (warn ? "warn" : "fire") + ", got " + got);
        return;
      }
      case IrExpectation::kMask:
      case IrExpectation::kNoMask: {
        if (std::find(seen.outputs.begin(), seen.outputs.end(), x.column) == seen.outputs.end()) {
          failures->push_back("no result column named \"" + x.column + "\" (columns: " + Join(seen.outputs) + ")");
          return;
        }
        auto it = seen.masks.find(x.column);
        if (x.kind == IrExpectation::kMask && (it == seen.masks.end() || it->second != x.method))
          failures->push_back("expected \"" + x.column + "\" masked with " + x.method + ", got " +
                              (it == seen.masks.end() ? "no mask" : it->second));
        if (x.kind == IrExpectation::kNoMask && it != seen.masks.end())
          failures->push_back("expected \"" + x.column + "\" unmasked, got " + it->second);
        return;
      }
    }
  }

  const CompileResult& compiled_;
  const TestRunOptions& options_;
  std::map<std::string, std::unique_ptr<Engine>> engines_;
  std::map<std::string, std::string> errors_;
};

}  // namespace

std::vector<TestOutcome> RunPolicyTests(const CompileResult& compiled, const TestRunOptions& options) {
  std::vector<TestOutcome> outcomes;
  if (!compiled.program) return outcomes;
  Runner runner(compiled, options);
  for (const IrTest& t : compiled.module.tests) {
    if (!options.filter.empty() && t.name.find(options.filter) == std::string::npos) continue;
    outcomes.push_back(runner.Run(t));
  }
  return outcomes;
}

}  // namespace govern::compiler
