#include "bundle/verifier.h"

#include <optional>
#include <string>

#include "bytecode/opcode.h"
#include "facts/statement_kind.h"

namespace govern {
namespace {

using TypeStack = std::string;  // type letters, bottom first

Status Fail(const std::string& what) { return Status::Error("invalid bundle: " + what); }

class Verifier {
 public:
  explicit Verifier(const ProgramData& p) : p_(p) {}

  Status Run() {
    if (p_.spans.size() != p_.code.size()) return Fail("span table does not match the code size");
    for (size_t i = 0; i < p_.string_sets.size(); ++i) {
      const auto& set = p_.string_sets[i];
      for (size_t j = 0; j < set.size(); ++j) {
        if (!Str(set[j])) return Fail("string set " + std::to_string(i) + " names a missing string");
        if (j > 0 && !(p_.strings[set[j - 1]] < p_.strings[set[j]]))
          return Fail("string set " + std::to_string(i) + " is not sorted and unique");
      }
    }
    for (size_t i = 0; i < p_.selectors.size(); ++i) {
      const auto& s = p_.selectors[i];
      if (s.kind == SelectorKind::kUnion) {
        // Members come earlier and are plain selectors: no cycles, no nesting.
        if (s.glob >= p_.selector_lists.size() || p_.selector_lists[s.glob].empty())
          return Fail("union selector " + std::to_string(i) + " names a missing member list");
        for (uint32_t m : p_.selector_lists[s.glob])
          if (m >= i || p_.selectors[m].kind == SelectorKind::kUnion || p_.selectors[m].kind == SelectorKind::kAll)
            return Fail("union selector " + std::to_string(i) + " has an invalid member");
        continue;
      }
      if (static_cast<uint8_t>(s.kind) > static_cast<uint8_t>(SelectorKind::kTable) || !Str(s.glob))
        return Fail("selector " + std::to_string(i) + " is malformed");
    }
    for (const auto& span : p_.spans)
      if (span.source >= p_.sources.size() && !p_.sources.empty()) return Fail("instruction span names a missing source");
    for (size_t i = 0; i < p_.chunks.size(); ++i)
      if (Status s = CheckChunk(i); !s.ok()) return s;
    for (size_t i = 0; i < p_.templates.size(); ++i) {
      const auto& t = p_.templates[i];
      if (t.first_part > p_.template_parts.size() || t.part_count > p_.template_parts.size() - t.first_part)
        return Fail("template " + std::to_string(i) + " parts out of range");
    }
    for (const auto& part : p_.template_parts) {
      if (part.is_expr > 1) return Fail("template part kind is invalid");
      if (part.is_expr ? part.value >= p_.chunks.size() : !Str(part.value))
        return Fail("template part refers to a missing " + std::string(part.is_expr ? "chunk" : "string"));
    }
    for (size_t i = 0; i < p_.effects.size(); ++i)
      if (Status s = CheckEffect(p_.effects[i]); !s.ok()) return Fail("effect " + std::to_string(i) + ": " + s.message());
    for (size_t i = 0; i < p_.rules.size(); ++i)
      if (Status s = CheckRule(p_.rules[i]); !s.ok()) return Fail("rule " + std::to_string(i) + ": " + s.message());
    for (const auto& pol : p_.policies)
      if (!Str(pol.name) || !Str(pol.description)) return Fail("policy names a missing string");
    if (!p_.rule_descriptions.empty() && p_.rule_descriptions.size() != p_.rules.size())
      return Fail("rule descriptions do not match the rules");
    for (uint32_t d : p_.rule_descriptions)
      if (!Str(d)) return Fail("rule description names a missing string");
    for (const auto& src : p_.sources)
      if (!Str(src.path)) return Fail("source names a missing string");
    return Status::Ok();
  }

 private:
  bool Str(uint32_t id) const { return id < p_.strings.size(); }

  Status CheckEffect(const EffectMeta& e) const {
    if (e.text != kNoTemplate && e.text >= p_.templates.size()) return Status::Error("message out of range");
    switch (e.type) {
      case EffectType::kMask: {
        MaskMethod m;
        if (!MaskMethodFromName(MaskMethodName(e.method), &m)) return Status::Error("unknown mask method");
        if (e.selector >= p_.selectors.size()) return Status::Error("mask selector out of range");
        return Status::Ok();
      }
      case EffectType::kApproval:
        if (!Str(e.group)) return Status::Error("approval group out of range");
        [[fallthrough]];
      case EffectType::kDeny:
      case EffectType::kWarn:
      case EffectType::kAudit:
        return Status::Ok();
      case EffectType::kAllow:
        return Status::Ok();
    }
    return Status::Error("unknown effect type " + std::to_string(static_cast<int>(e.type)));
  }

  Status CheckRule(const RuleMeta& r) const {
    if (!Str(r.id) || !Str(r.condition_text)) return Status::Error("string out of range");
    if (r.policy >= p_.policies.size()) return Status::Error("policy out of range");
    if (!p_.sources.empty() && r.source >= p_.sources.size()) return Status::Error("source out of range");
    if (r.condition != kNoChunk) {
      if (r.condition >= p_.chunks.size()) return Status::Error("condition chunk out of range");
      if (p_.chunks[r.condition].result != kTypeBool) return Status::Error("condition does not return a bool");
    }
    if (r.first_effect > p_.effects.size() || r.effect_count > p_.effects.size() - r.first_effect)
      return Status::Error("effects out of range");
    return Status::Ok();
  }

  Status OperandOk(const OpInfo& info, uint32_t a, size_t pc, const Chunk& c) const {
    switch (info.operand) {
      case OperandKind::kNone: return a == 0 ? Status::Ok() : Status::Error("unexpected operand");
      case OperandKind::kStr: return Str(a) ? Status::Ok() : Status::Error("string id out of range");
      case OperandKind::kNum: return a < p_.numbers.size() ? Status::Ok() : Status::Error("number id out of range");
      case OperandKind::kSet: return a < p_.string_sets.size() ? Status::Ok() : Status::Error("set id out of range");
      case OperandKind::kMask: return a < p_.kind_masks.size() ? Status::Ok() : Status::Error("mask id out of range");
      case OperandKind::kSel: return a < p_.selectors.size() ? Status::Ok() : Status::Error("selector out of range");
      case OperandKind::kTarget:
        return (a > pc && a < c.end) ? Status::Ok() : Status::Error("jump target not forward inside its chunk");
      case OperandKind::kAttrStr: {
        const AttrInfo* attr = FindAttrInfo(AttrOf(a));
        if (!attr || attr->type != 's') return Status::Error("fused operand needs a string attribute");
        return Str(StrOf(a)) ? Status::Ok() : Status::Error("string id out of range");
      }
      case OperandKind::kAttr: {
        const AttrInfo* attr = FindAttrInfo(a);
        if (!attr) return Status::Error("unknown attribute " + std::to_string(a));
        if (attr->type != info.push[0]) return Status::Error("attribute of the wrong type for " + std::string(info.name));
        return Status::Ok();
      }
    }
    return Status::Error("bad operand kind");
  }

  Status CheckChunk(size_t index) const {
    const Chunk& c = p_.chunks[index];
    auto fail = [&](size_t pc, const std::string& what) {
      return Fail("chunk " + std::to_string(index) + " at " + std::to_string(pc) + ": " + what);
    };
    if (c.begin >= c.end || c.end > p_.code.size()) return Fail("chunk " + std::to_string(index) + " out of range");
    if (std::string_view("bnsSk").find(static_cast<char>(c.result)) == std::string_view::npos)
      return Fail("chunk " + std::to_string(index) + " has an invalid result type");
    std::vector<std::optional<TypeStack>> states(c.end - c.begin);
    states[0] = TypeStack();
    auto merge = [&](size_t target, const TypeStack& s) -> bool {
      auto& slot = states[target - c.begin];
      if (!slot) {
        slot = s;
        return true;
      }
      return *slot == s;
    };
    for (size_t pc = c.begin; pc < c.end; ++pc) {
      uint32_t word = p_.code[pc];
      const OpInfo* info = FindOpInfo(OpcodeOf(word));
      if (!info) return fail(pc, "unknown opcode " + std::to_string(OpcodeOf(word)));
      if (Status s = OperandOk(*info, OperandOf(word), pc, c); !s.ok()) return fail(pc, s.message());
      bool is_last = pc + 1 == c.end;
      if ((info->op == Op::RET) != is_last) return fail(pc, "a chunk must end with its only RET");
      auto& state = states[pc - c.begin];
      if (!state) continue;  // unreachable: operands checked, types irrelevant
      TypeStack s = *state;
      if (info->op == Op::RET) {
        if (s.size() != 1 || static_cast<uint8_t>(s[0]) != c.result)
          return fail(pc, "RET needs exactly one value of the chunk's result type");
        continue;
      }
      if (s.size() < info->pops.size() || s.compare(s.size() - info->pops.size(), info->pops.size(), info->pops) != 0)
        return fail(pc, std::string(info->name) + " expects operands (" + std::string(info->pops) + ") on (" + s + ")");
      if (info->operand == OperandKind::kTarget) {
        if (!merge(OperandOf(word), s)) return fail(pc, "stack mismatch at jump target");
        s.pop_back();
      } else {
        s.resize(s.size() - info->pops.size());
        s += info->push;
      }
      if (s.size() > kMaxStackDepth) return fail(pc, "stack too deep");
      if (!merge(pc + 1, s)) return fail(pc, "stack mismatch after instruction");
    }
    return Status::Ok();
  }

  const ProgramData& p_;
};

}  // namespace

Status VerifyProgram(const ProgramData& program) { return Verifier(program).Run(); }

}  // namespace govern
