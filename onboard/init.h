// `govern init`: a starter govern.toml for a repository (docs/lint.md,
// "Starting: govern init"): the SQL files found, lint profiles guessed from
// folder names (profile_folders.def) and marked `# review`, the migrations as
// catalog sources, and with a DSN the live catalog pulled plus tag proposals
// (discover.h) written for review, never enabled.
#pragma once

#include <string>
#include <vector>

#include "core/status.h"

namespace govern::onboard {

struct InitOptions {
  std::string dir = ".";
  std::string dsn;            // pull the catalog from this PostgreSQL
  int sample = 0;             // with dsn: sample this many values per column for discovery
  std::string policies;       // policy sources to use ("": the installed standard policies)
  std::string default_policies;  // the installed standard policies (set by the CLI)
  bool force = false;         // overwrite an existing govern.toml
};

struct InitResult {
  std::vector<std::string> written;  // files written, relative to dir
  std::string report;                // what was found and what to review, for the terminal
};

Expected<InitResult> RunInit(const InitOptions& options);

}  // namespace govern::onboard
