// The VM: evaluates a bound program against one statement's facts and a
// context. noexcept, no heap allocation per decision (Decision buffers are
// reused), no type checks at run time (the verifier did them).
#pragma once

#include <string>

#include "facts/context.h"
#include "facts/facts.h"
#include "vm/bound_program.h"
#include "vm/decision.h"
#include "vm/specialize.h"

namespace govern {

// Decides one statement: runs the rules indexed for its kind, combines
// effects (deny > require_approval > allow; default deny needs an allow),
// and assigns masks to result columns (first mask in source order wins).
void Decide(const BoundProgram& program, const StatementFacts& facts, const Context& context,
            Decision* out, Trace* trace = nullptr) noexcept;

// The same decision from a program specialized for the context's class
// (vm/specialize.h): only the surviving rules run, their residual conditions.
// REQUIRES: `spec` was built for a context of the same class as `context`.
void Decide(const Specialization& spec, const StatementFacts& facts, const Context& context,
            Decision* out) noexcept;

// Runs verified code from `begin` to its RET and returns the bool it leaves
// (the specializer folds context-only subexpressions with it).
bool RunBoolCode(const BoundProgram& program, const uint32_t* code, uint32_t begin, const StatementFacts& facts,
                 const Context& context) noexcept;

// Evaluates one rule's condition (true when it has none).
bool EvaluateCondition(const BoundProgram& program, uint32_t rule, const StatementFacts& facts,
                       const Context& context, Trace* trace = nullptr) noexcept;

// Renders a message template with its interpolations ("" for kNoTemplate).
// Allocates: call it for fired rules only, off the decision hot path.
std::string RenderTemplate(const BoundProgram& program, uint32_t template_id, const StatementFacts& facts,
                           const Context& context);

}  // namespace govern
