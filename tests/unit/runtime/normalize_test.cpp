// NormalizeStatement: constants become $n and comments go (the audit's `sql`
// never carries free text), quoted text is kept whole.
#include <doctest/doctest.h>

#include "sql/fingerprint.h"

using govern::NormalizeStatement;
using govern::StripSqlComments;

TEST_CASE("normalized statements carry neither constants nor comments") {
  CHECK(NormalizeStatement("SELECT email FROM customers WHERE id = 42") == "SELECT email FROM customers WHERE id = $1");
  CHECK(NormalizeStatement("SELECT 1 -- token=hunter2\nFROM t") == "SELECT $1 \nFROM t");
  CHECK(NormalizeStatement("/* password: s3cret /* nested */ still */ SELECT a FROM t WHERE b = 'x'") ==
        "SELECT a FROM t WHERE b = $1");
  std::string n = NormalizeStatement("SELECT a /* key=abc */ FROM t -- trailing");
  CHECK(n.find("abc") == std::string::npos);
  CHECK(n.find("trailing") == std::string::npos);
  // Text that does not parse is returned as is (the audit writes "" for it).
  CHECK(NormalizeStatement("SELEC oops") == "SELEC oops");
}

TEST_CASE("comment markers inside quoted text are not comments") {
  CHECK(StripSqlComments("SELECT \"a--b\" FROM t -- c") == "SELECT \"a--b\" FROM t");
  CHECK(StripSqlComments("COPY t TO '/tmp/x--y' /* z */") == "COPY t TO '/tmp/x--y'");
  CHECK(StripSqlComments("SELECT 'it''s /* not */ a comment'") == "SELECT 'it''s /* not */ a comment'");
  CHECK(StripSqlComments("SELECT E'\\' -- still string' -- gone") == "SELECT E'\\' -- still string'");
  CHECK(StripSqlComments("CREATE FUNCTION f() RETURNS int AS $b$ SELECT 1 -- kept $b$ LANGUAGE sql -- gone") ==
        "CREATE FUNCTION f() RETURNS int AS $b$ SELECT 1 -- kept $b$ LANGUAGE sql");
  CHECK(StripSqlComments("SELECT $1 -- p\n, $2") == "SELECT $1 \n, $2");
  CHECK(StripSqlComments("SELECT 1 /* unterminated") == "SELECT 1");
}
