// Baselines for gradual adoption: `--write-baseline FILE` records today's
// findings; `--baseline FILE` hides findings recorded there, matched by rule,
// file and statement fingerprint (not line numbers: edits elsewhere in the
// file, or to the statement's constants and layout, keep the match).
#pragma once

#include <string>
#include <vector>

#include "core/status.h"
#include "finding.h"

namespace govern::lint {

// Files are recorded relative to `base_dir` (the config's directory), so a
// baseline matches whatever the working directory of a later run.
std::string WriteBaseline(const std::vector<FileResult>& files, const std::string& base_dir);

struct BaselineEntry {
  std::string rule, file, fingerprint, message;  // file: relative to the config's directory
};

struct BaselineResult {
  size_t removed = 0;  // findings hidden
  // Entries that match no finding any more (the violation was fixed, or the
  // file is gone): named in the summary so the baseline can be rewritten.
  // Only entries for files this run linted, or that no longer exist: a run
  // over a subset of files says nothing about the others.
  std::vector<BaselineEntry> unmatched;
};

// Removes baselined findings from `files`.
Expected<BaselineResult> ApplyBaseline(const std::string& baseline_json, const std::string& base_dir,
                                       std::vector<FileResult>* files);

}  // namespace govern::lint
