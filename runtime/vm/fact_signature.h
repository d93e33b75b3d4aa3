// FactSignature: a 64-bit summary of which catalog columns and functions a
// statement touches, and Guard: a necessary condition of a rule's residual
// over it. A specialized decision (vm/specialize.h) tests a rule's guard
// before running its residual code: when the guard fails, the residual is
// false for certain, so the rule is skipped without running it.
//
//   columns    bit (column_id % 64) of every column read, written or reaching
//              the result whose id the program resolves through the catalog
//   unresolved some such column has no catalog id (its selectors match by name)
//   functions  NameBit(f) and NameBit(unqualified f) of every function called
//
// A guard is one clause: the statement touches one of `columns` (or has an
// unresolved column, when has_columns), or calls one of `functions`. Derived
// from the residual's structure (Specialization): `sel(S)` as a truth value
// needs a column S matches, so the bits of S's catalog columns folded to 64;
// `calls("f")` with a literal name needs NameBit("f"); `a or b` needs the
// union of both; `a and b` the guard of either; anything else has no guard.
// Sound by construction: a fold only ever adds bits, a collision only costs
// a residual run, never a skipped rule that could fire.
#pragma once

#include <cstdint>
#include <string_view>

#include "facts/facts.h"
#include "vm/bound_program.h"

namespace govern {

struct FactSignature {
  uint64_t columns = 0;
  uint64_t functions = 0;
  bool unresolved = false;
};

struct Guard {
  bool active = false;  // false: no necessary condition is known (always run the residual)
  bool has_columns = false;
  uint64_t columns = 0;
  uint64_t functions = 0;
};

// The bit a function name maps to (FNV-1a of its bytes, modulo 64).
uint64_t NameBit(std::string_view name) noexcept;

// The statement's signature for `program` (the catalog its ids come from).
FactSignature SignatureOf(const BoundProgram& program, const StatementFacts& facts) noexcept;

// Whether a statement with signature `s` may satisfy a condition guarded by `g`.
inline bool Admits(const Guard& g, const FactSignature& s) noexcept {
  return !g.active || (s.columns & g.columns) != 0 || (s.functions & g.functions) != 0 ||
         (g.has_columns && s.unresolved);
}

}  // namespace govern
