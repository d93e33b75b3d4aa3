// Bundles: determinism, round trip, signatures, and corruption (every
// truncation and many byte flips either fail to load with an error or
// verify; never a crash, under ASan+UBSan in CI).
#include <doctest/doctest.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>

#include "bundle/crypto.h"
#include "bundle/loader.h"
#include "bundle/verifier.h"
#include "emit/bundle_writer.h"
#include "policy_harness.h"

using namespace govern;
using namespace govern::testing;

namespace {

const char* kPolicy = R"(
policy pii {
  rule no_pii_in_training {
    when identity.purpose == "training" and reads(tag "pii.*")
    deny "training may not read {reads(tag \"pii.*\")}"
  }
  rule mask_for_analysts {
    when "analyst" in identity.groups
    mask tag "pii.email" with email
    mask tag "pii.*" with redact
  }
  rule union_read {
    when reads(tag "secret", column "public.*.ssn")
    warn "reads {reads(column \"public.*.ssn\", tag \"secret\")}"
  }
}
policy destructive {
  rule unbounded_write {
    when statement.kind in {delete, update} and not statement.has_where
    deny "{statement.kind} without WHERE on {statement.targets}"
  }
  rule prod_ddl {
    when env == "prod" and statement.kind in {drop_table, truncate}
    require approval from "dba"
  }
}
)";

std::vector<uint8_t> Build(const std::string& key = "") {
  auto r = compiler::CompileText("p.policy", kPolicy);
  REQUIRE_MESSAGE(r->program.has_value(), r->diagnostics.Render());
  auto bytes = compiler::WriteBundle(*r->program, key);
  REQUIRE(bytes.ok());
  return *bytes;
}

std::string_view View(const std::vector<uint8_t>& b) {
  return std::string_view(reinterpret_cast<const char*>(b.data()), b.size());
}

std::string TempDir() {
  auto dir = std::filesystem::temp_directory_path() / ("govern-test-" + std::to_string(::getpid()));
  std::filesystem::create_directories(dir);
  return dir.string();
}

}  // namespace

TEST_CASE("the same sources give the same bytes") { CHECK(Build() == Build()); }

TEST_CASE("build -> load -> same decisions") {
  auto bytes = Build();
  auto loaded = LoadBundleBytes(View(bytes), {});
  REQUIRE_MESSAGE(loaded.ok(), loaded.status().message());
  auto fresh = compiler::CompileText("p.policy", kPolicy);
  BoundProgram from_bundle(loaded->program, nullptr), from_source(*fresh->program, nullptr);
  ContextBuilder cb;
  cb.Env("prod").Purpose("training");
  for (StatementKind k : {StatementKind::k_select, StatementKind::k_delete, StatementKind::k_drop_table}) {
    FactsBuilder fb(k);
    fb.Target("public.t");
    Decision a, b;
    Decide(from_bundle, fb.Build(), cb.Build(), &a);
    Decide(from_source, fb.Build(), cb.Build(), &b);
    CHECK(a.verdict == b.verdict);
    CHECK(a.fired.size() == b.fired.size());
  }
  CHECK(EncodeBundle(loaded->program) == bytes);
}

TEST_CASE("signed bundles: verified with the right key, refused otherwise") {
  std::string dir = TempDir();
  std::string key = dir + "/k.pem", pub = dir + "/k.pub", other = dir + "/o.pem", other_pub = dir + "/o.pub";
  REQUIRE(std::system(("openssl genpkey -algorithm ed25519 -out " + key + " 2>/dev/null && openssl pkey -in " + key +
                       " -pubout -out " + pub + " && openssl genpkey -algorithm ed25519 -out " + other +
                       " 2>/dev/null && openssl pkey -in " + other + " -pubout -out " + other_pub)
                          .c_str()) == 0);
  auto signed_bytes = Build(key);
  auto pk = LoadEd25519PublicKey(pub);
  REQUIRE(pk.ok());
  LoadOptions verify;
  verify.verify_key = *pk;
  CHECK(LoadBundleBytes(View(signed_bytes), verify).ok());
  CHECK(LoadBundleBytes(View(signed_bytes), {}).ok());  // signature not required without a key
  auto unsigned_bytes = Build();
  CHECK(LoadBundleBytes(View(unsigned_bytes), verify).status().message().find("not signed") != std::string::npos);
  LoadOptions wrong;
  wrong.verify_key = *LoadEd25519PublicKey(other_pub);
  CHECK(LoadBundleBytes(View(signed_bytes), wrong).status().message().find("different key") != std::string::npos);
  // A forged signature (last byte flipped) with the right key id.
  auto forged = signed_bytes;
  forged.back() ^= 1;
  CHECK(LoadBundleBytes(View(forged), verify).status().message().find("signature is invalid") != std::string::npos);
  // Tampered content, re-hashed by the attacker: the hash matches, the signature does not.
  auto tampered = signed_bytes;
  auto decoded = DecodeBundle(View(tampered));
  REQUIRE(decoded.ok());
  decoded->program.strings[1] += "x";
  auto re = compiler::WriteBundle(decoded->program, "");
  REQUIRE(re.ok());
  std::vector<uint8_t> spliced = *re;
  spliced.insert(spliced.end(), signed_bytes.end() - static_cast<long>(kSignatureBlockSize), signed_bytes.end());
  // Mark as signed so the decoder reads the block (flags live in the hashed content, so re-encode).
  decoded->program.flags |= kFlagSigned;
  auto re_signed_flag = EncodeBundle(decoded->program);
  re_signed_flag.insert(re_signed_flag.end(), signed_bytes.end() - static_cast<long>(kSignatureBlockSize),
                        signed_bytes.end());
  CHECK_FALSE(LoadBundleBytes(View(re_signed_flag), verify).ok());
  std::filesystem::remove_all(dir);
}

TEST_CASE("corruption: every truncation fails cleanly") {
  auto bytes = Build();
  for (size_t n = 0; n < bytes.size(); ++n) {
    std::vector<uint8_t> cut(bytes.begin(), bytes.begin() + static_cast<long>(n));
    CHECK_FALSE(LoadBundleBytes(View(cut), {}).ok());
  }
}

TEST_CASE("corruption: flipped bytes are rejected by the hash; re-hashed flips by the verifier or they verify") {
  auto bytes = Build();
  size_t rejected_by_hash = 0, verified = 0, rejected = 0;
  for (size_t i = 0; i < bytes.size(); ++i) {
    for (uint8_t mask : {0x01, 0x80, 0xff}) {
      auto flipped = bytes;
      flipped[i] ^= mask;
      if (!LoadBundleBytes(View(flipped), {}).ok()) ++rejected_by_hash;
      // Now an attacker who recomputes the hash: the structure and the
      // verifier must still protect the VM.
      size_t content = flipped.size() - 32;
      auto digest = Sha256(std::string_view(reinterpret_cast<const char*>(flipped.data()), content));
      std::copy(digest.begin(), digest.end(), flipped.begin() + static_cast<long>(content));
      auto loaded = LoadBundleBytes(View(flipped), {});
      if (!loaded.ok()) {
        ++rejected;
        continue;
      }
      ++verified;
      // Whatever verifies must run without crashing.
      BoundProgram program(loaded->program, nullptr);
      ContextBuilder cb;
      cb.Env("prod").Group("analyst").Purpose("training");
      FactsBuilder fb(StatementKind::k_delete);
      fb.Read("public.t.a").Output("a", {"public.t.a"}).Target("public.t");
      Decision d;
      Decide(program, fb.Build(), cb.Build(), &d);
      for (const FiredEffect& f : d.fired) RenderTemplate(program, program.data().effects[f.effect].text, fb.Build(), cb.Build());
    }
  }
  CHECK(rejected_by_hash == bytes.size() * 3);
  CHECK(rejected > 0);
  MESSAGE("re-hashed flips: " << rejected << " rejected, " << verified << " verified and ran");
}

TEST_CASE("union selectors: round trip, and the verifier refuses malformed member lists") {
  auto r = compiler::CompileText("p.policy", kPolicy);
  REQUIRE(r->program.has_value());
  const ProgramData& p = *r->program;
  REQUIRE(p.selector_lists.size() == 1);
  uint32_t u = 0;
  while (p.selectors[u].kind != SelectorKind::kUnion) ++u;
  auto bytes = Build();
  auto loaded = LoadBundleBytes(View(bytes), {});
  REQUIRE(loaded.ok());
  CHECK(loaded->program.selector_lists == p.selector_lists);
  CHECK(VerifyProgram(p).ok());
  ProgramData self = p;  // a member that is the union itself (or later): a cycle
  self.selector_lists[0].back() = u;
  CHECK_FALSE(VerifyProgram(self).ok());
  ProgramData missing = p;
  missing.selector_lists.clear();
  CHECK_FALSE(VerifyProgram(missing).ok());
  ProgramData all = p;  // `all` is never a member
  all.selectors[all.selector_lists[0].front()].kind = SelectorKind::kAll;
  CHECK_FALSE(VerifyProgram(all).ok());
  // A bundle without unions has no selector-lists section: older bundles stay byte-identical.
  auto plain = compiler::CompileText("q.policy", "policy q { rule r { when reads(tag \"a\") deny \"x\" } }");
  REQUIRE(plain->program.has_value());
  CHECK(plain->program->selector_lists.empty());
}
