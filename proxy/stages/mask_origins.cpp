#include "stages/mask_origins.h"

namespace govern::proxy {
namespace {

std::string Qualified(const MaskPlan& plan, const PlanColumn& c) {
  const PlanRelation& r = plan.relations[static_cast<size_t>(c.relation)];
  return r.schema + "." + r.name + "." + c.column;
}

std::string Reported(const FieldOrigin& f) {
  return "table OID " + std::to_string(f.table) + " column " + std::to_string(f.attnum);
}

}  // namespace

int16_t RelationOid::AttnumOf(std::string_view column) const {
  for (const auto& [name, attnum] : columns)
    if (name == column) return attnum;
  return 0;
}

std::string_view RelationOid::ColumnAt(int16_t attnum) const {
  for (const auto& [name, n] : columns)
    if (n == attnum) return name;
  return {};
}

bool HasTableOrigin(const std::vector<FieldOrigin>& fields) {
  for (const FieldOrigin& f : fields)
    if (f.table != 0) return true;
  return false;
}

bool ReadsView(const MaskPlan& plan) {
  for (const PlanRelation& r : plan.relations)
    if (r.view) return true;
  return false;
}

std::string CheckOrigins(const MaskPlan& plan, const std::vector<FieldOrigin>& fields,
                         const std::vector<const RelationOid*>& relations) {
  auto relation = [&](int32_t i) -> const RelationOid* {
    return i >= 0 && static_cast<size_t>(i) < relations.size() ? relations[static_cast<size_t>(i)] : nullptr;
  };
  for (size_t i = 0; i < fields.size(); ++i) {
    const FieldOrigin& f = fields[i];
    if (f.table == 0) continue;
    std::string position = "result column " + std::to_string(i + 1);
    const PlanColumn* origin = i < plan.origins.size() ? &plan.origins[i] : nullptr;
    if (origin != nullptr && origin->relation >= 0) {
      const RelationOid* r = relation(origin->relation);
      std::string planned = Qualified(plan, *origin);
      if (r == nullptr || !r->found)
        return position + " comes from " + Reported(f) + " where govern planned " + planned +
               ", which the database does not have";
      int16_t attnum = r->AttnumOf(origin->column);
      if (r->oid != f.table || attnum != f.attnum || attnum == 0)
        return position + " comes from " + Reported(f) + " where govern planned " + planned + " (table OID " +
               std::to_string(r->oid) + " column " + std::to_string(attnum) + ")";
      continue;
    }
    // Computed in the plan, a column for the server: one the plan's lineage
    // of this position names, or a position masked anyway.
    bool known = false;
    if (i < plan.lineage.size())
      for (const PlanColumn& c : plan.lineage[i]) {
        const RelationOid* r = relation(c.relation);
        if (r != nullptr && r->found && r->oid == f.table && r->ColumnAt(f.attnum) == c.column && !c.column.empty())
          known = true;
      }
    if (known || plan.MaskAt(static_cast<uint32_t>(i)) != nullptr) continue;
    return position + " comes from " + Reported(f) + ", which is not in govern's lineage of it";
  }
  // Then the relations themselves (after the positions, whose reasons are
  // the more precise when both fail).
  for (size_t k = 0; k < plan.relations.size(); ++k) {
    const RelationOid* r = relation(static_cast<int32_t>(k));
    if (r != nullptr && !r->mismatch.empty()) return r->mismatch;
    if (r == nullptr && plan.relations[k].view)
      return "view " + plan.relations[k].schema + "." + plan.relations[k].name +
             " was not looked up in the database, so its definition is not known to match the catalog's";
  }
  return {};
}

}  // namespace govern::proxy
