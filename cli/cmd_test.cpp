// govern test POLICY_DIR_OR_FILES... [--catalog C]: run the policies' test blocks.
#include <memory>

#include "commands.h"
#include "common.h"
#include "testing/test_runner.h"

namespace govern::cli {

void RegisterTest(CLI::App& app, int* exit_code) {
  struct Opts {
    std::vector<std::string> inputs, catalogs;
    std::string filter;
  };
  auto opts = std::make_shared<Opts>();
  CLI::App* cmd = app.add_subcommand("test", "Run the `test` blocks of policy files (exit 1 on a failure)");
  cmd->add_option("inputs", opts->inputs, "Policy files or directories")->required();
  cmd->add_option("--catalog", opts->catalogs, "Catalog sources added to every test's own (repeatable)")->allow_extra_args(false);
  cmd->add_option("--filter", opts->filter, "Run only tests whose name contains this text");
  cmd->callback([opts, exit_code] {
    compiler::CompileOptions options;
    options.inputs = opts->inputs;
    auto compiled = compiler::Compile(options);
    PrintDiagnostics(*compiled);
    if (!compiled->input_error.empty() || !compiled->program) {
      *exit_code = 2;
      return;
    }
    compiler::TestRunOptions run;
    run.extra_catalogs = opts->catalogs;
    run.filter = opts->filter;
    auto outcomes = compiler::RunPolicyTests(*compiled, run);
    bool color = StdoutIsTty();
    size_t passed = 0, failed = 0;
    for (const auto& o : outcomes) {
      if (o.passed) {
        ++passed;
        std::printf("%sok%s   %s  %s\n", color ? "\033[32m" : "", color ? "\033[0m" : "", o.location.c_str(),
                    o.name.c_str());
        continue;
      }
      ++failed;
      std::printf("%sFAIL%s %s  %s\n", color ? "\033[31m" : "", color ? "\033[0m" : "", o.location.c_str(),
                  o.name.c_str());
      for (const auto& f : o.failures) std::printf("       %s\n", f.c_str());
    }
    if (outcomes.empty())
      std::printf(opts->filter.empty() ? "no tests found\n" : "no test name contains \"%s\"\n", opts->filter.c_str());
    std::printf("%zu passed, %zu failed\n", passed, failed);
    *exit_code = failed || (outcomes.empty() && !opts->filter.empty()) ? 1 : 0;
  });
}

}  // namespace govern::cli
