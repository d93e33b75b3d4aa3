// SQL cursor statements read from their text (session/cursor_text.h).
#include <doctest/doctest.h>

#include "session/cursor_text.h"

using namespace govern::proxy;
using Op = CursorStatement::Op;

TEST_CASE("cursor text: DECLARE gives the name, WITH HOLD and the query") {
  CursorStatement c = ParseCursorStatement("DECLARE c CURSOR FOR SELECT email FROM t;");
  CHECK(c.op == Op::kDeclare);
  CHECK(c.name == "c");
  CHECK_FALSE(c.hold);
  CHECK(c.query == "SELECT email FROM t");
  c = ParseCursorStatement(" declare \"My \"\"Cur\"\"\" binary no scroll cursor with hold for\n  /* q */ VALUES (1)");
  CHECK(c.op == Op::kDeclare);
  CHECK(c.name == "My \"Cur\"");
  CHECK(c.hold);
  CHECK(c.query == "VALUES (1)");  // comments before it skipped
  c = ParseCursorStatement("-- psql\nDECLARE _psql_cursor NO SCROLL CURSOR WITHOUT HOLD FOR SELECT 1");
  CHECK(c.op == Op::kDeclare);
  CHECK(c.name == "_psql_cursor");
  CHECK_FALSE(c.hold);
  CHECK(ParseCursorStatement("DECLARE Big CURSOR FOR SELECT 1").name == "big");
  // Not a cursor declaration it understands.
  CHECK(ParseCursorStatement("DECLARE c CURSOR").op == Op::kNone);
  CHECK(ParseCursorStatement("DECLARE c CURSOR FOR").op == Op::kNone);
  CHECK(ParseCursorStatement("DECLARE c FOR SELECT 1").op == Op::kNone);
  CHECK(ParseCursorStatement("SELECT 1").op == Op::kNone);
}

TEST_CASE("cursor text: FETCH and MOVE name the cursor last, whatever the direction") {
  for (const char* sql : {"FETCH c", "FETCH NEXT FROM c", "fetch forward 10 in c;", "FETCH ABSOLUTE -2 FROM c",
                          "FETCH BACKWARD ALL FROM c", "FETCH 5 c", "FETCH PRIOR IN c", "FETCH RELATIVE +3 FROM c"}) {
    CursorStatement c = ParseCursorStatement(sql);
    CHECK_MESSAGE(c.op == Op::kFetch, sql);
    CHECK_MESSAGE(c.name == "c", sql);
  }
  CursorStatement m = ParseCursorStatement("MOVE LAST IN \"C\"");
  CHECK(m.op == Op::kMove);
  CHECK(m.name == "C");
  CHECK(ParseCursorStatement("FETCH").op == Op::kNone);
}

TEST_CASE("cursor text: CLOSE one or ALL") {
  CursorStatement c = ParseCursorStatement("CLOSE c");
  CHECK(c.op == Op::kClose);
  CHECK(c.name == "c");
  CHECK_FALSE(c.all);
  c = ParseCursorStatement("close all;");
  CHECK(c.op == Op::kClose);
  CHECK(c.all);
  CHECK(c.name.empty());
  CHECK(ParseCursorStatement("CLOSE \"all\"").name == "all");
  CHECK_FALSE(ParseCursorStatement("CLOSE \"all\"").all);
}
