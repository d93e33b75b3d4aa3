// The result of deciding one statement. Buffers are reused across decisions:
// Clear() keeps capacity, so a warmed-up Decision never allocates.
#pragma once

#include <cstdint>
#include <string_view>
#include <vector>

#include "bundle/program.h"

namespace govern {

enum class Verdict : uint8_t { kAllow = 0, kRequireApproval = 1, kDeny = 2 };

std::string_view VerdictName(Verdict v) noexcept;

struct FiredEffect {
  uint32_t rule = 0;    // index into ProgramData::rules
  uint32_t effect = 0;  // index into ProgramData::effects
};

struct MaskAssignment {
  uint32_t output = 0;        // index into StatementFacts::outputs
  std::string_view source;    // the base column that made it masked
  MaskMethod method = MaskMethod::kRedact;
  uint32_t rule = 0;
};

struct Decision {
  Verdict verdict = Verdict::kAllow;
  bool default_denied = false;     // default deny and no allow fired
  std::vector<FiredEffect> fired;  // every effect that fired, in source order (masks included)
  std::vector<MaskAssignment> masks;

  void Clear() {
    verdict = Verdict::kAllow;
    default_denied = false;
    fired.clear();
    masks.clear();
  }
};

// Optional trace for `explain` and finding locations: the value of every
// condition instruction that yields a bool, and (value true) every set view
// over the facts that was evaluated (READS ... CALLS).
struct TraceEntry {
  uint32_t pc = 0;
  bool value = false;
};
struct Trace {
  std::vector<TraceEntry> entries;
};

}  // namespace govern
