// One file per subcommand (cmd_<name>.cpp); each registers itself on the app.
// A subcommand's callback stores its process exit code in *exit_code.
#pragma once

#include <CLI/CLI.hpp>

namespace govern::cli {

void RegisterBuild(CLI::App& app, int* exit_code);
void RegisterCheck(CLI::App& app, int* exit_code);
void RegisterInspect(CLI::App& app, int* exit_code);
void RegisterAnalyze(CLI::App& app, int* exit_code);
void RegisterDecide(CLI::App& app, int* exit_code);
void RegisterExplain(CLI::App& app, int* exit_code);
void RegisterCatalog(CLI::App& app, int* exit_code);
void RegisterTest(CLI::App& app, int* exit_code);
void RegisterBench(CLI::App& app, int* exit_code);
void RegisterLint(CLI::App& app, int* exit_code);
void RegisterLineage(CLI::App& app, int* exit_code);
void RegisterProxy(CLI::App& app, int* exit_code);
void RegisterIdentity(CLI::App& app, int* exit_code);
void RegisterApprovals(CLI::App& app, int* exit_code);
void RegisterConsole(CLI::App& app, int* exit_code);
void RegisterAudit(CLI::App& app, int* exit_code);
void RegisterExposure(CLI::App& app, int* exit_code);
void RegisterInit(CLI::App& app, int* exit_code);
// The standard policies: installed, else the source tree's ("" if neither exists).
std::string StandardPolicies();

}  // namespace govern::cli
