// What `govern lint` and `govern lineage` both read: the repository's SQL
// files (PATHS expanded with the config's excludes) and the engine whose
// catalog is the config's [catalog] sources plus the repository flow of those
// files (DDL and derived tags, docs/lint.md "Repository flow").
#pragma once

#include <memory>
#include <string>
#include <vector>

#include "catalog/loaders.h"
#include "config.h"
#include "finding.h"
#include "govern/govern.h"

namespace govern::lint {

// The directory paths in the config are relative to ("." without a config).
std::string BaseDir(const LintConfig& cfg);

// PATHS (default: the config's directory) expanded: directories searched for
// *.sql, globs, minus the config's excludes; sorted.
Expected<std::vector<std::string>> RepositoryFiles(const LintConfig& cfg, const std::vector<std::string>& paths);

// Reads every file's text (an unreadable file gets its `error`).
void ReadFiles(std::vector<FileResult>* files);

// The readable files as repository flow inputs, named relative to the
// config's directory (the names derived tags are recorded with).
std::vector<FlowInput> FlowInputs(const LintConfig& cfg, const std::vector<FileResult>& files);

// Compiles the policies (or loads the bundle) and loads the catalog: the
// bundle's embedded catalog, the [catalog] sources, then, with `flow`, the
// catalog effects of `files` to a fixpoint. Loading warnings are appended to
// `warnings` in the order they happened.
Expected<std::unique_ptr<Engine>> BuildLintEngine(const LintConfig& cfg, const std::vector<FileResult>& files, bool flow,
                                                  std::vector<std::string>* warnings);

}  // namespace govern::lint
