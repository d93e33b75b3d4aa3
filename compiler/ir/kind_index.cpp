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

}  // namespace

uint64_t AllKindsMask() {
  size_t n = 0;
  const StatementKindInfo* kinds = StatementKindTable(&n);
  uint64_t mask = 0;
  for (size_t i = 0; i < n; ++i) mask |= uint64_t{1} << static_cast<unsigned>(kinds[i].kind);
  return mask;
}

void IndexRulesByKind(IrModule& module) {
  for (IrRule& rule : module.rules) rule.kind_mask = rule.condition ? PossibleKinds(*rule.condition) : AllKindsMask();
}

}  // namespace govern::compiler
