// libFuzzer target: any bytes through the analyzer (with and without a small
// catalog) must give facts or diagnostics, never a crash, hang or leak; the
// raw parse tree the analyzer reads (sql/pg_raw.h) must re-serialize to
// exactly what pg_query_parse writes (the generated tables are exact); and
// the repository flow, which leaves statements unparsed, must build the
// relations that applying every statement builds.
// Build: CC=clang-14 CXX=clang++-14 cmake -DGOVERN_FUZZ=ON [-DGOVERN_RUNTIME_ONLY=ON] ...
// Run:   docs/fuzzing.md (seeds: tests/fuzz/corpus/analyzer, dictionary: tests/fuzz/sql.dict,
//        -detect_leaks=0: libpg_query leaks a few bytes per PL/pgSQL parse, and a per-input
//        leak check on every such input costs more than the input; LSan still checks at exit).
#include <pg_query.h>

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "catalog/catalog.h"
#include "catalog/loaders.h"
#include "sql/analyzer.h"
#include "sql/facts_json.h"
#include "sql/fingerprint.h"
#include "sql/pg_raw.h"

namespace {

const govern::Catalog& FuzzCatalog() {
  static const govern::Catalog catalog = [] {
    govern::Catalog c;
    (void)govern::LoadDdl(
        "CREATE TABLE users (id int, email text, name text);"
        "CREATE TABLE orders (id int, user_id int, total numeric);"
        "CREATE VIEW v AS SELECT u.email, o.total FROM users u JOIN orders o ON o.user_id = u.id;"
        "CREATE VIEW loop1 AS SELECT 1 AS x;"
        // A tagged column: the repository flow's derivations carry tags.
        "COMMENT ON COLUMN users.email IS 'govern:tags=pii.email';",
        "fuzz.sql", &c);
    return c;
  }();
  return catalog;
}

// pg_query_parse's output and the raw tree's, serialized alike: same error
// and cursor, or the same JSON byte for byte.
bool RawMatchesJson(std::string_view sql) {
  std::string text(sql);
  for (char& c : text)
    if (c == '\0') c = ' ';  // as RawTree does
  govern::sql::raw::RawTree tree(sql);
  PgQueryParseResult parsed = pg_query_parse(text.c_str());
  bool same;
  if (parsed.error != nullptr) {
    same = !tree.ok() && tree.cursor() == parsed.error->cursorpos &&
           tree.error() == (parsed.error->message != nullptr ? parsed.error->message : "syntax error");
  } else {
    same = tree.ok() && govern::sql::raw::ToJson(tree) == parsed.parse_tree;
  }
  pg_query_free_parse_result(parsed);
  return same;
}

// Every relation (its kind, columns and view definition) and every
// column's tags and derivation records.
std::string Names(const govern::Catalog& c) {
  std::string out;
  for (size_t t = 0; t < c.table_count(); ++t) {
    const govern::Catalog::Table& table = c.table(static_cast<int32_t>(t));
    out += table.qname + " " + std::to_string(static_cast<int>(table.kind)) + " (";
    for (int32_t col : table.columns) {
      const govern::Catalog::Column& column = c.column(col);
      out += column.qname;
      for (uint32_t tag : column.tags) out += " " + std::string(c.TagName(tag));
      for (const auto& d : column.derived) out += " <- " + c.column(d.from_column).qname + "@" + d.where;
      out += ",";
    }
    out += ") " + table.view_sql + "\n";
  }
  return out;
}

// The repository flow's structure pass leaves the statements its Apply
// ignores unparsed (sql/flow_inert.h): its catalog must have the relations,
// columns, tags and view definitions that applying every statement
// (monotonically) gives.
bool FlowMatchesFullLoad(std::string_view sql) {
  govern::Catalog skipped = FuzzCatalog();
  govern::Catalog full = FuzzCatalog();
  const govern::FlowReport flow = govern::ApplyCatalogFlow({{"f.sql", sql}}, &skipped, 8);
  // The flow as a plain loop (catalog_flow_test's reference): every
  // statement parsed and applied, then derivation passes, as many.
  const std::vector<std::string> path = full.search_path();
  govern::DdlOptions options;
  options.monotone = true;
  (void)govern::LoadDdl(sql, "f.sql", &full, nullptr, options);
  full.set_search_path(path);
  options.structure = false;
  for (int pass = 1; pass < flow.passes; ++pass) {
    size_t added = 0;
    (void)govern::LoadDdl(sql, "f.sql", &full, nullptr, options, &added);
    full.set_search_path(path);
    if (added == 0) break;
  }
  return Names(skipped) == Names(full);
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  // The analyzers live across inputs, as a Session's does in production (their
  // reuse is under test); their buffers only grow to the largest input. The
  // facts and diagnostics are the input's own: each input frees what it
  // allocated, so libFuzzer does not take it for a leak.
  static govern::Analyzer bare(nullptr);
  static govern::Analyzer with_catalog(&FuzzCatalog());
  govern::FactsStore store;
  govern::AnalysisResult result;
  std::string_view sql(reinterpret_cast<const char*>(data), size);
  if (!RawMatchesJson(sql)) __builtin_trap();
  bare.Analyze(sql, store, &result);
  (void)govern::FactsToJson(result);
  with_catalog.Analyze(sql, store, &result);
  (void)govern::FactsToJson(result);
  if (!FlowMatchesFullLoad(sql)) __builtin_trap();
  // What the audit writes of a statement: its comment stripper scans any text.
  std::string stripped = govern::StripSqlComments(sql);
  if (stripped.size() > sql.size()) __builtin_trap();
  return 0;
}
