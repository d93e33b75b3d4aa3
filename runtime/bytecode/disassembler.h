// Human-readable listing of a program: metadata, every rule with its kind
// index, condition bytecode (operands decoded) and effects, and the message
// template chunks. Deterministic, so golden tests can compare it.
#pragma once

#include <string>

#include "bundle/program.h"

namespace govern {

std::string Disassemble(const ProgramData& program);
// One instruction, e.g. "LOAD_STR identity.purpose" or "PUSH_STR \"training\"".
std::string DisassembleInstruction(const ProgramData& program, uint32_t pc);
// "{delete, update}" or "all" for a kind mask.
std::string KindMaskText(uint64_t mask);

}  // namespace govern
