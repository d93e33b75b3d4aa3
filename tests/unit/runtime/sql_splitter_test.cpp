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

TEST_CASE("splitter: a -- comment ends at CR too; BEGIN ATOMIC needs the two words together; joined pieces") {
  // PostgreSQL's scanner ends a -- comment at \n or \r.
  CHECK(Split("grant select on x to u;\r-- b\rcreate table b (y int);\rcreate table c (z int);\r") ==
        std::vector<std::string>{"grant select on x to u", "create table b (y int)", "create table c (z int)"});
  // Two column names are not a BEGIN ATOMIC body.
  CHECK(Split("select begin, atomic from jobs;\ncreate table t (a int)") ==
        std::vector<std::string>{"select begin, atomic from jobs", "create table t (a int)"});
  CHECK(Split("create function f() returns int begin /* c */ atomic select 1; end; x") ==
        std::vector<std::string>{"create function f() returns int begin /* c */ atomic select 1; end", "x"});
  // A piece holding a `;` it was not ended at says so (the repository flow
  // parses such a piece rather than trust the guess).
  std::vector<TextRange> ranges;
  SplitStatements("select (1;2); select 3; create function f() returns int begin atomic select 1; end", &ranges);
  REQUIRE(ranges.size() == 3);
  CHECK(ranges[0].joined);
  CHECK_FALSE(ranges[1].joined);
  CHECK(ranges[2].joined);
}

TEST_CASE("splitter: an E'' string continued across a newline keeps its escapes, as PostgreSQL's scanner") {
  // E'x' <newline> '\'; ...' is one string: x'; ... (scan.l's quotecontinue).
  CHECK(Split("select E'x'\n'\\'; create table b (y int); --'\n; select 2") ==
        std::vector<std::string>{"select E'x'\n'\\'; create table b (y int); --'", "select 2"});
  CHECK(Split("select e'x'  \r\n \n '\\';'; select 2") ==
        std::vector<std::string>{"select e'x'  \r\n \n '\\';'", "select 2"});
  // A comment between the two parts ends the string (libpg_query 15).
  CHECK(Split("select e'x' -- c\n'\\'; select 2") == std::vector<std::string>{"select e'x' -- c\n'\\'", "select 2"});
  // No newline between: two strings (a syntax error to PostgreSQL), read apart.
  CHECK(Split("select E'x' '\\'; select 2") == std::vector<std::string>{"select E'x' '\\'", "select 2"});
  // A standard string's continuation reads alike either way.
  CHECK(Split("select 'a'\n'b;'; select 2") == std::vector<std::string>{"select 'a'\n'b;'", "select 2"});
  // After a dollar quote, E' starts an E'' string.
  CHECK(Split("select $$a$$E'\\';'; select 2") == std::vector<std::string>{"select $$a$$E'\\';'", "select 2"});
}
