// The verifier on hand-built programs: it must accept what is well formed and
// reject every malformed index, jump, operand and stack shape.
#include <doctest/doctest.h>

#include "bundle/codec.h"
#include "bundle/verifier.h"
#include "bytecode/opcode.h"

using namespace govern;

namespace {

// A one-rule program: when identity.purpose == "training" deny.
ProgramData Minimal() {
  ProgramData p;
  p.strings = {"", "training", "r.x", "p", "src"};
  p.code = {Encode(Op::LOAD_STR, static_cast<uint32_t>(Attr::kIdentityPurpose)), Encode(Op::PUSH_STR, 1),
            Encode(Op::STR_EQ, 0), Encode(Op::RET, 0)};
  p.spans.resize(p.code.size());
  p.chunks = {{0, 4, kTypeBool}};
  p.effects = {{EffectType::kDeny, MaskMethod::kRedact, 0, kNoTemplate, 0}};
  p.policies = {{3, 0}};
  p.sources = {{4, {}}};
  RuleMeta r;
  r.id = 2;
  r.condition = 0;
  r.kind_mask = ~uint64_t{0};
  r.first_effect = 0;
  r.effect_count = 1;
  p.rules = {r};
  return p;
}

}  // namespace

TEST_CASE("verifier accepts a well-formed program") { CHECK(VerifyProgram(Minimal()).ok()); }

TEST_CASE("verifier rejects malformed programs") {
  SUBCASE("string operand out of range") {
    auto p = Minimal();
    p.code[1] = Encode(Op::PUSH_STR, 99);
    CHECK_FALSE(VerifyProgram(p).ok());
  }
  SUBCASE("unknown opcode") {
    auto p = Minimal();
    p.code[1] = 0xEE;
    CHECK(VerifyProgram(p).message().find("unknown opcode") != std::string::npos);
  }
  SUBCASE("type mismatch") {
    auto p = Minimal();
    p.code[2] = Encode(Op::NUM_EQ, 0);
    CHECK(VerifyProgram(p).message().find("expects operands") != std::string::npos);
  }
  SUBCASE("stack underflow") {
    auto p = Minimal();
    p.code[0] = Encode(Op::NOT, 0);
    CHECK_FALSE(VerifyProgram(p).ok());
  }
  SUBCASE("attribute of the wrong type") {
    auto p = Minimal();
    p.code[0] = Encode(Op::LOAD_STR, static_cast<uint32_t>(Attr::kIdentityGroups));
    CHECK_FALSE(VerifyProgram(p).ok());
  }
  SUBCASE("fused comparison with a set attribute or a missing string") {
    auto p = Minimal();
    p.code = {Encode(Op::ATTR_EQ, EncodeAttrStr(static_cast<uint32_t>(Attr::kIdentityGroups), 1)), Encode(Op::RET, 0)};
    p.spans.resize(2);
    p.chunks = {{0, 2, kTypeBool}};
    CHECK_FALSE(VerifyProgram(p).ok());
    p.code[0] = Encode(Op::ATTR_EQ, EncodeAttrStr(static_cast<uint32_t>(Attr::kEnv), 999));
    CHECK_FALSE(VerifyProgram(p).ok());
    p.code[0] = Encode(Op::ATTR_EQ, EncodeAttrStr(static_cast<uint32_t>(Attr::kEnv), 1));
    CHECK(VerifyProgram(p).ok());
  }
  SUBCASE("backward jump") {
    auto p = Minimal();
    p.code = {Encode(Op::PUSH_TRUE, 0), Encode(Op::JUMP_IF_TRUE, 0), Encode(Op::RET, 0)};
    p.spans.resize(3);
    p.chunks = {{0, 3, kTypeBool}};
    CHECK(VerifyProgram(p).message().find("jump") != std::string::npos);
  }
  SUBCASE("jump out of its chunk") {
    auto p = Minimal();
    p.code = {Encode(Op::PUSH_TRUE, 0), Encode(Op::JUMP_IF_TRUE, 9), Encode(Op::RET, 0)};
    p.spans.resize(3);
    p.chunks = {{0, 3, kTypeBool}};
    CHECK_FALSE(VerifyProgram(p).ok());
  }
  SUBCASE("chunk without RET") {
    auto p = Minimal();
    p.chunks = {{0, 3, kTypeBool}};
    CHECK_FALSE(VerifyProgram(p).ok());
  }
  SUBCASE("RET with the wrong type") {
    auto p = Minimal();
    p.chunks[0].result = kTypeNum;
    CHECK_FALSE(VerifyProgram(p).ok());
  }
  SUBCASE("rule effects out of range") {
    auto p = Minimal();
    p.rules[0].effect_count = 5;
    CHECK_FALSE(VerifyProgram(p).ok());
  }
  SUBCASE("condition chunk out of range") {
    auto p = Minimal();
    p.rules[0].condition = 7;
    CHECK_FALSE(VerifyProgram(p).ok());
  }
  SUBCASE("unsorted string set") {
    auto p = Minimal();
    p.string_sets = {{1, 0}};
    CHECK_FALSE(VerifyProgram(p).ok());
  }
  SUBCASE("unknown effect type") {
    auto p = Minimal();
    p.effects[0].type = static_cast<EffectType>(77);
    CHECK_FALSE(VerifyProgram(p).ok());
  }
  SUBCASE("mask with an unknown method") {
    auto p = Minimal();
    p.selectors = {{SelectorKind::kAll, 0}};
    p.effects[0] = {EffectType::kMask, static_cast<MaskMethod>(99), 0, kNoTemplate, 0};
    CHECK_FALSE(VerifyProgram(p).ok());
  }
}

TEST_CASE("codec round trip keeps every field and the bytes") {
  ProgramData p = Minimal();
  p.numbers = {-5, 1LL << 40};
  p.string_sets = {{0, 1}};
  p.kind_masks = {0x6};
  p.catalog_json = "{\"tables\":[]}";
  auto bytes = EncodeBundle(p);
  auto decoded = DecodeBundle(std::string_view(reinterpret_cast<const char*>(bytes.data()), bytes.size()));
  REQUIRE(decoded.ok());
  CHECK(decoded->program.strings == p.strings);
  CHECK(decoded->program.numbers == p.numbers);
  CHECK(decoded->program.code == p.code);
  CHECK(decoded->program.catalog_json == p.catalog_json);
  CHECK(decoded->program.rules[0].kind_mask == p.rules[0].kind_mask);
  CHECK(EncodeBundle(decoded->program) == bytes);
}

TEST_CASE("decoder rejects non-bundles with a clear error") {
  CHECK(DecodeBundle("").status().message().find("not a govern bundle") != std::string::npos);
  CHECK(DecodeBundle("hello world, this is not a bundle at all........").status().message().find("magic") !=
        std::string::npos);
}
