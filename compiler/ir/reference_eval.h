// A small reference evaluator that interprets the IR directly, independent of
// the bytecode and the VM. Test mode runs both on every test case and demands
// the same answer (STYLE.md habit 15).
#pragma once

#include <string>
#include <vector>

#include "catalog/catalog.h"
#include "facts/context.h"
#include "facts/facts.h"
#include "ir/ir.h"

namespace govern::compiler {

struct ReferenceDecision {
  std::string verdict;                // allow, deny, require_approval
  std::vector<std::string> fired;     // rule ids of fired rules (in order, unique)
  std::vector<std::pair<uint32_t, std::string>> masks;  // output index -> method
};

ReferenceDecision ReferenceDecide(const IrModule& module, const Catalog* catalog, const StatementFacts& facts,
                                  const Context& context);

}  // namespace govern::compiler
