// Internal to runtime/sql: PostgreSQL's raw parse tree, read in place.
//
//   raw::RawTree tree(sql);                  // pg_query_raw_parse: the grammar, no JSON
//   if (!tree.ok()) Report(tree.error(), tree.cursor());
//   std::string json = raw::ToJson(tree);    // what pg_query_parse returns, byte for byte
//
// pg_query_parse runs PostgreSQL's grammar and then writes the tree as JSON;
// the writing is more than half of its time (BENCHMARKS.md). A RawTree keeps
// the grammar's own nodes (in a PostgreSQL memory context it owns) and reads
// them through the generated tables of pg_raw_tables.h, which say how
// libpg_query names and writes each node and field. ToJson is the proof that
// the tables are exact (tests/unit/runtime/pg_raw_test.cpp compares it with
// pg_query_parse over the corpus) and the tracer of the format.
//
// REQUIRES: a RawTree is created, read and destroyed on one thread
// (libpg_query's memory contexts are per thread).
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

#include "sql/pg_raw_tables.h"

namespace govern::sql::raw {

class RawTree {
 public:
  // Parses `text`; a NUL byte reads as a space (as for pg_query_parse).
  explicit RawTree(std::string_view text);
  ~RawTree();
  RawTree(const RawTree&) = delete;
  RawTree& operator=(const RawTree&) = delete;

  bool ok() const { return ok_; }
  // PostgreSQL's message and the 1-based cursor position, when !ok().
  const std::string& error() const { return error_; }
  int cursor() const { return cursor_; }
  // The statements: a List of RawStmt nodes, or null when the text has none.
  const void* stmts() const { return stmts_; }

 private:
  void* context_ = nullptr;
  const void* stmts_ = nullptr;
  bool ok_ = false;
  std::string error_;
  int cursor_ = 0;
};

// The type of a node from its tag; null when libpg_query does not write the tag.
const TypeDef* TypeOf(const void* node);

// The fields of a type, in the order the JSON has them.
inline const FieldDef* FieldsBegin(const TypeDef& t) { return kFields + t.first_field; }
inline const FieldDef* FieldsEnd(const TypeDef& t) { return kFields + t.first_field + t.field_count; }

// A List's items (pointer cells) and length; a null list is empty.
int ListLength(const void* list);
const void* ListItem(const void* list, int i);

// The name of an enum value as the JSON writes it; null when not a value of the enum.
const char* EnumValueName(const EnumDef& e, int value);

// The tree as pg_query_parse's JSON ({"version":...,"stmts":[...]}).
std::string ToJson(const RawTree& tree);

}  // namespace govern::sql::raw
