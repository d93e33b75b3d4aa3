// What a statement changes: statement.modifies and statement.side_effects,
// computed from the facts without allocating (the VM calls these).
#pragma once

#include <cstdint>
#include <string_view>

#include "facts/facts.h"

namespace govern {

enum class SideEffect : uint8_t {
#define GOVERN_SIDE_EFFECT(name, functions, doc) k_##name,
#include "facts/side_effects.def"
#undef GOVERN_SIDE_EFFECT
};

struct SideEffectInfo {
  SideEffect effect;
  std::string_view name;
  std::string_view functions;  // space-separated globs ("" when not a function effect)
  std::string_view doc;
};
const SideEffectInfo* SideEffectTable(size_t* count) noexcept;
bool IsSideEffectName(std::string_view name) noexcept;

// Bit e: side effect e applies (row locks, LOCK TABLE, the documented functions).
uint32_t StatementSideEffects(const StatementFacts& facts) noexcept;

// The statement changes data, schema, roles or server state: its kind's
// class modifies (statement_kinds.def; COPY only when it writes, i.e. COPY
// FROM; EXPLAIN never), or it writes columns. LOCK TABLE changes nothing
// (it is the side effect table_lock). Side effects of
// functions and locks are statement.side_effects, not this.
bool StatementModifies(const StatementFacts& facts) noexcept;

}  // namespace govern
