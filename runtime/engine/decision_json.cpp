#include "engine/decision_json.h"

#include <algorithm>

#include "core/json.h"

namespace govern {
namespace {

void AppendSortedColumns(std::string* out, std::span<const ColumnFact> cols) {
  std::vector<std::string_view> names;
  for (const ColumnFact& c : cols) names.push_back(c.name);
  std::sort(names.begin(), names.end());
  names.erase(std::unique(names.begin(), names.end()), names.end());
  out->push_back('[');
  for (size_t i = 0; i < names.size(); ++i) {
    if (i) out->push_back(',');
    AppendJsonString(out, names[i]);
  }
  out->push_back(']');
}

}  // namespace

void DecisionJsonWriter::AddStatement(const Session& session, size_t index, const StatementFacts& facts,
                                      const Decision& decision, const Context& context) {
  const ProgramData& p = session.engine().program().data();
  std::string& out = statements_;
  if (!out.empty()) out += ",\n ";
  out += "{\"index\":" + std::to_string(index);
  if (facts.enclosing >= 0) out += ",\"enclosing\":" + std::to_string(facts.enclosing);
  AppendJsonField(&out, "kind", StatementKindName(facts.kind));
  AppendJsonField(&out, "decision", VerdictName(decision.verdict));
  out += ",\"rules\":[";
  bool first = true;
  for (const FiredEffect& f : decision.fired) {
    const EffectMeta& effect = p.effects[f.effect];
    if (effect.type == EffectType::kMask) continue;  // masks are listed below
    if (!first) out += ",";
    first = false;
    out += "{";
    AppendJsonField(&out, "id", p.strings[p.rules[f.rule].id], true);
    AppendJsonField(&out, "effect", EffectTypeName(effect.type));
    AppendJsonField(&out, "message", session.Message(f, facts, context));
    if (effect.type == EffectType::kApproval) AppendJsonField(&out, "group", p.strings[effect.group]);
    out += "}";
  }
  if (decision.default_denied) {
    if (!first) out += ",";
    out += "{\"id\":\"default\",\"effect\":\"deny\",\"message\":\"default deny: no allow rule matched\"}";
  }
  out += "],\"masks\":[";
  for (size_t i = 0; i < decision.masks.size(); ++i) {
    const MaskAssignment& m = decision.masks[i];
    if (i) out += ",";
    out += "{";
    AppendJsonField(&out, "output", facts.outputs[m.output].name, true);
    out += ",\"position\":" + std::to_string(m.output);
    AppendJsonField(&out, "source", m.source);
    AppendJsonField(&out, "method", MaskMethodName(m.method));
    AppendJsonField(&out, "rule", p.strings[p.rules[m.rule].id]);
    out += "}";
  }
  out += "],\"reads\":";
  AppendSortedColumns(&out, facts.reads);
  out += ",\"writes\":";
  AppendSortedColumns(&out, facts.writes);
  out += "}";
  Merge(decision.verdict);
}

void DecisionJsonWriter::AddError(size_t index, const ParseDiagnostic& error) {
  std::string& out = statements_;
  if (!out.empty()) out += ",\n ";
  out += "{\"index\":" + std::to_string(index) + ",\"kind\":\"error\",\"decision\":\"deny\"";
  AppendJsonField(&out, "error", error.message);
  out += ",\"line\":" + std::to_string(error.pos.line) + ",\"column\":" + std::to_string(error.pos.column) + "}";
  Merge(Verdict::kDeny);
}

std::string DecisionJsonWriter::Finish() const {
  std::string out = "{\"decision\":";
  AppendJsonString(&out, VerdictName(overall_));
  out += ",\"statements\":[\n " + statements_ + "]}\n";
  return out;
}

}  // namespace govern
