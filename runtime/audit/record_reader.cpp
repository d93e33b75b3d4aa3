#include "audit/record_reader.h"

#include <simdjson.h>

#include <charconv>

#include "audit/record.h"

namespace govern::audit {

std::vector<SegmentLine> SplitSegment(std::string_view bytes, bool* truncated) {
  std::vector<SegmentLine> lines;
  *truncated = false;
  size_t start = 0, number = 0;
  while (start < bytes.size()) {
    size_t nl = bytes.find('\n', start);
    ++number;
    if (nl == std::string_view::npos) {
      lines.push_back({bytes.substr(start), number});
      *truncated = true;
      break;
    }
    lines.push_back({bytes.substr(start, nl - start), number});
    start = nl + 1;
  }
  return lines;
}

static bool IsHex64(std::string_view s) {
  if (s.size() != 64) return false;
  for (char c : s)
    if (!((c >= '0' && c <= '9') || (c >= 'a' && c <= 'f'))) return false;
  return true;
}

Expected<RecordHeader> ReadRecordHeader(std::string_view line) {
  if (line.empty()) return Status::Error("empty line");
  simdjson::dom::parser parser;
  simdjson::padded_string padded(line);
  simdjson::dom::element doc;
  if (parser.parse(padded).get(doc) != simdjson::SUCCESS) return Status::Error("not valid JSON");
  simdjson::dom::object obj;
  if (doc.get_object().get(obj) != simdjson::SUCCESS) return Status::Error("not a JSON object");
  RecordHeader h;
  int64_t v = 0;
  if (obj["v"].get_int64().get(v) != simdjson::SUCCESS || v != kFormatVersion)
    return Status::Error("no \"v\":1 (unknown format version)");
  uint64_t seq = 0;
  if (obj["seq"].get_uint64().get(seq) != simdjson::SUCCESS || seq == 0)
    return Status::Error("no positive integer \"seq\"");
  h.seq = seq;
  struct Member {
    const char* key;
    std::string* out;
  } members[] = {{"type", &h.type}, {"prev", &h.prev}, {"ts", &h.ts},
                 {"proxy", &h.proxy}, {"env", &h.env}, {"hash", &h.hash}};
  for (const Member& m : members) {
    std::string_view s;
    if (obj[m.key].get_string().get(s) != simdjson::SUCCESS)
      return Status::Error(std::string("no string \"") + m.key + "\"");
    m.out->assign(s);
  }
  if (!IsHex64(h.prev)) return Status::Error("\"prev\" is not 64 hex digits");
  if (!IsHex64(h.hash)) return Status::Error("\"hash\" is not 64 hex digits");
  int64_t ts = 0;
  if (!ParseTimestamp(h.ts, &ts)) return Status::Error("\"ts\" is not an RFC 3339 UTC time");
  std::string body;
  std::string_view hash;
  if (!SplitSealed(line, "hash", &body, &hash)) return Status::Error("\"hash\" is not the last member");
  h.hash_ok = BodyHash(body) == hash;
  return h;
}

uint64_t PeekSeq(std::string_view line) {
  size_t at = line.find("\"seq\":");
  if (at == std::string_view::npos) return 0;
  uint64_t seq = 0;
  const char* begin = line.data() + at + 6;
  std::from_chars(begin, line.data() + line.size(), seq);
  return seq;
}

}  // namespace govern::audit
