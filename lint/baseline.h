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

std::string WriteBaseline(const std::vector<FileResult>& files);
// Removes baselined findings from `files`; returns how many were removed.
Expected<size_t> ApplyBaseline(const std::string& baseline_json, std::vector<FileResult>* files);

}  // namespace govern::lint
