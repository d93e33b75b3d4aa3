// The `govern analyze` command as a function, shared by cli/cmd_analyze.cpp
// and the test tools: load catalogs, analyse, render JSON, pick an exit code.
#pragma once

#include <string>
#include <vector>

namespace govern {

struct AnalyzeRequest {
  std::vector<std::string> catalogs;     // .sql DDL, .json catalog, else tags file
  std::vector<std::string> search_path;  // overrides the catalog's
  std::string sql;                       // the SQL text (already read)
  bool usage = false;                    // add the per-column "usage" object
  bool expand_views = true;
};

struct AnalyzeResponse {
  std::string json;      // the facts (also when statements failed to parse)
  std::string messages;  // catalog warnings and errors, one per line
  int exit_code = 0;     // 0 ok, 1 a statement failed to parse, 2 catalog/usage error
};

AnalyzeResponse RunAnalyze(const AnalyzeRequest& request);

}  // namespace govern
