#include "bytecode/opcode.h"

namespace govern {
namespace {

constexpr OpInfo kOps[] = {
#define GOVERN_OP(name, number, operand, pops, push, doc) \
  {Op::name, #name, OperandKind::operand, pops, push, doc},
#include "bytecode/opcodes.def"
#undef GOVERN_OP
};

constexpr AttrInfo kAttrs[] = {
#define GOVERN_ATTR(id, number, name, type, doc) {Attr::k##id, name, type, doc},
#include "bytecode/attributes.def"
#undef GOVERN_ATTR
};

// Dense lookup table from opcode byte to its info, built once.
struct OpIndex {
  const OpInfo* by_byte[256] = {};
  constexpr OpIndex() {
    for (const auto& info : kOps) by_byte[static_cast<uint8_t>(info.op)] = &info;
  }
};
constexpr OpIndex kOpIndex;

}  // namespace

const OpInfo* FindOpInfo(uint8_t opcode) noexcept { return kOpIndex.by_byte[opcode]; }

const OpInfo* OpTable(size_t* count) noexcept {
  *count = sizeof(kOps) / sizeof(kOps[0]);
  return kOps;
}

const AttrInfo* FindAttrInfo(uint32_t number) noexcept {
  for (const auto& a : kAttrs)
    if (static_cast<uint32_t>(a.attr) == number) return &a;
  return nullptr;
}

const AttrInfo* FindAttrByName(std::string_view name) noexcept {
  for (const auto& a : kAttrs)
    if (a.name == name) return &a;
  return nullptr;
}

const AttrInfo* AttrTable(size_t* count) noexcept {
  *count = sizeof(kAttrs) / sizeof(kAttrs[0]);
  return kAttrs;
}

OpReads ReadsOf(uint32_t word) noexcept {
  // Every opcode is listed (no default): an opcode added to opcodes.def must
  // be classified here, or -Wswitch stops the build. A context read missed
  // here would make two different contexts share a cache entry.
  switch (static_cast<Op>(word & 0xff)) {
    case Op::LOAD_SET: {
      auto attr = static_cast<Attr>(word >> 8);
      return attr == Attr::kIdentityGroups || attr == Attr::kIdentityRoles ? OpReads::kContext : OpReads::kFacts;
    }
    case Op::LOAD_STR:  // string attributes are context attributes (identity.*, env, session.*)
    case Op::LOAD_IDATTR:
    case Op::ATTR_EQ:
    case Op::ATTR_NE: return OpReads::kContext;
    case Op::PUSH_TRUE:
    case Op::PUSH_FALSE:
    case Op::PUSH_STR:
    case Op::PUSH_NUM:
    case Op::PUSH_SET:
    case Op::STR_EQ:
    case Op::STR_NE:
    case Op::STR_MATCHES:
    case Op::STR_IN:
    case Op::NUM_EQ:
    case Op::NUM_NE:
    case Op::NUM_LT:
    case Op::NUM_LE:
    case Op::NUM_GT:
    case Op::NUM_GE:
    case Op::BOOL_EQ:
    case Op::BOOL_NE:
    case Op::SET_ANY:
    case Op::SET_COUNT:
    case Op::NOT: return OpReads::kNothing;
    case Op::LOAD_BOOL:
    case Op::LOAD_KIND:
    case Op::KIND_IN:
    case Op::READS:
    case Op::WRITES:
    case Op::OUTPUTS:
    case Op::FILTERS_ON:
    case Op::COMPUTES_ON:
    case Op::STAR_READS:
    case Op::CALLS: return OpReads::kFacts;
    case Op::JUMP_IF_FALSE:
    case Op::JUMP_IF_TRUE:
    case Op::RET: return OpReads::kControl;
  }
  return OpReads::kControl;
}

}  // namespace govern
