// PlpgsqlChecksOff and the raw_parser wrapper it switches (see the header).
#include "sql/plpgsql_checks.h"

struct List;

extern "C" {
// libpg_query's copy of pl_comp.c's flag (thread-local in libpg_query): true
// while a PL/pgSQL compile checks the syntax of embedded SQL.
extern __thread bool plpgsql_check_syntax;
// PostgreSQL's raw_parser (parser/parser.c), renamed by --wrap=raw_parser.
List* __real_raw_parser(const char* str, int mode);
List* __wrap_raw_parser(const char* str, int mode);
}

namespace govern::sql {
namespace {

constexpr int kRawParseTypeName = 1;  // RAW_PARSE_TYPE_NAME (parser/parser.h)
thread_local bool checks_off = false;
thread_local unsigned long skipped_checks = 0;

bool SkipRawParse(int mode) noexcept {
  if (!checks_off || !plpgsql_check_syntax || mode == kRawParseTypeName) return false;
  ++skipped_checks;
  return true;
}

}  // namespace

// plpgsql_check_syntax is left set after a compile: cleared on entry so the
// first parse of the next pg_query_parse_plpgsql (the CREATE FUNCTION
// statement itself) is not mistaken for a check, and on exit.
PlpgsqlChecksOff::PlpgsqlChecksOff() noexcept : was_(checks_off) {
  checks_off = true;
  plpgsql_check_syntax = false;
}

PlpgsqlChecksOff::~PlpgsqlChecksOff() {
  checks_off = was_;
  plpgsql_check_syntax = false;
}

unsigned long PlpgsqlChecksOff::skipped() noexcept { return skipped_checks; }

}  // namespace govern::sql

extern "C" List* __wrap_raw_parser(const char* str, int mode) {
  if (govern::sql::SkipRawParse(mode)) return nullptr;  // NIL: check_sql_expr discards the tree
  return __real_raw_parser(str, mode);
}
