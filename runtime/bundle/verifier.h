// Verifies a decoded program completely before anything runs: every index in
// range, every opcode and operand valid, jumps forward and inside their chunk,
// stack types consistent at every instruction and the stack bounded. After
// VerifyProgram returns ok the VM runs the code without checks.
#pragma once

#include "bundle/program.h"
#include "core/status.h"

namespace govern {

inline constexpr size_t kMaxStackDepth = 64;

Status VerifyProgram(const ProgramData& program);

}  // namespace govern
