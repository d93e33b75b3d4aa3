// Constant folding over the IR: literals combine, `and`/`or` with a constant
// side simplify, double negation cancels, and a condition that folds to true
// disappears (the rule always applies).
#include <algorithm>

#include "core/glob.h"
#include "ir/ir.h"

namespace govern::compiler {
namespace {

IrExprPtr ConstBool(Span span, bool v) {
  auto e = std::make_unique<IrExpr>();
  e->op = IrOp::kConstBool;
  e->type = kTypeBool;
  e->span = span;
  e->b = v;
  return e;
}

bool IsBool(const IrExprPtr& e, bool v) { return e->op == IrOp::kConstBool && e->b == v; }

IrExprPtr Fold(IrExprPtr e) {
  for (auto& k : e->kids) k = Fold(std::move(k));
  auto& kids = e->kids;
  auto both_const = [&] { return kids.size() == 2 && kids[0]->is_const() && kids[1]->is_const(); };
  switch (e->op) {
    case IrOp::kNot:
      if (kids[0]->op == IrOp::kConstBool) return ConstBool(e->span, !kids[0]->b);
      if (kids[0]->op == IrOp::kNot) return std::move(kids[0]->kids[0]);
      return e;
    case IrOp::kAnd:
      if (IsBool(kids[0], false) || IsBool(kids[1], false)) return ConstBool(e->span, false);
      if (IsBool(kids[0], true)) return std::move(kids[1]);
      if (IsBool(kids[1], true)) return std::move(kids[0]);
      return e;
    case IrOp::kOr:
      if (IsBool(kids[0], true) || IsBool(kids[1], true)) return ConstBool(e->span, true);
      if (IsBool(kids[0], false)) return std::move(kids[1]);
      if (IsBool(kids[1], false)) return std::move(kids[0]);
      return e;
    case IrOp::kKindIn:
      if ((e->mask & AllKindsMask()) == 0) return ConstBool(e->span, false);
      if ((e->mask & AllKindsMask()) == AllKindsMask()) return ConstBool(e->span, true);
      return e;
    case IrOp::kSetAny:
      if (kids[0]->op == IrOp::kConstSet) return ConstBool(e->span, !kids[0]->set.empty());
      return e;
    case IrOp::kSetCount:
      if (kids[0]->op == IrOp::kConstSet) {
        auto n = std::make_unique<IrExpr>();
        n->op = IrOp::kConstNum;
        n->type = kTypeNum;
        n->span = e->span;
        n->n = static_cast<int64_t>(kids[0]->set.size());
        return n;
      }
      return e;
    case IrOp::kStrIn:
      if (both_const()) {
        const auto& set = kids[1]->set;
        return ConstBool(e->span, std::binary_search(set.begin(), set.end(), kids[0]->str));
      }
      return e;
    case IrOp::kStrEq: return both_const() ? ConstBool(e->span, kids[0]->str == kids[1]->str) : std::move(e);
    case IrOp::kStrNe: return both_const() ? ConstBool(e->span, kids[0]->str != kids[1]->str) : std::move(e);
    case IrOp::kStrMatches:
      return both_const() ? ConstBool(e->span, GlobMatch(kids[1]->str, kids[0]->str)) : std::move(e);
    case IrOp::kNumEq: return both_const() ? ConstBool(e->span, kids[0]->n == kids[1]->n) : std::move(e);
    case IrOp::kNumNe: return both_const() ? ConstBool(e->span, kids[0]->n != kids[1]->n) : std::move(e);
    case IrOp::kNumLt: return both_const() ? ConstBool(e->span, kids[0]->n < kids[1]->n) : std::move(e);
    case IrOp::kNumLe: return both_const() ? ConstBool(e->span, kids[0]->n <= kids[1]->n) : std::move(e);
    case IrOp::kNumGt: return both_const() ? ConstBool(e->span, kids[0]->n > kids[1]->n) : std::move(e);
    case IrOp::kNumGe: return both_const() ? ConstBool(e->span, kids[0]->n >= kids[1]->n) : std::move(e);
    case IrOp::kBoolEq: return both_const() ? ConstBool(e->span, kids[0]->b == kids[1]->b) : std::move(e);
    case IrOp::kBoolNe: return both_const() ? ConstBool(e->span, kids[0]->b != kids[1]->b) : std::move(e);
    default: return e;
  }
}

}  // namespace

IrExprPtr CloneExpr(const IrExpr& e) {
  auto c = std::make_unique<IrExpr>();
  c->op = e.op;
  c->type = e.type;
  c->span = e.span;
  c->b = e.b;
  c->n = e.n;
  c->str = e.str;
  c->set = e.set;
  c->mask = e.mask;
  c->attr = e.attr;
  c->selector = e.selector;
  for (const auto& k : e.kids) c->kids.push_back(CloneExpr(*k));
  return c;
}

void FoldConstants(IrModule& module) {
  for (IrRule& rule : module.rules) {
    if (rule.condition) {
      rule.condition = Fold(std::move(rule.condition));
      if (IsBool(rule.condition, true)) rule.condition.reset();
    }
    for (IrEffect& effect : rule.effects)
      for (IrTemplatePart& part : effect.text)
        if (part.expr) part.expr = Fold(std::move(part.expr));
  }
}

}  // namespace govern::compiler
