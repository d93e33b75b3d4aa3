#include "facts/effects.h"

#include "core/glob.h"

namespace govern {
namespace {

constexpr SideEffectInfo kEffects[] = {
#define GOVERN_SIDE_EFFECT(name, functions, doc) {SideEffect::k_##name, #name, functions, doc},
#include "facts/side_effects.def"
#undef GOVERN_SIDE_EFFECT
};

// Every function glob of the table, split once at compile time, with the
// effect it signals; `first` holds the characters a glob can start with, so
// a function whose name (and unqualified name) starts with none of them is
// passed over without matching (no glob starts with a wildcard: checked).
struct GlobTable {
  static constexpr size_t kMax = 96;
  std::string_view glob[kMax] = {};
  SideEffect effect[kMax] = {};
  size_t n = 0;
  bool first[256] = {};
  bool wildcard_first = false;
};

constexpr GlobTable BuildGlobTable() {
  GlobTable t;
  for (const auto& e : kEffects) {
    std::string_view globs = e.functions;
    while (!globs.empty()) {
      size_t space = globs.find(' ');
      std::string_view glob = globs.substr(0, space);
      globs = space == std::string_view::npos ? std::string_view() : globs.substr(space + 1);
      if (glob.empty()) continue;
      if (t.n == GlobTable::kMax) throw "side_effects.def: raise GlobTable::kMax";
      t.glob[t.n] = glob;
      t.effect[t.n] = e.effect;
      ++t.n;
      if (glob[0] == '*' || glob[0] == '?') t.wildcard_first = true;
      t.first[static_cast<unsigned char>(glob[0])] = true;
    }
  }
  return t;
}

constexpr GlobTable kGlobs = BuildGlobTable();

bool MayMatch(std::string_view fn) {
  if (kGlobs.wildcard_first) return true;
  if (fn.empty()) return false;
  if (kGlobs.first[static_cast<unsigned char>(fn[0])]) return true;
  size_t dot = fn.rfind('.');
  return dot != std::string_view::npos && dot + 1 < fn.size() && kGlobs.first[static_cast<unsigned char>(fn[dot + 1])];
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
  auto bit = [](SideEffect e) { return uint32_t{1} << static_cast<unsigned>(e); };
  uint32_t bits = 0;
  if (facts.locks_rows) bits |= bit(SideEffect::k_row_lock);
  if (facts.kind == StatementKind::k_lock) bits |= bit(SideEffect::k_table_lock);
  if (facts.changes_role) bits |= bit(SideEffect::k_role_change);
  for (std::string_view fn : facts.functions) {
    if (!MayMatch(fn)) continue;
    for (size_t i = 0; i < kGlobs.n; ++i)
      if (!(bits & bit(kGlobs.effect[i])) && GlobMatchName(kGlobs.glob[i], fn)) bits |= bit(kGlobs.effect[i]);
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
