// Small helpers shared by the subcommands: terminal detection, diagnostics
// printing, bundle loading with --verify-key. No policy or SQL logic here.
#pragma once

#include <CLI/CLI.hpp>

#include <cstdio>
#include <optional>
#include <string>

#include "bundle/loader.h"
#include "driver/compile.h"
#include "govern/govern.h"

namespace govern::cli {

bool StdoutIsTty();
bool StderrIsTty();

// Prints diagnostics to stderr (colour on a TTY) and a one-line summary.
void PrintDiagnostics(const compiler::CompileResult& result);

// Loads a bundle, requiring a valid signature when verify_key_path is set.
// Prints the error and returns false on failure.
bool LoadBundleForCli(const std::string& path, const std::string& verify_key_path, DecodedBundle* out);

// --bundle B | --policy P..., --catalog C..., --verify-key K, --search-path.
struct EngineArgs {
  std::string bundle;
  std::vector<std::string> policies;
  std::vector<std::string> catalogs;
  std::string verify_key;
  std::string search_path;  // comma-separated
  bool allow_no_catalog = false;
  void Register(CLI::App* cmd);
};
// Builds the engine (compiling --policy in memory); prints errors and returns
// null on failure.
std::unique_ptr<Engine> LoadEngine(const EngineArgs& args);

// The SQL of --sql, of FILE, or of stdin ("-" or no FILE). Prints errors.
bool ReadSqlInput(const std::string& sql_option, bool sql_given, const std::string& file, std::string* out);

std::vector<std::string> SplitCommas(const std::string& s);

// --identity JSON or @file ("" is the empty identity). Prints errors.
bool ParseIdentityArg(const std::string& arg, OwnedContext* out);
// Loads catalog sources (null when none given); prints errors. The outer
// optional is empty on failure.
std::optional<std::unique_ptr<Catalog>> LoadCatalogForCli(const std::vector<std::string>& sources);

// The --help text for --identity: every key of the identity JSON, the
// attribute it sets (session.* included), and an example.
std::string IdentityHelp();
// Says on stderr that env is empty when --env was not given and the
// policies test env (a rule on env == "prod" would then never fire).
void WarnIfEnvMissing(const Engine& engine, bool env_given);

// The options decide and explain share: engine, identity, env, SQL input.
struct DecisionRequest {
  EngineArgs engine;
  std::string identity, env, sql, file;
  CLI::Option* sql_option = nullptr;
  CLI::Option* env_option = nullptr;
  void Register(CLI::App* cmd);
  // Reads the identity and the SQL, then builds the engine; null (errors
  // printed) on failure.
  std::unique_ptr<Engine> Load(OwnedContext* context, std::string* text) const;
};

bool WriteFileBytes(const std::string& path, const std::vector<uint8_t>& bytes, std::string* error);

}  // namespace govern::cli
