// Policy front end: source text -> FileAst, with syntax errors reported into
// Diagnostics (file:line:col, caret). ANTLR is an implementation detail of
// compiler/syntax/.
#pragma once

#include "diag/diagnostics.h"
#include "syntax/arena.h"
#include "syntax/ast.h"

namespace govern::compiler {

// Deep nesting of parentheses, braces or `not` is an error, never a stack overflow.
inline constexpr int kMaxNesting = 100;

// Returns the AST (possibly partial when there were syntax errors: check
// diagnostics.has_errors()). Never null.
FileAst* ParseFile(const SourceSet& sources, uint32_t file, Arena& arena, Diagnostics& diagnostics);

}  // namespace govern::compiler
