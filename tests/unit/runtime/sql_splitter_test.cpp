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

TEST_CASE("splitter: a psql meta-command line is its own piece") {
  std::string_view sql = "\\set ON_ERROR_STOP on\nselect 1\n  \\i file.sql\nselect '\n\\x'; select $$\n\\y$$;\n\\copy t from 'a;b'";
  std::vector<TextRange> ranges;
  SplitStatements(sql, &ranges);
  std::vector<std::string> text;
  std::vector<bool> meta;
  for (TextRange r : ranges) {
    text.emplace_back(sql.substr(r.offset, r.length));
    meta.push_back(r.meta);
  }
  CHECK(text == std::vector<std::string>{"\\set ON_ERROR_STOP on", "select 1", "\\i file.sql", "select '\n\\x'",
                                         "select $$\n\\y$$", "\\copy t from 'a;b'"});
  CHECK(meta == std::vector<bool>{true, false, true, false, false, true});
  // A backslash that does not start a line is not a meta-command here.
  CHECK(Split("select 1 \\gset x; select 2") == std::vector<std::string>{"select 1 \\gset x", "select 2"});
}
