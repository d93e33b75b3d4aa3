#include "linter.h"

#include <algorithm>
#include <atomic>
#include <chrono>
#include <cstdio>
#include <filesystem>
#include <functional>
#include <mutex>
#include <set>
#include <thread>

#include "bundle/loader.h"
#include "catalog/loaders.h"
#include "core/glob.h"
#include "diag/diagnostics.h"
#include "driver/compile.h"
#include "engine/statement_order.h"
#include "file_set.h"
#include "govern/govern.h"
#include "sql/fingerprint.h"
#include "suppression.h"

namespace govern::lint {
namespace {

struct ProfileContext {
  std::string name;
  OwnedContext context;
};

Severity SeverityOf(EffectType t) {
  switch (t) {
    case EffectType::kDeny: return Severity::kError;
    case EffectType::kApproval: return Severity::kWarning;
    case EffectType::kWarn: return Severity::kWarning;
    default: return Severity::kNote;
  }
}

// Line numbers of byte offsets.
class LineIndex {
 public:
  explicit LineIndex(std::string_view text) {
    starts_.push_back(0);
    for (uint32_t i = 0; i < text.size(); ++i)
      if (text[i] == '\n') starts_.push_back(i + 1);
  }
  uint32_t Line(uint32_t offset) const {
    return static_cast<uint32_t>(std::upper_bound(starts_.begin(), starts_.end(), offset) - starts_.begin());
  }

 private:
  std::vector<uint32_t> starts_;
};

class Linter {
 public:
  Linter(const LintOptions& options, const Engine& engine, std::vector<ProfileContext> profiles)
      : options_(options), engine_(engine), profiles_(std::move(profiles)) {
    const ProgramData& p = engine.program().data();
    for (const RuleMeta& r : p.rules) rule_ids_.insert(p.strings[r.id]);
    rule_ids_.insert("default");
    for (const char* r : {kRuleSyntax, kRuleSuppression, kRuleUnusedSuppression}) rule_ids_.insert(r);
  }

  // One worker's state: a session and its own copies of the profile contexts.
  struct Worker {
    Session session;
    std::vector<ProfileContext> profiles;
    OwnedContext fallback;
  };

  void LintFile(Worker& w, FileResult& r) {
    const LintConfig& cfg = options_.config;
    std::string rel = RelativeTo(r.file == options_.stdin_filename && options_.use_stdin
                                     ? (std::filesystem::path(cfg.base_dir) / r.file).string()
                                     : r.file,
                                 cfg.base_dir);
    OwnedContext* ctx_owner = &w.fallback;
    std::string profile_name;
    for (ProfileContext& p : w.profiles) {
      const Profile& def = cfg.profiles[static_cast<size_t>(&p - w.profiles.data())];
      bool hit = false;
      for (const std::string& g : def.paths) hit = hit || GlobMatch(g, rel);
      if (hit) {
        ctx_owner = &p.context;
        profile_name = p.name;
        break;
      }
    }
    const Context& ctx = ctx_owner->view();
    std::vector<Suppression> suppressions = FindSuppressions(r.text);
    LineIndex lines(r.text);
    const ProgramData& p = engine_.program().data();
    const AnalysisResult& analysis = w.session.Analyze(r.text);
    auto statement_text = [&](const SourcePos& pos) {
      return std::string_view(r.text).substr(std::min<size_t>(pos.offset, r.text.size()), pos.length);
    };
    // A suppression covers a statement: standalone, the next statement after
    // its line; trailing, the statement whose lines contain its line.
    auto suppressed = [&](const std::string& rule, uint32_t first_line, uint32_t last_line, uint32_t prev_last) {
      for (Suppression& s : suppressions) {
        if (s.rule != rule || s.reason.empty()) continue;
        bool covers = s.trailing ? (s.line >= first_line && s.line <= last_line)
                                 : (s.line < first_line && s.line > prev_last);
        if (covers) {
          s.used = true;
          return true;
        }
      }
      return false;
    };
    uint32_t prev_last = 0;
    // A body statement (inside a function or DO block) is covered by a
    // suppression anywhere between the statement before its enclosing one and
    // itself: prev_last as it was before the enclosing statement.
    std::vector<uint32_t> prev_before(analysis.statements.size() + analysis.errors.size(), 0);
    auto emit = [&](Finding f, uint32_t first_line, uint32_t last_line) {
      if (std::find(cfg.disable.begin(), cfg.disable.end(), f.rule) != cfg.disable.end()) return;
      if (suppressed(f.rule, first_line, last_line, prev_last)) {
        ++r.suppressed;
        return;
      }
      f.file = r.file;
      f.profile = profile_name;
      r.findings.push_back(std::move(f));
    };
    ForEachInSourceOrder(
        analysis,
        [&](size_t index, const StatementFacts& facts) {
          ++r.statements;
          uint32_t top_prev_last = prev_last;
          if (facts.enclosing >= 0 && static_cast<size_t>(facts.enclosing) < prev_before.size())
            prev_last = prev_before[static_cast<size_t>(facts.enclosing)];
          if (index < prev_before.size()) prev_before[index] = prev_last;
          uint32_t first = facts.pos.line;
          uint32_t last = lines.Line(facts.pos.offset + (facts.pos.length ? facts.pos.length - 1 : 0));
          const Decision& d = w.session.Decide(facts, ctx);
          std::string fingerprint;
          auto base = [&](std::string rule, Severity sev, std::string effect, std::string message) {
            if (fingerprint.empty()) fingerprint = StatementFingerprint(statement_text(facts.pos));
            Finding f;
            f.line = facts.pos.line;
            f.column = facts.pos.column;
            f.rule = std::move(rule);
            f.severity = sev;
            f.effect = std::move(effect);
            f.message = std::move(message);
            f.fingerprint = fingerprint;
            f.statement = static_cast<uint32_t>(index);
            return f;
          };
          for (const FiredEffect& fired : d.fired) {
            const EffectMeta& e = p.effects[fired.effect];
            Severity sev = SeverityOf(e.type);
            if (sev == Severity::kNote) continue;  // masks and audit labels are not findings
            std::string message = w.session.Message(fired, facts, ctx);
            if (e.type == EffectType::kApproval) {
              std::string approval = "needs approval from \"" + p.strings[e.group] + "\"";
              message = message.empty() ? approval : message + " (" + approval + ")";
            }
            if (message.empty()) message = std::string(EffectTypeName(e.type)) + " by " + p.strings[p.rules[fired.rule].id];
            emit(base(p.strings[p.rules[fired.rule].id], sev, std::string(EffectTypeName(e.type)), message), first, last);
          }
          if (d.default_denied)
            emit(base("default", Severity::kError, "deny", "default deny: no allow rule matched this " +
                                                               std::string(StatementKindName(facts.kind))),
                 first, last);
          prev_last = facts.enclosing >= 0 ? top_prev_last : last;
        },
        [&](size_t index, const ParseDiagnostic& e) {
          ++r.statements;
          Finding f;
          f.line = e.pos.line;
          f.column = e.pos.column;
          f.rule = kRuleSyntax;
          f.severity = Severity::kError;
          f.effect = "syntax";
          f.message = e.message;
          f.statement = static_cast<uint32_t>(index);
          f.fingerprint = StatementFingerprint(statement_text(e.pos));
          uint32_t last = lines.Line(e.pos.offset + (e.pos.length ? e.pos.length - 1 : 0));
          emit(std::move(f), e.pos.line, std::max(last, e.pos.line));
          prev_last = std::max(last, e.pos.line);
        });
    for (const Suppression& s : suppressions) {
      Finding f;
      f.file = r.file;
      f.line = s.line;
      f.column = s.column;
      f.profile = profile_name;
      f.effect = "suppression";
      if (!rule_ids_.count(s.rule)) {
        f.rule = kRuleSuppression;
        f.severity = Severity::kError;
        f.message = "govern:ignore names an unknown rule `" + s.rule + "`";
        std::string guess = compiler::DidYouMean(s.rule, std::vector<std::string>(rule_ids_.begin(), rule_ids_.end()));
        if (!guess.empty()) f.message += "; did you mean `" + guess + "`?";
        else if (s.rule.find(',') != std::string::npos) f.message += " (write one rule per govern:ignore comment)";
      } else if (s.reason.empty()) {
        f.rule = kRuleSuppression;
        f.severity = Severity::kError;
        f.message = "govern:ignore " + s.rule + " needs a reason: -- govern:ignore " + s.rule + " <why this is fine>";
      } else if (!s.used) {
        f.rule = kRuleUnusedSuppression;
        f.severity = Severity::kWarning;
        f.message = "govern:ignore " + s.rule + " suppresses nothing here";
      } else {
        continue;
      }
      if (std::find(cfg.disable.begin(), cfg.disable.end(), f.rule) == cfg.disable.end())
        r.findings.push_back(std::move(f));
    }
    std::stable_sort(r.findings.begin(), r.findings.end(),
                     [](const Finding& a, const Finding& b) { return std::tie(a.line, a.column) < std::tie(b.line, b.column); });
  }

  std::unique_ptr<Worker> MakeWorker() {
    auto w = std::unique_ptr<Worker>(new Worker{Session(engine_), profiles_, OwnedContext()});
    return w;
  }

 private:
  const LintOptions& options_;
  const Engine& engine_;
  std::vector<ProfileContext> profiles_;
  std::set<std::string> rule_ids_;
};

std::vector<RuleInfo> RulesOf(const Engine& engine) {
  std::vector<RuleInfo> rules;
  const ProgramData& p = engine.program().data();
  for (const RuleMeta& r : p.rules) {
    RuleInfo info;
    info.id = p.strings[r.id];
    const PolicyMeta& pol = p.policies[r.policy];
    info.description = p.strings[pol.description].empty() ? "policy " + p.strings[pol.name] : p.strings[pol.description];
    info.severity = Severity::kNote;
    for (uint32_t e = r.first_effect; e < r.first_effect + r.effect_count; ++e) {
      Severity s = SeverityOf(p.effects[e].type);
      if (static_cast<int>(s) < static_cast<int>(info.severity)) info.severity = s;
    }
    if (info.severity != Severity::kNote) rules.push_back(std::move(info));
  }
  rules.push_back({"default", "default deny: a statement no allow rule matched", Severity::kError});
  rules.push_back({kRuleSyntax, "SQL that PostgreSQL's parser rejects", Severity::kError});
  rules.push_back({kRuleSuppression, "a govern:ignore comment without a reason or with an unknown rule", Severity::kError});
  rules.push_back({kRuleUnusedSuppression, "a govern:ignore comment that suppresses nothing", Severity::kWarning});
  return rules;
}

Expected<std::unique_ptr<Engine>> BuildEngine(const LintConfig& cfg, std::function<void(Catalog*)> extend) {
  EngineOptions options;
  options.extend_catalog = std::move(extend);
  options.catalog_paths = cfg.catalog_sources;
  options.search_path = cfg.search_path;
  options.verify_key_path = cfg.verify_key;
  if (!cfg.bundle.empty()) return Engine::Load(cfg.bundle, options);
  compiler::CompileOptions copts;
  copts.inputs = cfg.policy_sources;
  auto compiled = compiler::Compile(copts);
  if (!compiled->input_error.empty()) return Status::Error(compiled->input_error);
  if (!compiled->program) return Status::Error(compiled->diagnostics.Render() + "policies do not compile");
  return Engine::FromProgram(std::move(*compiled->program), options);
}

}  // namespace

Expected<LintRun> RunLint(const LintOptions& options) {
  auto start = std::chrono::steady_clock::now();
  const LintConfig& cfg = options.config;
  std::vector<ProfileContext> profiles;
  for (const Profile& p : cfg.profiles) {
    auto identity = ParseIdentityJson(p.identity_json);
    if (!identity) return Status::Error(cfg.path + ": profile `" + p.name + "`: " + identity.status().message());
    identity->SetEnv(p.env);
    profiles.push_back({p.name, *identity});
  }
  LintRun run;
  if (options.use_stdin) {
    run.files.push_back(FileResult{options.stdin_filename, options.stdin_text, {}, 0, 0, ""});
  } else {
    std::vector<std::string> paths = options.paths;
    if (paths.empty()) paths.push_back(cfg.base_dir.empty() ? "." : RelativeTo(cfg.base_dir, "."));
    auto files = ExpandPaths(paths, cfg.exclude, cfg.base_dir.empty() ? "." : cfg.base_dir);
    if (!files) return files.status();
    if (!options.since.empty()) {
      auto changed = ChangedSince(options.since, cfg.base_dir.empty() ? "." : cfg.base_dir);
      if (!changed) return changed.status();
      std::set<std::string> keep(changed->begin(), changed->end());
      // A changed config, policy or catalog can change the verdict on any file.
      std::vector<std::string> inputs = cfg.policy_sources;
      inputs.insert(inputs.end(), cfg.catalog_sources.begin(), cfg.catalog_sources.end());
      inputs.push_back(cfg.path);
      if (!cfg.bundle.empty()) inputs.push_back(cfg.bundle);
      bool everything = false;
      for (const std::string& in : inputs) {
        std::string abs = std::filesystem::absolute(in).lexically_normal().string();
        for (const std::string& c : keep) everything = everything || c == abs || c.rfind(abs + "/", 0) == 0;
      }
      if (everything) {
        run.warnings.push_back("note: policies, catalog or config changed since " + options.since +
                               ": linting every file");
        keep.clear();
        for (const auto& f : *files) keep.insert(std::filesystem::absolute(f).lexically_normal().string());
      }
      std::vector<std::string> filtered;
      for (const auto& f : *files)
        if (keep.count(std::filesystem::absolute(f).lexically_normal().string())) filtered.push_back(f);
      *files = std::move(filtered);
    }
    for (const auto& f : *files) run.files.push_back(FileResult{f, "", {}, 0, 0, ""});
    for (const Profile& p : cfg.profiles) {
      bool any = false;
      for (const auto& f : *files)
        for (const std::string& g : p.paths) any = any || GlobMatch(g, RelativeTo(f, cfg.base_dir));
      if (!any && options.since.empty())
        run.warnings.push_back(cfg.path + ": warning: profile `" + p.name + "` matches none of the linted files");
    }
  }
  // Every file is read before anything is decided: with flow on, their DDL
  // and derived tags join the catalog first (the result does not depend on
  // the order of the files).
  if (!options.use_stdin)
    for (FileResult& r : run.files) {
      auto text = ReadFile(r.file);
      if (!text) r.error = text.status().message();
      else r.text = std::move(*text);
    }
  std::vector<std::string> flow_warnings;
  std::function<void(Catalog*)> flow = [&](Catalog* catalog) {
    // Catalog sources are loaded by absolute path: name them as in the repository.
    catalog->RelativizeDerivedWhere(std::filesystem::absolute(cfg.base_dir.empty() ? "." : cfg.base_dir)
                                        .lexically_normal()
                                        .string());
    if (!cfg.flow) return;
    std::vector<FlowInput> inputs;
    for (const FileResult& r : run.files)
      if (r.error.empty()) inputs.push_back({RelativeTo(r.file, cfg.base_dir.empty() ? "." : cfg.base_dir), r.text});
    FlowReport report = ApplyCatalogFlow(std::move(inputs), catalog);
    if (!report.converged)
      flow_warnings.push_back("warning: repository flow stopped after " + std::to_string(report.passes) +
                              " passes with derived tags still growing");
  };
  auto engine = BuildEngine(cfg, std::move(flow));
  if (!engine) return engine.status();
  run.rules = RulesOf(**engine);
  // Loading warnings first, as they happened.
  std::vector<std::string> warnings = (*engine)->warnings();
  warnings.insert(warnings.end(), flow_warnings.begin(), flow_warnings.end());
  run.warnings.insert(run.warnings.begin(), warnings.begin(), warnings.end());
  // Configuration mistakes that would otherwise pass silently.
  std::set<std::string> known;
  for (const RuleInfo& r : run.rules) known.insert(r.id);
  for (const std::string& d : cfg.disable)
    if (!known.count(d))
      return Status::Error(cfg.path + ": [lint] disable names an unknown rule `" + d + "`");
  Linter linter(options, **engine, std::move(profiles));
  int jobs = options.jobs > 0 ? options.jobs : static_cast<int>(std::max(1u, std::thread::hardware_concurrency()));
  jobs = std::max(1, std::min<int>(jobs, static_cast<int>(run.files.size())));
  std::atomic<size_t> next{0}, done{0};
  auto work = [&] {
    auto w = linter.MakeWorker();
    for (size_t i; (i = next.fetch_add(1)) < run.files.size();) {
      FileResult& r = run.files[i];
      if (r.error.empty()) linter.LintFile(*w, r);
      done.fetch_add(1);
    }
  };
  std::vector<std::thread> threads;
  for (int t = 1; t < jobs; ++t) threads.emplace_back(work);
  std::atomic<bool> finished{false};
  std::thread progress;
  if (options.progress) {
    progress = std::thread([&] {
      auto shown = false;
      while (!finished.load()) {
        std::this_thread::sleep_for(std::chrono::milliseconds(200));
        if (std::chrono::steady_clock::now() - start < std::chrono::seconds(2)) continue;
        std::fprintf(stderr, "\rlinting: %zu/%zu files", done.load(), run.files.size());
        shown = true;
      }
      if (shown) std::fprintf(stderr, "\r\033[K");
    });
  }
  work();
  for (auto& t : threads) t.join();
  finished = true;
  if (progress.joinable()) progress.join();
  for (const FileResult& r : run.files) run.statements += r.statements;
  run.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  return run;
}

}  // namespace govern::lint
