// Specialization: a bound program partially evaluated for one context (the
// identity, env and session attributes that stay fixed for a connection or a
// CI profile). Every rule condition is decompiled from its bytecode into its
// and/or/not structure; the subexpressions that read only the context are
// evaluated once and folded, and what remains (the residual) is re-emitted
// with the operands of each `and` / `or` ordered cheapest first. A rule whose
// condition folds to false is skipped; the kind index is intersected with the
// rules that survive, so a decision runs only the survivors.
//
// Sound by construction: conditions have no side effects and cannot fail, so
// `a and b` equals `b and a` and `false and x` is false whatever x reads; the
// folded subexpressions are evaluated by the VM itself on the same context.
// A condition whose bytecode does not decompile (hand-made bundles) stays
// whole. The residual reads the context at decision time like the original,
// so a Specialization is valid for every context of the same class
// (ContextShape, engine/context_key.h): the same values of every field the
// program can read. REQUIRES: the program outlives the Specialization.
#pragma once

#include <array>
#include <cstdint>
#include <span>
#include <vector>

#include "facts/context.h"
#include "facts/facts.h"
#include "vm/bound_program.h"
#include "vm/fact_signature.h"

namespace govern {

class Specialization {
 public:
  enum class RuleState : uint8_t {
    kSkipped,   // the condition is false for this context: never fires
    kAlways,    // no condition, or one that is true for this context whatever the statement
    kResidual,  // run residual code at residual_begin()
  };

  Specialization(const BoundProgram& program, const Context& context);

  const BoundProgram& program() const { return *program_; }
  // The surviving rules the program indexes for `kind`, in source order.
  std::span<const uint32_t> RulesFor(StatementKind kind) const {
    size_t k = static_cast<size_t>(kind) & 63;
    return std::span<const uint32_t>(by_kind_.data() + kind_begin_[k], kind_begin_[k + 1] - kind_begin_[k]);
  }
  RuleState state(uint32_t rule) const { return rules_[rule].state; }
  // First instruction of the rule's residual condition in code(); it ends with RET.
  uint32_t residual_begin(uint32_t rule) const { return rules_[rule].begin; }
  // A necessary condition of the rule's residual (vm/fact_signature.h);
  // inactive when none is known.
  const Guard& guard(uint32_t rule) const { return rules_[rule].guard; }
  // Whether any rule has an active guard (a decision computes the statement's signature only then).
  bool has_guards() const { return guarded_ > 0; }
  const std::vector<uint32_t>& code() const { return code_; }
  // How many rules survive (not kSkipped), and how many folded to kAlways.
  size_t survivors() const { return survivors_; }
  size_t always() const { return always_; }

 private:
  struct RuleEntry {
    RuleState state = RuleState::kResidual;
    uint32_t begin = 0;
    Guard guard;
  };
  const BoundProgram* program_;
  std::vector<RuleEntry> rules_;
  std::vector<uint32_t> code_;  // residual chunks, each ending with RET; operands index the program
  std::vector<uint32_t> by_kind_;
  std::array<uint32_t, 65> kind_begin_{};
  size_t survivors_ = 0;
  size_t always_ = 0;
  size_t guarded_ = 0;
};

}  // namespace govern
