// Helpers for the SQL analyzer tests.
#pragma once

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>
#include <utility>
#include <vector>

#include "catalog/catalog.h"
#include "catalog/loaders.h"
#include "sql/analyzer.h"

namespace govern::testing {

// Every file under `dir` (recursively) as (path, text), sorted by path: the
// *.sql files, or all files with `all_files`.
inline std::vector<std::pair<std::string, std::string>> FilesUnder(const std::string& dir, bool all_files = false) {
  std::vector<std::pair<std::string, std::string>> out;
  for (const auto& e : std::filesystem::recursive_directory_iterator(dir)) {
    if (!e.is_regular_file() || (!all_files && e.path().extension() != ".sql")) continue;
    std::ifstream f(e.path(), std::ios::binary);
    std::stringstream ss;
    ss << f.rdbuf();
    out.emplace_back(e.path().string(), ss.str());
  }
  std::sort(out.begin(), out.end());
  return out;
}

// The *.sql files of ../shared/corpus (or of one of its directories).
inline std::vector<std::pair<std::string, std::string>> CorpusFiles(const std::string& sub = "") {
  return FilesUnder(std::string(GOVERN_CORPUS_DIR) + "/" + sub);
}

// The analyzer's fuzz seeds (tests/fuzz/corpus/analyzer).
inline std::vector<std::pair<std::string, std::string>> AnalyzerFuzzSeeds() {
  return FilesUnder(std::string(GOVERN_SOURCE_DIR) + "/tests/fuzz/corpus/analyzer", true);
}

inline std::vector<std::string> Sorted(std::span<const ColumnFact> cols) {
  std::vector<std::string> v;
  for (const ColumnFact& c : cols) v.emplace_back(c.name);
  std::sort(v.begin(), v.end());
  return v;
}

inline std::vector<std::string> SortedStrings(std::span<const std::string_view> s) {
  std::vector<std::string> v(s.begin(), s.end());
  std::sort(v.begin(), v.end());
  return v;
}

inline uint16_t UsageOf(const StatementFacts& f, std::string_view column) {
  for (const ColumnFact& c : f.reads)
    if (c.name == column) return c.usage;
  return 0;
}

inline Catalog ShopCatalog() {
  Catalog c;
  Status s = LoadDdl(R"sql(
    CREATE TABLE customers (id int, email text, name text, "Zip Code" text);
    CREATE TABLE orders (id int, customer_id int, total numeric, placed date);
    CREATE SCHEMA crm;
    CREATE TABLE crm.notes (id int, customer_id int, body text);
    CREATE VIEW customer_emails AS SELECT c.id, lower(c.email) AS email FROM customers c WHERE c.name IS NOT NULL;
    CREATE VIEW big_spenders AS SELECT e.email, o.total FROM customer_emails e JOIN orders o ON o.customer_id = e.id;
  )sql", "shop.sql", &c);
  REQUIRE(s.ok());
  return c;
}

}  // namespace govern::testing
