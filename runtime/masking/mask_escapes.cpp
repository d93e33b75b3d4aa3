#include "masking/mask_escapes.h"

namespace govern {
namespace {

// Whether every column a selector matches carries the tag it names, so a copy
// of its values gets derived tags: tag selectors (and unions of them).
bool FollowsTheData(const ProgramData& p, uint32_t selector) {
  const SelectorMeta& s = p.selectors[selector];
  if (s.kind == SelectorKind::kTag) return true;
  if (s.kind != SelectorKind::kUnion) return false;
  for (uint32_t m : p.selector_lists[s.glob])
    if (!FollowsTheData(p, m)) return false;
  return true;
}

}  // namespace

std::string MaskEscape(const BoundProgram& program, const StatementFacts& facts, const Decision& decision) {
  if (!facts.reads.empty()) {
    for (std::string_view fn : facts.functions) {
      if (fn == "set_config" || fn == "pg_catalog.set_config")
        return "masks apply to this identity and the statement calls set_config while reading columns: a value "
               "kept in a setting would come back unmasked through SHOW or current_setting(), so the statement is "
               "refused";
    }
  }
  const ProgramData& p = program.data();
  for (const FiredEffect& f : decision.fired) {
    const EffectMeta& e = p.effects[f.effect];
    if (e.type != EffectType::kMask || FollowsTheData(p, e.selector)) continue;
    for (const ColumnFact& source : facts.write_sources) {
      // Into a column the same mask covers (a value moved within masked data) is no escape.
      bool into_masked = source.output < facts.writes.size() && program.SelectorMatches(e.selector, facts.writes[source.output]);
      if (!into_masked && program.SelectorMatches(e.selector, source))
        return "masks apply to this identity and the statement writes values of " + std::string(source.name) +
               ", masked for it by " + p.strings[p.rules[f.rule].id] +
               ", into another table, where they would be read unmasked (a column or table mask does not follow "
               "copies; a tag mask does): the statement is refused";
    }
  }
  return {};
}

}  // namespace govern
