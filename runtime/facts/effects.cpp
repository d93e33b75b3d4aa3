#include "facts/effects.h"

#include "core/glob.h"

namespace govern {
namespace {

constexpr SideEffectInfo kEffects[] = {
#define GOVERN_SIDE_EFFECT(name, functions, doc) {SideEffect::k_##name, #name, functions, doc},
#include "facts/side_effects.def"
#undef GOVERN_SIDE_EFFECT
};

bool CallsAny(std::string_view globs, std::span<const std::string_view> functions) {
  while (!globs.empty()) {
    size_t space = globs.find(' ');
    std::string_view glob = globs.substr(0, space);
    globs = space == std::string_view::npos ? std::string_view() : globs.substr(space + 1);
    if (glob.empty()) continue;
    for (std::string_view fn : functions)
      if (GlobMatchName(glob, fn)) return true;
  }
  return false;
}

}  // namespace

const SideEffectInfo* SideEffectTable(size_t* count) noexcept {
  *count = sizeof(kEffects) / sizeof(kEffects[0]);
  return kEffects;
}

bool IsSideEffectName(std::string_view name) noexcept {
  for (const auto& e : kEffects)
    if (e.name == name) return true;
  return false;
}

uint32_t StatementSideEffects(const StatementFacts& facts) noexcept {
  uint32_t bits = 0;
  for (const auto& e : kEffects) {
    bool applies = false;
    switch (e.effect) {
      case SideEffect::k_row_lock: applies = facts.locks_rows; break;
      case SideEffect::k_table_lock: applies = facts.kind == StatementKind::k_lock; break;
      case SideEffect::k_role_change: applies = facts.changes_role; break;
      default: applies = CallsAny(e.functions, facts.functions); break;
    }
    if (applies) bits |= uint32_t{1} << static_cast<unsigned>(e.effect);
  }
  return bits;
}

bool StatementModifies(const StatementFacts& facts) noexcept {
  if (facts.kind == StatementKind::k_explain) return false;       // EXPLAIN without ANALYZE runs nothing
  if (facts.kind == StatementKind::k_copy) return !facts.writes.empty();  // COPY FROM writes, COPY TO reads
  if (KindClassInfoOf(KindClassOf(facts.kind)).modifies) return true;
  return !facts.writes.empty();  // e.g. a write through a CTE the kind does not show
}

}  // namespace govern
