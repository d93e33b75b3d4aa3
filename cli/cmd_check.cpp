// govern check POLICY_DIR_OR_FILES...: compile and report, write nothing.
#include <memory>

#include "commands.h"
#include "common.h"

namespace govern::cli {

void RegisterCheck(CLI::App& app, int* exit_code) {
  auto inputs = std::make_shared<std::vector<std::string>>();
  auto catalogs = std::make_shared<std::vector<std::string>>();
  CLI::App* cmd = app.add_subcommand("check", "Type-check policies and report diagnostics (exit 2 on errors)");
  cmd->add_option("inputs", *inputs, "Policy files or directories (searched for *.policy)")->required();
  cmd->add_option("--catalog", *catalogs, "Catalog sources: warn about selectors that match no column")->allow_extra_args(false);
  cmd->callback([inputs, catalogs, exit_code] {
    compiler::CompileOptions options;
    options.inputs = *inputs;
    auto catalog = LoadCatalogForCli(*catalogs);
    if (!catalog) {
      *exit_code = 2;
      return;
    }
    options.catalog = catalog->get();
    options.generate = false;
    options.warn_tags_without_catalog = true;
    auto result = compiler::Compile(options);
    PrintDiagnostics(*result);
    bool failed = !result->input_error.empty() || result->diagnostics.has_errors();
    if (!failed)
      std::fprintf(stderr, "ok: %zu policies, %zu rules, %zu tests\n", result->module.policies.size(),
                   result->module.rules.size(), result->module.tests.size());
    *exit_code = failed ? 2 : 0;
  });
}

}  // namespace govern::cli
