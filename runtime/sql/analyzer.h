// Analyzer: SQL text -> StatementFacts, one per statement, resolved against
// an optional Catalog. Parsing is libpg_query: the top-level text through
// pg_query_raw_parse, its nodes read in place (sql/pg_raw.h); function bodies
// and cached parses as libpg_query's JSON read with simdjson. No libpg_query
// shape leaves runtime/sql/.
//
//   govern::Analyzer analyzer(&catalog);   // one Analyzer + FactsStore per thread
//   govern::FactsStore store;
//   govern::AnalysisResult result;
//   analyzer.Analyze(sql, store, &result); // views valid until the store is reused
//
// REQUIRES: the Catalog outlives the Analyzer and does not change while the
// Analyzer is used (view expansions are cached per Analyzer).
#pragma once

#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "facts/facts.h"
#include "sql/facts_store.h"

namespace govern {

class Catalog;
namespace sql {
class ParseCache;
}

struct ParseDiagnostic {
  std::string message;  // libpg_query's message (lower-case, no final period)
  SourcePos pos;        // where the error is (statement start when unknown)
  uint32_t statement_index = 0;  // index the failed statement would have had
};

struct AnalysisResult {
  std::vector<StatementFacts> statements;  // in source order; views into the FactsStore
  std::vector<ParseDiagnostic> errors;     // statements that failed to parse or were too deep
  void Clear() {
    statements.clear();
    errors.clear();
  }
};

struct AnalyzerOptions {
  // Schemas for unqualified table names; empty: the catalog's, else {"public"}.
  std::vector<std::string> search_path;
  // Expand views with a stored definition to their base columns.
  bool expand_views = true;
  // Nesting limit of the analysis (subqueries, expressions, function bodies);
  // deeper statements become a diagnostic.
  int max_depth = 256;
  // Parses of whole texts to reuse (sql/parse_cache.h), read only: lint
  // fills it in the repository flow, then lints the same files. Null: none.
  std::shared_ptr<const sql::ParseCache> parse_cache;
};

namespace sql {
class Walker;
struct ViewCache;
}

class Analyzer {
 public:
  explicit Analyzer(const Catalog* catalog, AnalyzerOptions options = {});
  ~Analyzer();
  Analyzer(const Analyzer&) = delete;
  Analyzer& operator=(const Analyzer&) = delete;

  // Clears `store` and `result`, then fills them. Never throws.
  void Analyze(std::string_view sql, FactsStore& store, AnalysisResult* result);
  AnalysisResult Analyze(std::string_view sql, FactsStore& store);

  const Catalog* catalog() const { return catalog_; }
  const AnalyzerOptions& options() const { return options_; }

 private:
  const Catalog* catalog_;
  AnalyzerOptions options_;
  std::unique_ptr<sql::ViewCache> views_;
  std::unique_ptr<sql::Walker> walker_;
};

}  // namespace govern
