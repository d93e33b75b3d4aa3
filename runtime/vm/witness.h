// Where a rule fired: the facts its condition looked at, located in the SQL
// text. Off the decision path (it re-runs one rule with a trace and
// allocates): for reports, after a rule fired.
#pragma once

#include <cstdint>

#include "facts/context.h"
#include "facts/facts.h"
#include "vm/bound_program.h"

namespace govern {

// True for the instructions that push a set view over the facts (reads,
// writes, outputs, filters_on, `*` reads, calls).
bool IsFactSetOp(uint32_t instruction_word) noexcept;

// The smallest byte offset (in the input the facts came from) among the
// columns and functions in the fact sets the rule's condition evaluated and
// found non-empty, limited to the statement's own text; kNoLocation when the
// condition looked at no located fact (statement.kind, has_where, identity,
// ...): then the statement itself is the place.
uint32_t ConditionLocation(const BoundProgram& program, uint32_t rule, const StatementFacts& facts,
                           const Context& context);

}  // namespace govern
