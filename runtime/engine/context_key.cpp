#include "engine/context_key.h"

#include <algorithm>

#include "bytecode/opcode.h"

namespace govern {

ContextShape ContextShape::Of(const BoundProgram& program) {
  ContextShape shape;
  const ProgramData& p = program.data();
  auto attr = [&](uint32_t a) {
    switch (static_cast<Attr>(a)) {
      case Attr::kIdentityUser: shape.fields |= kUser; break;
      case Attr::kIdentityPurpose: shape.fields |= kPurpose; break;
      case Attr::kIdentityKind: shape.fields |= kKind; break;
      case Attr::kIdentityGroups: shape.fields |= kGroups; break;
      case Attr::kIdentityRoles: shape.fields |= kRoles; break;
      case Attr::kEnv: shape.fields |= kEnv; break;
      case Attr::kSessionDatabase: shape.fields |= kDatabase; break;
      case Attr::kSessionApplication: shape.fields |= kApplication; break;
      case Attr::kStatementKind:
      case Attr::kStatementHasWhere:
      case Attr::kStatementHasLimit:
      case Attr::kStatementOpaque:
      case Attr::kStatementTargets:
      case Attr::kStatementTables:
      case Attr::kStatementServerIo:
      case Attr::kStatementModifies:
      case Attr::kStatementSideEffects:
      case Attr::kStatementUnresolved:
      case Attr::kStatementResolved: break;  // facts: determined by the text
    }
  };
  // Every opcode is listed (no default): an opcode added to opcodes.def must
  // be classified here, or -Wswitch stops the build. A context read missed
  // here would make two different contexts share an entry.
  for (uint32_t word : p.code) {
    uint32_t a = OperandOf(word);
    switch (static_cast<Op>(OpcodeOf(word))) {
      case Op::LOAD_STR:
      case Op::LOAD_SET: attr(a); break;
      case Op::ATTR_EQ:
      case Op::ATTR_NE: attr(AttrOf(a)); break;
      case Op::LOAD_IDATTR: {
        std::string_view name = p.strings[a];
        if (std::find(shape.attr_names.begin(), shape.attr_names.end(), name) == shape.attr_names.end())
          shape.attr_names.push_back(name);
        break;
      }
      // Constants, facts, and operations on the stack: no context read.
      case Op::PUSH_TRUE:
      case Op::PUSH_FALSE:
      case Op::PUSH_STR:
      case Op::PUSH_NUM:
      case Op::PUSH_SET:
      case Op::LOAD_BOOL:
      case Op::LOAD_KIND:
      case Op::KIND_IN:
      case Op::READS:
      case Op::WRITES:
      case Op::OUTPUTS:
      case Op::FILTERS_ON:
      case Op::STAR_READS:
      case Op::CALLS:
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
      case Op::NOT:
      case Op::JUMP_IF_FALSE:
      case Op::JUMP_IF_TRUE:
      case Op::RET: break;
    }
  }
  return shape;
}

}  // namespace govern
