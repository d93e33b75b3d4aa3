#include "sql/analyzer.h"

#include "catalog/catalog.h"
#include "sql/walker.h"

namespace govern {

Analyzer::Analyzer(const Catalog* catalog, AnalyzerOptions options)
    : catalog_(catalog), options_(std::move(options)), views_(std::make_unique<sql::ViewCache>()) {
  walker_ = std::make_unique<sql::Walker>(catalog_, options_, views_.get(), 0);
}

Analyzer::~Analyzer() = default;

void Analyzer::Analyze(std::string_view sql, FactsStore& store, AnalysisResult* result) {
  walker_->Run(sql, store, result);
}

AnalysisResult Analyzer::Analyze(std::string_view sql, FactsStore& store) {
  AnalysisResult result;
  Analyze(sql, store, &result);
  return result;
}

}  // namespace govern
