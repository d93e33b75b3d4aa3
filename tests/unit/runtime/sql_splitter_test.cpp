#include <doctest/doctest.h>

#include <string>
#include <vector>

#include "sql/splitter.h"

using govern::sql::SplitStatements;
using govern::sql::TextRange;

static std::vector<std::string> Split(std::string_view sql) {
  std::vector<TextRange> ranges;
  SplitStatements(sql, &ranges);
  std::vector<std::string> out;
  for (TextRange r : ranges) out.emplace_back(sql.substr(r.offset, r.length));
  return out;
}

TEST_CASE("splitter honours quotes, comments, dollar quotes and BEGIN ATOMIC") {
  CHECK(Split("select 1; select 2") == std::vector<std::string>{"select 1", "select 2"});
  CHECK(Split("select ';'; select \"a;b\"") == std::vector<std::string>{"select ';'", "select \"a;b\""});
  CHECK(Split("select E'\\';'; x") == std::vector<std::string>{"select E'\\';'", "x"});
  CHECK(Split("select $t$ ; $t$; do $$ a; b $$") == std::vector<std::string>{"select $t$ ; $t$", "do $$ a; b $$"});
  CHECK(Split("/* a; /* nested; */ ; */ select 1; -- c;\n select 2") ==
        std::vector<std::string>{"select 1", "select 2"});
  CHECK(Split("create function f() returns int begin atomic select 1; select 2; end; select 3") ==
        std::vector<std::string>{"create function f() returns int begin atomic select 1; select 2; end", "select 3"});
  CHECK(Split("select (1;2); x") == std::vector<std::string>{"select (1;2)", "x"});
  CHECK(Split(";;  ; -- only comments\n") == std::vector<std::string>{});
  CHECK(Split("select $1; select a$b$c") == std::vector<std::string>{"select $1", "select a$b$c"});
  CHECK(Split("select 'unterminated; x") == std::vector<std::string>{"select 'unterminated; x"});
}
