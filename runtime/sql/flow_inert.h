// Internal to runtime/sql: which statements the repository flow's structure
// pass can leave unparsed.
//
//   if (sql::InertInFlow(piece_text)) continue;  // Apply would do nothing with it
//
// The structure pass (catalog_flow.cpp, through DdlLoader) applies CREATE
// TABLE/VIEW/SCHEMA, ALTER, COMMENT ON COLUMN, SET search_path and the
// statements that derive tags (INSERT/UPDATE/MERGE, SELECT INTO, WITH, CREATE
// TABLE AS); DdlLoader::Apply ignores every other statement, and a monotone
// flow ignores DROP. Most of a regression suite's text, and a migration's
// indexes, grants and functions, are such statements: recognising them by
// their leading words spares PostgreSQL's grammar on them.
//
// Sound by construction of the answer: true only for a statement whose
// leading words make it one Apply ignores whatever follows (SELECT without
// the letters INTO anywhere, SET without `search_path` anywhere, CREATE INDEX,
// GRANT, ...); anything unknown, unusual or unsure is false (parsed, as
// before). tests/unit/runtime/flow_inert_test.cpp parses every statement of
// the corpus it calls inert and requires one Apply ignores, and
// catalog_flow_test requires the flow's catalog, tags and derivation records
// to equal those of a flow that parses everything.
#pragma once

#include <string_view>

namespace govern::sql {

// Whether `stmt` (one statement as SplitStatements gives it: leading
// whitespace and comments skipped, without its `;`) is certainly one the
// DDL loader's Apply ignores in a monotone flow (DdlOptions::monotone: DROP
// is ignored too). REQUIRES: the caller applies DROP monotonically.
bool InertInFlow(std::string_view stmt);

}  // namespace govern::sql
