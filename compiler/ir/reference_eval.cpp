#include "ir/reference_eval.h"

#include <algorithm>
#include <set>

#include "bytecode/opcode.h"
#include "core/glob.h"
#include "facts/effects.h"

namespace govern::compiler {
namespace {

struct Val {
  bool b = false;
  int64_t n = 0;
  std::string s;
  std::vector<std::string> set;  // distinct elements
};

class Ref {
 public:
  Ref(const IrModule& m, const Catalog* c, const StatementFacts& f, const Context& x) : m_(m), cat_(c), f_(f), x_(x) {}

  bool Matches(uint32_t sel_id, const ColumnFact& col) const {
    const IrSelector& sel = m_.selectors[sel_id];
    std::string_view table = col.name.substr(0, std::min(col.name.size(), col.name.rfind('.')));
    switch (sel.kind) {
      case SelectorKind::kAll: return true;
      case SelectorKind::kColumn: return GlobMatch(sel.glob, col.name);
      case SelectorKind::kTable: return GlobMatch(sel.glob, table);
      case SelectorKind::kTag:
        if (!cat_ || col.column_id < 0) return false;
        for (uint32_t t : cat_->column(col.column_id).tags)
          if (GlobMatch(sel.glob, cat_->TagName(t))) return true;
        return false;
      case SelectorKind::kUnion:
        for (uint32_t m : sel.members)
          if (Matches(m, col)) return true;
        return false;
    }
    return false;
  }

  std::vector<std::string> Columns(std::span<const ColumnFact> cols, uint32_t sel, uint16_t usage) const {
    std::vector<std::string> out;
    for (const ColumnFact& c : cols)
      if ((!usage || (c.usage & usage)) && Matches(sel, c) &&
          std::find(out.begin(), out.end(), c.name) == out.end())
        out.emplace_back(c.name);
    return out;
  }

  Val Eval(const IrExpr& e) const {
    Val v;
    auto kid = [&](size_t i) { return Eval(*e.kids[i]); };
    switch (e.op) {
      case IrOp::kConstBool: v.b = e.b; break;
      case IrOp::kConstNum: v.n = e.n; break;
      case IrOp::kConstStr: v.s = e.str; break;
      case IrOp::kConstSet: v.set = e.set; break;
      case IrOp::kKindIn: v.b = (e.mask >> static_cast<unsigned>(f_.kind)) & 1; break;
      case IrOp::kLoadKind: v.s = std::string(StatementKindName(f_.kind)); break;
      case IrOp::kLoadStr:
        switch (static_cast<Attr>(e.attr)) {
          case Attr::kIdentityUser: v.s = x_.identity.user; break;
          case Attr::kIdentityPurpose: v.s = x_.identity.purpose; break;
          case Attr::kIdentityKind: v.s = x_.identity.kind; break;
          case Attr::kEnv: v.s = x_.env; break;
          case Attr::kSessionDatabase: v.s = x_.database; break;
          case Attr::kSessionApplication: v.s = x_.application; break;
          default: break;
        }
        break;
      case IrOp::kLoadBool:
        v.b = e.attr == static_cast<uint32_t>(Attr::kStatementModifies) ? StatementModifies(f_)
            : e.attr == static_cast<uint32_t>(Attr::kStatementHasWhere) ? f_.has_where
            : e.attr == static_cast<uint32_t>(Attr::kStatementHasLimit) ? f_.has_limit
            : e.attr == static_cast<uint32_t>(Attr::kStatementServerIo) ? f_.server_io
            : e.attr == static_cast<uint32_t>(Attr::kStatementResolved) ? f_.resolved : f_.opaque;
        break;
      case IrOp::kLoadSet: {
        auto add = [&](std::string_view s) {
          if (std::find(v.set.begin(), v.set.end(), s) == v.set.end()) v.set.emplace_back(s);
        };
        switch (static_cast<Attr>(e.attr)) {
          case Attr::kIdentityGroups: for (auto s : x_.identity.groups) add(s); break;
          case Attr::kIdentityRoles: for (auto s : x_.identity.roles) add(s); break;
          case Attr::kStatementTargets: for (auto s : f_.targets) add(s); break;
          case Attr::kStatementTables: for (const auto& t : f_.tables) add(t.name); break;
          case Attr::kStatementSideEffects: {
            size_t n = 0;
            const SideEffectInfo* table = SideEffectTable(&n);
            uint32_t bits = StatementSideEffects(f_);
            for (size_t i = 0; i < n; ++i)
              if ((bits >> i) & 1) add(table[i].name);
            break;
          }
          case Attr::kStatementUnresolved: for (const auto& u : f_.unresolved) add(u.name); break;
          default: break;
        }
        break;
      }
      case IrOp::kIdentityAttr:
        for (const Attribute& a : x_.identity.attrs)
          if (a.name == e.str) {
            v.s = a.value;
            break;
          }
        break;
      case IrOp::kReads: v.set = Columns(f_.reads, e.selector, 0); break;
      case IrOp::kWrites: v.set = Columns(f_.writes, e.selector, 0); break;
      case IrOp::kOutputs: v.set = Columns(f_.output_sources, e.selector, 0); break;
      case IrOp::kFilters: v.set = Columns(f_.reads, e.selector, kUseFilterLike); break;
      case IrOp::kComputes: v.set = Columns(f_.reads, e.selector, kUseComputed); break;
      case IrOp::kStar: v.set = Columns(f_.reads, e.selector, kUseStar); break;
      case IrOp::kCalls:
        for (auto fn : f_.functions)
          if (GlobMatchName(e.str, fn)) v.set.emplace_back(fn);
        break;
      case IrOp::kStrEq: v.b = kid(0).s == kid(1).s; break;
      case IrOp::kStrNe: v.b = kid(0).s != kid(1).s; break;
      case IrOp::kStrMatches: v.b = GlobMatch(kid(1).s, kid(0).s); break;
      case IrOp::kStrIn: {
        Val set = kid(1);
        v.b = std::find(set.set.begin(), set.set.end(), kid(0).s) != set.set.end();
        break;
      }
      case IrOp::kNumEq: v.b = kid(0).n == kid(1).n; break;
      case IrOp::kNumNe: v.b = kid(0).n != kid(1).n; break;
      case IrOp::kNumLt: v.b = kid(0).n < kid(1).n; break;
      case IrOp::kNumLe: v.b = kid(0).n <= kid(1).n; break;
      case IrOp::kNumGt: v.b = kid(0).n > kid(1).n; break;
      case IrOp::kNumGe: v.b = kid(0).n >= kid(1).n; break;
      case IrOp::kBoolEq: v.b = kid(0).b == kid(1).b; break;
      case IrOp::kBoolNe: v.b = kid(0).b != kid(1).b; break;
      case IrOp::kSetAny: v.b = !kid(0).set.empty(); break;
      case IrOp::kSetCount: v.n = static_cast<int64_t>(kid(0).set.size()); break;
      case IrOp::kNot: v.b = !kid(0).b; break;
      case IrOp::kAnd: v.b = kid(0).b && kid(1).b; break;
      case IrOp::kOr: v.b = kid(0).b || kid(1).b; break;
    }
    return v;
  }

  ReferenceDecision Decide() const {
    ReferenceDecision d;
    bool deny = false, approval = false, allow = false;
    for (const IrRule& rule : m_.rules) {
      // Deliberately ignores the kind index: the VM must agree without it.
      if (rule.checked_condition && !Eval(*rule.checked_condition).b) continue;
      d.fired.push_back(rule.id);
      for (const IrEffect& e : rule.effects) {
        if (e.type == EffectType::kDeny) deny = true;
        if (e.type == EffectType::kApproval) approval = true;
        if (e.type == EffectType::kAllow) allow = true;
        if (e.type != EffectType::kMask) continue;
        for (const ColumnFact& src : f_.output_sources) {
          bool taken = std::any_of(d.masks.begin(), d.masks.end(), [&](auto& m) { return m.first == src.output; });
          if (!taken && src.output < f_.outputs.size() && Matches(e.selector, src))
            d.masks.emplace_back(src.output, std::string(MaskMethodName(e.method)));
        }
      }
    }
    d.verdict = deny || (m_.default_deny && !allow) ? "deny" : approval ? "require_approval" : "allow";
    return d;
  }

 private:
  const IrModule& m_;
  const Catalog* cat_;
  const StatementFacts& f_;
  const Context& x_;
};

}  // namespace

ReferenceDecision ReferenceDecide(const IrModule& module, const Catalog* catalog, const StatementFacts& facts,
                                  const Context& context) {
  return Ref(module, catalog, facts, context).Decide();
}

}  // namespace govern::compiler
