#include "sql/analyze_command.h"

#include "catalog/loaders.h"
#include "sql/analyzer.h"
#include "sql/facts_json.h"

namespace govern {

AnalyzeResponse RunAnalyze(const AnalyzeRequest& request) {
  AnalyzeResponse response;
  Catalog catalog;
  bool have_catalog = !request.catalogs.empty();
  if (have_catalog) {
    if (!request.search_path.empty()) catalog.set_search_path(request.search_path);
    CatalogWarnings warnings;
    Status s = LoadCatalogSourcesInto(request.catalogs, &catalog, &warnings);
    for (const CatalogWarning& w : warnings) response.messages += w.ToString() + "\n";
    if (!s.ok()) {
      response.messages += s.message() + "\n";
      response.exit_code = 2;
      return response;
    }
  }
  AnalyzerOptions options;
  options.search_path = request.search_path;
  options.expand_views = request.expand_views;
  Analyzer analyzer(have_catalog ? &catalog : nullptr, options);
  FactsStore store;
  AnalysisResult result;
  analyzer.Analyze(request.sql, store, &result);
  FactsJsonOptions json_options;
  json_options.usage = request.usage;
  response.json = FactsToJson(result, json_options);
  response.exit_code = result.errors.empty() ? 0 : 1;
  return response;
}

}  // namespace govern
