// Tag policies fail closed without a catalog: the engine (what decide, lint,
// bench and the proxy load) refuses a program whose tag selectors can match
// no column, unless EngineOptions::allow_no_catalog says otherwise.
#include <doctest/doctest.h>

#include <unistd.h>

#include <cstdio>
#include <fstream>
#include <string>

#include "driver/compile.h"
#include "govern/govern.h"

using namespace govern;

namespace {

ProgramData ProgramOf(const std::string& text) {
  auto compiled = compiler::CompileText("t.policy", text);
  REQUIRE_MESSAGE(compiled->program, compiled->diagnostics.Render());
  return *compiled->program;
}

std::string WriteTemp(const std::string& name, const std::string& text) {
  std::string path = "/tmp/govern-no-catalog-" + std::to_string(::getpid()) + "-" + name;
  std::ofstream(path) << text;
  return path;
}

const char* kTagPolicy = R"(policy pii { rule r { when reads(tag "pii.*") deny "x" } rule m { mask tag "pii.email" with email } })";

}  // namespace

TEST_CASE("engine: tag selectors without a catalog are refused unless allowed") {
  auto refused = Engine::FromProgram(ProgramOf(kTagPolicy), {});
  REQUIRE_FALSE(refused.ok());
  const std::string& m = refused.status().message();
  CHECK(m.rfind("no catalog: the policies select columns by tag (tag \"pii.*\" in pii.r; tag \"pii.email\" in pii.m)", 0) == 0);
  CHECK(m.find("--allow-no-catalog") != std::string::npos);

  EngineOptions allow;
  allow.allow_no_catalog = true;
  auto allowed = Engine::FromProgram(ProgramOf(kTagPolicy), allow);
  REQUIRE(allowed.ok());
  CHECK_FALSE(CheckTagSelectorsCanMatch((*allowed)->program()).ok());
  CHECK((*allowed)->program().UnmatchableTagSelectors().size() == 2);
}

TEST_CASE("engine: a catalog whose columns carry none of the tags is refused too") {
  std::string ddl = WriteTemp("schema.sql", "CREATE TABLE customers (id int, email text);\n");
  EngineOptions options;
  options.catalog_paths = {ddl};
  auto refused = Engine::FromProgram(ProgramOf(kTagPolicy), options);
  REQUIRE_FALSE(refused.ok());
  CHECK(refused.status().message().rfind("no tagged column: ", 0) == 0);

  // One matching tag selector is enough: the others are warnings.
  std::string tags = WriteTemp("tags.tsv", "public.customers.email\tpii.email\n");
  options.catalog_paths = {ddl, tags};
  auto ok = Engine::FromProgram(ProgramOf(R"(policy p { rule a { when reads(tag "pii.*") deny "x" }
                                                       rule b { when reads(tag "secret") deny "y" } })"),
                                options);
  REQUIRE(ok.ok());
  CHECK((*ok)->program().UnmatchableTagSelectors().empty());
  bool warned = false;
  for (const std::string& w : (*ok)->warnings()) warned = warned || w.find("tag \"secret\" (p.b) matches no column") != std::string::npos;
  CHECK(warned);
  std::remove(ddl.c_str());
  std::remove(tags.c_str());
}

TEST_CASE("engine: programs without tag selectors need no catalog") {
  auto engine = Engine::FromProgram(ProgramOf(R"(policy p { rule r { when reads(column "public.t.*") deny "x" } })"), {});
  CHECK(engine.ok());
}

TEST_CASE("check/build: one warning when tag selectors meet no catalog") {
  compiler::CompileOptions options;
  std::string file = WriteTemp("p.policy", kTagPolicy);
  options.inputs = {file};
  options.warn_tags_without_catalog = true;
  auto result = compiler::Compile(options);
  CHECK(result->diagnostics.warning_count() == 1);
  CHECK(result->diagnostics.Render().find("no catalog: tag selectors match nothing without one (2 tag selectors)") !=
        std::string::npos);
  options.warn_tags_without_catalog = false;  // govern test and --policy engines: no warning
  CHECK(compiler::Compile(options)->diagnostics.warning_count() == 0);
  std::remove(file.c_str());
}
