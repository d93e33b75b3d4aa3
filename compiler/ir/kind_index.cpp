// Rule indexing by statement kind: the kinds for which a condition can be
// true, from its `statement.kind` tests under and / or / not. A decision runs
// only the rules indexed for the statement's kind.
#include "facts/statement_kind.h"
#include "ir/ir.h"

namespace govern::compiler {
namespace {

uint64_t PossibleKinds(const IrExpr& e) {
  switch (e.op) {
    case IrOp::kKindIn: return e.mask & AllKindsMask();
    case IrOp::kConstBool: return e.b ? AllKindsMask() : 0;
    case IrOp::kAnd: return PossibleKinds(*e.kids[0]) & PossibleKinds(*e.kids[1]);
    case IrOp::kOr: return PossibleKinds(*e.kids[0]) | PossibleKinds(*e.kids[1]);
    case IrOp::kNot:
      if (e.kids[0]->op == IrOp::kKindIn) return AllKindsMask() & ~e.kids[0]->mask;
      return AllKindsMask();
    default: return AllKindsMask();
  }
}

// Under the rule's kind index every kind test has a known answer: a test that
// holds for all indexed kinds is true, one that holds for none is false.
void SimplifyKindTests(IrExpr& e, uint64_t rule_mask) {
  for (auto& k : e.kids) SimplifyKindTests(*k, rule_mask);
  if (e.op != IrOp::kKindIn || e.type != kTypeBool) return;
  if ((rule_mask & ~e.mask) == 0 || (rule_mask & e.mask) == 0) {
    e.b = (rule_mask & e.mask) != 0;
    e.op = IrOp::kConstBool;
    e.mask = 0;
  }
}

}  // namespace

uint64_t AllKindsMask() {
  size_t n = 0;
  const StatementKindInfo* kinds = StatementKindTable(&n);
  uint64_t mask = 0;
  for (size_t i = 0; i < n; ++i) mask |= uint64_t{1} << static_cast<unsigned>(kinds[i].kind);
  return mask;
}

void IndexRulesByKind(IrModule& module) {
  bool simplified = false;
  for (IrRule& rule : module.rules) {
    rule.kind_mask = rule.condition ? PossibleKinds(*rule.condition) : AllKindsMask();
    if (rule.condition && rule.kind_mask != 0) {
      SimplifyKindTests(*rule.condition, rule.kind_mask);
      simplified = true;
    }
  }
  if (simplified) FoldConstants(module);  // the kind tests that became constants fold away
}

}  // namespace govern::compiler
