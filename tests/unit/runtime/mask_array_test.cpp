// Arrays of text masked element by element (runtime/masking/mask_array.h).
#include <doctest/doctest.h>

#include <string>

#include "masking/mask_array.h"

using namespace govern;

namespace {

constexpr std::string_view kKey = "0123456789abcdef0123456789abcdef";

// The masked text, or "<null>".
std::string Masked(MaskMethod m, uint32_t oid, int16_t format, std::string_view v) {
  std::string out;
  return MaskValue(m, oid, format, v, kKey, &out) == MaskResult::kNull ? "<null>" : out;
}

}  // namespace

TEST_CASE("mask array: text arrays in text format, element by element") {
  CHECK(Masked(MaskMethod::kRedact, kOidTextArray, kFormatText, "{ana@shop.io,NULL,\"b c\"}") ==
        R"({"***",NULL,"***"})");
  CHECK(Masked(MaskMethod::kEmail, kOidTextArray, kFormatText, "{ana@shop.io,bob@mail.example}") ==
        R"({"***@shop.io","***@mail.example"})");
  CHECK(Masked(MaskMethod::kLast4, kOidVarcharArray, kFormatText, R"({"600 111 234","a\"b"})") == R"({"*** 234","***"})");
  CHECK(Masked(MaskMethod::kInitial, kOidBpcharArray, kFormatText, "{Ana}") == R"({"A***"})");
  // Nested, with dimensions, empty, and the word NULL quoted (a string, not NULL).
  CHECK(Masked(MaskMethod::kRedact, kOidTextArray, kFormatText, "[0:1]={{a,b},{c,NULL}}") ==
        R"([0:1]={{"***","***"},{"***",NULL}})");
  CHECK(Masked(MaskMethod::kRedact, kOidNameArray, kFormatText, "{}") == "{}");
  CHECK(Masked(MaskMethod::kInitial, kOidTextArray, kFormatText, R"({"NULL"})") == R"({"N***"})");
  // hash: each element keyed like the column's values, so they still join.
  std::string one;
  REQUIRE(MaskValue(MaskMethod::kHash, kOidText, kFormatText, "ana@shop.io", kKey, &one) == MaskResult::kValue);
  CHECK(Masked(MaskMethod::kHash, kOidTextArray, kFormatText, "{ana@shop.io}") == "{\"" + one + "\"}");
  // Quotes and backslashes in a masked element are escaped.
  CHECK(Masked(MaskMethod::kEmail, kOidTextArray, kFormatText, R"({"a@x\"y"})") == R"({"***@x\"y"})");
}

TEST_CASE("mask array: null method, binary format and malformed text give NULL") {
  CHECK(Masked(MaskMethod::kNull, kOidTextArray, kFormatText, "{a}") == "<null>");
  CHECK(Masked(MaskMethod::kRedact, kOidTextArray, kFormatBinary, std::string("\0\0\0\1", 4)) == "<null>");
  for (const char* bad : {"", "a", "{a", "{a}}", "{a,}x", "{\"a}", "[1:2]{a}", "{a}{b}", "{{a}b}"})
    CHECK_MESSAGE(Masked(MaskMethod::kRedact, kOidTextArray, kFormatText, bad) == "<null>", bad);
  // Arrays of other types stay whole (NULL).
  CHECK(Masked(MaskMethod::kRedact, 1007 /* int4[] */, kFormatText, "{1,2}") == "<null>");
}
