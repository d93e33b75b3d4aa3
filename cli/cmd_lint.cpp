// govern lint [PATHS...] [--config govern.toml] [--format text|json|sarif|github|gitlab|junit]
// Exit 0 clean, 1 findings at or above the fail level, 2 usage/config/policy errors.
#include <filesystem>
#include <memory>

#include "baseline.h"
#include "file_set.h"
#include "commands.h"
#include "common.h"
#include "linter.h"
#include "report.h"
#include "version.h"

namespace govern::cli {

void RegisterLint(CLI::App& app, int* exit_code) {
  struct Opts {
    std::vector<std::string> paths;
    std::string config, format = "text", stdin_filename = "<stdin>", baseline, write_baseline, since, fail_level;
    bool use_stdin = false, no_color = false, allow_no_catalog = false;
    int jobs = 0;
  };
  auto o = std::make_shared<Opts>();
  CLI::App* cmd = app.add_subcommand("lint", "Lint SQL files against policies (for CI); also installed as govern-lint");
  cmd->add_option("paths", o->paths, "Files, directories (searched for *.sql) or globs; default: the config's directory");
  cmd->add_option("--config", o->config, "govern.toml (default: the nearest one from the working directory up)");
  cmd->add_option("--format", o->format, "Output format")->check(CLI::IsMember({"text", "json", "sarif", "github", "gitlab", "junit"}));
  cmd->add_flag("--stdin", o->use_stdin, "Read one SQL file from standard input");
  cmd->add_option("--stdin-filename", o->stdin_filename, "The path to report (and match profiles) for --stdin");
  cmd->add_option("--baseline", o->baseline, "Hide findings recorded in this baseline file");
  cmd->add_option("--write-baseline", o->write_baseline, "Record today's findings in this file and exit 0");
  cmd->add_option("--since", o->since, "Lint only files changed since this git ref (committed or not)");
  cmd->add_option("--fail-level", o->fail_level, "Fail on findings at or above: error (default) or warning")
      ->check(CLI::IsMember({"error", "warning"}));
  cmd->add_option("-j,--jobs", o->jobs, "Files linted in parallel (default: one per core)")->check(CLI::Range(1, 256));
  cmd->add_flag("--no-color", o->no_color, "No colours even on a terminal");
  cmd->add_flag("--allow-no-catalog", o->allow_no_catalog,
                "Lint even when the policies' tag selectors match no column of the catalog (tag rules never fire)");
  cmd->footer(
      "Exit status: 0 clean, 1 findings at or above the fail level, 2 usage, config or policy errors.\n"
      "Suppress one finding with a comment on the line before the statement (or at its end):\n"
      "  -- govern:ignore RULE_ID the reason this is fine\n"
      "Configuration: docs/lint.md.");
  cmd->callback([o, exit_code] {
    *exit_code = 2;
    auto config = lint::FindAndLoadConfig(o->config);
    if (!config) {
      std::fprintf(stderr, "govern lint: error: %s\n", config.status().message().c_str());
      return;
    }
    lint::LintOptions options;
    options.config = std::move(*config);
    if (!o->fail_level.empty())
      options.config.fail_level = o->fail_level == "warning" ? lint::Severity::kWarning : lint::Severity::kError;
    if (o->allow_no_catalog) options.config.allow_no_catalog = true;
    if (options.config.docs_url.empty()) options.config.docs_url = GOVERN_DOCS_URL;
    options.paths = o->paths;
    options.use_stdin = o->use_stdin;
    options.stdin_filename = o->stdin_filename;
    options.since = o->since;
    options.jobs = o->jobs;
    options.progress = StderrIsTty() && o->format == "text";
    if (o->use_stdin && !o->paths.empty()) {
      std::fprintf(stderr, "govern lint: error: --stdin reads one file from standard input; drop the PATHS\n");
      return;
    }
    if (o->use_stdin && !ReadSqlInput("", false, "-", &options.stdin_text)) return;
    auto run = lint::RunLint(options);
    if (!run) {
      std::fprintf(stderr, "govern lint: error: %s\n", run.status().message().c_str());
      return;
    }
    for (const std::string& w : run->warnings) std::fprintf(stderr, "%s\n", w.c_str());
    if (!o->write_baseline.empty()) {
      std::string text = lint::WriteBaseline(run->files, options.config.base_dir);
      std::string error;
      if (!WriteFileBytes(o->write_baseline, std::vector<uint8_t>(text.begin(), text.end()), &error)) {
        std::fprintf(stderr, "govern lint: error: %s\n", error.c_str());
        return;
      }
      lint::Counts c = lint::CountFindings(*run, options.config.fail_level);
      std::fprintf(stderr, "wrote %s: %zu findings\n", o->write_baseline.c_str(), c.errors + c.warnings);
      *exit_code = 0;
      return;
    }
    lint::ReportOptions report;
    report.color = StdoutIsTty() && !o->no_color && !std::getenv("NO_COLOR");
    report.fail_level = options.config.fail_level;
    report.tool_version = GOVERN_VERSION_STRING;
    if (!o->baseline.empty()) {
      auto text = ReadFile(o->baseline);
      if (!text) {
        std::fprintf(stderr, "govern lint: error: %s\n", text.status().message().c_str());
        return;
      }
      auto applied = lint::ApplyBaseline(*text, options.config.base_dir, &run->files);
      if (!applied) {
        std::fprintf(stderr, "govern lint: error: %s: %s\n", o->baseline.c_str(), applied.status().message().c_str());
        return;
      }
      report.baselined = applied->removed;
      report.baseline_unmatched = std::move(applied->unmatched);
      for (lint::BaselineEntry& e : report.baseline_unmatched)  // as every other path is reported
        e.file = lint::DisplayPath((std::filesystem::path(options.config.base_dir) / e.file).string(), run->root);
      report.baseline_path = o->baseline;
    }
    std::string out = o->format == "json"    ? lint::ReportJson(*run, report)
                      : o->format == "sarif" ? lint::ReportSarif(*run, report)
                      : o->format == "github" ? lint::ReportGithub(*run, report)
                      : o->format == "gitlab" ? lint::ReportGitlab(*run, report)
                      : o->format == "junit"  ? lint::ReportJunit(*run, report)
                                              : lint::ReportText(*run, report);
    std::fwrite(out.data(), 1, out.size(), stdout);  // the text may hold NUL bytes of the input
    lint::Counts c = lint::CountFindings(*run, report.fail_level);
    *exit_code = c.unreadable ? 2 : c.failing ? 1 : 0;
  });
}

}  // namespace govern::cli
