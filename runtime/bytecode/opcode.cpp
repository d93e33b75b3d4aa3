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

}  // namespace govern
