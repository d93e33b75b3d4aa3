#include <doctest/doctest.h>

#include <string>

#include "core/glob.h"

using govern::GlobMatch;

TEST_CASE("glob: literals, stars and question marks") {
  CHECK(GlobMatch("pii.email", "pii.email"));
  CHECK_FALSE(GlobMatch("pii.email", "pii.emails"));
  CHECK(GlobMatch("pii.*", "pii.email"));
  CHECK(GlobMatch("pii.*", "pii."));
  CHECK_FALSE(GlobMatch("pii.*", "pii"));
  CHECK(GlobMatch("*", ""));
  CHECK(GlobMatch("public.*.email", "public.customers.email"));
  CHECK_FALSE(GlobMatch("public.*.email", "public.customers.email_hash"));
  CHECK(GlobMatch("pg_read_?ile", "pg_read_file"));
  CHECK(GlobMatch("*a*b*c*", "xxaxxbxxcxx"));
  CHECK_FALSE(GlobMatch("*a*b*c*", "xxaxxcxxbxx"));
}

TEST_CASE("glob: pathological patterns stay linear") {
  std::string text(5000, 'a');
  std::string pattern;
  for (int i = 0; i < 50; ++i) pattern += "*a";
  pattern += "b";
  CHECK_FALSE(GlobMatch(pattern, text));
}
