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
// Removes baselined findings from `files`; returns how many were removed.
Expected<size_t> ApplyBaseline(const std::string& baseline_json, const std::string& base_dir,
                               std::vector<FileResult>* files);

}  // namespace govern::lint
