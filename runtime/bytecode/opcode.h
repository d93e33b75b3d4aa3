// Opcodes and attributes as C++ enums, generated from opcodes.def and
// attributes.def, with their static metadata.
#pragma once

#include <cstdint>
#include <string_view>

namespace govern {

enum class Op : uint8_t {
#define GOVERN_OP(name, number, operand, pops, push, doc) name = number,
#include "bytecode/opcodes.def"
#undef GOVERN_OP
};

enum class OperandKind : uint8_t { kNone, kStr, kNum, kSet, kMask, kAttr, kSel, kTarget, kAttrStr };

struct OpInfo {
  Op op;
  std::string_view name;
  OperandKind operand;
  std::string_view pops;  // type letters, deepest first; "*" for RET
  std::string_view push;  // one type letter or empty
  std::string_view doc;
};

// Returns nullptr for a byte that is not an opcode.
const OpInfo* FindOpInfo(uint8_t opcode) noexcept;
const OpInfo* OpTable(size_t* count) noexcept;

enum class Attr : uint8_t {
#define GOVERN_ATTR(id, number, name, type, doc) k##id = number,
#include "bytecode/attributes.def"
#undef GOVERN_ATTR
};

struct AttrInfo {
  Attr attr;
  std::string_view name;
  char type;
  std::string_view doc;
};

const AttrInfo* FindAttrInfo(uint32_t number) noexcept;
const AttrInfo* FindAttrByName(std::string_view name) noexcept;
const AttrInfo* AttrTable(size_t* count) noexcept;

// What an instruction reads besides its stack operands. The context class
// (engine/context_key.h) and context specialization (vm/specialize.h) are
// derived from this one classification.
enum class OpReads : uint8_t {
  kNothing,  // constants and operations on the stack
  kContext,  // identity.*, env, session.* (LOAD_SET: identity.groups / identity.roles only)
  kFacts,    // the statement's facts
  kControl,  // jumps and RET
};
OpReads ReadsOf(uint32_t word) noexcept;

// Instruction word helpers.
inline constexpr uint32_t kMaxOperand = (1u << 24) - 1;
inline uint32_t Encode(Op op, uint32_t a) { return static_cast<uint32_t>(op) | (a << 8); }
inline uint8_t OpcodeOf(uint32_t word) { return static_cast<uint8_t>(word & 0xff); }
inline uint32_t OperandOf(uint32_t word) { return word >> 8; }
// kAttrStr operands: a string attribute and a string id in one operand.
inline constexpr uint32_t kAttrStrAttrBits = 5;
inline constexpr uint32_t kAttrStrMaxString = (1u << (24 - kAttrStrAttrBits)) - 1;
inline uint32_t EncodeAttrStr(uint32_t attr, uint32_t str) { return attr | (str << kAttrStrAttrBits); }
inline uint32_t AttrOf(uint32_t operand) { return operand & ((1u << kAttrStrAttrBits) - 1); }
inline uint32_t StrOf(uint32_t operand) { return operand >> kAttrStrAttrBits; }

}  // namespace govern
