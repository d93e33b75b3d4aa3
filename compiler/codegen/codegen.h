// Codegen: checked, folded, indexed IR -> ProgramData (bytecode, constant
// pools, rule and effect tables, spans). Deterministic: the same module gives
// the same program, so the same sources give the same bundle bytes.
#pragma once

#include "bundle/program.h"
#include "core/status.h"
#include "diag/source.h"
#include "ir/ir.h"

namespace govern::compiler {

Expected<ProgramData> Generate(const IrModule& module, const SourceSet& sources);

}  // namespace govern::compiler
