#include "audit/verifier.h"

#include <algorithm>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <map>
#include <sstream>

#include "audit/checkpoint.h"
#include "audit/record_reader.h"
#include "core/json.h"

namespace govern::audit {

std::string SegmentFileName(std::string_view proxy, uint64_t segment) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "-%08llu.jsonl", static_cast<unsigned long long>(segment));
  return std::string(proxy) + buf;
}

std::string CheckpointFileName(std::string_view proxy, uint64_t segment) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "-%08llu.checkpoint", static_cast<unsigned long long>(segment));
  return std::string(proxy) + buf;
}

bool ParseAuditFileName(std::string_view name, std::string* proxy, uint64_t* segment, bool* checkpoint) {
  std::string_view stem;
  if (name.ends_with(".jsonl")) {
    stem = name.substr(0, name.size() - 6);
    *checkpoint = false;
  } else if (name.ends_with(".checkpoint")) {
    stem = name.substr(0, name.size() - 11);
    *checkpoint = true;
  } else {
    return false;
  }
  if (stem.size() < 10 || stem[stem.size() - 9] != '-') return false;
  uint64_t n = 0;
  for (char c : stem.substr(stem.size() - 8)) {
    if (c < '0' || c > '9') return false;
    n = n * 10 + static_cast<uint64_t>(c - '0');
  }
  if (n == 0) return false;
  proxy->assign(stem.substr(0, stem.size() - 9));
  *segment = n;
  return true;
}

static std::string Where(std::string_view name, size_t line, uint64_t seq, std::string_view what) {
  std::string s = std::string(name) + ":" + std::to_string(line) + ": ";
  if (seq) s += "record seq " + std::to_string(seq) + ": ";
  return s + std::string(what);
}

Status CheckSegmentRecords(std::string_view bytes, std::string_view name, std::string_view proxy, ChainHead* head,
                           uint64_t* first_seq) {
  bool truncated = false;
  std::vector<SegmentLine> lines = SplitSegment(bytes, &truncated);
  *first_seq = 0;
  for (size_t i = 0; i < lines.size(); ++i) {
    const SegmentLine& l = lines[i];
    uint64_t expected = head->seq + 1;
    if (truncated && i + 1 == lines.size())
      return Status::Error(Where(name, l.number, 0,
                                 "truncated record at the end of the segment (no end of line; expected seq " +
                                     std::to_string(expected) + ")"));
    auto h = ReadRecordHeader(l.text);
    if (!h) return Status::Error(Where(name, l.number, 0, h.status().message() + " (expected seq " +
                                                             std::to_string(expected) + "; edited or inserted)"));
    if (h->proxy != proxy)
      return Status::Error(Where(name, l.number, h->seq, "belongs to proxy \"" + h->proxy + "\" (inserted)"));
    if (!h->hash_ok) return Status::Error(Where(name, l.number, h->seq, "hash does not match its content (edited)"));
    if (h->seq < expected)
      return Status::Error(Where(name, l.number, h->seq,
                                 "expected seq " + std::to_string(expected) + " (reordered, inserted or duplicated)"));
    if (h->seq > expected)
      return Status::Error(Where(name, l.number, h->seq,
                                 "expected seq " + std::to_string(expected) + ": records " + std::to_string(expected) +
                                     (h->seq - 1 > expected ? ".." + std::to_string(h->seq - 1) : "") +
                                     " are missing (deleted or reordered)"));
    if (h->prev != head->hash)
      return Status::Error(Where(name, l.number, h->seq,
                                 "\"prev\" does not match the hash of record seq " + std::to_string(head->seq) +
                                     " (that record was edited, or this one inserted)"));
    if (*first_seq == 0) *first_seq = h->seq;
    head->seq = h->seq;
    head->hash = h->hash;
  }
  return Status::Ok();
}

namespace {

class ChainChecker {
 public:
  ChainChecker(const ChainSource& chain, const VerifyOptions& options, ChainReport* report)
      : chain_(chain), options_(options), r_(report) {}

  void Run() {
    r_->proxy = chain_.proxy;
    uint64_t expected_segment = 1;
    for (size_t i = 0; i < chain_.segments.size() && r_->ok; ++i) {
      const SegmentSource& s = chain_.segments[i];
      if (s.number != expected_segment) {
        Fail(0, chain_.proxy + ": segment " + std::to_string(expected_segment) +
                    (s.number > expected_segment + 1 ? ".." + std::to_string(s.number - 1) : "") +
                    " missing (deleted), before " + s.name);
        return;
      }
      ++expected_segment;
      if (!s.present) {
        Fail(0, s.name + ": segment missing (deleted) but its checkpoint " + s.checkpoint_name + " exists");
        return;
      }
      Segment(s, i + 1 == chain_.segments.size());
    }
  }

 private:
  void Fail(uint64_t seq, std::string what) {
    if (!r_->ok) return;
    r_->ok = false;
    r_->first_bad = std::move(what);
    r_->first_bad_seq = seq;
  }

  void Segment(const SegmentSource& s, bool last) {
    ++r_->segments;
    ChainHead before = r_->head;
    uint64_t first_seq = 0;
    Status st = CheckSegmentRecords(s.bytes, s.name, chain_.proxy, &r_->head, &first_seq);
    r_->records = r_->head.seq;
    if (!st.ok()) {
      // Name the record by its seq when the message carries one.
      uint64_t seq = 0;
      size_t at = st.message().find("record seq ");
      if (at != std::string::npos) seq = std::strtoull(st.message().c_str() + at + 11, nullptr, 10);
      Fail(seq ? seq : r_->head.seq + 1, st.message());
      return;
    }
    if (!s.has_checkpoint) {
      if (!last) {
        Fail(0, s.name + ": closed segment without its checkpoint (" + CheckpointFileName(chain_.proxy, s.number) +
                    " deleted)");
      } else {
        r_->notes.push_back(s.name + ": open segment (no checkpoint yet: the proxy is running, or was killed and "
                                     "not restarted); its records verified up to seq " +
                            std::to_string(r_->head.seq));
      }
      return;
    }
    Checkpoint(s, before, first_seq);
  }

  void Checkpoint(const SegmentSource& s, const ChainHead& before, uint64_t first_seq) {
    auto c = ParseCheckpoint(s.checkpoint_line);
    const std::string& cn = s.checkpoint_name;
    if (!c) return Fail(0, cn + ": " + c.status().message());
    if (options_.public_key) {
      if (c->sig.empty()) return Fail(0, cn + ": checkpoint is not signed (--verify-key requires signatures)");
      if (!CheckpointSignatureValid(*c, *options_.public_key))
        return Fail(0, cn + ": checkpoint signature is not valid for the given key (forged or altered)");
    } else if (!signature_note_) {
      signature_note_ = true;
      r_->notes.push_back(chain_.proxy + ": checkpoint signatures not checked (no --verify-key)");
    }
    std::string sha = BodyHash(s.bytes);
    uint64_t records = first_seq ? r_->head.seq - first_seq + 1 : 0;
    auto mismatch = [&](const std::string& what) { Fail(0, cn + ": " + what + " (segment or checkpoint altered)"); };
    if (c->proxy != chain_.proxy) return mismatch("names proxy \"" + c->proxy + "\"");
    if (c->segment != s.number) return mismatch("names segment " + std::to_string(c->segment));
    if (c->bytes != s.bytes.size())
      return Fail(0, s.name + ": " + std::to_string(s.bytes.size()) + " bytes but the checkpoint says " +
                         std::to_string(c->bytes) + (s.bytes.size() < c->bytes ? " (truncated tail)" : " (appended)"));
    if (c->segment_sha256 != sha) return mismatch("segment SHA-256 differs");
    if (c->first_seq != first_seq || c->last_seq != r_->head.seq || c->records != records)
      return mismatch("record range differs");
    if (c->last_hash != r_->head.hash) return mismatch("last hash differs");
    if (c->prev_checkpoint != prev_checkpoint_) return mismatch("does not chain to the previous checkpoint");
    (void)before;
    prev_checkpoint_ = BodyHash(c->body);
    ++r_->checkpoints;
  }

  const ChainSource& chain_;
  const VerifyOptions& options_;
  ChainReport* r_;
  std::string prev_checkpoint_{kZeroHash};
  bool signature_note_ = false;
};

bool ReadFile(const std::filesystem::path& p, std::string* out) {
  std::ifstream in(p, std::ios::binary);
  if (!in) return false;
  std::ostringstream ss;
  ss << in.rdbuf();
  *out = std::move(ss).str();
  return true;
}

}  // namespace

ChainReport VerifyChain(const ChainSource& chain, const VerifyOptions& options) {
  ChainReport report;
  ChainChecker(chain, options, &report).Run();
  return report;
}

Expected<std::vector<ChainSource>> LoadChainsFromDir(const std::string& dir) {
  std::error_code ec;
  if (!std::filesystem::is_directory(dir, ec)) return Status::Error(dir + ": not a directory");
  std::map<std::string, std::map<uint64_t, SegmentSource>> chains;
  for (const auto& entry : std::filesystem::directory_iterator(dir, ec)) {
    std::string proxy;
    uint64_t n = 0;
    bool checkpoint = false;
    std::string name = entry.path().filename().string();
    if (!ParseAuditFileName(name, &proxy, &n, &checkpoint)) continue;
    SegmentSource& s = chains[proxy][n];
    s.number = n;
    std::string path = (std::filesystem::path(dir) / SegmentFileName(proxy, n)).string();
    if (s.name.empty()) s.name = path;
    std::string* into = checkpoint ? &s.checkpoint_line : &s.bytes;
    if (!ReadFile(entry.path(), into)) return Status::Error(entry.path().string() + ": cannot read");
    if (checkpoint) {
      s.has_checkpoint = true;
      s.checkpoint_name = entry.path().string();
      while (!s.checkpoint_line.empty() && s.checkpoint_line.back() == '\n') s.checkpoint_line.pop_back();
    } else {
      s.present = true;
    }
  }
  if (ec) return Status::Error(dir + ": " + ec.message());
  std::vector<ChainSource> out;
  for (auto& [proxy, segments] : chains) {
    ChainSource c;
    c.proxy = proxy;
    for (auto& [n, s] : segments) c.segments.push_back(std::move(s));
    out.push_back(std::move(c));
  }
  return out;
}

std::string FormatReports(const std::vector<ChainReport>& reports, bool json) {
  bool all_ok = !reports.empty();
  for (const ChainReport& r : reports) all_ok = all_ok && r.ok;
  std::string out;
  if (json) {
    out = std::string("{\"ok\":") + (all_ok ? "true" : "false") + ",\"chains\":[";
    for (size_t i = 0; i < reports.size(); ++i) {
      const ChainReport& r = reports[i];
      if (i) out.push_back(',');
      out.push_back('{');
      AppendJsonField(&out, "proxy", r.proxy, true);
      out += std::string(",\"ok\":") + (r.ok ? "true" : "false");
      out += ",\"records\":" + std::to_string(r.records) + ",\"segments\":" + std::to_string(r.segments) +
             ",\"checkpoints\":" + std::to_string(r.checkpoints);
      if (!r.ok) {
        AppendJsonField(&out, "first_bad", r.first_bad);
        out += ",\"first_bad_seq\":" + std::to_string(r.first_bad_seq);
      }
      out += ",\"notes\":[";
      for (size_t n = 0; n < r.notes.size(); ++n) {
        if (n) out.push_back(',');
        AppendJsonString(&out, r.notes[n]);
      }
      out += "]}";
    }
    out += "]}\n";
    return out;
  }
  if (reports.empty()) return "no audit records found\n";
  for (const ChainReport& r : reports) {
    if (r.ok) {
      out += r.proxy + ": intact, " + std::to_string(r.records) + " records in " + std::to_string(r.segments) +
             " segments, " + std::to_string(r.checkpoints) + " checkpoints verified\n";
    } else {
      out += r.proxy + ": BROKEN after " + std::to_string(r.head.seq) + " good records: " + r.first_bad + "\n";
    }
    for (const std::string& n : r.notes) out += "  note: " + n + "\n";
  }
  return out;
}

}  // namespace govern::audit
