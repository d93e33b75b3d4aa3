// libFuzzer target: the audit trail readers `govern audit verify` and
// `govern exposure` run on files anyone could have edited: the input as a
// segment (chain check, record headers), as a checkpoint, and as exposure
// ledger lines. Must never crash, hang or leak; verdicts are not checked.
#include <cstddef>
#include <cstdint>
#include <string_view>

#include "audit/checkpoint.h"
#include "audit/exposure.h"
#include "audit/record.h"
#include "audit/record_reader.h"
#include "audit/verifier.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  std::string_view bytes(reinterpret_cast<const char*>(data), size);
  govern::audit::ChainHead head;
  uint64_t first = 0;
  (void)govern::audit::CheckSegmentRecords(bytes, "fuzz.jsonl", "p1", &head, &first);
  bool truncated = false;
  govern::audit::ExposureLedger ledger({});
  for (const auto& line : govern::audit::SplitSegment(bytes, &truncated)) {
    (void)govern::audit::ReadRecordHeader(line.text);
    (void)govern::audit::PeekSeq(line.text);
    ledger.AddLine(line.text);
  }
  (void)govern::audit::FormatExposure(ledger.Rows(), "text");
  (void)govern::audit::ParseCheckpoint(bytes);
  int64_t us = 0;
  (void)govern::audit::ParseTimestamp(bytes, &us);
  (void)govern::audit::ParseDuration(bytes, &us);
  govern::audit::ChainSource chain;
  chain.proxy = "p1";
  govern::audit::SegmentSource s;
  s.number = 1;
  s.name = "fuzz.jsonl";
  s.present = true;
  s.bytes = std::string(bytes);
  s.has_checkpoint = true;
  s.checkpoint_line = std::string(bytes.substr(0, bytes.find('\n')));
  chain.segments.push_back(std::move(s));
  (void)govern::audit::VerifyChain(chain, {});
  return 0;
}
