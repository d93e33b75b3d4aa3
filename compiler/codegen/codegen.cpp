#include "codegen/codegen.h"

#include <map>

#include "bundle/verifier.h"
#include "bytecode/opcode.h"

namespace govern::compiler {
namespace {

Op OpFor(IrOp op) {
  switch (op) {
    case IrOp::kReads: return Op::READS;
    case IrOp::kWrites: return Op::WRITES;
    case IrOp::kOutputs: return Op::OUTPUTS;
    case IrOp::kFilters: return Op::FILTERS_ON;
    case IrOp::kComputes: return Op::COMPUTES_ON;
    case IrOp::kStar: return Op::STAR_READS;
    case IrOp::kStrEq: return Op::STR_EQ;
    case IrOp::kStrNe: return Op::STR_NE;
    case IrOp::kStrMatches: return Op::STR_MATCHES;
    case IrOp::kStrIn: return Op::STR_IN;
    case IrOp::kNumEq: return Op::NUM_EQ;
    case IrOp::kNumNe: return Op::NUM_NE;
    case IrOp::kNumLt: return Op::NUM_LT;
    case IrOp::kNumLe: return Op::NUM_LE;
    case IrOp::kNumGt: return Op::NUM_GT;
    case IrOp::kNumGe: return Op::NUM_GE;
    case IrOp::kBoolEq: return Op::BOOL_EQ;
    case IrOp::kBoolNe: return Op::BOOL_NE;
    case IrOp::kSetAny: return Op::SET_ANY;
    case IrOp::kSetCount: return Op::SET_COUNT;
    case IrOp::kNot: return Op::NOT;
    default: return Op::RET;
  }
}

class Generator {
 public:
  Generator(const IrModule& m, const SourceSet& sources) : m_(m), sources_(sources) {}

  Expected<ProgramData> Run() {
    p_.flags = m_.default_deny ? kFlagDefaultDeny : 0;
    Str("");  // string 0 is the empty string
    for (const IrSource& s : m_.sources) p_.sources.push_back({Str(s.path), s.sha256});
    for (const IrSelector& s : m_.selectors) {
      if (s.kind == SelectorKind::kUnion) {
        p_.selectors.push_back({s.kind, static_cast<uint32_t>(p_.selector_lists.size())});
        p_.selector_lists.push_back(s.members);
        continue;
      }
      p_.selectors.push_back({s.kind, Str(s.glob)});
    }
    for (const IrPolicy& pol : m_.policies) p_.policies.push_back({Str(pol.name), Str(pol.description)});
    for (const IrRule& r : m_.rules) {
      RuleMeta meta;
      meta.id = Str(r.id);
      meta.policy = r.policy;
      meta.source = r.source;
      meta.line = r.pos.line;
      meta.column = r.pos.column;
      meta.condition_text = Str(r.condition_text);
      meta.kind_mask = r.kind_mask;
      meta.condition = r.condition ? Chunk(*r.condition) : kNoChunk;
      meta.first_effect = static_cast<uint32_t>(p_.effects.size());
      meta.effect_count = static_cast<uint32_t>(r.effects.size());
      for (const IrEffect& e : r.effects) {
        EffectMeta em;
        em.type = e.type;
        em.method = e.method;
        em.selector = e.selector;
        em.group = Str(e.group);
        em.text = e.has_text ? TemplateOf(e.text) : kNoTemplate;
        p_.effects.push_back(em);
      }
      p_.rules.push_back(meta);
    }
    bool described = false;
    for (const IrRule& r : m_.rules) described = described || !r.description.empty();
    if (described)
      for (const IrRule& r : m_.rules) p_.rule_descriptions.push_back(Str(r.description));
    if (!error_.empty()) return Status::Error(error_);
    // Codegen must only produce programs the loader accepts.
    if (Status s = VerifyProgram(p_); !s.ok()) return Status::Error("internal compiler error: " + s.message());
    return std::move(p_);
  }

 private:
  uint32_t Str(const std::string& s) {
    auto [it, inserted] = strings_.try_emplace(s, static_cast<uint32_t>(p_.strings.size()));
    if (inserted) p_.strings.push_back(s);
    return it->second;
  }
  uint32_t Num(int64_t n) {
    auto [it, inserted] = numbers_.try_emplace(n, static_cast<uint32_t>(p_.numbers.size()));
    if (inserted) p_.numbers.push_back(n);
    return it->second;
  }
  uint32_t Mask(uint64_t m) {
    auto [it, inserted] = masks_.try_emplace(m, static_cast<uint32_t>(p_.kind_masks.size()));
    if (inserted) p_.kind_masks.push_back(m);
    return it->second;
  }
  uint32_t SetId(const std::vector<std::string>& set) {
    auto [it, inserted] = sets_.try_emplace(set, static_cast<uint32_t>(p_.string_sets.size()));
    if (inserted) {
      std::vector<uint32_t> ids;
      for (const auto& s : set) ids.push_back(Str(s));  // `set` is sorted by content
      p_.string_sets.push_back(std::move(ids));
    }
    return it->second;
  }

  void Emit(Op op, uint32_t a, const Span& span) {
    if (a > kMaxOperand) error_ = "program too large: operand exceeds 24 bits";
    p_.code.push_back(Encode(op, a));
    const SourceFile& f = sources_.file(span.file);
    LineCol lc = f.Locate(span.begin);
    p_.spans.push_back({span.file, lc.line, lc.column, span.end - span.begin});
  }

  void Expr(const IrExpr& e, int depth) {
    max_depth_ = std::max(max_depth_, depth);
    switch (e.op) {
      case IrOp::kConstBool: Emit(e.b ? Op::PUSH_TRUE : Op::PUSH_FALSE, 0, e.span); return;
      case IrOp::kConstNum: Emit(Op::PUSH_NUM, Num(e.n), e.span); return;
      case IrOp::kConstStr: Emit(Op::PUSH_STR, Str(e.str), e.span); return;
      case IrOp::kConstSet: Emit(Op::PUSH_SET, SetId(e.set), e.span); return;
      case IrOp::kKindIn: Emit(Op::KIND_IN, Mask(e.mask), e.span); return;
      case IrOp::kLoadStr: Emit(Op::LOAD_STR, e.attr, e.span); return;
      case IrOp::kLoadSet: Emit(Op::LOAD_SET, e.attr, e.span); return;
      case IrOp::kLoadBool: Emit(Op::LOAD_BOOL, e.attr, e.span); return;
      case IrOp::kLoadKind: Emit(Op::LOAD_KIND, 0, e.span); return;
      case IrOp::kIdentityAttr: Emit(Op::LOAD_IDATTR, Str(e.str), e.span); return;
      case IrOp::kCalls: Emit(Op::CALLS, Str(e.str), e.span); return;
      case IrOp::kReads: case IrOp::kWrites: case IrOp::kOutputs: case IrOp::kFilters: case IrOp::kComputes:
      case IrOp::kStar:
        Emit(OpFor(e.op), e.selector, e.span);
        return;
      case IrOp::kAnd:
      case IrOp::kOr: {
        Expr(*e.kids[0], depth + 1);
        size_t jump = p_.code.size();
        Emit(e.op == IrOp::kAnd ? Op::JUMP_IF_FALSE : Op::JUMP_IF_TRUE, 0, e.span);
        Expr(*e.kids[1], depth + 1);
        p_.code[jump] = Encode(OpcodeOf(p_.code[jump]) == static_cast<uint8_t>(Op::JUMP_IF_FALSE) ? Op::JUMP_IF_FALSE
                                                                                                  : Op::JUMP_IF_TRUE,
                               static_cast<uint32_t>(p_.code.size()));
        return;
      }
      case IrOp::kStrEq:
      case IrOp::kStrNe: {
        // Superinstruction for the most common test, `attribute == "literal"`.
        const IrExpr* attr = e.kids[0]->op == IrOp::kLoadStr ? e.kids[0].get() : e.kids[1].get();
        const IrExpr* lit = e.kids[0]->op == IrOp::kConstStr ? e.kids[0].get() : e.kids[1].get();
        if (attr->op == IrOp::kLoadStr && lit->op == IrOp::kConstStr && attr != lit) {
          uint32_t str = Str(lit->str);
          if (str <= kAttrStrMaxString) {
            Emit(e.op == IrOp::kStrEq ? Op::ATTR_EQ : Op::ATTR_NE, EncodeAttrStr(attr->attr, str), e.span);
            return;
          }
        }
        int i = 0;
        for (const auto& k : e.kids) Expr(*k, depth + i++);
        Emit(OpFor(e.op), 0, e.span);
        return;
      }
      default: {
        int i = 0;
        for (const auto& k : e.kids) Expr(*k, depth + i++);
        Emit(OpFor(e.op), 0, e.span);
        return;
      }
    }
  }

  uint32_t Chunk(const IrExpr& e) {
    govern::Chunk c;
    c.begin = static_cast<uint32_t>(p_.code.size());
    max_depth_ = 0;
    Expr(e, 1);
    Emit(Op::RET, 0, e.span);
    c.end = static_cast<uint32_t>(p_.code.size());
    c.result = e.type;
    if (static_cast<size_t>(max_depth_) > kMaxStackDepth) error_ = "expression too deep for the VM stack";
    p_.chunks.push_back(c);
    return static_cast<uint32_t>(p_.chunks.size() - 1);
  }

  uint32_t TemplateOf(const std::vector<IrTemplatePart>& parts) {
    govern::Template t;
    t.first_part = static_cast<uint32_t>(p_.template_parts.size());
    for (const IrTemplatePart& part : parts) {
      if (part.expr) p_.template_parts.push_back({1, Chunk(*part.expr)});
      else p_.template_parts.push_back({0, Str(part.text)});
    }
    t.part_count = static_cast<uint32_t>(p_.template_parts.size()) - t.first_part;
    p_.templates.push_back(t);
    return static_cast<uint32_t>(p_.templates.size() - 1);
  }

  const IrModule& m_;
  const SourceSet& sources_;
  ProgramData p_;
  std::map<std::string, uint32_t> strings_;
  std::map<int64_t, uint32_t> numbers_;
  std::map<uint64_t, uint32_t> masks_;
  std::map<std::vector<std::string>, uint32_t> sets_;
  int max_depth_ = 0;
  std::string error_;
};

}  // namespace

Expected<ProgramData> Generate(const IrModule& module, const SourceSet& sources) {
  return Generator(module, sources).Run();
}

}  // namespace govern::compiler
