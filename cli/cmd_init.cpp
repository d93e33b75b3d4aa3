// govern init [DIR] [--dsn URL [--sample N]] [--policies DIR] [--force]
#include <filesystem>
#include <memory>

#include "commands.h"
#include "init.h"
#include "version.h"

namespace govern::cli {

std::string StandardPolicies() {
  std::error_code ec;
  for (const char* dir : {GOVERN_INSTALLED_POLICIES, GOVERN_SOURCE_POLICIES})
    if (std::filesystem::is_directory(dir, ec)) return dir;
  return "";
}

void RegisterInit(CLI::App& app, int* exit_code) {
  auto o = std::make_shared<onboard::InitOptions>();
  CLI::App* cmd = app.add_subcommand("init", "Write a starter govern.toml for a repository (profiles guessed, marked for review)");
  cmd->add_option("dir", o->dir, "The repository (default: the working directory)");
  cmd->add_option("--dsn", o->dsn, "Pull the catalog from this PostgreSQL and propose tags for its columns");
  cmd->add_option("--sample", o->sample, "With --dsn: check up to N values per column with the validators")
      ->check(CLI::Range(0, 100000));
  cmd->add_option("--policies", o->policies, "Policy sources to use (default: the standard policies)");
  cmd->add_flag("--force", o->force, "Replace an existing govern.toml");
  cmd->footer(
      "Writes govern.toml (and with --dsn govern/catalog.json); proposes tags in govern/tags.proposed.tsv.\n"
      "Nothing is enforced before review: profiles are marked `# review`, proposed tags are not a catalog\n"
      "source until you rename the reviewed file govern/tags.tsv. docs/lint.md, \"Starting: govern init\".");
  cmd->callback([o, exit_code] {
    *exit_code = 2;
    if (o->sample > 0 && o->dsn.empty()) {
      std::fprintf(stderr, "govern init: error: --sample reads values from a database: give --dsn\n");
      return;
    }
    o->default_policies = StandardPolicies();
    auto result = onboard::RunInit(*o);
    if (!result) {
      std::fprintf(stderr, "govern init: error: %s\n", result.status().message().c_str());
      return;
    }
    std::fputs(result->report.c_str(), stdout);
    *exit_code = 0;
  });
}

}  // namespace govern::cli
