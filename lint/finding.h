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

struct Finding {
  std::string file;  // as given / relative to the working directory
  uint32_t line = 1;
  uint32_t column = 1;
  std::string rule;
  Severity severity = Severity::kError;
  std::string message;
  std::string effect;       // deny, require_approval, warn, syntax, suppression
  std::string fingerprint;  // the statement's fingerprint (baselines)
  uint32_t statement = 0;   // statement index in the file
  std::string profile;      // the profile the file was linted as
};

struct FileResult {
  std::string file;
  std::string text;  // kept for source excerpts in text output
  std::vector<Finding> findings;
  size_t statements = 0;
  size_t suppressed = 0;
  std::string error;  // unreadable file
};

}  // namespace govern::lint
