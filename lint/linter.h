// The linter: compiles the policies once, then lints files in parallel (one
// analyzer and decision buffer per thread), each as the identity and env of
// the profile that matches its path.
#pragma once

#include <string>
#include <vector>

#include "config.h"
#include "finding.h"

namespace govern::lint {

struct LintOptions {
  LintConfig config;
  std::vector<std::string> paths;  // files, directories, globs (default: the config's directory)
  bool use_stdin = false;
  std::string stdin_text;
  std::string stdin_filename = "<stdin>";
  std::string since;  // git ref: lint only files changed since
  int jobs = 0;       // 0: one per core
  bool progress = false;  // a progress line on stderr for long runs
};

struct RuleInfo {
  std::string id;
  std::string description;  // the policy's description, or the linter rule's
  Severity severity = Severity::kError;
};

struct LintRun {
  std::vector<FileResult> files;  // sorted by path
  std::vector<RuleInfo> rules;    // every rule that can be reported, for SARIF
  size_t statements = 0;
  double seconds = 0;
  std::vector<std::string> warnings;  // catalog and configuration warnings (not findings)
};

// Errors (exit code 2): bad config, policies that do not compile, unreadable paths.
Expected<LintRun> RunLint(const LintOptions& options);

}  // namespace govern::lint
