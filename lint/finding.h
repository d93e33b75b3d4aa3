// A lint finding: one rule's verdict on one statement of one file.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "config.h"

namespace govern::lint {

// Rule ids of the linter itself (policy rules are "policy.rule").
inline constexpr const char* kRuleSyntax = "syntax";
inline constexpr const char* kRuleSuppression = "suppression";
inline constexpr const char* kRuleUnusedSuppression = "unused-suppression";

// A result column the decision masks (the statement's, on each of its findings).
struct MaskNote {
  std::string output;  // the result column
  std::string source;  // the base column that made it masked
  std::string method;  // redact, email, hash, null, last4, initial
  std::string rule;    // the rule whose mask effect applies
};

struct Finding {
  std::string file;  // FileResult::display
  // Where the finding points: the first column reference, `*` or function
  // call that made the rule fire, else the statement's start.
  uint32_t line = 1;
  uint32_t column = 1;
  // The statement's span (SARIF contextRegion); 0 when not a statement's finding.
  uint32_t statement_line = 0, statement_column = 0, end_line = 0, end_column = 0;
  std::string rule;
  Severity severity = Severity::kError;
  std::string message;
  std::string effect;       // deny, require_approval, warn, syntax, suppression
  std::string fingerprint;  // the statement's fingerprint (baselines)
  uint32_t statement = 0;   // statement index in the file
  std::string profile;      // the profile the file was linted as
  std::string approval_group;  // require_approval: the group that approves
  std::vector<MaskNote> masks;  // masks the decision applies to the statement's result
};

struct FileResult {
  std::string file;     // the path read: as given, relative to the working directory, or absolute
  std::string display;  // the path reports show: relative to LintRun::root (absolute outside it)
  std::string text;  // kept for source excerpts in text output
  std::vector<Finding> findings;
  size_t statements = 0;
  size_t suppressed = 0;
  std::string error;  // unreadable file
};

}  // namespace govern::lint
