// Reading audit segments and records back (verify, exposure, the store
// shipper): splitting a segment into lines and checking one line is a
// well-formed record (docs/audit.md). Never trusts its input: every line is
// validated as JSON with the members and types the format requires.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "core/status.h"

namespace govern::audit {

struct SegmentLine {
  std::string_view text;  // without its '\n'
  size_t number = 0;      // 1-based line number in the segment
};

// Splits segment bytes into lines. `*truncated` is set when the bytes do not
// end with '\n' (the last line is then still returned: it is a cut-off record).
std::vector<SegmentLine> SplitSegment(std::string_view bytes, bool* truncated);

// The members every record starts with, and whether its hash is right.
struct RecordHeader {
  uint64_t seq = 0;
  std::string type, prev, hash, ts, proxy, env;
  bool hash_ok = false;  // SHA-256 of the body equals `hash`
};

// Error when `line` is not a JSON object with v = 1 and the common members
// (type, seq, prev, ts, proxy, env, hash last) of the right types.
Expected<RecordHeader> ReadRecordHeader(std::string_view line);

// The number after "seq": in a record line without parsing it all (the
// shipper's cursor); 0 when absent.
uint64_t PeekSeq(std::string_view line);

}  // namespace govern::audit
