// Lint output formats: text (for people), json, sarif (SARIF 2.1.0 for GitHub
// code scanning), github (workflow commands), gitlab (GitLab Code Quality),
// junit (JUnit XML test reports).
#pragma once

#include <string>

#include "baseline.h"
#include "linter.h"

namespace govern::lint {

struct ReportOptions {
  bool color = false;
  Severity fail_level = Severity::kError;
  size_t baselined = 0;
  std::vector<BaselineEntry> baseline_unmatched;  // entries that match nothing any more (file: as reported)
  std::string baseline_path;
  std::string tool_version;
};

std::string ReportText(const LintRun& run, const ReportOptions& options);
std::string ReportJson(const LintRun& run, const ReportOptions& options);
std::string ReportSarif(const LintRun& run, const ReportOptions& options);
std::string ReportGithub(const LintRun& run, const ReportOptions& options);
std::string ReportGitlab(const LintRun& run, const ReportOptions& options);  // report_gitlab.cpp
std::string ReportJunit(const LintRun& run, const ReportOptions& options);   // report_junit.cpp

struct Counts {
  size_t errors = 0, warnings = 0, suppressed = 0, failing = 0, unreadable = 0;
};
Counts CountFindings(const LintRun& run, Severity fail_level);

// "N baseline entries match nothing any more ..." for the summaries ("" when none).
std::string BaselineUnmatchedHeadline(const ReportOptions& options);
// "file: rule (message)" for one unmatched entry.
std::string BaselineEntryText(const BaselineEntry& e);

}  // namespace govern::lint
