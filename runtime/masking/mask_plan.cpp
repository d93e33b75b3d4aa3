#include "masking/mask_plan.h"

#include <algorithm>

#include "masking/mask_escapes.h"
#include "masking/mask_value.h"
#include "vm/bound_program.h"

namespace govern {
namespace {

bool KeepsPart(MaskMethod m) {
  return m == MaskMethod::kEmail || m == MaskMethod::kLast4 || m == MaskMethod::kInitial;
}

// Base columns (not view columns) whose values reach the output.
size_t BaseSources(const OutputFact& o) {
  size_t n = 0;
  for (const ColumnFact& c : o.sources)
    if ((c.usage & kUseView) == 0) ++n;
  return n;
}

// The index of catalog table `id` in plan.relations (added when new); -1
// when the catalog does not know it.
int32_t RelationIndex(MaskPlan& plan, const Catalog& catalog, int32_t id) {
  if (id < 0 || static_cast<size_t>(id) >= catalog.table_count()) return -1;
  const Catalog::Table& t = catalog.table(id);
  for (size_t i = 0; i < plan.relations.size(); ++i)
    if (plan.relations[i].schema == t.schema && plan.relations[i].name == t.name) return static_cast<int32_t>(i);
  plan.relations.push_back(PlanRelation{t.schema, t.name, t.kind != RelationKind::kTable});
  return static_cast<int32_t>(plan.relations.size() - 1);
}

// The origins and lineage of output `o` (see MaskPlan).
void PlanOrigins(MaskPlan& plan, const Catalog& catalog, const OutputFact& o) {
  std::vector<PlanColumn>& lineage = plan.lineage.emplace_back();
  for (const ColumnFact& c : o.sources) {
    if (c.column_id < 0 || static_cast<size_t>(c.column_id) >= catalog.column_count()) continue;
    int32_t rel = RelationIndex(plan, catalog, c.table_id);
    if (rel >= 0) lineage.push_back(PlanColumn{rel, catalog.column(c.column_id).name});
  }
  PlanColumn origin;
  // A plain copy of one base column: its first source is the outermost
  // relation of the chain (the view column comes before the columns behind it).
  if (o.derivation == Derivation::kDirect && BaseSources(o) == 1 && !lineage.empty() && !o.sources.empty() &&
      o.sources.front().column_id >= 0)
    origin = lineage.front();
  plan.origins.push_back(std::move(origin));
}

// Statements whose rows are not table data of their own.
bool ReturnsNoTableData(StatementKind k) { return k == StatementKind::k_show || k == StatementKind::k_explain; }

}  // namespace

const PositionMask* MaskPlan::MaskAt(uint32_t output) const {
  for (const PositionMask& m : masks)
    if (m.output == output) return &m;
  return nullptr;
}

bool MaskEffectFired(const BoundProgram& program, const Decision& decision) {
  for (const FiredEffect& f : decision.fired)
    if (program.data().effects[f.effect].type == EffectType::kMask) return true;
  return false;
}

uint32_t TypeOidOfName(std::string_view type) {
  type = type.substr(0, type.find('('));
  while (!type.empty() && type.back() == ' ') type.remove_suffix(1);
  struct Name {
    std::string_view name;
    uint32_t oid;
  };
  static constexpr Name kNames[] = {
      {"text", kOidText},        {"character varying", kOidVarchar}, {"varchar", kOidVarchar},
      {"character", kOidBpchar}, {"char", kOidBpchar},               {"bpchar", kOidBpchar},
      {"name", kOidName},        {"bigint", kOidInt8},               {"int8", kOidInt8},
      {"integer", kOidInt4},     {"int", kOidInt4},                  {"int4", kOidInt4},
      {"smallint", kOidInt2},    {"int2", kOidInt2},                 {"numeric", kOidNumeric},
      {"decimal", kOidNumeric},  {"uuid", kOidUuid},                 {"json", kOidJson},
      {"jsonb", kOidJsonb},      {"bytea", kOidBytea},
  };
  for (const Name& n : kNames)
    if (n.name == type) return n.oid;
  return type.empty() ? 0u : static_cast<uint32_t>(kOidOtherType);
}

MaskPlanResult PlanMasks(const BoundProgram& program, const StatementFacts& facts, const Decision& decision,
                         std::string_view statement_sql) {
  MaskPlanResult out;
  if (!MaskEffectFired(program, decision)) return out;
  out.masked = true;
  out.refusal = MaskEscape(program, facts, decision);
  if (!out.refusal.empty()) return out;
  MaskPlan& plan = out.plan;
  plan.kind = facts.kind;
  plan.check_shape = !ReturnsNoTableData(facts.kind);
  if (!facts.resolved && !facts.outputs.empty()) {
    std::string names;
    for (const UnresolvedFact& u : facts.unresolved) {
      if (!names.empty()) names += ", ";
      names += u.name;
    }
    out.refusal = "masks apply to this identity and the lineage of the result is not known (" + names +
                  "), so a result column could carry a masked value: the statement is refused";
    return out;
  }
  const Catalog* catalog = program.catalog();
  plan.names.reserve(facts.outputs.size());
  plan.column_types.reserve(facts.outputs.size());
  for (const OutputFact& o : facts.outputs) {
    plan.names.emplace_back(o.name);
    uint32_t type = 0;
    if (catalog != nullptr && o.derivation == Derivation::kDirect && BaseSources(o) == 1)
      for (const ColumnFact& c : o.sources)
        if ((c.usage & kUseView) == 0 && c.column_id >= 0 && static_cast<size_t>(c.column_id) < catalog->column_count())
          type = TypeOidOfName(catalog->column(c.column_id).type);
    plan.column_types.push_back(type);
    if (catalog != nullptr) {
      PlanOrigins(plan, *catalog, o);
    } else {
      plan.origins.emplace_back();
      plan.lineage.emplace_back();
    }
  }
  for (const MaskAssignment& m : decision.masks) {
    if (m.output >= facts.outputs.size()) continue;
    const OutputFact& o = facts.outputs[m.output];
    PositionMask pm;
    pm.output = m.output;
    pm.method = m.method;
    if (KeepsPart(m.method) && !(o.derivation == Derivation::kDirect && BaseSources(o) == 1))
      pm.method = MaskMethod::kRedact;
    pm.source = m.source;
    pm.rule = program.data().strings[program.data().rules[m.rule].id];
    plan.masks.push_back(std::move(pm));
  }
  std::sort(plan.masks.begin(), plan.masks.end(),
            [](const PositionMask& a, const PositionMask& b) { return a.output < b.output; });
  if (facts.kind == StatementKind::k_copy && !facts.outputs.empty()) {
    plan.copy = CopyFormatOf(statement_sql);
    if (!plan.masks.empty() && (plan.copy.kind == CopyFormat::Kind::kBinary || plan.copy.kind == CopyFormat::Kind::kCustom))
      out.refusal = std::string("masks apply to ") + plan.masks.front().source +
                    " and COPY in binary format or with DELIMITER, NULL, QUOTE, ESCAPE or ENCODING is not rewritten: "
                    "use text or CSV with the default spelling";
  }
  return out;
}

}  // namespace govern
