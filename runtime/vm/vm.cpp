#include "vm/vm.h"

#include "bundle/verifier.h"
#include "facts/effects.h"
#include "vm/fact_signature.h"
#include "vm/set_ops.h"

namespace govern {
namespace {

union Value {
  bool b;
  int64_t n;
  std::string_view s;
  SetRef set;
  StatementKind kind;
  Value() {}  // no initialisation: the stack is written before it is read (verified)
};

std::string_view IdentityAttr(const Context& ctx, std::string_view name) {
  for (const Attribute& a : ctx.identity.attrs)
    if (a.name == name) return a.value;
  return {};
}

std::string_view LoadString(const Context& ctx, Attr attr) {
  switch (attr) {
    case Attr::kIdentityUser: return ctx.identity.user;
    case Attr::kIdentityPurpose: return ctx.identity.purpose;
    case Attr::kIdentityKind: return ctx.identity.kind;
    case Attr::kEnv: return ctx.env;
    case Attr::kSessionDatabase: return ctx.database;
    case Attr::kSessionApplication: return ctx.application;
    default: return {};  // the verifier admits only string attributes here
  }
}

bool LoadBool(const StatementFacts& facts, Attr attr) {
  switch (attr) {
    case Attr::kStatementHasWhere: return facts.has_where;
    case Attr::kStatementHasLimit: return facts.has_limit;
    case Attr::kStatementOpaque: return facts.opaque;
    case Attr::kStatementServerIo: return facts.server_io;
    case Attr::kStatementModifies: return StatementModifies(facts);
    case Attr::kStatementResolved: return facts.resolved;
    default: return false;
  }
}

// Runs one verified chunk and returns the value RET leaves. The dispatch loop
// is the one long function of the runtime, by design (STYLE.md habit 5).
// Instantiated twice: the decision path (kTraced false) carries no trace
// test at all; explain and finding locations take the traced copy.
// `code` is the program's code, or a Specialization's residual code (whose
// operands index the same program); traced runs use the program's code only
// (trace entries are program pcs).
template <bool kTraced>
Value RunCode(const BoundProgram& program, const uint32_t* code, uint32_t begin, const StatementFacts& facts,
              const Context& ctx, Trace* trace) noexcept {
  const ProgramData& p = program.data();
  SetEnv env{program, facts, ctx};
  Value stack[kMaxStackDepth];
  Value* sp = stack;  // next free slot
  uint32_t pc = begin;
  auto record = [&](bool v) {
    if constexpr (kTraced) {
      trace->entries.push_back({pc, v});
    } else {
      (void)v;
      (void)trace;
    }
  };
  for (;;) {
    uint32_t word = code[pc];
    uint32_t a = OperandOf(word);
    switch (static_cast<Op>(OpcodeOf(word))) {
      case Op::PUSH_TRUE: (sp++)->b = true; break;
      case Op::PUSH_FALSE: (sp++)->b = false; break;
      case Op::PUSH_STR: (sp++)->s = p.strings[a]; break;
      case Op::PUSH_NUM: (sp++)->n = p.numbers[a]; break;
      case Op::PUSH_SET: (sp++)->set = SetRef{SetSource::kConst, a}; break;
      case Op::LOAD_STR: (sp++)->s = LoadString(ctx, static_cast<Attr>(a)); break;
      case Op::LOAD_SET: (sp++)->set = SetRef{SetSource::kAttr, a}; break;
      case Op::LOAD_BOOL: (sp++)->b = LoadBool(facts, static_cast<Attr>(a)); record(sp[-1].b); break;
      case Op::LOAD_KIND: (sp++)->kind = facts.kind; break;
      case Op::ATTR_EQ:
        (sp++)->b = LoadString(ctx, static_cast<Attr>(AttrOf(a))) == std::string_view(p.strings[StrOf(a)]);
        record(sp[-1].b);
        break;
      case Op::ATTR_NE:
        (sp++)->b = LoadString(ctx, static_cast<Attr>(AttrOf(a))) != std::string_view(p.strings[StrOf(a)]);
        record(sp[-1].b);
        break;
      case Op::LOAD_IDATTR: (sp++)->s = IdentityAttr(ctx, p.strings[a]); break;
      case Op::KIND_IN:
        (sp++)->b = (p.kind_masks[a] >> (static_cast<unsigned>(facts.kind) & 63)) & 1;
        record(sp[-1].b);
        break;
      // Set views over the facts are traced too (value true: evaluated), so
      // a finding can point at the facts the condition looked at.
      case Op::READS: (sp++)->set = SetRef{SetSource::kReads, a}; record(true); break;
      case Op::WRITES: (sp++)->set = SetRef{SetSource::kWrites, a}; record(true); break;
      case Op::OUTPUTS: (sp++)->set = SetRef{SetSource::kOutputs, a}; record(true); break;
      case Op::FILTERS_ON: (sp++)->set = SetRef{SetSource::kFilters, a}; record(true); break;
      case Op::COMPUTES_ON: (sp++)->set = SetRef{SetSource::kComputes, a}; record(true); break;
      case Op::STAR_READS: (sp++)->set = SetRef{SetSource::kStar, a}; record(true); break;
      case Op::CALLS: (sp++)->set = SetRef{SetSource::kCalls, a}; record(true); break;
#define GOVERN_BINARY(OP, FIELD, EXPR)    \
  case Op::OP: {                          \
    auto rhs = sp[-1].FIELD;              \
    auto lhs = sp[-2].FIELD;              \
    --sp;                                 \
    sp[-1].b = (EXPR);                    \
    record(sp[-1].b);                     \
    break;                                \
  }
      GOVERN_BINARY(STR_EQ, s, lhs == rhs)
      GOVERN_BINARY(STR_NE, s, lhs != rhs)
      GOVERN_BINARY(STR_MATCHES, s, GlobMatch(rhs, lhs))
      GOVERN_BINARY(NUM_EQ, n, lhs == rhs)
      GOVERN_BINARY(NUM_NE, n, lhs != rhs)
      GOVERN_BINARY(NUM_LT, n, lhs < rhs)
      GOVERN_BINARY(NUM_LE, n, lhs <= rhs)
      GOVERN_BINARY(NUM_GT, n, lhs > rhs)
      GOVERN_BINARY(NUM_GE, n, lhs >= rhs)
      GOVERN_BINARY(BOOL_EQ, b, lhs == rhs)
      GOVERN_BINARY(BOOL_NE, b, lhs != rhs)
#undef GOVERN_BINARY
      case Op::STR_IN: {
        SetRef set = sp[-1].set;
        std::string_view needle = sp[-2].s;
        --sp;
        sp[-1].b = SetContains(env, set, needle);
        record(sp[-1].b);
        break;
      }
      case Op::SET_ANY: sp[-1].b = SetAny(env, sp[-1].set); record(sp[-1].b); break;
      case Op::SET_COUNT: sp[-1].n = SetCount(env, sp[-1].set); break;
      case Op::NOT: sp[-1].b = !sp[-1].b; break;
      case Op::JUMP_IF_FALSE:
        if (!sp[-1].b) {
          pc = a;
          continue;
        }
        --sp;
        break;
      case Op::JUMP_IF_TRUE:
        if (sp[-1].b) {
          pc = a;
          continue;
        }
        --sp;
        break;
      case Op::RET: return sp[-1];
    }
    ++pc;
  }
}

template <bool kTraced>
Value RunChunk(const BoundProgram& program, uint32_t chunk_id, const StatementFacts& facts, const Context& ctx,
               Trace* trace) noexcept {
  const ProgramData& p = program.data();
  return RunCode<kTraced>(program, p.code.data(), p.chunks[chunk_id].begin, facts, ctx, trace);
}

bool FindMasked(const Decision& d, uint32_t output) {
  for (const auto& m : d.masks)
    if (m.output == output) return true;
  return false;
}

void AssignMasks(const BoundProgram& program, const StatementFacts& facts, uint32_t rule, const EffectMeta& e,
                 Decision* out) {
  for (const ColumnFact& src : facts.output_sources) {
    if (src.output >= facts.outputs.size() || FindMasked(*out, src.output)) continue;
    if (program.SelectorMatches(e.selector, src)) out->masks.push_back({src.output, src.name, e.method, rule});
  }
}

// Fires the effects of rule r into `out` (source order) and notes the verdict flags.
inline void Fire(const BoundProgram& program, const StatementFacts& facts, uint32_t r, Decision* out, bool* deny,
                 bool* approval, bool* allow) {
  const ProgramData& p = program.data();
  const RuleMeta& rule = p.rules[r];
  for (uint32_t e = rule.first_effect; e < rule.first_effect + rule.effect_count; ++e) {
    const EffectMeta& effect = p.effects[e];
    out->fired.push_back({r, e});
    switch (effect.type) {
      case EffectType::kDeny: *deny = true; break;
      case EffectType::kApproval: *approval = true; break;
      case EffectType::kAllow: *allow = true; break;
      case EffectType::kMask: AssignMasks(program, facts, r, effect, out); break;
      case EffectType::kWarn:
      case EffectType::kAudit: break;
    }
  }
}

inline void Conclude(const ProgramData& p, bool deny, bool approval, bool allow, Decision* out) {
  out->default_denied = p.default_deny() && !allow;
  if (deny || out->default_denied) {
    out->verdict = Verdict::kDeny;
  } else if (approval) {
    out->verdict = Verdict::kRequireApproval;
  } else {
    out->verdict = Verdict::kAllow;
  }
}

}  // namespace

bool EvaluateCondition(const BoundProgram& program, uint32_t rule, const StatementFacts& facts,
                       const Context& context, Trace* trace) noexcept {
  uint32_t chunk = program.data().rules[rule].condition;
  if (chunk == kNoChunk) return true;
  return trace != nullptr ? RunChunk<true>(program, chunk, facts, context, trace).b
                          : RunChunk<false>(program, chunk, facts, context, nullptr).b;
}

void Decide(const BoundProgram& program, const StatementFacts& facts, const Context& context, Decision* out,
            Trace* trace) noexcept {
  out->Clear();
  bool deny = false, approval = false, allow = false;
  for (uint32_t r : program.RulesFor(facts.kind))
    if (EvaluateCondition(program, r, facts, context, trace)) Fire(program, facts, r, out, &deny, &approval, &allow);
  Conclude(program.data(), deny, approval, allow, out);
}

void Decide(const Specialization& spec, const StatementFacts& facts, const Context& context, Decision* out) noexcept {
  out->Clear();
  const BoundProgram& program = spec.program();
  const uint32_t* code = spec.code().data();
  bool deny = false, approval = false, allow = false;
  FactSignature signature;
  bool signed_ = false;
  for (uint32_t r : spec.RulesFor(facts.kind)) {
    if (spec.state(r) == Specialization::RuleState::kResidual) {
      const Guard& guard = spec.guard(r);
      if (guard.active) {
        if (!signed_) signature = SignatureOf(program, facts), signed_ = true;
        if (!Admits(guard, signature)) continue;
      }
      if (!RunCode<false>(program, code, spec.residual_begin(r), facts, context, nullptr).b) continue;
    }
    Fire(program, facts, r, out, &deny, &approval, &allow);
  }
  Conclude(program.data(), deny, approval, allow, out);
}

bool RunBoolCode(const BoundProgram& program, const uint32_t* code, uint32_t begin, const StatementFacts& facts,
                 const Context& context) noexcept {
  return RunCode<false>(program, code, begin, facts, context, nullptr).b;
}

std::string RenderTemplate(const BoundProgram& program, uint32_t template_id, const StatementFacts& facts,
                           const Context& context) {
  const ProgramData& p = program.data();
  if (template_id == kNoTemplate) return {};
  std::string out;
  const Template& t = p.templates[template_id];
  SetEnv env{program, facts, context};
  for (uint32_t i = t.first_part; i < t.first_part + t.part_count; ++i) {
    const TemplatePart& part = p.template_parts[i];
    if (!part.is_expr) {
      out += p.strings[part.value];
      continue;
    }
    Value v = RunChunk<false>(program, part.value, facts, context, nullptr);
    size_t before = out.size();
    switch (p.chunks[part.value].result) {
      case kTypeBool: out += v.b ? "true" : "false"; break;
      case kTypeNum: out += std::to_string(v.n); break;
      case kTypeStr: out += v.s; break;
      case kTypeKind: out += StatementKindName(v.kind); break;
      case kTypeSet: {
        bool first = true;
        const Catalog* catalog = program.catalog();
        ForEachInSet(env, v.set, [&](std::string_view s) {
          if (!first) out += ", ";
          out += s;
          first = false;
          // A column whose tags were derived names where they came from.
          if (catalog != nullptr)
            if (auto id = catalog->FindColumnByQName(s); id && !catalog->column(*id).derived.empty())
              out += " (<- " + catalog->DerivationChain(*id) + ")";
          return true;
        });
        break;
      }
      default: break;
    }
    // An empty value (an empty set, "") leaves no double space and no
    // space before punctuation or at the end: "on {targets}." -> "on.".
    if (out.size() == before && !out.empty() && out.back() == ' ') {
      bool last = i + 1 == t.first_part + t.part_count;
      const TemplatePart* next = last ? nullptr : &p.template_parts[i + 1];
      std::string_view following = next && !next->is_expr ? std::string_view(p.strings[next->value]) : "";
      if (last || (!following.empty() && std::string_view(" .,;:)!?").find(following.front()) != std::string_view::npos))
        out.pop_back();
    }
  }
  return out;
}

std::string_view VerdictName(Verdict v) noexcept {
  switch (v) {
    case Verdict::kAllow: return "allow";
    case Verdict::kRequireApproval: return "require_approval";
    case Verdict::kDeny: return "deny";
  }
  return "?";
}

}  // namespace govern
