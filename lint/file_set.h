// Which files a lint run reads: PATHS (files, directories searched for *.sql,
// globs), minus the config's excludes, optionally only those changed since a
// git ref.
#pragma once

#include <string>
#include <vector>

#include "core/status.h"

namespace govern::lint {

// `*` matches any run of characters, `/` included; `?` one character.
Expected<std::vector<std::string>> ExpandPaths(const std::vector<std::string>& paths,
                                               const std::vector<std::string>& exclude, const std::string& base_dir);

// Files changed since `ref` (committed, staged, unstaged and untracked), as
// absolute paths, from `git` run in `dir`.
Expected<std::vector<std::string>> ChangedSince(const std::string& ref, const std::string& dir);

// The root SARIF locations are relative to: the enclosing git work tree of
// `dir` (where GitHub code scanning resolves them), else `dir` itself.
std::string SourceRoot(const std::string& dir);

// `path` relative to `base` (with '/' separators), for globs and reports.
std::string RelativeTo(const std::string& path, const std::string& base);

// The path reports show: relative to `root` when inside it, else absolute
// (never `../..`); '/' separators, no `./`.
std::string DisplayPath(const std::string& path, const std::string& root);

}  // namespace govern::lint
