// Internal to runtime/sql: PL/pgSQL's own syntax checks of embedded SQL,
// turned off where govern parses the same texts itself.
//
//   {
//     sql::PlpgsqlChecksOff off;                      // this thread, this scope
//     PgQueryPlpgsqlParseResult r = pg_query_parse_plpgsql(text);
//   }
//
// libpg_query compiles a body as PostgreSQL's validator does with
// check_function_bodies on: it sets plpgsql_check_syntax, so the PL/pgSQL
// grammar hands every embedded statement and expression to PostgreSQL's SQL
// grammar (check_sql_expr) and throws the tree away; only an error matters.
// The walker (plpgsql.cpp) parses each of those texts again to read it, so
// with the check every embedded statement was parsed twice: about 9% of the
// lint pass over the migrations (BENCHMARKS.md).
//
// How. Every binary that links govern_runtime links with --wrap=raw_parser
// (runtime/CMakeLists.txt): libpg_query's calls to raw_parser reach
// __wrap_raw_parser (plpgsql_checks.cpp), which returns an empty list without
// parsing when, on this thread, a PlpgsqlChecksOff is alive, the PL/pgSQL
// compile is checking syntax and the text is not a type name (a type name's
// tree would be used; libpg_query 15-4.0.0 parses none, its PL/pgSQL grammar
// calls raw_parser only from check_sql_expr, which discards the tree: check
// this again when libpg_query is upgraded). Everything else (the statement
// parse that finds the functions, pg_query_parse, pg_query_raw_parse) calls
// PostgreSQL's raw_parser unchanged.
//
// Why it is sound. The PL/pgSQL grammar delimits statements by its own tokens,
// never by the check's result, so the compiled function (and its JSON) is the
// same with or without the check. A text the check would reject is still
// parsed by the walker: when it parses in none of the walker's readings the
// statement is opaque, as it was when the whole compile failed; when it parses
// in another reading (an expression read as a statement, say), the walker
// reports facts of something PostgreSQL never runs (it rejects the function
// at CREATE, or the statement when it is first executed): more facts, never
// fewer. Every text PostgreSQL can run is read exactly as before.
#pragma once

namespace govern::sql {

class PlpgsqlChecksOff {
 public:
  PlpgsqlChecksOff() noexcept;
  ~PlpgsqlChecksOff();
  PlpgsqlChecksOff(const PlpgsqlChecksOff&) = delete;
  PlpgsqlChecksOff& operator=(const PlpgsqlChecksOff&) = delete;

  // How many check parses this thread has skipped (for tests).
  static unsigned long skipped() noexcept;

 private:
  bool was_;
};

}  // namespace govern::sql
