#include <doctest/doctest.h>

#include <string>

#include "masking/mask_value.h"

using namespace govern;

namespace {

constexpr std::string_view kKey = "0123456789abcdef0123456789abcdef";

// The masked value, or "<null>".
std::string Mask(MaskMethod m, uint32_t oid, int16_t format, std::string_view v, std::string_view key = kKey) {
  std::string out;
  return MaskValue(m, oid, format, v, key, &out) == MaskResult::kNull ? "<null>" : out;
}

std::string Be(uint64_t v, size_t width) {
  std::string out;
  for (size_t i = width; i-- > 0;) out.push_back(static_cast<char>((v >> (i * 8)) & 0xff));
  return out;
}

}  // namespace

TEST_CASE("mask text: every method, text and binary formats give the same bytes") {
  for (int16_t f : {kFormatText, kFormatBinary}) {
    for (uint32_t oid : {kOidText, kOidVarchar, kOidBpchar, kOidName}) {
      CHECK(Mask(MaskMethod::kRedact, oid, f, "ana@shop.io") == "***");
      CHECK(Mask(MaskMethod::kEmail, oid, f, "ana@shop.io") == "***@shop.io");
      CHECK(Mask(MaskMethod::kEmail, oid, f, "no-at-sign") == "***");
      CHECK(Mask(MaskMethod::kEmail, oid, f, "trailing@") == "***");
      CHECK(Mask(MaskMethod::kEmail, oid, f, "a@b@c.org") == "***@c.org");
      CHECK(Mask(MaskMethod::kNull, oid, f, "x") == "<null>");
      CHECK(Mask(MaskMethod::kLast4, oid, f, "4111111111111234") == "***1234");
      CHECK(Mask(MaskMethod::kLast4, oid, f, "1234") == "***");  // would keep everything
      CHECK(Mask(MaskMethod::kInitial, oid, f, "Jane Doe") == "J***");
      CHECK(Mask(MaskMethod::kInitial, oid, f, "J") == "***");
      CHECK(Mask(MaskMethod::kInitial, oid, f, "") == "***");
    }
  }
}

TEST_CASE("mask text: last4 and initial cut whole UTF-8 characters, never bytes") {
  CHECK(Mask(MaskMethod::kInitial, kOidText, kFormatText, "\xc3\x89lodie") == "\xc3\x89***");
  CHECK(Mask(MaskMethod::kLast4, kOidText, kFormatText, "caf\xc3\xa9-cr\xc3\xa8me") == "***r\xc3\xa8me");
  // Not UTF-8 (another client encoding): no slicing, redacted.
  CHECK(Mask(MaskMethod::kInitial, kOidText, kFormatText, "\xff\xfe\xfd") == "***");
  CHECK(Mask(MaskMethod::kLast4, kOidText, kFormatText, "\xff" "abcdef") == "***");
}

TEST_CASE("mask hash: keyed (HMAC-SHA-256), stable, differs by key and value") {
  std::string a = Mask(MaskMethod::kHash, kOidText, kFormatText, "ana@shop.io");
  CHECK(a.size() == 32);
  CHECK(a.find_first_not_of("0123456789abcdef") == std::string::npos);
  CHECK(a == Mask(MaskMethod::kHash, kOidVarchar, kFormatBinary, "ana@shop.io"));  // joins across formats
  CHECK(a != Mask(MaskMethod::kHash, kOidText, kFormatText, "bob@shop.io"));
  CHECK(a != Mask(MaskMethod::kHash, kOidText, kFormatText, "ana@shop.io", "another key of 32 bytes.........."));
  CHECK(Mask(MaskMethod::kHash, kOidText, kFormatText, "ana@shop.io", "") == "<null>");  // no key: never unkeyed
  // Not unsalted SHA-256 of the value (no dictionary over the value space).
  // RFC 4231 test case 2: HMAC-SHA-256("Jefe", "what do ya want for nothing?").
  std::string mac = HmacSha256("Jefe", "what do ya want for nothing?");
  REQUIRE(mac.size() == 32);
  CHECK(static_cast<unsigned char>(mac[0]) == 0x5b);
  CHECK(static_cast<unsigned char>(mac[31]) == 0x43);
}

TEST_CASE("mask integers: hash keeps the type and joins, last4 keeps four digits, others are NULL") {
  std::string h8 = Mask(MaskMethod::kHash, kOidInt8, kFormatText, "4111111111111234");
  REQUIRE(h8 != "<null>");
  CHECK(h8.find_first_not_of("0123456789") == std::string::npos);  // a non-negative bigint
  // Binary: 8 big-endian bytes whose value equals the text one.
  std::string hb = Mask(MaskMethod::kHash, kOidInt8, kFormatBinary, Be(4111111111111234ull, 8));
  REQUIRE(hb.size() == 8);
  uint64_t u = 0;
  for (char c : hb) u = (u << 8) | static_cast<unsigned char>(c);
  CHECK(std::to_string(u) == h8);
  std::string h2 = Mask(MaskMethod::kHash, kOidInt2, kFormatText, "77");
  CHECK(std::stoi(h2) >= 0);
  CHECK(std::stoi(h2) <= 32767);
  CHECK(Mask(MaskMethod::kHash, kOidInt4, kFormatBinary, Be(77, 4)).size() == 4);
  CHECK(Mask(MaskMethod::kLast4, kOidInt8, kFormatText, "4111111111111234") == "1234");
  CHECK(Mask(MaskMethod::kLast4, kOidInt8, kFormatText, "-98765") == "8765");
  CHECK(Mask(MaskMethod::kLast4, kOidInt4, kFormatBinary, Be(98765, 4)) == Be(8765, 4));
  CHECK(Mask(MaskMethod::kLast4, kOidInt4, kFormatText, "123") == "<null>");
  for (MaskMethod m : {MaskMethod::kRedact, MaskMethod::kEmail, MaskMethod::kInitial, MaskMethod::kNull}) {
    CHECK(Mask(m, kOidInt4, kFormatText, "42") == "<null>");
    CHECK(Mask(m, kOidInt4, kFormatBinary, Be(42, 4)) == "<null>");
  }
  CHECK(Mask(MaskMethod::kHash, kOidInt4, kFormatBinary, "abc") == "<null>");  // malformed: never passes through
}

TEST_CASE("mask numeric: binary and text agree") {
  // 12345678.90 in binary: ndigits 3, weight 1, sign 0, dscale 2, digits 1234 5678 9000.
  std::string bin = Be(3, 2) + Be(1, 2) + Be(0, 2) + Be(2, 2) + Be(1234, 2) + Be(5678, 2) + Be(9000, 2);
  std::string ht = Mask(MaskMethod::kHash, kOidNumeric, kFormatText, "12345678.90");
  std::string hb = Mask(MaskMethod::kHash, kOidNumeric, kFormatBinary, bin);
  REQUIRE(ht != "<null>");
  REQUIRE(hb.size() >= 8);
  // Decode the binary result (an integer: dscale 0) and compare.
  size_t nd = (static_cast<unsigned char>(hb[0]) << 8) | static_cast<unsigned char>(hb[1]);
  int weight = (static_cast<unsigned char>(hb[2]) << 8) | static_cast<unsigned char>(hb[3]);
  uint64_t v = 0;
  for (int d = 0; d <= weight; ++d) {
    uint64_t digit = static_cast<size_t>(d) < nd ? ((static_cast<unsigned char>(hb[8 + 2 * d]) << 8) |
                                                     static_cast<unsigned char>(hb[9 + 2 * d]))
                                                  : 0;
    v = v * 10000 + digit;
  }
  CHECK(std::to_string(v) == ht);
  CHECK(Mask(MaskMethod::kLast4, kOidNumeric, kFormatText, "4111111111111234") == "1234");
  CHECK(Mask(MaskMethod::kLast4, kOidNumeric, kFormatBinary, bin) == Be(1, 2) + Be(0, 2) + Be(0, 2) + Be(0, 2) + Be(5678, 2));
  CHECK(Mask(MaskMethod::kRedact, kOidNumeric, kFormatText, "1.5") == "<null>");
}

TEST_CASE("mask json, bytea, uuid, other types") {
  CHECK(Mask(MaskMethod::kRedact, kOidJson, kFormatText, "[{\"email\":\"a@b.c\"}]") == "\"***\"");
  CHECK(Mask(MaskMethod::kEmail, kOidJsonb, kFormatBinary, "\x01{\"a\": 1}") == "\x01\"***\"");
  std::string jh = Mask(MaskMethod::kHash, kOidJsonb, kFormatText, "{\"a\": 1}");
  CHECK(jh.size() == 34);
  CHECK(Mask(MaskMethod::kHash, kOidJsonb, kFormatBinary, "\x01{\"a\": 1}") == "\x01" + jh);
  CHECK(Mask(MaskMethod::kRedact, kOidBytea, kFormatText, "\\x0102") == "\\x2a2a2a");
  CHECK(Mask(MaskMethod::kRedact, kOidBytea, kFormatBinary, "\x01\x02") == "***");
  CHECK(Mask(MaskMethod::kHash, kOidBytea, kFormatText, "\\x0102") ==
        "\\x" + Mask(MaskMethod::kHash, kOidText, kFormatText, "\x01\x02").substr(0, 32));
  CHECK(Mask(MaskMethod::kHash, kOidBytea, kFormatText, "\\001\\002") == Mask(MaskMethod::kHash, kOidBytea, kFormatText, "\\x0102"));
  std::string u = Mask(MaskMethod::kHash, kOidUuid, kFormatText, "A0EEBC99-9C0B-4EF8-BB6D-6BB9BD380A11");
  CHECK(u.size() == 36);
  CHECK(u[8] == '-');
  CHECK(u == Mask(MaskMethod::kHash, kOidUuid, kFormatText, "a0eebc999c0b4ef8bb6d6bb9bd380a11"));
  CHECK(Mask(MaskMethod::kRedact, kOidUuid, kFormatText, "a0eebc999c0b4ef8bb6d6bb9bd380a11") == "<null>");
  for (MaskMethod m : {MaskMethod::kRedact, MaskMethod::kEmail, MaskMethod::kHash, MaskMethod::kLast4,
                       MaskMethod::kInitial, MaskMethod::kNull}) {
    CHECK(Mask(m, kOidRecord, kFormatText, "(1,a@b.c)") == "<null>");  // whole rows: masked whole
    CHECK(Mask(m, 1184 /* timestamptz */, kFormatText, "2024-01-01 00:00:00+00") == "<null>");
    CHECK(Mask(m, kOidText, 7 /* no such format */, "x") == "<null>");
  }
}
