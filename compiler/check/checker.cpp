#include "check/checker.h"

#include <algorithm>
#include <set>

#include "bytecode/opcode.h"
#include "facts/effects.h"
#include "facts/statement_kind.h"

namespace govern::compiler {
namespace {

constexpr uint8_t kTypeError = 'e';
constexpr uint8_t kTypeKindSet = 'K';  // kind literal(s): only for == != in

struct Builtin {
  std::string_view name;
  IrOp op;
  char arg;
  char result;
};

IrOp BuiltinOp(Op op) {
  switch (op) {
    case Op::READS: return IrOp::kReads;
    case Op::WRITES: return IrOp::kWrites;
    case Op::OUTPUTS: return IrOp::kOutputs;
    case Op::FILTERS_ON: return IrOp::kFilters;
    case Op::COMPUTES_ON: return IrOp::kComputes;
    case Op::STAR_READS: return IrOp::kStar;
    case Op::CALLS: return IrOp::kCalls;
    default: return IrOp::kSetCount;
  }
}

const std::vector<Builtin>& Builtins() {
  static const std::vector<Builtin> kBuiltins = {
#define GOVERN_BUILTIN(name, op, arg, result, doc) {name, BuiltinOp(Op::op), arg, result},
#include "bytecode/builtins.def"
#undef GOVERN_BUILTIN
  };
  return kBuiltins;
}

std::string TypeName(uint8_t t) {
  switch (t) {
    case kTypeBool: return "bool";
    case kTypeNum: return "number";
    case kTypeStr: return "string";
    case kTypeSet: return "set";
    case kTypeKind: return "statement kind";
    case kTypeKindSet: return "statement kind literal";
    default: return "invalid";
  }
}

IrExprPtr Make(IrOp op, uint8_t type, Span span) {
  auto e = std::make_unique<IrExpr>();
  e->op = op;
  e->type = type;
  e->span = span;
  return e;
}

IrExprPtr Unary(IrOp op, uint8_t type, Span span, IrExprPtr kid) {
  auto e = Make(op, type, span);
  e->kids.push_back(std::move(kid));
  return e;
}

IrExprPtr Binary(IrOp op, uint8_t type, Span span, IrExprPtr a, IrExprPtr b) {
  auto e = Make(op, type, span);
  e->kids.push_back(std::move(a));
  e->kids.push_back(std::move(b));
  return e;
}

class Checker {
 public:
  Checker(const SourceSet& sources, uint32_t source_index, IrModule& module, Diagnostics& diag)
      : sources_(sources), source_index_(source_index), module_(module), diag_(diag) {}

  void File(const FileAst& file) {
    if (file.default_deny) module_.default_deny = true;
    for (const Policy* p : file.policies) PolicyDecl(*p);
    for (const TestCase* t : file.tests) TestDecl(*t);
  }

 private:
  IrExprPtr ErrorExpr(Span span) { return Make(IrOp::kConstBool, kTypeError, span); }

  // A set used where a bool is expected becomes "is not empty".
  IrExprPtr ToBool(IrExprPtr e, std::string_view where) {
    if (e->type == kTypeBool || e->type == kTypeError) return e;
    if (e->type == kTypeSet) {
      Span span = e->span;
      return Unary(IrOp::kSetAny, kTypeBool, span, std::move(e));
    }
    diag_.Error(e->span, std::string(where) + " needs a bool, found a " + TypeName(e->type));
    return ErrorExpr(e->span);
  }

  std::vector<std::string> NameCandidates() {
    std::vector<std::string> names;
    size_t n = 0;
    const AttrInfo* attrs = AttrTable(&n);
    for (size_t i = 0; i < n; ++i) names.emplace_back(attrs[i].name);
    const StatementKindInfo* kinds = StatementKindTable(&n);
    for (size_t i = 0; i < n; ++i) names.emplace_back(kinds[i].name);
    const KindClassInfo* classes = KindClassTable(&n);
    for (size_t i = 0; i < n; ++i) names.emplace_back(classes[i].name);
    names.emplace_back("identity.attr.NAME");
    return names;
  }

  IrExprPtr Path(const PathExpr& p) {
    std::string name;
    for (size_t i = 0; i < p.parts.size(); ++i) name += (i ? "." : "") + std::string(p.parts[i]);
    if (p.parts.size() == 1) {
      if (auto kind = StatementKindFromName(name)) {
        auto e = Make(IrOp::kKindIn, kTypeKindSet, p.span);
        e->mask = uint64_t{1} << static_cast<unsigned>(*kind);
        return e;
      }
      if (const KindClassInfo* cls = FindKindClass(name)) {  // a class: the set of its kinds
        auto e = Make(IrOp::kKindIn, kTypeKindSet, p.span);
        e->mask = cls->kinds;
        return e;
      }
    }
    if (const AttrInfo* a = FindAttrByName(name)) {
      IrOp op = a->type == 's' ? IrOp::kLoadStr : a->type == 'S' ? IrOp::kLoadSet
              : a->type == 'b' ? IrOp::kLoadBool : IrOp::kLoadKind;
      auto e = Make(op, static_cast<uint8_t>(a->type), p.span);
      e->attr = static_cast<uint32_t>(a->attr);
      return e;
    }
    if (p.parts.size() == 3 && p.parts[0] == "identity" && p.parts[1] == "attr") {
      auto e = Make(IrOp::kIdentityAttr, kTypeStr, p.span);
      e->str = std::string(p.parts[2]);
      return e;
    }
    std::string help;
    if (std::string guess = DidYouMean(name, NameCandidates()); !guess.empty()) help = "did you mean `" + guess + "`?";
    else if (p.parts.size() == 1) help = "statement kinds are listed in docs/policy-language.md";
    diag_.Error(p.span, "unknown attribute or statement kind `" + name + "`", help);
    return ErrorExpr(p.span);
  }

  IrExprPtr Set(const SetExpr& s) {
    uint64_t kinds = 0;
    std::vector<std::string> strings;
    bool any_kind = false, any_string = false, bad = false;
    for (const Expr* item : s.items) {
      if (item->kind == ExprKind::kString) {
        strings.emplace_back(static_cast<const StringExpr*>(item)->value);
        any_string = true;
        continue;
      }
      IrExprPtr e = Check(*item);
      if (e->type == kTypeKindSet) {
        kinds |= e->mask;
        any_kind = true;
      } else if (e->type != kTypeError) {
        diag_.Error(item->span, "set elements must be string literals or statement kinds, found a " + TypeName(e->type));
        bad = true;
      } else {
        bad = true;
      }
    }
    if (bad) return ErrorExpr(s.span);
    if (any_kind && any_string) {
      diag_.Error(s.span, "a set cannot mix strings and statement kinds",
                  "statement kinds are written without quotes: {delete, update}");
      return ErrorExpr(s.span);
    }
    if (any_kind) {
      auto e = Make(IrOp::kKindIn, kTypeKindSet, s.span);
      e->mask = kinds;
      return e;
    }
    std::sort(strings.begin(), strings.end());
    strings.erase(std::unique(strings.begin(), strings.end()), strings.end());
    auto e = Make(IrOp::kConstSet, kTypeSet, s.span);
    e->set = std::move(strings);
    return e;
  }

  IrExprPtr Call(const CallExpr& c) {
    const Builtin* b = nullptr;
    for (const auto& candidate : Builtins())
      if (candidate.name == c.name) b = &candidate;
    if (!b) {
      std::vector<std::string> names;
      for (const auto& candidate : Builtins()) names.emplace_back(candidate.name);
      std::string guess = DidYouMean(c.name, names);
      diag_.Error(c.name_span, "unknown function `" + std::string(c.name) + "`",
                  guess.empty() ? "functions: reads, writes, outputs, filters_on, computes_on, star_reads, calls, count"
                                : "did you mean `" + guess + "`?");
      return ErrorExpr(c.span);
    }
    std::string fname(b->name);
    if (b->arg == 'x') {
      // No selector: every column. Several: their union (a column matching any).
      std::vector<uint32_t> members;
      for (const Expr* arg : c.args) {
        if (arg->kind != ExprKind::kSelector) {
          diag_.Error(arg->span, fname + "() takes a selector: tag \"glob\", column \"glob\" or table \"glob\" "
                                         "(several, separated by commas, select their union)");
          return ErrorExpr(c.span);
        }
        const auto* s = static_cast<const SelectorExpr*>(arg);
        if (s->pattern.empty()) diag_.Error(s->pattern_span, "empty selector pattern");
        IrSelector one;
        one.kind = s->selector;
        one.glob = std::string(s->pattern);
        one.span = s->span;
        members.push_back(module_.InternSelector(std::move(one)));
      }
      std::sort(members.begin(), members.end());
      members.erase(std::unique(members.begin(), members.end()), members.end());
      IrSelector sel;
      sel.span = c.span;
      if (members.size() == 1) {
        sel = module_.selectors[members[0]];
      } else if (members.size() > 1) {
        sel.kind = SelectorKind::kUnion;
        sel.members = std::move(members);
      }
      auto e = Make(b->op, kTypeSet, c.span);
      e->selector = module_.InternSelector(std::move(sel));
      return e;
    }
    if (c.args.size() != 1) {
      diag_.Error(c.span, fname + "() takes exactly one argument");
      return ErrorExpr(c.span);
    }
    if (b->arg == 'g') {
      if (c.args[0]->kind != ExprKind::kString) {
        diag_.Error(c.args[0]->span, fname + "() takes a string literal glob, e.g. calls(\"pg_read_*\")");
        return ErrorExpr(c.span);
      }
      auto e = Make(b->op, kTypeSet, c.span);
      e->str = std::string(static_cast<const StringExpr*>(c.args[0])->value);
      return e;
    }
    IrExprPtr arg = Check(*c.args[0]);
    if (arg->type == kTypeError) return ErrorExpr(c.span);
    if (arg->type != kTypeSet) {
      diag_.Error(c.args[0]->span, fname + "() needs a set, found a " + TypeName(arg->type));
      return ErrorExpr(c.span);
    }
    return Unary(b->op, static_cast<uint8_t>(b->result), c.span, std::move(arg));
  }

  IrExprPtr Compare(const BinaryExpr& b, IrExprPtr l, IrExprPtr r) {
    bool negate = b.op == BinaryOp::kNe;
    bool ordering = b.op != BinaryOp::kEq && b.op != BinaryOp::kNe;
    auto kind_test = [&](IrExprPtr& lit) {
      auto e = Make(IrOp::kKindIn, kTypeBool, b.span);
      e->mask = lit->mask;
      return negate ? Unary(IrOp::kNot, kTypeBool, b.span, std::move(e)) : std::move(e);
    };
    if (!ordering && l->type == kTypeKind && r->type == kTypeKindSet) return kind_test(r);
    if (!ordering && r->type == kTypeKind && l->type == kTypeKindSet) return kind_test(l);
    if (l->type == kTypeKind || r->type == kTypeKind) {
      diag_.Error(b.span, "statement.kind can only be compared with a statement kind",
                  "statement kinds are written without quotes: statement.kind == delete");
      return ErrorExpr(b.span);
    }
    if (l->type != r->type || l->type == kTypeSet || l->type == kTypeKindSet) {
      diag_.Error(b.span, "cannot compare " + TypeName(l->type) + " with " + TypeName(r->type) + " using `" +
                              std::string(BinaryOpText(b.op)) + "`",
                  l->type == kTypeSet || r->type == kTypeSet ? "use `in` for membership or count(set) for sizes" : "");
      return ErrorExpr(b.span);
    }
    IrOp op;
    if (l->type == kTypeNum) {
      op = b.op == BinaryOp::kEq ? IrOp::kNumEq : b.op == BinaryOp::kNe ? IrOp::kNumNe : b.op == BinaryOp::kLt ? IrOp::kNumLt
         : b.op == BinaryOp::kLe ? IrOp::kNumLe : b.op == BinaryOp::kGt ? IrOp::kNumGt : IrOp::kNumGe;
    } else if (ordering) {
      diag_.Error(b.span, "`" + std::string(BinaryOpText(b.op)) + "` needs numbers, found " + TypeName(l->type));
      return ErrorExpr(b.span);
    } else if (l->type == kTypeStr) {
      op = negate ? IrOp::kStrNe : IrOp::kStrEq;
    } else {
      op = negate ? IrOp::kBoolNe : IrOp::kBoolEq;
    }
    if (l->op == IrOp::kLoadStr && l->attr == static_cast<uint32_t>(Attr::kIdentityKind) && r->op == IrOp::kConstStr &&
        r->str != "human" && r->str != "service" && r->str != "agent")
      diag_.Warning(r->span, "identity.kind is \"human\", \"service\" or \"agent\", never \"" + r->str + "\"");
    return Binary(op, kTypeBool, b.span, std::move(l), std::move(r));
  }

  IrExprPtr BinaryOf(const BinaryExpr& b) {
    IrExprPtr l = Check(*b.lhs);
    IrExprPtr r = Check(*b.rhs);
    if (b.op == BinaryOp::kAnd || b.op == BinaryOp::kOr) {
      std::string where = "`" + std::string(BinaryOpText(b.op)) + "`";
      l = ToBool(std::move(l), where);
      r = ToBool(std::move(r), where);
      if (l->type == kTypeError || r->type == kTypeError) return ErrorExpr(b.span);
      return Binary(b.op == BinaryOp::kAnd ? IrOp::kAnd : IrOp::kOr, kTypeBool, b.span, std::move(l), std::move(r));
    }
    if (l->type == kTypeError || r->type == kTypeError) return ErrorExpr(b.span);
    switch (b.op) {
      case BinaryOp::kEq: case BinaryOp::kNe: case BinaryOp::kLt:
      case BinaryOp::kLe: case BinaryOp::kGt: case BinaryOp::kGe:
        return Compare(b, std::move(l), std::move(r));
      case BinaryOp::kIn:
      case BinaryOp::kNotIn: {
        IrExprPtr e;
        if (l->type == kTypeKind && r->type == kTypeKindSet) {
          e = Make(IrOp::kKindIn, kTypeBool, b.span);
          e->mask = r->mask;
        } else if (l->type == kTypeStr && r->type == kTypeSet) {
          if (r->op == IrOp::kLoadSet && r->attr == static_cast<uint32_t>(Attr::kStatementSideEffects) &&
              l->op == IrOp::kConstStr && !IsSideEffectName(l->str)) {
            std::vector<std::string> names;
            size_t n = 0;
            const SideEffectInfo* table = SideEffectTable(&n);
            for (size_t i = 0; i < n; ++i) names.emplace_back(table[i].name);
            std::string guess = DidYouMean(l->str, names);
            diag_.Warning(l->span, "statement.side_effects never holds \"" + l->str + "\"",
                          guess.empty() ? "side effects are listed in docs/policy-language.md"
                                        : "did you mean \"" + guess + "\"?");
          }
          e = Binary(IrOp::kStrIn, kTypeBool, b.span, std::move(l), std::move(r));
        } else {
          std::string help;
          if (l->type == kTypeKind) help = "statement kinds are written without quotes: {delete, update}";
          if (l->type == kTypeSet) help = "for \"any element in common\", test each element or use count()";
          diag_.Error(b.span, "`in` needs a string and a set (or statement.kind and kinds), found " +
                                  TypeName(l->type) + " and " + TypeName(r->type), help);
          return ErrorExpr(b.span);
        }
        return b.op == BinaryOp::kNotIn ? Unary(IrOp::kNot, kTypeBool, b.span, std::move(e)) : std::move(e);
      }
      case BinaryOp::kMatches:
        if (l->type != kTypeStr || r->type != kTypeStr) {
          diag_.Error(b.span, "`matches` needs two strings (text matches \"glob\"), found " + TypeName(l->type) +
                                  " and " + TypeName(r->type));
          return ErrorExpr(b.span);
        }
        return Binary(IrOp::kStrMatches, kTypeBool, b.span, std::move(l), std::move(r));
      case BinaryOp::kAnd: case BinaryOp::kOr: break;
    }
    return ErrorExpr(b.span);
  }

  IrExprPtr Check(const Expr& e) {
    switch (e.kind) {
      case ExprKind::kString: {
        auto x = Make(IrOp::kConstStr, kTypeStr, e.span);
        x->str = std::string(static_cast<const StringExpr&>(e).value);
        return x;
      }
      case ExprKind::kNumber: {
        auto x = Make(IrOp::kConstNum, kTypeNum, e.span);
        x->n = static_cast<const NumberExpr&>(e).value;
        return x;
      }
      case ExprKind::kBool: {
        auto x = Make(IrOp::kConstBool, kTypeBool, e.span);
        x->b = static_cast<const BoolExpr&>(e).value;
        return x;
      }
      case ExprKind::kSet: return Set(static_cast<const SetExpr&>(e));
      case ExprKind::kPath: return Path(static_cast<const PathExpr&>(e));
      case ExprKind::kCall: return Call(static_cast<const CallExpr&>(e));
      case ExprKind::kSelector:
        diag_.Error(e.span, "a selector is only valid as the argument of reads(), writes(), outputs(), "
                            "filters_on(), computes_on() or star_reads(), or in a mask effect");
        return ErrorExpr(e.span);
      case ExprKind::kNot: {
        IrExprPtr x = ToBool(Check(*static_cast<const NotExpr&>(e).operand), "`not`");
        if (x->type == kTypeError) return x;
        return Unary(IrOp::kNot, kTypeBool, e.span, std::move(x));
      }
      case ExprKind::kBinary: return BinaryOf(static_cast<const BinaryExpr&>(e));
    }
    return ErrorExpr(e.span);
  }

  std::vector<IrTemplatePart> Template(const Message* m) {
    std::vector<IrTemplatePart> parts;
    if (!m) return parts;
    for (const MessagePart& part : m->parts) {
      if (!part.expr) {
        parts.push_back({std::string(part.text), nullptr});
        continue;
      }
      IrExprPtr x = Check(*part.expr);
      if (x->type == kTypeKindSet) {
        diag_.Error(part.expr->span, "a statement kind literal cannot be interpolated", "interpolate statement.kind");
        continue;
      }
      if (x->type == kTypeError) continue;
      parts.push_back({"", std::move(x)});
    }
    return parts;
  }

  void PolicyDecl(const Policy& p) {
    auto policy_index = static_cast<uint32_t>(module_.policies.size());
    module_.policies.push_back({std::string(p.name), std::string(p.description)});
    const SourceFile& src = sources_.file(p.span.file);
    for (const Rule* r : p.rules) {
      IrRule rule;
      rule.id = std::string(p.name) + "." + std::string(r->name);
      rule.policy = policy_index;
      rule.source = source_index_;
      rule.pos = src.Locate(r->span.begin);
      rule.span = r->span;
      rule.description = std::string(r->description);
      for (const IrRule& existing : module_.rules) {
        if (existing.id != rule.id) continue;
        const SourceFile& other = sources_.file(existing.span.file);
        LineCol lc = other.Locate(existing.span.begin);
        diag_.Error(r->name_span, "duplicate rule id `" + rule.id + "`",
                    "first defined at " + other.path() + ":" + std::to_string(lc.line) + ":" + std::to_string(lc.column));
      }
      if (r->when) {
        rule.condition_text = std::string(src.Slice(r->when->span));
        IrExprPtr cond = ToBool(Check(*r->when), "a `when` condition");
        if (cond->type != kTypeError) rule.condition = std::move(cond);
      }
      for (const Effect& e : r->effects) rule.effects.push_back(EffectOf(e));
      module_.rules.push_back(std::move(rule));
    }
  }

  IrEffect EffectOf(const Effect& e) {
    IrEffect out;
    out.type = e.type;
    out.span = e.span;
    if (e.message) {
      out.has_text = true;
      out.text = Template(e.message);
    }
    if (e.type == EffectType::kApproval) {
      out.group = std::string(e.group);
      if (out.group.empty()) diag_.Error(e.group_span, "approval group must not be empty");
    }
    if (e.type == EffectType::kMask) {
      if (!MaskMethodFromName(e.method, &out.method)) {
        std::vector<std::string> names;
#define GOVERN_MASK_NAME(id, number, name, doc) names.emplace_back(name);
        GOVERN_MASK_METHODS(GOVERN_MASK_NAME)
#undef GOVERN_MASK_NAME
        std::string guess = DidYouMean(e.method, names);
        diag_.Error(e.method_span, "unknown mask method `" + std::string(e.method) + "`",
                    guess.empty() ? "methods: redact, email, hash, null, last4, initial" : "did you mean `" + guess + "`?");
      }
      if (e.selector) {
        if (e.selector->pattern.empty()) diag_.Error(e.selector->pattern_span, "empty selector pattern");
        out.selector = module_.InternSelector({e.selector->selector, std::string(e.selector->pattern), {}, e.selector->span});
      }
    }
    return out;
  }

  static std::vector<std::string> Values(const TestField& f) {
    std::vector<std::string> v;
    for (auto s : f.values) v.emplace_back(s);
    return v;
  }

  void TestDecl(const TestCase& t) {
    IrTest test;
    test.name = std::string(t.name);
    test.source = source_index_;
    test.span = t.span;
    static const std::set<std::string> kIdentityKeys = {"user", "groups", "roles", "purpose", "kind"};
    for (const TestField* f : t.identity) {
      std::string key(f->key);
      bool set_key = key == "groups" || key == "roles";
      if (!kIdentityKeys.count(key) && key.rfind("attr.", 0) != 0) {
        std::string guess = DidYouMean(key, {"user", "groups", "roles", "purpose", "kind"});
        diag_.Error(f->span, "unknown identity field `" + key + "`",
                    guess.empty() ? "fields: user, groups, roles, purpose, kind, attr.NAME" : "did you mean `" + guess + "`?");
      } else if (set_key != f->is_set) {
        diag_.Error(f->span, "identity field `" + key + "` takes " + (set_key ? "a set {\"a\", \"b\"}" : "a string"));
      } else if (key == "kind" && !f->values.empty() && f->values[0] != "human" && f->values[0] != "service" &&
                 f->values[0] != "agent") {
        diag_.Error(f->span, "identity kind is \"human\", \"service\" or \"agent\", not \"" + std::string(f->values[0]) + "\"");
      }
      test.identity.push_back({key, Values(*f), f->is_set});
    }
    for (const TestField* f : t.session) {
      std::string key(f->key);
      if (key != "database" && key != "application")
        diag_.Error(f->span, "unknown session field `" + key + "`", "fields: database, application");
      test.session.push_back({key, Values(*f), f->is_set});
    }
    test.env = std::string(t.env);
    test.sql = std::string(t.sql);
    if (t.sql.empty()) diag_.Error(t.span, "test `" + test.name + "` has no sql");
    for (auto c : t.catalogs) test.catalogs.emplace_back(c);
    for (const Expectation* x : t.expectations) {
      IrExpectation e;
      e.span = x->span;
      e.kind = x->kind == ExpectKind::kVerdict ? IrExpectation::kVerdict
             : x->kind == ExpectKind::kMask ? IrExpectation::kMask : IrExpectation::kNoMask;
      e.verdict = std::string(x->verdict);
      for (auto r : x->rules) e.rules.emplace_back(r);
      e.column = std::string(x->column);
      e.method = std::string(x->method);
      if (e.kind == IrExpectation::kVerdict && e.verdict != "allow" && e.verdict != "deny" &&
          e.verdict != "require_approval" && e.verdict != "warn") {
        std::string guess = DidYouMean(e.verdict, {"allow", "deny", "require_approval", "warn", "mask"});
        diag_.Error(x->span, "unknown expectation `" + e.verdict + "`",
                    guess == "mask" ? "did you mean `expect mask \"column\" with METHOD`?"
                    : !guess.empty() ? "did you mean `" + guess + "`?"
                                     : "expectations: expect allow | deny | require_approval | warn [by policy.rule, ...], "
                                       "expect mask \"column\" with METHOD, expect no mask \"column\"");
      }
      MaskMethod m;
      if (e.kind == IrExpectation::kMask && !MaskMethodFromName(e.method, &m))
        diag_.Error(x->span, "unknown mask method `" + e.method + "`");
      test.expectations.push_back(std::move(e));
    }
    if (t.expectations.empty()) diag_.Error(t.span, "test `" + test.name + "` expects nothing", "add `expect allow`, `expect deny by policy.rule`, ...");
    module_.tests.push_back(std::move(test));
  }

  const SourceSet& sources_;
  uint32_t source_index_;
  IrModule& module_;
  Diagnostics& diag_;
};

}  // namespace

void CheckFile(const SourceSet& sources, const FileAst& file, uint32_t source_index, IrModule& module,
               Diagnostics& diag) {
  Checker(sources, source_index, module, diag).File(file);
}

void CheckTestReferences(const IrModule& module, Diagnostics& diag) {
  std::vector<std::string> ids;
  for (const IrRule& r : module.rules) ids.push_back(r.id);
  for (const IrTest& t : module.tests)
    for (const IrExpectation& x : t.expectations)
      for (const std::string& rule : x.rules)
        if (std::find(ids.begin(), ids.end(), rule) == ids.end()) {
          std::string guess = DidYouMean(rule, ids);
          diag.Error(x.span, "test `" + t.name + "` expects unknown rule `" + rule + "`",
                     guess.empty() ? "" : "did you mean `" + guess + "`?");
        }
}

}  // namespace govern::compiler
