// govern: SQL-aware policy compiler and static analyzer for database governance.
#include <cstdio>
#include <algorithm>
#include <string>
#include <vector>

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
  govern::cli::RegisterLint(app, &exit_code);
  govern::cli::RegisterLineage(app, &exit_code);
  govern::cli::RegisterTest(app, &exit_code);
  govern::cli::RegisterAnalyze(app, &exit_code);
  govern::cli::RegisterDecide(app, &exit_code);
  govern::cli::RegisterBench(app, &exit_code);
  govern::cli::RegisterExplain(app, &exit_code);
  govern::cli::RegisterCatalog(app, &exit_code);
  govern::cli::RegisterProxy(app, &exit_code);
  govern::cli::RegisterIdentity(app, &exit_code);
  govern::cli::RegisterApprovals(app, &exit_code);
  govern::cli::RegisterConsole(app, &exit_code);
  govern::cli::RegisterAudit(app, &exit_code);
  govern::cli::RegisterExposure(app, &exit_code);
  govern::cli::RegisterInit(app, &exit_code);
  // Installed as `govern-lint`, the program is `govern lint`.
  std::string self = argv[0];
  self = self.substr(self.find_last_of('/') == std::string::npos ? 0 : self.find_last_of('/') + 1);
  std::vector<std::string> args(argv + 1, argv + argc);
  if (self == "govern-lint") args.insert(args.begin(), "lint");
  if (!args.empty() && !args[0].empty() && args[0][0] != '-') {
    bool known = false;
    for (const CLI::App* sub : app.get_subcommands({})) known = known || sub->get_name() == args[0];
    if (!known) {
      std::fprintf(stderr, "govern: unknown command `%s` (see govern --help)\n", args[0].c_str());
      return 2;
    }
  }
  std::reverse(args.begin(), args.end());  // CLI11 takes them in reverse
  try {
    app.parse(args);
  } catch (const CLI::ParseError& e) {
    int rc = app.exit(e);
    return rc == 0 ? 0 : 2;  // usage errors exit 2
  }
  return exit_code;
}
