// govern: SQL-aware policy compiler and static analyzer for database governance.
#include <cstdio>
#include <string>

#include "commands.h"
#include "version.h"

int main(int argc, char** argv) {
  CLI::App app{
      "govern: policy compiler, SQL analyzer and linter for database governance.\n"
      "Policies in, verified bytecode bundles out; decisions on facts extracted from\n"
      "the real PostgreSQL parse tree.",
      "govern"};
  app.set_version_flag("-V,--version", std::string("govern ") + GOVERN_VERSION_STRING);
  app.require_subcommand(1);
  app.fallthrough(false);
  int exit_code = 0;
  govern::cli::RegisterBuild(app, &exit_code);
  govern::cli::RegisterCheck(app, &exit_code);
  govern::cli::RegisterInspect(app, &exit_code);
  govern::cli::RegisterTest(app, &exit_code);
  govern::cli::RegisterAnalyze(app, &exit_code);
  govern::cli::RegisterDecide(app, &exit_code);
  govern::cli::RegisterBench(app, &exit_code);
  try {
    app.parse(argc, argv);
  } catch (const CLI::ParseError& e) {
    int rc = app.exit(e);
    return rc == 0 ? 0 : 2;  // usage errors exit 2
  }
  return exit_code;
}
