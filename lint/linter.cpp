#include "linter.h"

#include <algorithm>
#include <atomic>
#include <chrono>
#include <cstdio>
#include <filesystem>
#include <functional>
#include <map>
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
#include "repository.h"
#include "govern/govern.h"
#include "sql/fingerprint.h"
#include "suppression.h"
#include "vm/witness.h"

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
  // 1-based, in bytes.
  uint32_t Column(uint32_t offset) const { return offset - starts_[Line(offset) - 1] + 1; }

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
    // its line (or starting on it, after a block comment); trailing, the
    // statement whose lines contain its line; and any comment inside the
    // statement's text.
    auto suppressed = [&](const std::string& rule, uint32_t first_line, uint32_t last_line, uint32_t prev_last,
                          uint32_t begin, uint32_t end) {
      for (Suppression& s : suppressions) {
        if (s.not_a_suppression || s.rule != rule || s.reason.empty()) continue;
        bool covers = (s.offset >= begin && s.offset < end) ||
                      (s.trailing ? (s.line >= first_line && s.line <= last_line)
                                  : (s.line <= first_line && s.line > prev_last));
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
    auto emit = [&](Finding f, uint32_t first_line, uint32_t last_line, uint32_t begin = 0, uint32_t end = 0) {
      if (std::find(cfg.disable.begin(), cfg.disable.end(), f.rule) != cfg.disable.end()) return;
      if (suppressed(f.rule, first_line, last_line, prev_last, begin, end)) {
        ++r.suppressed;
        return;
      }
      f.file = r.display;
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
          uint32_t end_offset = facts.pos.offset + (facts.pos.length ? facts.pos.length - 1 : 0);
          uint32_t last = lines.Line(end_offset);
          const Decision& d = w.session.Decide(facts, ctx);
          std::string fingerprint;
          auto base = [&](std::string rule, Severity sev, std::string effect, std::string message,
                          uint32_t location = kNoLocation) {
            if (fingerprint.empty()) fingerprint = StatementFingerprint(statement_text(facts.pos));
            Finding f;
            f.statement_line = facts.pos.line;
            f.statement_column = facts.pos.column;
            f.end_line = last;
            f.end_column = lines.Column(end_offset) + (facts.pos.length ? 1 : 0);  // exclusive
            f.line = location == kNoLocation ? facts.pos.line : lines.Line(location);
            f.column = location == kNoLocation ? facts.pos.column : lines.Column(location);
            f.rule = std::move(rule);
            f.severity = sev;
            f.effect = std::move(effect);
            f.message = std::move(message);
            f.fingerprint = fingerprint;
            f.statement = static_cast<uint32_t>(index);
            return f;
          };
          uint32_t location_rule = UINT32_MAX, location = kNoLocation;
          // What the statement's result would be masked with (every finding
          // on the statement carries it: JSON readers need not parse messages).
          std::vector<MaskNote> masks;
          for (const MaskAssignment& m : d.masks)
            masks.push_back({std::string(facts.outputs[m.output].name), std::string(m.source),
                             std::string(MaskMethodName(m.method)), p.strings[p.rules[m.rule].id]});
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
            if (location_rule != fired.rule) {  // one rule's effects share a location
              location_rule = fired.rule;
              location = ConditionLocation(*w.session.view().program, fired.rule, facts, ctx);  // as Decide
            }
            Finding f = base(p.strings[p.rules[fired.rule].id], sev, std::string(EffectTypeName(e.type)), message, location);
            if (e.type == EffectType::kApproval) f.approval_group = p.strings[e.group];
            f.masks = masks;
            emit(std::move(f), first, last, facts.pos.offset, facts.pos.offset + facts.pos.length);
          }
          if (d.default_denied)
            emit(base("default", Severity::kError, "deny", "default deny: no allow rule matched this " +
                                                               std::string(StatementKindName(facts.kind))),
                 first, last, facts.pos.offset, facts.pos.offset + facts.pos.length);
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
      f.file = r.display;
      f.line = s.line;
      f.column = s.column;
      f.profile = profile_name;
      f.effect = "suppression";
      if (s.not_a_suppression) {
        f.rule = kRuleSuppression;
        f.severity = Severity::kWarning;
        f.message = "not a suppression: a comment must start with govern:ignore RULE reason (" +
                    std::string(s.block ? "/* govern:ignore RULE reason */" : "-- govern:ignore RULE reason") + ")";
      } else if (!rule_ids_.count(s.rule)) {
        f.rule = kRuleSuppression;
        f.severity = Severity::kError;
        f.message = "govern:ignore names an unknown rule `" + s.rule + "`";
        std::string guess = compiler::DidYouMean(s.rule, std::vector<std::string>(rule_ids_.begin(), rule_ids_.end()));
        if (!guess.empty()) f.message += "; did you mean `" + guess + "`?";
        else if (s.rule.find(',') != std::string::npos) f.message += " (write one rule per govern:ignore comment)";
      } else if (s.reason.empty()) {
        f.rule = kRuleSuppression;
        f.severity = Severity::kError;
        f.message = "govern:ignore " + s.rule + " needs a reason: " +
                    (s.block ? "/* govern:ignore " + s.rule + " <why this is fine> */"
                             : "-- govern:ignore " + s.rule + " <why this is fine>");
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

// Runs of whitespace as one space (conditions written over several lines).
std::string OneLine(std::string_view s) {
  std::string out;
  for (char c : s) {
    if (c == ' ' || c == '\n' || c == '\t' || c == '\r') {
      if (!out.empty() && out.back() != ' ') out.push_back(' ');
    } else {
      out.push_back(c);
    }
  }
  return out;
}

// The source text of an interpolated expression, from the spans of its
// instructions and the policy file ("" when the file cannot be read or the
// expression spans lines).
class PolicyText {
 public:
  explicit PolicyText(const ProgramData& p) : p_(p) {}

  std::string Expression(uint32_t chunk) {
    const Chunk& c = p_.chunks[chunk];
    uint32_t source = UINT32_MAX, line = 0, begin = UINT32_MAX, end = 0;
    for (uint32_t pc = c.begin; pc < c.end && pc < p_.spans.size(); ++pc) {
      const InstrSpan& s = p_.spans[pc];
      if (s.line == 0 || s.length == 0) continue;  // RET and other synthetic instructions
      if (source == UINT32_MAX) source = s.source, line = s.line;
      if (s.source != source || s.line != line) return "";
      begin = std::min(begin, s.column);
      end = std::max(end, s.column + s.length);
    }
    if (source == UINT32_MAX || source >= p_.sources.size() || begin == 0) return "";
    const std::vector<std::string>& lines = Lines(p_.strings[p_.sources[source].path]);
    if (line > lines.size() || end - 1 > lines[line - 1].size()) return "";
    // The expression sits inside the message's string literal: undo its escapes.
    std::string_view raw = std::string_view(lines[line - 1]).substr(begin - 1, end - begin);
    std::string out;
    for (size_t i = 0; i < raw.size(); ++i) {
      char c = raw[i];
      if (c == '\\' && i + 1 < raw.size()) {
        c = raw[++i];
        if (c == 'n' || c == 't') c = ' ';
      }
      out.push_back(c);
    }
    return out;
  }

  // The message with each interpolation as written: "... {reads(tag \"pii.*\")}".
  std::string Message(uint32_t template_id) {
    std::string out;
    const govern::Template& t = p_.templates[template_id];
    for (uint32_t i = t.first_part; i < t.first_part + t.part_count; ++i) {
      const TemplatePart& part = p_.template_parts[i];
      if (!part.is_expr) {
        out += p_.strings[part.value];
      } else {
        std::string e = Expression(part.value);
        out += "{" + (e.empty() ? std::string("...") : e) + "}";
      }
    }
    return out;
  }

 private:
  const std::vector<std::string>& Lines(const std::string& path) {
    auto it = files_.find(path);
    if (it != files_.end()) return it->second;
    std::vector<std::string> lines;
    if (auto text = ReadFile(path)) {
      size_t start = 0;
      while (start <= text->size()) {
        size_t nl = text->find('\n', start);
        if (nl == std::string::npos) nl = text->size();
        lines.push_back(text->substr(start, nl - start));
        start = nl + 1;
      }
    }
    return files_.emplace(path, std::move(lines)).first->second;
  }

  const ProgramData& p_;
  std::map<std::string, std::vector<std::string>> files_;
};

std::vector<RuleInfo> RulesOf(const Engine& engine, const std::string& docs_url, const std::string& root) {
  std::vector<RuleInfo> rules;
  const ProgramData& p = engine.program().data();
  PolicyText text(p);
  for (uint32_t i = 0; i < p.rules.size(); ++i) {
    const RuleMeta& r = p.rules[i];
    RuleInfo info;
    info.id = p.strings[r.id];
    const PolicyMeta& pol = p.policies[r.policy];
    if (i < p.rule_descriptions.size()) info.description = p.strings[p.rule_descriptions[i]];
    info.severity = Severity::kNote;
    for (uint32_t e = r.first_effect; e < r.first_effect + r.effect_count; ++e) {
      const EffectMeta& effect = p.effects[e];
      Severity s = SeverityOf(effect.type);
      if (static_cast<int>(s) < static_cast<int>(info.severity)) info.severity = s;
      if (info.description.empty() && s != Severity::kNote) {
        if (effect.text != kNoTemplate) info.description = text.Message(effect.text);
        if (effect.type == EffectType::kApproval)
          info.description += (info.description.empty() ? "" : " ") + std::string("(needs approval from \"") +
                              p.strings[effect.group] + "\")";
      }
    }
    if (info.description.empty())
      info.description = p.strings[pol.description].empty() ? "policy " + p.strings[pol.name] : p.strings[pol.description];
    std::string where = r.source < p.sources.size() ? DisplayPath(p.strings[p.sources[r.source].path], root) + ":" + std::to_string(r.line) +
                                                          ":" + std::to_string(r.column)
                                                    : "";
    info.help = "Rule " + info.id + (where.empty() ? "" : " (" + where + ")") + " of policy " + p.strings[pol.name] +
                (p.strings[pol.description].empty() ? "" : " \"" + p.strings[pol.description] + "\"") + ": " +
                (p.strings[r.condition_text].empty() ? "always" : "when " + OneLine(p.strings[r.condition_text])) +
                ". `govern explain` shows why it fires for a statement.";
    info.help_uri = docs_url.empty() ? "" : docs_url + "lint.md#policy-rules";
    if (info.severity != Severity::kNote) rules.push_back(std::move(info));
  }
  auto builtin = [&](std::string id, std::string description, Severity severity) {
    RuleInfo info;
    info.id = id;
    info.description = description;
    info.severity = severity;
    info.help = "Built-in rule of govern lint: " + description + ".";
    info.help_uri = docs_url.empty() ? "" : docs_url + "lint.md#rule-" + id;
    rules.push_back(std::move(info));
  };
  builtin("default", "default deny: a statement no allow rule matched", Severity::kError);
  builtin(kRuleSyntax, "SQL that PostgreSQL's parser rejects", Severity::kError);
  builtin(kRuleSuppression, "a govern:ignore comment without a reason, with an unknown rule, or not at the start of the comment",
          Severity::kError);
  builtin(kRuleUnusedSuppression, "a govern:ignore comment that suppresses nothing", Severity::kWarning);
  return rules;
}

// Whether one of `paths` is `dir` or a directory above it.
bool CoversDirectory(const std::vector<std::string>& paths, const std::string& dir) {
  std::error_code ec;
  std::filesystem::path target = std::filesystem::weakly_canonical(dir, ec);
  for (const std::string& p : paths) {
    if (p.find_first_of("*?") != std::string::npos || !std::filesystem::is_directory(p, ec)) continue;
    std::filesystem::path base = std::filesystem::weakly_canonical(p, ec);
    std::string rel = target.lexically_relative(base).generic_string();
    if (!rel.empty() && rel != ".." && rel.rfind("../", 0) != 0) return true;
  }
  return false;
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
  run.root = SourceRoot(cfg.base_dir.empty() ? "." : cfg.base_dir);
  if (options.use_stdin) {
    FileResult r;
    r.file = options.stdin_filename;
    // The name is relative to the config's directory (as for profiles).
    r.display = options.stdin_filename == "<stdin>"
                    ? options.stdin_filename
                    : DisplayPath((std::filesystem::path(cfg.base_dir) / options.stdin_filename).string(), run.root);
    r.text = options.stdin_text;
    run.files.push_back(std::move(r));
  } else {
    auto files = RepositoryFiles(cfg, options.paths);
    if (!files) return files.status();
    if (!options.since.empty()) {
      auto changed = ChangedSince(options.since, cfg.base_dir.empty() ? "." : cfg.base_dir);
      if (!changed) return changed.status();
      std::set<std::string> keep(changed->begin(), changed->end());
      // A changed config, policy or catalog can change the verdict on any file.
      std::vector<std::string> inputs = cfg.policy_sources;
      auto catalog_files = ExpandCatalogSources(cfg.catalog_sources);  // folders and globs as files
      const std::vector<std::string>& catalog_inputs = catalog_files ? *catalog_files : cfg.catalog_sources;
      inputs.insert(inputs.end(), catalog_inputs.begin(), catalog_inputs.end());
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
    for (const auto& f : *files) {
      FileResult r;
      r.file = f;
      r.display = DisplayPath(f, run.root);
      run.files.push_back(std::move(r));
    }
    // A profile that matches nothing is a config mistake only when the whole
    // tree is linted (a pre-commit run on two files says nothing).
    std::vector<std::string> paths = options.paths;
    if (paths.empty()) paths.push_back(cfg.base_dir.empty() ? "." : RelativeTo(cfg.base_dir, "."));
    if (options.since.empty() && CoversDirectory(paths, cfg.base_dir.empty() ? "." : cfg.base_dir)) {
      for (const Profile& p : cfg.profiles) {
        bool any = false;
        for (const auto& f : *files)
          for (const std::string& g : p.paths) any = any || GlobMatch(g, RelativeTo(f, cfg.base_dir));
        if (!any) run.warnings.push_back(cfg.path + ": warning: profile `" + p.name + "` matches none of the linted files");
      }
    }
  }
  // Every file is read before anything is decided: with flow on, their DDL
  // and derived tags join the catalog first (the result does not depend on
  // the order of the files).
  if (!options.use_stdin) ReadFiles(&run.files);
  std::vector<std::string> warnings;
  auto engine = BuildLintEngine(cfg, run.files, cfg.flow, &warnings);
  if (!engine) return engine.status();
  run.rules = RulesOf(**engine, cfg.docs_url, run.root);
  // Loading warnings first, as they happened.
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
