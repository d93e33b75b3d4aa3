// The checker's diagnostics: type errors, unknown names with did-you-mean,
// positions with a caret, no cascades, many errors per run.
#include <doctest/doctest.h>

#include "driver/compile.h"

using namespace govern::compiler;

namespace {

std::string Diags(const std::string& text) {
  auto r = CompileText("t.policy", text);
  return r->diagnostics.Render();
}

}  // namespace

TEST_CASE("unknown attribute: position, caret and did-you-mean") {
  std::string d = Diags("policy p {\n  rule r {\n    when identity.purpos == \"training\"\n    deny \"x\"\n  }\n}\n");
  CHECK(d.find("t.policy:3:10: error: unknown attribute or statement kind `identity.purpos`") != std::string::npos);
  CHECK(d.find("did you mean `identity.purpose`?") != std::string::npos);
  CHECK(d.find("^~~~~~~~~~~~~~~") != std::string::npos);
}

TEST_CASE("unknown statement kind suggests the right one") {
  std::string d = Diags("policy p { rule r { when statement.kind in {delet, update} deny \"x\" } }");
  CHECK(d.find("unknown attribute or statement kind `delet`") != std::string::npos);
  CHECK(d.find("did you mean `delete`?") != std::string::npos);
}

TEST_CASE("type errors") {
  CHECK(Diags("policy p { rule r { when env == 3 deny \"x\" } }").find("cannot compare string with number") !=
        std::string::npos);
  CHECK(Diags("policy p { rule r { when statement.kind == \"delete\" deny \"x\" } }")
            .find("statement kinds are written without quotes") != std::string::npos);
  CHECK(Diags("policy p { rule r { when env deny \"x\" } }").find("needs a bool, found a string") != std::string::npos);
  CHECK(Diags("policy p { rule r { when env < \"a\" deny \"x\" } }").find("needs numbers") != std::string::npos);
  CHECK(Diags("policy p { rule r { when reads(\"x\") deny \"x\" } }").find("takes a selector") != std::string::npos);
  CHECK(Diags("policy p { rule r { when redas(tag \"x\") deny \"x\" } }").find("did you mean `reads`?") !=
        std::string::npos);
  CHECK(Diags("policy p { rule r { mask tag \"x\" with redakt } }").find("did you mean `redact`?") !=
        std::string::npos);
  CHECK(Diags("policy p { rule r { when {\"a\", delete} deny \"x\" } }").find("cannot mix") != std::string::npos);
}

TEST_CASE("many errors per run, no cascades") {
  auto r = CompileText("t.policy",
                       "policy p {\n rule a { when idenity.user == \"x\" and env == 1 deny \"x\" }\n"
                       " rule b { when statement.kind == \"drop\" deny \"y\" }\n"
                       " rule c { when nope deny \"{missing}\" }\n}\n");
  // idenity.user (1), env == 1 is fine on its own but... counted: a has 2 independent errors.
  CHECK(r->diagnostics.error_count() == 5);
}

TEST_CASE("duplicate rule ids name the first definition") {
  std::string d = Diags("policy p { rule a { deny \"x\" } }\npolicy p { rule a { deny \"y\" } }\n");
  CHECK(d.find("duplicate rule id `p.a`") != std::string::npos);
  CHECK(d.find("first defined at t.policy:1:12") != std::string::npos);
}

TEST_CASE("syntax errors are reported with positions, not crashes") {
  std::string d = Diags("policy p { rule r { when and deny \"x\" } }");
  CHECK(d.find("t.policy:1:26: error:") != std::string::npos);
  CHECK(Diags("policy p { rule r { deny \"unterminated } }").find("error") != std::string::npos);
  CHECK(Diags("policy p { rule r { deny \"bad {\" } }").find("unterminated `{`") != std::string::npos);
  CHECK(Diags("policy p { rule r { deny \"bad \\q\" } }").find("unknown escape") != std::string::npos);
  CHECK(Diags("policy p { rule r { deny \"{}\" } }").find("empty interpolation") != std::string::npos);
  CHECK(Diags("policy p { rule r { } }").find("error") != std::string::npos);
  CHECK(Diags("@").find("error") != std::string::npos);
  CHECK(Diags("policy p { rule r { deny \"\xff\xfe\" } }").find("t.policy:1:27: error: the file is not valid UTF-8") !=
        std::string::npos);
  CHECK(Diags("policy \xc0\x80 {}").find("not valid UTF-8") != std::string::npos);  // overlong
  CHECK(Diags("policy p \"caf\xc3\xa9\" { rule r { deny \"ok\" } }") == "");  // valid UTF-8 is fine
}

TEST_CASE("deep nesting is an error, not a stack overflow") {
  std::string deep = "policy p { rule r { when " + std::string(5000, '(') + "true" + std::string(5000, ')') +
                     " deny \"x\" } }";
  CHECK(Diags(deep).find("nesting is deeper than") != std::string::npos);
  std::string nots = "policy p { rule r { when ";
  for (int i = 0; i < 5000; ++i) nots += "not ";
  nots += "true deny \"x\" } }";
  CHECK(Diags(nots).find("nesting is deeper than") != std::string::npos);
  std::string chain = "policy p { rule r { when true";
  for (int i = 0; i < 20000; ++i) chain += " or true";
  chain += " deny \"x\" } }";
  CHECK(Diags(chain).find("expression nests deeper") != std::string::npos);
}

TEST_CASE("test blocks are checked") {
  std::string d = Diags(R"(policy p { rule a { deny "x" } }
test "t" {
  identity { usr: "x", groups: "notaset" }
  sql "SELECT 1"
  expect deny by p.b
  expect dney
})");
  CHECK(d.find("unknown identity field `usr`") != std::string::npos);
  CHECK(d.find("takes a set") != std::string::npos);
  CHECK(d.find("expects unknown rule `p.b`") != std::string::npos);
  CHECK(d.find("did you mean `deny`?") != std::string::npos);
}
