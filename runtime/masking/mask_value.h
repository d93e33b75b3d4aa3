// Mask methods applied to one value as PostgreSQL sends it: a result field
// (DataRow, CopyData) of a given type OID in text or binary format. The
// masked value is always one the declared type accepts, so drivers (psycopg,
// JDBC, libpq) parse it as that type; where a method has no meaning for a
// type it falls back as the table in docs/policy-language.md ("Mask methods
// by type") says, NULL at worst. Pure functions: no sockets, no state.
//
//   std::string out;
//   MaskResult r = MaskValue(MaskMethod::kEmail, kOidText, kFormatText, "ana@shop.io", key, &out);
//   // r == MaskResult::kValue, out == "***@shop.io"
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

#include "bundle/program.h"

namespace govern {

// Type OIDs PostgreSQL fixes in pg_type.dat (stable across versions).
enum PgType : uint32_t {
  kOidBool = 16,
  kOidBytea = 17,
  kOidChar = 18,
  kOidName = 19,
  kOidInt8 = 20,
  kOidInt2 = 21,
  kOidInt4 = 23,
  kOidText = 25,
  kOidJson = 114,
  kOidUnknown = 705,
  kOidBpchar = 1042,
  kOidVarchar = 1043,
  kOidNumeric = 1700,
  kOidRecord = 2249,
  kOidUuid = 2950,
  kOidJsonb = 3802,
  // Arrays of the text types (masking/mask_array.h).
  kOidNameArray = 1003,
  kOidTextArray = 1009,
  kOidBpcharArray = 1014,
  kOidVarcharArray = 1015,
  // Not a PostgreSQL OID: a known type masks have no special form for (date,
  // timestamp, ...): every method gives NULL (what a catalog type name maps to).
  kOidOtherType = 0xffffffffu,
};

inline constexpr int16_t kFormatText = 0;
inline constexpr int16_t kFormatBinary = 1;

enum class MaskResult : uint8_t {
  kValue = 0,  // `out` holds the masked value
  kNull = 1,   // the masked value is NULL
};

// How a method treats a type: what docs/policy-language.md's table shows.
enum class TypeClass : uint8_t { kText, kJson, kBytea, kInteger, kNumeric, kUuid, kOther };
TypeClass ClassOfType(uint32_t type_oid) noexcept;

// Masks `value` (a non-NULL field) of type `type_oid` in `format` (0 text,
// 1 binary) with `method`; appends the masked bytes to `out` (cleared
// first). `hash_key`: the deployment's secret for `hash` (HMAC-SHA-256);
// without one, `hash` masks to NULL (never an unkeyed hash). A value that is malformed for
// its type (it never is from PostgreSQL) masks to NULL.
MaskResult MaskValue(MaskMethod method, uint32_t type_oid, int16_t format, std::string_view value,
                     std::string_view hash_key, std::string* out);

// HMAC-SHA-256 of `message` under `key`.
std::string HmacSha256(std::string_view key, std::string_view message);

}  // namespace govern
