#include "vm/witness.h"

#include "bytecode/opcode.h"
#include "core/glob.h"
#include "vm/decision.h"
#include "vm/vm.h"

namespace govern {

bool IsFactSetOp(uint32_t word) noexcept {
  switch (static_cast<Op>(OpcodeOf(word))) {
    case Op::READS:
    case Op::WRITES:
    case Op::OUTPUTS:
    case Op::FILTERS_ON:
    case Op::COMPUTES_ON:
    case Op::STAR_READS:
    case Op::CALLS: return true;
    default: return false;
  }
}

uint32_t ConditionLocation(const BoundProgram& program, uint32_t rule, const StatementFacts& facts,
                           const Context& context) {
  const ProgramData& p = program.data();
  Trace trace;
  EvaluateCondition(program, rule, facts, context, &trace);
  uint32_t best = kNoLocation;
  const uint64_t begin = facts.pos.offset, end = begin + facts.pos.length;
  auto consider = [&](uint32_t location) {
    if (location != kNoLocation && location >= begin && location < end && location < best) best = location;
  };
  // The same columns the VM's set views enumerate (vm/set_ops.h).
  auto columns = [&](std::span<const ColumnFact> cols, uint32_t selector, uint16_t usage_mask) {
    for (const ColumnFact& c : cols)
      if ((!usage_mask || (c.usage & usage_mask)) && program.SelectorMatches(selector, c)) consider(c.location);
  };
  for (const TraceEntry& t : trace.entries) {
    uint32_t word = p.code[t.pc];
    if (!IsFactSetOp(word)) continue;
    uint32_t a = OperandOf(word);
    switch (static_cast<Op>(OpcodeOf(word))) {
      case Op::READS: columns(facts.reads, a, 0); break;
      case Op::WRITES: columns(facts.writes, a, 0); break;
      case Op::OUTPUTS: columns(facts.output_sources, a, 0); break;
      case Op::FILTERS_ON: columns(facts.reads, a, kUseFilterLike); break;
      case Op::COMPUTES_ON: columns(facts.reads, a, kUseComputed); break;
      case Op::STAR_READS: columns(facts.reads, a, kUseStar); break;
      case Op::CALLS:
        for (size_t i = 0; i < facts.functions.size() && i < facts.function_locations.size(); ++i)
          if (GlobMatchName(p.strings[a], facts.functions[i])) consider(facts.function_locations[i]);
        break;
      default: break;
    }
  }
  return best;
}

}  // namespace govern
