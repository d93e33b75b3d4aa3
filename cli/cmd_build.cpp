// govern build POLICY_DIR_OR_FILES... -o out.bundle [--sign key.pem]
#include <memory>

#include "commands.h"
#include "common.h"
#include "catalog/loaders.h"
#include "emit/bundle_writer.h"

namespace govern::cli {

void RegisterBuild(CLI::App& app, int* exit_code) {
  struct Opts {
    std::vector<std::string> inputs;
    std::string output;
    std::string sign_key;
    std::vector<std::string> catalogs;
  };
  auto opts = std::make_shared<Opts>();
  CLI::App* cmd = app.add_subcommand("build", "Compile policies into a verified, hashed (optionally signed) bundle");
  cmd->add_option("inputs", opts->inputs, "Policy files or directories (searched for *.policy)")->required();
  cmd->add_option("-o,--output", opts->output, "Bundle file to write")->required();
  cmd->add_option("--sign", opts->sign_key, "Ed25519 private key (PEM) to sign the bundle with");
  cmd->add_option("--catalog", opts->catalogs,
                  "Catalog sources (DDL .sql, tags file, JSON): checked against, and embedded in the bundle")->allow_extra_args(false);
  cmd->callback([opts, exit_code] {
    compiler::CompileOptions options;
    options.inputs = opts->inputs;
    auto catalog = LoadCatalogForCli(opts->catalogs);
    if (!catalog) {
      *exit_code = 2;
      return;
    }
    if (!opts->catalogs.empty()) {
      options.catalog = catalog->get();
      options.catalog_json = SaveCatalogJson(**catalog);
    }
    options.warn_tags_without_catalog = true;
    auto result = compiler::Compile(options);
    PrintDiagnostics(*result);
    if (!result->input_error.empty() || !result->program) {
      *exit_code = 2;
      return;
    }
    auto bytes = compiler::WriteBundle(std::move(*result->program), opts->sign_key);
    std::string error;
    if (!bytes) {
      std::fprintf(stderr, "govern: error: %s\n", bytes.status().message().c_str());
      *exit_code = 2;
      return;
    }
    if (!WriteFileBytes(opts->output, *bytes, &error)) {
      std::fprintf(stderr, "govern: error: %s\n", error.c_str());
      *exit_code = 2;
      return;
    }
    std::fprintf(stderr, "wrote %s: %zu rules, %zu bytes%s\n", opts->output.c_str(), result->module.rules.size(),
                 bytes->size(), opts->sign_key.empty() ? "" : ", signed");
    *exit_code = 0;
  });
}

}  // namespace govern::cli
