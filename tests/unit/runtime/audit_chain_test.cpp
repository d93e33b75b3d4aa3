// The audit chain: the writer's segments and checkpoints verify, and every
// kind of tampering is found and named (docs/audit.md).
#include <doctest/doctest.h>
#include <unistd.h>

#include <atomic>
#include <filesystem>
#include <fstream>
#include <sstream>

#include "audit/checkpoint.h"
#include "audit/exposure.h"
#include "audit/record.h"
#include "audit/record_reader.h"
#include "audit/verifier.h"
#include "audit/writer.h"
#include "bundle/crypto.h"

using namespace govern;
using namespace govern::audit;
namespace fs = std::filesystem;

namespace {

struct AuditDir {
  fs::path path;
  AuditDir() {
    char tmpl[] = "/tmp/govern-audit-XXXXXX";
    path = mkdtemp(tmpl);
  }
  ~AuditDir() { fs::remove_all(path); }
  std::string operator/(const std::string& rel) const { return (path / rel).string(); }
};

std::string Slurp(const std::string& p) {
  std::ifstream in(p, std::ios::binary);
  std::ostringstream ss;
  ss << in.rdbuf();
  return ss.str();
}
void Spit(const std::string& p, const std::string& s) { std::ofstream(p, std::ios::binary | std::ios::trunc) << s; }

struct Keys {
  std::string key, pub, other_key, other_pub;
  explicit Keys(const AuditDir& d) : key(d / "k.pem"), pub(d / "k.pub"), other_key(d / "o.pem"), other_pub(d / "o.pub") {
    REQUIRE(std::system(("openssl genpkey -algorithm ed25519 -out " + key + " 2>/dev/null && openssl pkey -in " + key +
                         " -pubout -out " + pub + " && openssl genpkey -algorithm ed25519 -out " + other_key +
                         " 2>/dev/null && openssl pkey -in " + other_key + " -pubout -out " + other_pub)
                            .c_str()) == 0);
  }
};

WriterOptions Options(const std::string& dir, const std::string& key_pem, uint64_t max_bytes = 1500) {
  WriterOptions o;
  o.dir = dir;
  o.proxy_id = "p1";
  o.env = "prod";
  o.fdatasync = false;
  o.segment_max_bytes = max_bytes;
  if (!key_pem.empty()) {
    auto k = LoadEd25519PrivateKey(key_pem);
    REQUIRE(k.ok());
    o.key = *k;
  }
  return o;
}

// Writes `n` statement records, each its own batch (so segments rotate), and closes.
void WriteRecords(const WriterOptions& o, int n, int first_stmt = 1) {
  auto w = Writer::Open(o);
  REQUIRE(w.ok());
  for (int i = 0; i < n; ++i) {
    std::atomic<bool> done{false};
    Fields f;
    f.Str("session", "s.1").Int("stmt", first_stmt + i).Str("sql", "SELECT $1");
    (*w)->Append("statement", f.Take(), [&](bool ok) {
      CHECK(ok);
      done = true;
    });
    while (!done) usleep(100);
  }
  (*w)->Close();
}

ChainReport Verify(const std::string& dir, const std::string& pub = "") {
  auto chains = LoadChainsFromDir(dir);
  REQUIRE(chains.ok());
  REQUIRE(chains->size() == 1);
  VerifyOptions vo;
  if (!pub.empty()) {
    auto k = LoadEd25519PublicKey(pub);
    REQUIRE(k.ok());
    vo.public_key = *k;
  }
  return VerifyChain((*chains)[0], vo);
}

std::vector<std::string> Lines(const std::string& path) {
  std::vector<std::string> out;
  std::istringstream in(Slurp(path));
  for (std::string l; std::getline(in, l);) out.push_back(l);
  return out;
}
void PutLines(const std::string& path, const std::vector<std::string>& lines) {
  std::string s;
  for (const auto& l : lines) s += l + "\n";
  Spit(path, s);
}

}  // namespace

TEST_CASE("audit: sealing, hashing and parsing a record") {
  ChainHead head;
  std::string line = SealRecord(&head, "statement", "2026-03-01T12:00:00.123456Z", "p1", "prod",
                                Fields().Str("sql", "SELECT \"x\"\n").Int("stmt", 3).text());
  CHECK(head.seq == 1);
  auto h = ReadRecordHeader(line);
  REQUIRE(h.ok());
  CHECK(h->hash_ok);
  CHECK(h->seq == 1);
  CHECK(h->prev == std::string(kZeroHash));
  CHECK(h->hash == head.hash);
  std::string edited = line;
  edited.replace(edited.find("\"stmt\":3"), 8, "\"stmt\":4");
  auto e = ReadRecordHeader(edited);
  REQUIRE(e.ok());
  CHECK_FALSE(e->hash_ok);
  CHECK_FALSE(ReadRecordHeader(line.substr(0, line.size() - 5)).ok());
  CHECK_FALSE(ReadRecordHeader("{\"v\":2}").ok());
  int64_t us = 0;
  CHECK(ParseTimestamp("2026-03-01T12:00:00.123456Z", &us));
  CHECK(FormatTimestamp(us) == "2026-03-01T12:00:00.123456Z");
  CHECK(ParseDuration("7d", &us));
  CHECK(us == 7ll * 86400 * 1000000);
  CHECK_FALSE(ParseDuration("7w", &us));
  CHECK_FALSE(ParseDuration("-1h", &us));
}

TEST_CASE("audit: a written trail verifies, with signed checkpoints") {
  AuditDir d;
  Keys k(d);
  std::string dir = d / "audit";
  WriteRecords(Options(dir, k.key), 40);
  ChainReport r = Verify(dir, k.pub);
  INFO(r.first_bad);
  CHECK(r.ok);
  CHECK(r.records == 40);
  CHECK(r.segments > 3);
  CHECK(r.checkpoints == r.segments);  // closed at shutdown too
  // A second run continues the chain in a new segment.
  WriteRecords(Options(dir, k.key), 5, 41);
  r = Verify(dir, k.pub);
  CHECK(r.ok);
  CHECK(r.records == 45);
  // Another key, or no key at all, is refused with --verify-key.
  ChainReport other = Verify(dir, k.other_pub);
  CHECK_FALSE(other.ok);
  CHECK(other.first_bad.find("signature is not valid") != std::string::npos);
  ChainReport unsigned_ok = Verify(dir);
  CHECK(unsigned_ok.ok);
  CHECK_FALSE(unsigned_ok.notes.empty());
}

TEST_CASE("audit: each kind of tampering is found and the first bad record named") {
  AuditDir d;
  Keys k(d);
  std::string dir = d / "audit";
  WriteRecords(Options(dir, k.key, 1 << 20), 10);  // one segment, closed with a checkpoint
  std::string seg = dir + "/" + SegmentFileName("p1", 1);
  std::string ck = dir + "/" + CheckpointFileName("p1", 1);
  const std::string original = Slurp(seg), original_ck = Slurp(ck);
  REQUIRE(Verify(dir, k.pub).ok);
  auto restore = [&] {
    Spit(seg, original);
    Spit(ck, original_ck);
  };

  SUBCASE("edited") {
    auto lines = Lines(seg);
    lines[4].replace(lines[4].find("\"stmt\":5"), 8, "\"stmt\":9");
    PutLines(seg, lines);
    ChainReport r = Verify(dir, k.pub);
    CHECK_FALSE(r.ok);
    CHECK(r.first_bad_seq == 5);
    CHECK(r.first_bad.find(":5: record seq 5: hash does not match its content (edited)") != std::string::npos);
  }
  SUBCASE("edited and re-hashed: the next record no longer chains") {
    auto lines = Lines(seg);
    std::string body;
    std::string_view hash;
    REQUIRE(SplitSealed(lines[4], "hash", &body, &hash));
    body.replace(body.find("\"stmt\":5"), 8, "\"stmt\":9");
    lines[4] = Seal(body, "hash", BodyHash(body));
    PutLines(seg, lines);
    ChainReport r = Verify(dir, k.pub);
    CHECK_FALSE(r.ok);
    CHECK(r.first_bad_seq == 6);
    CHECK(r.first_bad.find("does not match the hash of record seq 5") != std::string::npos);
  }
  SUBCASE("deleted") {
    auto lines = Lines(seg);
    lines.erase(lines.begin() + 3);
    PutLines(seg, lines);
    ChainReport r = Verify(dir, k.pub);
    CHECK_FALSE(r.ok);
    CHECK(r.first_bad.find(":4: record seq 5: expected seq 4: records 4 are missing") != std::string::npos);
  }
  SUBCASE("reordered") {
    auto lines = Lines(seg);
    std::swap(lines[2], lines[3]);
    PutLines(seg, lines);
    ChainReport r = Verify(dir, k.pub);
    CHECK_FALSE(r.ok);
    CHECK(r.first_bad.find(":3: record seq 4: expected seq 3") != std::string::npos);
  }
  SUBCASE("inserted (a copy of another record)") {
    auto lines = Lines(seg);
    lines.insert(lines.begin() + 6, lines[2]);
    PutLines(seg, lines);
    ChainReport r = Verify(dir, k.pub);
    CHECK_FALSE(r.ok);
    CHECK(r.first_bad.find(":7: record seq 3: expected seq 7 (reordered, inserted or duplicated)") != std::string::npos);
  }
  SUBCASE("inserted (a forged record that chains)") {
    // A forger who recomputes hashes can chain a record in, but not re-sign the checkpoint.
    auto lines = Lines(seg);
    ChainHead head;
    auto last = ReadRecordHeader(lines.back());
    REQUIRE(last.ok());
    head.seq = last->seq;
    head.hash = last->hash;
    lines.push_back(SealRecord(&head, "statement", "2026-03-01T12:00:00.000000Z", "p1", "prod", ""));
    PutLines(seg, lines);
    ChainReport r = Verify(dir, k.pub);
    CHECK_FALSE(r.ok);
    CHECK(r.first_bad.find("(appended)") != std::string::npos);
  }
  SUBCASE("truncated tail: a cut-off last record") {
    Spit(seg, original.substr(0, original.size() - 20));
    ChainReport r = Verify(dir, k.pub);
    CHECK_FALSE(r.ok);
    CHECK(r.first_bad.find(":10: truncated record at the end of the segment") != std::string::npos);
  }
  SUBCASE("truncated tail: whole records removed at the end") {
    auto lines = Lines(seg);
    lines.resize(7);
    PutLines(seg, lines);
    ChainReport r = Verify(dir, k.pub);
    CHECK_FALSE(r.ok);
    CHECK(r.first_bad.find("(truncated tail)") != std::string::npos);
  }
  SUBCASE("forged checkpoint: content changed, signature kept") {
    std::string c = original_ck;
    c.replace(c.find("\"closed_by\":\"shutdown\""), 22, "\"closed_by\":\"rotation\"");
    Spit(ck, c);
    ChainReport r = Verify(dir, k.pub);
    CHECK_FALSE(r.ok);
    CHECK(r.first_bad.find("signature is not valid") != std::string::npos);
  }
  SUBCASE("forged checkpoint: re-signed with another key, or unsigned") {
    auto c = ParseCheckpoint(original_ck.substr(0, original_ck.size() - 1));
    REQUIRE(c.ok());
    auto other = LoadEd25519PrivateKey(k.other_key);
    REQUIRE(other.ok());
    auto line = MakeCheckpointLine(&*c, &*other);
    REQUIRE(line.ok());
    Spit(ck, *line + "\n");
    CHECK(Verify(dir, k.pub).first_bad.find("signature is not valid") != std::string::npos);
    line = MakeCheckpointLine(&*c, nullptr);
    Spit(ck, *line + "\n");
    CHECK(Verify(dir, k.pub).first_bad.find("not signed") != std::string::npos);
  }
  SUBCASE("deleted checkpoint or segment") {
    WriteRecords(Options(dir, k.key, 1 << 20), 3, 11);  // segment 2
    REQUIRE(Verify(dir, k.pub).ok);
    fs::remove(ck);
    CHECK(Verify(dir, k.pub).first_bad.find("closed segment without its checkpoint") != std::string::npos);
    restore();
    fs::remove(seg);
    CHECK(Verify(dir, k.pub).first_bad.find("segment missing (deleted)") != std::string::npos);
  }
  restore();
  CHECK(Verify(dir, k.pub).ok);
}

TEST_CASE("audit: a killed writer's open segment is closed by the next start") {
  AuditDir d;
  Keys k(d);
  std::string live = d / "live", crashed = d / "crashed";
  {
    auto w = Writer::Open(Options(live, k.key, 1 << 20));
    REQUIRE(w.ok());
    std::atomic<int> done{0};
    for (int i = 0; i < 5; ++i) (*w)->Append("statement", Fields().Int("stmt", i + 1).Take(), [&](bool) { ++done; });
    while (done < 5) usleep(100);
    fs::copy(live, crashed);  // the files as a kill -9 leaves them: no checkpoint
    (*w)->Close();
  }
  CHECK_FALSE(fs::exists(crashed + "/" + CheckpointFileName("p1", 1)));
  ChainReport open = Verify(crashed, k.pub);
  CHECK(open.ok);
  CHECK(open.notes.size() == 1);
  WriteRecords(Options(crashed, k.key, 1 << 20), 2, 6);
  auto c = Slurp(crashed + "/" + CheckpointFileName("p1", 1));
  CHECK(c.find("\"closed_by\":\"recovery\"") != std::string::npos);
  ChainReport r = Verify(crashed, k.pub);
  CHECK(r.ok);
  CHECK(r.records == 7);
  // A damaged open segment stops the next start (it must be looked at first).
  AuditDir d2;
  std::string bad = d2 / "audit";
  fs::copy(crashed, bad);
  fs::remove(bad + "/" + CheckpointFileName("p1", 2));
  std::string s2 = bad + "/" + SegmentFileName("p1", 2);
  Spit(s2, Slurp(s2).substr(0, Slurp(s2).size() - 3));
  CHECK_FALSE(Writer::Open(Options(bad, "")).ok());
}

TEST_CASE("audit: a failing write reports failure, and the chain stays whole") {
  AuditDir d;
  std::string dir = d / "audit";
  fs::create_directories(dir);
  auto w = Writer::Open(Options(dir, "", 1 << 20));
  REQUIRE(w.ok());
  // Segment 1 (opened by the first record) is /dev/full: writes fail with ENOSPC (a full disk).
  std::string seg = dir + "/" + SegmentFileName("p1", 1);
  fs::create_symlink("/dev/full", seg);
  auto append = [&](int stmt) {
    std::atomic<int> result{-1};
    (*w)->Append("statement", Fields().Int("stmt", stmt).Take(), [&](bool ok) { result = ok ? 1 : 0; });
    while (result < 0) usleep(100);
    return result == 1;
  };
  CHECK_FALSE(append(1));
  CHECK((*w)->failing());
  CHECK((*w)->last_error().find("No space left on device") != std::string::npos);
  // Space again: the next record is written, the failed one is not in the chain.
  fs::remove(seg);
  CHECK(append(2));
  CHECK_FALSE((*w)->failing());
  (*w)->Close();
  auto chains = LoadChainsFromDir(dir);
  REQUIRE(chains.ok());
  ChainReport r = VerifyChain((*chains)[0], {});
  CHECK(r.ok);
  CHECK(r.records == 1);
  CHECK(Slurp(seg).find("\"stmt\":2") != std::string::npos);
}

TEST_CASE("audit: exposure ledger joins statements with their outcomes") {
  std::vector<std::string> lines;
  ChainHead head;
  auto stmt = [&](const char* who, int n, const char* decision, bool masked) {
    std::string exposed = std::string("[{\"output\":\"email\",\"position\":0,\"columns\":[\"public.customers.email\"],"
                                      "\"tags\":[\"pii.email\"],\"sources\":[{\"column\":\"public.customers.email\","
                                      "\"tags\":[\"pii.email\"]}],\"masked\":") +
                          (masked ? "true" : "false") + "}]";
    Fields f;
    f.Str("session", std::string(who) + ".1").Int("stmt", n).Raw("identity", std::string("{\"user\":\"") + who + "\"}");
    f.Str("decision", decision).Bool("enforced", true).Raw("exposed", exposed);
    lines.push_back(SealRecord(&head, "statement", "2026-03-01T12:00:0" + std::to_string(n) + ".000000Z", "p1",
                               "prod", f.text()));
  };
  auto outcome = [&](const char* who, int n, const char* status, int rows) {
    Fields f;
    f.Str("session", std::string(who) + ".1").Int("stmt", n).Str("status", status).Int("rows", rows);
    lines.push_back(SealRecord(&head, "outcome", "2026-03-01T12:00:09.000000Z", "p1", "prod", f.text()));
  };
  stmt("trainer", 1, "allow", false);
  outcome("trainer", 1, "ok", 3);
  stmt("trainer", 2, "allow", false);
  outcome("trainer", 2, "ok", 2);
  stmt("trainer", 3, "deny", false);  // refused: not received
  stmt("ana", 1, "allow", true);
  outcome("ana", 1, "ok", 5);
  stmt("ana", 2, "allow", true);
  outcome("ana", 2, "error", 0);  // failed: not received
  ExposureLedger all({});
  for (const auto& l : lines) all.AddLine(l);
  auto rows = all.Rows();
  REQUIRE(rows.size() == 2);
  CHECK(rows[0].identity == "ana");
  CHECK(rows[0].masked);
  CHECK(rows[0].statements == 1);
  CHECK(rows[0].rows == 5);
  CHECK(rows[1].identity == "trainer");
  CHECK_FALSE(rows[1].masked);
  CHECK(rows[1].statements == 2);
  CHECK(rows[1].rows == 5);
  CHECK(FormatTimestamp(rows[1].first_us) == "2026-03-01T12:00:01.000000Z");
  CHECK(FormatTimestamp(rows[1].last_us) == "2026-03-01T12:00:02.000000Z");
  ExposureLedger filtered({"trainer", "pii.*", "prod", 0});
  for (const auto& l : lines) filtered.AddLine(l);
  CHECK(filtered.Rows().size() == 1);
  ExposureLedger none({"", "financial.*", "", 0});
  for (const auto& l : lines) none.AddLine(l);
  CHECK(none.Rows().empty());
  auto csv = FormatExposure(rows, "csv");
  REQUIRE(csv.ok());
  CHECK(*csv == "identity,env,column,tag,masked,statements,rows,first,last\n"
                "ana,prod,public.customers.email,pii.email,true,1,5,2026-03-01T12:00:01.000000Z,2026-03-01T12:00:01.000000Z\n"
                "trainer,prod,public.customers.email,pii.email,false,2,5,2026-03-01T12:00:01.000000Z,2026-03-01T12:00:02.000000Z\n");
}
