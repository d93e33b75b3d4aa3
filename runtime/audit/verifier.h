// `govern audit verify`: checks each proxy's chain (records and signed
// checkpoints) and names the first bad record. Sources are files (a dir) or
// the PostgreSQL store (pg_store.h), both turned into ChainSource first.
#pragma once

#include <array>
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "audit/record.h"
#include "core/status.h"

namespace govern::audit {

struct SegmentSource {
  uint64_t number = 0;
  std::string name;  // where records are named: a file path, or "dsn:PROXY/segment N"
  bool present = false;  // false: only its checkpoint exists
  std::string bytes;
  bool has_checkpoint = false;
  std::string checkpoint_name, checkpoint_line;
};

// One proxy's chain; segments sorted by number.
struct ChainSource {
  std::string proxy;
  std::vector<SegmentSource> segments;
};

struct VerifyOptions {
  std::optional<std::array<uint8_t, 32>> public_key;  // set: every checkpoint must be signed by it
};

struct ChainReport {
  std::string proxy;
  uint64_t records = 0, segments = 0, checkpoints = 0;
  bool ok = true;
  // The first problem: "FILE:LINE: record seq N: what is wrong" (or about a segment/checkpoint).
  std::string first_bad;
  uint64_t first_bad_seq = 0;  // 0 when the problem is not one record
  std::vector<std::string> notes;  // not errors: an open last segment, unchecked signatures
  ChainHead head;                  // the last record that verified
};

ChainReport VerifyChain(const ChainSource& chain, const VerifyOptions& options);

// Checks the records of one segment, continuing the chain from *head (seq and
// hash of the record before it); advances *head. Error: "NAME:LINE: record
// seq N: problem". *first_seq gets the segment's first seq (0 when empty).
Status CheckSegmentRecords(std::string_view bytes, std::string_view name, std::string_view proxy, ChainHead* head,
                           uint64_t* first_seq);

// The chains in an audit directory (<proxy>-<segment>.jsonl / .checkpoint).
Expected<std::vector<ChainSource>> LoadChainsFromDir(const std::string& dir);

// The reports as text (one line per chain, then notes) or JSON
// ({"ok":..,"chains":[{"proxy","ok","records","segments","checkpoints","first_bad","first_bad_seq","notes"}]}).
std::string FormatReports(const std::vector<ChainReport>& reports, bool json);

// Segment and checkpoint file names.
std::string SegmentFileName(std::string_view proxy, uint64_t segment);
std::string CheckpointFileName(std::string_view proxy, uint64_t segment);
// Splits "<proxy>-<8 digits>.jsonl|.checkpoint"; false for other names.
bool ParseAuditFileName(std::string_view name, std::string* proxy, uint64_t* segment, bool* checkpoint);

}  // namespace govern::audit
