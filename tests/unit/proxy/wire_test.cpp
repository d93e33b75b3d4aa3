// Wire codec and framing: every message of messages.def, length checks,
// malformed bodies, builders read back by the decoders.
#include <doctest/doctest.h>

#include <string>

#include "wire/codec.h"
#include "wire/framing.h"

using namespace govern::proxy::wire;

namespace {

std::string_view Body(const std::string& message) { return std::string_view(message).substr(5); }

std::string Tagged(char tag, const std::string& body) {
  std::string out;
  AppendMessage(&out, tag, body);
  return out;
}

std::string Str(const std::string& s) { return s + std::string(1, '\0'); }
std::string I16(int v) {
  std::string out;
  PutU16(&out, static_cast<uint16_t>(v));
  return out;
}
std::string I32(int v) {
  std::string out;
  PutU32(&out, static_cast<uint32_t>(v));
  return out;
}

}  // namespace

TEST_CASE("every layout in messages.def is well-formed and tags are unique per direction") {
  for (int i = 0; i < static_cast<int>(Frontend::kCount); ++i) {
    const MessageSpec& s = SpecOf(static_cast<Frontend>(i));
    CHECK_MESSAGE(ValidLayout(s.layout), s.name);
    CHECK(FindFrontend(s.tag) == &s);
  }
  for (int i = 0; i < static_cast<int>(Backend::kCount); ++i) {
    const MessageSpec& s = SpecOf(static_cast<Backend>(i));
    CHECK_MESSAGE(ValidLayout(s.layout), s.name);
    CHECK(FindBackend(s.tag) == &s);
  }
  CHECK(FindFrontend('?') == nullptr);
  CHECK(FindBackend('?') == nullptr);
  CHECK(FindStartup(196608)->name == "StartupMessage");
  CHECK(FindStartup(196609)->name == "StartupMessage");  // 3.1: answered with NegotiateProtocolVersion
  CHECK(FindStartup(kSslRequestCode)->name == "SSLRequest");
  CHECK(FindStartup(kCancelRequestCode)->name == "CancelRequest");
  CHECK(FindStartup(131072) == nullptr);  // protocol 2.0
}

TEST_CASE("framing: complete, partial, oversized and negative lengths") {
  std::string q;
  AppendQuery(&q, "SELECT 1");
  Frame f;
  std::string error;
  size_t need = 0;
  CHECK(NextFrame(q, 1024, &f, &error, &need) == FrameStatus::kFrame);
  CHECK(f.tag == 'Q');
  CHECK(f.size == q.size());
  CHECK(f.body == Str("SELECT 1"));
  for (size_t cut = 0; cut < q.size(); ++cut)
    CHECK(NextFrame(std::string_view(q).substr(0, cut), 1024, &f, &error) == FrameStatus::kNeedMore);
  CHECK(NextFrame(q, 4, &f, &error) == FrameStatus::kError);
  CHECK(error.find("exceeds the limit") != std::string::npos);
  std::string negative = "Q" + I32(-5);
  CHECK(NextFrame(negative, 1024, &f, &error) == FrameStatus::kError);
  std::string three = "Q" + I32(3);
  CHECK(NextFrame(three, 1024, &f, &error) == FrameStatus::kError);
  // An oversized length is an error as soon as the header is there.
  std::string huge = "Q" + I32(0x7ffffff0);
  CHECK(NextFrame(huge, 1 << 20, &f, &error) == FrameStatus::kError);
}

TEST_CASE("startup framing: bounds and codes") {
  std::string s;
  AppendStartup(&s, {{"user", "ana"}, {"database", "db"}});
  Frame f;
  std::string error;
  REQUIRE(NextStartupFrame(s, &f, &error) == FrameStatus::kFrame);
  CHECK(f.code == kProtocol30);
  StartupMsg m;
  REQUIRE(DecodeStartup(f.code, f.body, &m).ok());
  REQUIRE(m.params.size() == 2);
  CHECK(m.params[0].first == "user");
  CHECK(m.params[0].second == "ana");
  CHECK(m.major == 3);
  CHECK(m.minor == 0);
  std::string tiny = I32(7) + I32(0);
  CHECK(NextStartupFrame(tiny, &f, &error) == FrameStatus::kError);
  std::string big = I32(10001) + I32(kProtocol30);
  CHECK(NextStartupFrame(big, &f, &error) == FrameStatus::kError);
  // Parameters must end with the terminating zero byte.
  CHECK_FALSE(DecodeStartup(kProtocol30, Str("user") + Str("ana"), &m).ok());
  CHECK_FALSE(DecodeStartup(kProtocol30, Str("user"), &m).ok());
  std::string c;
  AppendCancel(&c, 42, -7);
  REQUIRE(NextStartupFrame(c, &f, &error) == FrameStatus::kFrame);
  CancelMsg cm;
  REQUIRE(DecodeCancel(f.body, &cm).ok());
  CHECK(cm.pid == 42);
  CHECK(cm.secret == -7);
  CHECK_FALSE(DecodeCancel(I32(1), &cm).ok());
}

TEST_CASE("frontend decoders read what the builders wrote") {
  std::string p;
  AppendParse(&p, "s1", "SELECT $1");
  ParseMsg pm;
  REQUIRE(Decode(Body(p), &pm).ok());
  CHECK(pm.name == "s1");
  CHECK(pm.query == "SELECT $1");
  std::string b;
  AppendBind(&b, "p1", "s1");
  BindMsg bm;
  REQUIRE(Decode(Body(b), &bm).ok());
  CHECK(bm.portal == "p1");
  CHECK(bm.statement == "s1");
  std::string e;
  AppendExecute(&e, "p1", 10);
  ExecuteMsg em;
  REQUIRE(Decode(Body(e), &em).ok());
  CHECK(em.portal == "p1");
  CHECK(em.max_rows == 10);
  DescribeMsg dm;
  CHECK(DecodeDescribe("S" + Str("s1"), &dm).ok());
  CHECK(dm.kind == 'S');
  CHECK_FALSE(DecodeDescribe("X" + Str("s1"), &dm).ok());
  CHECK_FALSE(DecodeClose("S", &dm).ok());
  std::string sasl;
  AppendSaslInitial(&sasl, "SCRAM-SHA-256", "n,,n=,r=abc");
  SaslInitialMsg sm;
  REQUIRE(Decode(Body(sasl), &sm).ok());
  CHECK(sm.mechanism == "SCRAM-SHA-256");
  CHECK(sm.data == "n,,n=,r=abc");
}

TEST_CASE("malformed bodies are refused, not skipped") {
  QueryMsg q;
  CHECK_FALSE(Decode("SELECT 1", &q).ok());                 // no NUL
  CHECK_FALSE(Decode(Str("SELECT 1") + "x", &q).ok());      // trailing bytes
  ParseMsg p;
  CHECK_FALSE(Decode(Str("s") + Str("q") + I16(-1), &p).ok());  // negative count
  CHECK_FALSE(Decode(Str("s") + Str("q") + I16(2) + I32(23), &p).ok());  // count larger than the oids
  CHECK(Decode(Str("s") + Str("q") + I16(1) + I32(23), &p).ok());
  BindMsg b;
  // One parameter claiming 100 bytes with 3 present.
  CHECK_FALSE(Decode(Str("") + Str("") + I16(0) + I16(1) + I32(100) + "abc" + I16(0), &b).ok());
  // A NULL parameter (-1) is fine; -2 is not.
  CHECK(Decode(Str("") + Str("") + I16(0) + I16(1) + I32(-1) + I16(0), &b).ok());
  CHECK_FALSE(Decode(Str("") + Str("") + I16(0) + I16(1) + I32(-2) + I16(0), &b).ok());
  ExecuteMsg e;
  CHECK_FALSE(Decode(Str("p") + "\x00\x00", &e).ok());
  CHECK(Validate(*FindFrontend('S'), "").ok());
  CHECK_FALSE(Validate(*FindFrontend('S'), "x").ok());
  CHECK(Validate(*FindFrontend('F'), I32(1) + I16(0) + I16(1) + I32(2) + "ab" + I16(0)).ok());
}

TEST_CASE("backend messages: errors, auth, keys, row descriptions") {
  std::string e;
  ErrorInfo info;
  info.sqlstate = "42501";
  info.message = "rule x.y: no";
  info.detail = "d";
  AppendError(&e, info);
  FieldsMsg fm;
  REQUIRE(DecodeFields(*FindBackend('E'), Body(e), &fm).ok());
  CHECK(fm.Get('S') == "ERROR");
  CHECK(fm.Get('C') == "42501");
  CHECK(fm.Get('M') == "rule x.y: no");
  CHECK(fm.Get('D') == "d");
  CHECK_FALSE(DecodeFields(*FindBackend('E'), "Cabc", &fm).ok());  // unterminated
  std::string a;
  AppendAuth(&a, 10, std::string_view("SCRAM-SHA-256\0\0", 15));
  AuthMsg am;
  REQUIRE(Decode(Body(a), &am).ok());
  CHECK(am.code == 10);
  CHECK(am.data.size() == 15);
  std::string k;
  AppendBackendKey(&k, 1, 2);
  BackendKeyMsg km;
  REQUIRE(Decode(Body(k), &km).ok());
  CHECK(km.pid == 1);
  CHECK(km.secret == 2);
  CHECK_FALSE(Decode(I32(1), &km).ok());
  std::string row = I16(1) + Str("id") + I32(0) + I16(0) + I32(23) + I16(4) + I32(-1) + I16(0);
  CHECK(Validate(*FindBackend('T'), row).ok());
  CHECK_FALSE(Validate(*FindBackend('T'), row.substr(0, row.size() - 1)).ok());
  std::string v;
  AppendNegotiateProtocolVersion(&v, 0, {"_pq_.x"});
  CHECK(Validate(*FindBackend('v'), Body(v)).ok());
  std::string z;
  AppendReadyForQuery(&z, 'T');
  CHECK(z == Tagged('Z', "T"));
}

TEST_CASE("Describe prints fields for traces, escaping bytes") {
  std::string p;
  AppendParse(&p, "", "SELECT '\x01'");
  CHECK(Describe(*FindFrontend('P'), Body(p)) == "Parse(s \"\", s \"SELECT '\\x01'\", [])");
  CHECK(Describe(*FindFrontend('Q'), "abc").find("<message shorter") == std::string::npos);
  CHECK(Describe(*FindFrontend('Q'), "abc").find("<unterminated string>") != std::string::npos);
}
