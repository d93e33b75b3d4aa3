// Internal to runtime/sql: what the walker reads of a PL/pgSQL body, taken
// from PL/pgSQL's compiled function in place instead of libpg_query's JSON.
//
//   std::string outline;
//   {
//     sql::PlpgsqlOutlineScope scope(&outline);           // this thread, this scope
//     PgQueryPlpgsqlParseResult r = pg_query_parse_plpgsql(text);
//   }
//   // r.error == nullptr: `outline` holds every function's variables and expressions
//
// Why. pg_query_parse_plpgsql compiles each function of a text and writes it
// as JSON (plpgsqlToJSON); the walker then parsed that JSON into a DOM to read
// two things: the names of the function's variables (its datums' refnames)
// and every embedded expression, with the statement and field it is in (which
// decides how PL/pgSQL parses it). Writing and reading the JSON was about 8%
// of the lint pass over the migrations (BENCHMARKS.md).
//
// How. Every binary that links govern_runtime links with
// --wrap=plpgsqlToJSON (runtime/CMakeLists.txt): while a PlpgsqlOutlineScope
// is alive on the thread, __wrap_plpgsqlToJSON reads the PLpgSQL_function in
// place (field offsets generated from the release's headers:
// sql/plpgsql_layout.h, scripts/gen_plpgsql_layout.py), appends its outline
// and returns "{}"; otherwise it calls libpg_query's writer unchanged.
//
// The outline is exactly what the walker read of the JSON, in the same order
// (proven on every corpus statement by tests/unit/runtime/plpgsql_outline_test.cpp,
// which reads the JSON the old way): first every function's variables, then
// every function's expressions, each with how it is parsed and the depth of
// JSON objects it was found at (the walker's depth limit counts them), and a
// marker each time a pass goes one object deeper than before. A body whose
// JSON would not have been valid (an unknown datum type, a string that is not
// UTF-8) outlines as broken: the walker makes it opaque, as the JSON did.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

namespace govern::sql {

// How PL/pgSQL parses an embedded text (pl_gram.y's parse modes).
enum class PlpgsqlText : uint8_t {
  kStatement,   // a whole statement (RAW_PARSE_DEFAULT): execsql, PERFORM, CALL, FOR/RETURN QUERY/OPEN ... SELECT, a cursor's query
  kExpression,  // an expression or anything else (read as a statement when it parses as one, else after SELECT)
  kAssignment,  // target := expression
  kDynamic,     // EXECUTE's string: a literal is read as SQL, anything else is opaque
};

// How an expression under `field` of statement `parent_tag` (a
// "PLpgSQL_stmt_*" name, "dynquery", "params" or "" for a datum) is parsed.
PlpgsqlText PlpgsqlHow(std::string_view parent_tag, std::string_view field);

// The outline's records (one byte of kind, then the fields; lengths and
// depths as 4-byte little-endian integers).
namespace outline {
inline constexpr char kBroken = 'X';     // first and only record: the body is opaque
inline constexpr char kVariable = 'V';   // name
inline constexpr char kMainPass = 'M';   // the variables are over; expressions follow
inline constexpr char kDepth = 'D';      // depth: the pass entered an object this deep, deeper than before
inline constexpr char kExpression = 'E'; // how (1 byte), depth, query

void AppendVariable(std::string* out, std::string_view name);
void AppendDepth(std::string* out, uint32_t depth);
void AppendExpression(std::string* out, PlpgsqlText how, uint32_t depth, std::string_view query);

struct Record {
  char kind = 0;
  PlpgsqlText how = PlpgsqlText::kExpression;
  uint32_t depth = 0;
  std::string_view text;  // a variable's name or an expression's query
};
// Reads the record at `*at` and moves past it; false at the end (or on a
// truncated record).
bool Next(std::string_view outline, size_t* at, Record* record);
}  // namespace outline

// While alive, pg_query_parse_plpgsql calls on this thread write the outline
// of every function they compile to `out` (which is cleared) instead of JSON.
class PlpgsqlOutlineScope {
 public:
  explicit PlpgsqlOutlineScope(std::string* out);
  ~PlpgsqlOutlineScope();
  PlpgsqlOutlineScope(const PlpgsqlOutlineScope&) = delete;
  PlpgsqlOutlineScope& operator=(const PlpgsqlOutlineScope&) = delete;

 private:
  std::string* out_;
};

}  // namespace govern::sql
