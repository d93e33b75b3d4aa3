#include "engine/explain.h"

#include <algorithm>
#include <fstream>
#include <map>
#include <sstream>

#include "bytecode/disassembler.h"
#include "sql/facts_json.h"
#include "vm/vm.h"
#include "vm/witness.h"

namespace govern {
namespace {

// Source lines of the policy files named in the bundle, when readable.
class SourceLines {
 public:
  std::string_view Get(const std::string& path, uint32_t line) {
    auto it = files_.find(path);
    if (it == files_.end()) {
      std::vector<std::string> lines;
      std::ifstream in(path);
      for (std::string l; std::getline(in, l);) lines.push_back(l);
      it = files_.emplace(path, std::move(lines)).first;
    }
    if (line == 0 || line > it->second.size()) return {};
    return it->second[line - 1];
  }

 private:
  std::map<std::string, std::vector<std::string>> files_;
};

std::string Columns(std::span<const ColumnFact> cols, bool usage) {
  std::string out;
  for (const ColumnFact& c : cols) {
    if (!out.empty()) out += ", ";
    out += c.name;
    if (usage && c.usage) out += " (" + UsageNames(c.usage) + ")";
  }
  return out.empty() ? "-" : out;
}

}  // namespace

std::string ExplainStatement(Session& session, size_t index, const StatementFacts& facts, const Context& context,
                             const ExplainOptions& options) {
  static SourceLines sources;
  const BoundProgram& program = session.engine().program();
  const ProgramData& p = program.data();
  const char* bold = options.color ? "\033[1m" : "";
  const char* green = options.color ? "\033[32m" : "";
  const char* red = options.color ? "\033[31m" : "";
  const char* dim = options.color ? "\033[2m" : "";
  const char* reset = options.color ? "\033[0m" : "";
  const Decision& d = session.Decide(facts, context);
  const Specialization& spec = session.SpecializationFor(context);
  std::string out;
  out += std::string(bold) + "statement " + std::to_string(index) + " (line " + std::to_string(facts.pos.line) +
         ", column " + std::to_string(facts.pos.column) + "): " + std::string(StatementKindName(facts.kind)) + " -> " +
         (d.verdict == Verdict::kAllow ? green : red) + std::string(VerdictName(d.verdict)) + reset + "\n";
  out += "  facts\n";
  out += "    reads:     " + Columns(facts.reads, true) + "\n";
  out += "    writes:    " + Columns(facts.writes, false) + "\n";
  std::string outputs;
  for (size_t i = 0; i < facts.outputs.size(); ++i) {
    const OutputFact& o = facts.outputs[i];
    if (!outputs.empty()) outputs += "; ";
    outputs += std::string(o.name) + " <- " + Columns(o.sources, false) + " (" + std::string(DerivationName(o.derivation)) + ")";
  }
  out += "    outputs:   " + (outputs.empty() ? std::string("-") : outputs) + "\n";
  std::string targets, functions;
  for (auto t : facts.targets) targets += (targets.empty() ? "" : ", ") + std::string(t);
  for (auto f : facts.functions) functions += (functions.empty() ? "" : ", ") + std::string(f);
  out += "    targets:   " + (targets.empty() ? std::string("-") : targets) + "\n";
  out += "    functions: " + (functions.empty() ? std::string("-") : functions) + "\n";
  out += std::string("    flags:     where=") + (facts.has_where ? "yes" : "no") + " limit=" +
         (facts.has_limit ? "yes" : "no") + " opaque=" + (facts.opaque ? "yes" : "no") +
         " server_io=" + (facts.server_io ? "yes" : "no") + "\n";
  for (const UnresolvedFact& u : facts.unresolved)
    out += "    unresolved: " + std::string(u.name) + " (" + std::string(u.reason) + ")\n";

  auto indexed = program.RulesFor(facts.kind);
  out += "  rules: " + std::to_string(indexed.size()) + " of " + std::to_string(p.rules.size()) +
         " are indexed for " + std::string(StatementKindName(facts.kind)) + "\n";
  std::vector<uint32_t> rules(indexed.begin(), indexed.end());
  if (options.all_rules) {
    rules.clear();
    for (uint32_t r = 0; r < p.rules.size(); ++r) rules.push_back(r);
  }
  for (uint32_t r : rules) {
    const RuleMeta& rule = p.rules[r];
    bool in_index = std::find(indexed.begin(), indexed.end(), r) != indexed.end();
    Trace trace;
    bool fired = in_index && EvaluateCondition(program, r, facts, context, &trace);
    std::string where = p.sources.empty() ? "" : p.strings[p.sources[rule.source].path] + ":" +
                                                     std::to_string(rule.line) + ":" + std::to_string(rule.column);
    out += std::string("    ") + (fired ? std::string(red) + "FIRED " : std::string(dim) + "-     ") + reset +
           p.strings[rule.id] + "  " + dim + where + reset + "\n";
    if (!in_index) {
      out += "           not run: the rule cannot fire for " + std::string(StatementKindName(facts.kind)) + "\n";
      continue;
    }
    // Decisions skip it without running it; the trace below shows why.
    if (spec.state(r) == Specialization::RuleState::kSkipped)
      out += "           skipped for this context: its conditions on the identity, env and session are false\n";
    out += "           when " + (p.strings[rule.condition_text].empty() ? std::string("(always)")
                                                                        : p.strings[rule.condition_text]) + "\n";
    for (const TraceEntry& t : trace.entries) {
      if (IsFactSetOp(p.code[t.pc])) continue;  // its consumer (SET_ANY, count, in) is shown
      const InstrSpan& span = p.spans[t.pc];
      std::string text;
      if (!p.sources.empty() && span.source < p.sources.size()) {
        std::string_view line = sources.Get(p.strings[p.sources[span.source].path], span.line);
        if (span.column >= 1 && span.column - 1 < line.size())
          text = std::string(line.substr(span.column - 1, span.length));
      }
      if (text.empty()) text = DisassembleInstruction(p, t.pc);
      out += "             " + std::to_string(span.line) + ":" + std::to_string(span.column) + "  " + text + "  -> " +
             (t.value ? "true" : "false") + "\n";
    }
    if (!fired) continue;
    for (uint32_t e = rule.first_effect; e < rule.first_effect + rule.effect_count; ++e) {
      const EffectMeta& effect = p.effects[e];
      out += "           " + std::string(EffectTypeName(effect.type));
      if (effect.type == EffectType::kApproval) out += " from \"" + p.strings[effect.group] + "\"";
      if (effect.type == EffectType::kMask)
        out += " with " + std::string(MaskMethodName(effect.method));
      std::string message = RenderTemplate(program, effect.text, facts, context);
      if (!message.empty()) out += ": " + message;
      out += "\n";
    }
  }
  for (const MaskAssignment& m : d.masks)
    out += "  mask " + std::string(facts.outputs[m.output].name) + " with " + std::string(MaskMethodName(m.method)) +
           " (source " + std::string(m.source) + ", rule " + p.strings[p.rules[m.rule].id] + ")\n";
  if (d.default_denied) out += "  default deny: no allow rule fired\n";
  return out;
}

}  // namespace govern
