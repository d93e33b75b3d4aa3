// Lint output formats: text (for people), json, sarif (SARIF 2.1.0 for GitHub
// code scanning), github (workflow commands).
#pragma once

#include <string>

#include "linter.h"

namespace govern::lint {

struct ReportOptions {
  bool color = false;
  Severity fail_level = Severity::kError;
  size_t baselined = 0;
  std::string tool_version;
  std::string source_root;  // SARIF URIs are relative to it (see SourceRoot)
};

std::string ReportText(const LintRun& run, const ReportOptions& options);
std::string ReportJson(const LintRun& run, const ReportOptions& options);
std::string ReportSarif(const LintRun& run, const ReportOptions& options);
std::string ReportGithub(const LintRun& run, const ReportOptions& options);

struct Counts {
  size_t errors = 0, warnings = 0, suppressed = 0, failing = 0, unreadable = 0;
};
Counts CountFindings(const LintRun& run, Severity fail_level);

}  // namespace govern::lint
