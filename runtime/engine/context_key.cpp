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
  for (uint32_t word : p.code) {
    if (ReadsOf(word) != OpReads::kContext) continue;
    uint32_t a = OperandOf(word);
    switch (static_cast<Op>(OpcodeOf(word))) {
      case Op::LOAD_IDATTR: {
        std::string_view name = p.strings[a];
        if (std::find(shape.attr_names.begin(), shape.attr_names.end(), name) == shape.attr_names.end())
          shape.attr_names.push_back(name);
        break;
      }
      case Op::ATTR_EQ:
      case Op::ATTR_NE: attr(AttrOf(a)); break;
      default: attr(a); break;  // LOAD_STR, LOAD_SET
    }
  }
  return shape;
}

}  // namespace govern
