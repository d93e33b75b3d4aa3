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
  // One line about this rule: its `rule NAME "description"`, else its first
  // message (interpolations as written), else its policy's description.
  std::string description;
  Severity severity = Severity::kError;
  std::string help;      // longer text: where the rule is defined and when it fires
  std::string help_uri;  // the docs section that explains the finding
};

struct LintRun {
  std::vector<FileResult> files;  // sorted by path
  // Reported paths are relative to this directory in every format: the git
  // work tree that holds the config (where GitHub resolves them), else the
  // config's directory. Not the working directory: a run from a subfolder
  // reports the same paths.
  std::string root;
  std::vector<RuleInfo> rules;    // every rule that can be reported, for SARIF
  size_t statements = 0;
  double seconds = 0;
  std::vector<std::string> warnings;  // catalog and configuration warnings (not findings)
};

// Errors (exit code 2): bad config, policies that do not compile, unreadable paths.
Expected<LintRun> RunLint(const LintOptions& options);

}  // namespace govern::lint
