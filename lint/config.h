// govern.toml: what `govern lint` checks and as whom (docs/lint.md).
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "core/status.h"

namespace govern::lint {

enum class Severity { kError = 0, kWarning = 1, kNote = 2 };
std::string_view SeverityName(Severity s);

// A profile says who runs the SQL under some paths: CI knows which job runs
// which files (pipelines/training/** runs as purpose "training" in prod).
struct Profile {
  std::string name;
  std::vector<std::string> paths;  // globs relative to the config's directory
  std::string identity_json;       // the identity as JSON (govern.h ParseIdentityJson)
  std::string env;
};

struct LintConfig {
  std::string path;       // the govern.toml read ("" when none)
  std::string base_dir;   // paths in the config are relative to this
  std::vector<std::string> policy_sources;  // policy files/dirs (compiled once per run)
  std::string bundle;                       // or a compiled bundle
  std::string verify_key;
  std::vector<std::string> catalog_sources;
  bool allow_no_catalog = false;  // run policies whose tag selectors match no column (fail open)
  std::vector<std::string> search_path;
  std::vector<Profile> profiles;  // first match wins
  Severity fail_level = Severity::kError;
  std::vector<std::string> disable;  // rule ids never reported
  std::vector<std::string> exclude;  // path globs never linted
  std::string docs_url;  // base URL of govern's docs for SARIF helpUri ("": the installed docs)
  // Repository flow: the linted files' DDL and derived tags (CREATE TABLE AS,
  // INSERT ... SELECT, ...) join the catalog before any statement is decided.
  bool flow = true;
};

// Reads a govern.toml; errors name file:line:col.
Expected<LintConfig> LoadConfig(const std::string& path);
// The same from its text; `path` names it in errors and relative paths
// resolve against its directory (nothing is read from disk).
Expected<LintConfig> ParseConfig(std::string_view text, const std::string& path);
// The nearest govern.toml from `start_dir` upwards, or "".
std::string FindConfigUpward(const std::string& start_dir);
// `path`, or (when "") the nearest govern.toml from the working directory up,
// loaded; an error when there is none.
Expected<LintConfig> FindAndLoadConfig(const std::string& path);

}  // namespace govern::lint
