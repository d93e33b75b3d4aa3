// Internal to runtime/sql: how libpg_query writes each PostgreSQL parse node
// as JSON, with the byte offsets of its fields in the structs of the library
// govern links (libpg_query 15-4.0.0). The tables are generated
// (pg_raw_tables.cpp, by scripts/gen_pg_nodes.py) and proven by re-serializing
// raw parse trees to JSON byte-identical to pg_query_parse's
// (tests/unit/runtime/pg_raw_test.cpp). Read through pg_raw.h.
#pragma once

#include <cstddef>
#include <cstdint>

namespace govern::sql::raw {

// How libpg_query's JSON writer writes a field (its WRITE_*_FIELD macros).
enum class FieldKind : uint8_t {
  kInt,              // signed integer of `size` bytes; omitted when 0
  kUInt,             // unsigned integer; omitted when 0
  kLong,             // long; omitted when 0
  kChar,             // one character as a string; omitted when '\0'
  kEnum,             // integer written by name (kEnums[aux]); always written
  kFloat,            // double written with %f; always written
  kBool,             // written only when true
  kString,           // char*, omitted when NULL
  kList,             // List* of nodes, omitted when NIL; a NULL item is {}
  kNodePtr,          // Node*, tagged, omitted when NULL
  kNode,             // an embedded node, tagged
  kSpecificNode,     // an embedded struct of type kTypes[aux], untagged
  kSpecificNodePtr,  // a pointer to a struct of type kTypes[aux], untagged, omitted when NULL
  kBitmapset,        // Bitmapset*, written as an array of members, omitted when empty
};

// Node types libpg_query writes by hand instead of from the field list.
enum class Special : uint8_t { kNone, kInteger, kBoolean, kFloat, kString, kBitString, kList, kIntList, kOidList, kAConst };

struct FieldDef {
  const char* name;  // as the JSON spells it
  uint16_t name_len;
  FieldKind kind;
  uint8_t size;      // sizeof the field
  uint16_t offset;   // offsetof the field
  uint16_t aux;      // kEnum: index into kEnums; kSpecificNode(Ptr): index into kTypes
};

struct TypeDef {
  const char* name;  // the JSON's tag ("SelectStmt")
  uint16_t name_len;
  int tag;           // the NodeTag value; -1 for structs only written as specific fields
  uint16_t first_field;
  uint16_t field_count;
  Special special;
  uint16_t size;     // sizeof the struct
};

struct EnumName {
  int value;
  const char* name;
};

struct EnumDef {
  const char* name;
  uint16_t first;  // into kEnumNames, sorted by value
  uint16_t count;
};

// A field read by the hand-written writers: its offset and size.
struct FieldAt {
  uint16_t offset;
  uint16_t size;
};

extern const int kPgVersionNum;
extern const FieldAt kIntegerIval, kBooleanBoolval, kFloatFval, kStringSval, kBitStringBsval;
extern const FieldAt kAConstVal, kAConstIsnull, kAConstLocation;  // A_Const.val is a union of value nodes
extern const FieldAt kListLength, kListElements;                   // elements: ListCell*, 8-byte cells
extern const EnumName kEnumNames[];
extern const EnumDef kEnums[];
extern const FieldDef kFields[];
extern const TypeDef kTypes[];
extern const size_t kTypeCount;
extern const size_t kFieldCount;
extern const size_t kEnumCount;

}  // namespace govern::sql::raw
