// Set values of the VM and their operations. A set is a reference, never a
// copy: a constant set of the bundle, a context set (identity.groups, ...),
// or a view over the facts filtered by a selector or a function glob.
#pragma once

#include <cstdint>
#include <string_view>

#include "bytecode/opcode.h"
#include "core/glob.h"
#include "facts/context.h"
#include "facts/effects.h"
#include "facts/facts.h"
#include "vm/bound_program.h"

namespace govern {

enum class SetSource : uint8_t {
  kConst,      // index: string set id
  kAttr,       // index: attribute id
  kReads,      // index: selector id
  kWrites,
  kOutputs,
  kFilters,
  kComputes,
  kStar,
  kCalls,      // index: glob string id
};

struct SetRef {
  SetSource source = SetSource::kConst;
  uint32_t index = 0;
};

struct SetEnv {
  const BoundProgram& program;
  const StatementFacts& facts;
  const Context& context;
};

namespace detail {

template <typename F>
bool ForEachColumn(const SetEnv& env, std::span<const ColumnFact> cols, uint32_t sel, uint16_t usage_mask,
                   bool dedupe, F&& f) {
  for (size_t i = 0; i < cols.size(); ++i) {
    const ColumnFact& c = cols[i];
    if (usage_mask && !(c.usage & usage_mask)) continue;
    if (!env.program.SelectorMatches(sel, c)) continue;
    if (dedupe) {
      bool seen = false;
      for (size_t j = 0; j < i && !seen; ++j) seen = cols[j].name == c.name && env.program.SelectorMatches(sel, cols[j]);
      if (seen) continue;
    }
    if (!f(c.name)) return false;
  }
  return true;
}

}  // namespace detail

// Calls f(string_view) for each distinct element until f returns false.
// Returns false when stopped early.
template <typename F>
bool ForEachInSet(const SetEnv& env, SetRef set, F&& f) {
  const ProgramData& p = env.program.data();
  switch (set.source) {
    case SetSource::kConst:
      for (uint32_t id : p.string_sets[set.index])
        if (!f(std::string_view(p.strings[id]))) return false;
      return true;
    case SetSource::kAttr:
      switch (static_cast<Attr>(set.index)) {
        case Attr::kIdentityGroups:
          for (auto s : env.context.identity.groups) if (!f(s)) return false;
          return true;
        case Attr::kIdentityRoles:
          for (auto s : env.context.identity.roles) if (!f(s)) return false;
          return true;
        case Attr::kStatementTargets:
          for (auto s : env.facts.targets) if (!f(s)) return false;
          return true;
        case Attr::kStatementTables:
          for (const auto& t : env.facts.tables) if (!f(t.name)) return false;
          return true;
        case Attr::kStatementSideEffects: {
          uint32_t bits = StatementSideEffects(env.facts);
          size_t n = 0;
          const SideEffectInfo* table = SideEffectTable(&n);
          for (size_t i = 0; i < n; ++i)
            if ((bits >> i) & 1 && !f(table[i].name)) return false;
          return true;
        }
        case Attr::kStatementUnresolved:
          for (size_t i = 0; i < env.facts.unresolved.size(); ++i) {
            std::string_view name = env.facts.unresolved[i].name;
            bool seen = false;  // distinct: a name reported at two places counts once
            for (size_t j = 0; j < i && !seen; ++j) seen = env.facts.unresolved[j].name == name;
            if (!seen && !f(name)) return false;
          }
          return true;
        default:
          return true;  // the verifier admits only set attributes here
      }
    case SetSource::kReads: return detail::ForEachColumn(env, env.facts.reads, set.index, 0, false, f);
    case SetSource::kWrites: return detail::ForEachColumn(env, env.facts.writes, set.index, 0, false, f);
    case SetSource::kOutputs: return detail::ForEachColumn(env, env.facts.output_sources, set.index, 0, true, f);
    case SetSource::kFilters:
      return detail::ForEachColumn(env, env.facts.reads, set.index, kUseFilterLike, false, f);
    case SetSource::kComputes:
      return detail::ForEachColumn(env, env.facts.reads, set.index, kUseComputed, false, f);
    case SetSource::kStar: return detail::ForEachColumn(env, env.facts.reads, set.index, kUseStar, false, f);
    case SetSource::kCalls: {
      std::string_view glob = p.strings[set.index];
      for (auto fn : env.facts.functions)
        if (GlobMatchName(glob, fn) && !f(fn)) return false;
      return true;
    }
  }
  return true;
}

inline bool SetAny(const SetEnv& env, SetRef set) {
  return !ForEachInSet(env, set, [](std::string_view) { return false; });
}

inline int64_t SetCount(const SetEnv& env, SetRef set) {
  int64_t n = 0;
  ForEachInSet(env, set, [&](std::string_view) { ++n; return true; });
  return n;
}

inline bool SetContains(const SetEnv& env, SetRef set, std::string_view needle) {
  return !ForEachInSet(env, set, [&](std::string_view s) { return s != needle; });
}

}  // namespace govern
