// The checker: AST -> typed IR. Resolves attributes, statement kinds and
// builtins; reports type errors, unknown names (with did-you-mean), bad mask
// methods and duplicate rule ids. Many diagnostics per run, no cascades: an
// expression that failed gets the error type and is not reported again.
#pragma once

#include "diag/diagnostics.h"
#include "ir/ir.h"
#include "syntax/ast.h"

namespace govern::compiler {

// Adds the file's policies, rules and tests to `module`.
void CheckFile(const SourceSet& sources, const FileAst& file, uint32_t source_index, IrModule& module,
               Diagnostics& diag);

// Checks that test expectations name existing rules (after all files).
void CheckTestReferences(const IrModule& module, Diagnostics& diag);

}  // namespace govern::compiler
