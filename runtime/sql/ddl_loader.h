// Internal to runtime/sql: DdlLoader, the engine of LoadDdl (catalog/loaders.h).
// It applies one text's DDL to a Catalog: parses it (whole, or statement by
// statement when the whole does not parse), applies CREATE/ALTER/DROP/RENAME/
// COMMENT/SET search_path (Apply, in catalog_ddl.cpp), and derives tags along
// lineage by analysing queries and writes against the catalog as it is then
// (ddl_loader.cpp).
//
//   ddl::DdlLoader loader(file, &catalog, &warnings, options);
//   Status st = loader.Load(text);   // errors carry file:line:col
#pragma once

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "catalog/loaders.h"
#include "core/status.h"
#include "sql/analyzer.h"
#include "sql/parse_cache.h"
#include "sql/pg_node.h"
#include "sql/source_map.h"
#include "sql/splitter.h"

namespace govern::ddl {

using sql::Node;
using sql::NodeList;

class DdlLoader {
 public:
  DdlLoader(std::string_view file, Catalog* catalog, CatalogWarnings* warnings, const DdlOptions& options)
      : file_(file), catalog_(catalog), warnings_(warnings), options_(options) {}
  size_t derived() const { return derived_; }

  Status Load(std::string_view text);

 private:
  Status Finish();

  // DdlOptions::skip_inert: applies the statements of `text` that are not
  // inert (sql/flow_inert.h), parsing runs of them, and returns true; false
  // (nothing applied) when the text is better parsed whole: every statement
  // counts, or it has at most two and they are not one inert statement.
  // `pieces` gets the text's statements when it was split (else stays empty).
  bool LoadSkippingInert(std::string_view text, std::vector<sql::TextRange>* pieces);
  // Parses and applies each statement of [first, last) alone (a text that
  // does not parse as a whole), reporting those that do not parse.
  void ApplyPieces(std::string_view text, const sql::TextRange* first, const sql::TextRange* last);
  // Whether `text` has the letters ATOMIC anywhere, in any case.
  static bool MentionsAtomic(std::string_view text);

  std::string Where(uint32_t offset);

  void AddError(uint32_t offset, std::string_view message) { errors_.push_back(Where(offset) + ": " + std::string(message)); }

  void Warn(std::string message);

  // Parses `text` (at `base` in the file) and applies its statements; false,
  // with libpg_query's message and cursor, when it does not parse. Without a
  // parse cache nothing is kept for another pass, so the tree is PostgreSQL's
  // own nodes read in place (sql/pg_raw.h); with one, libpg_query's JSON is
  // kept in (or taken from) it.
  bool ParseAndApply(std::string_view text, uint32_t base, std::string* error, int* cursor);

  // libpg_query's parse of `text`, kept in (or taken from) the flow's parse
  // cache; `scratch` holds it when the cache does not keep it.
  const sql::ParsedText& Parse(std::string_view text, sql::ParsedText* scratch);

  // Analyses `text` against the catalog as it is now (a new Analyzer: view
  // expansions must not outlive catalog changes). Every pass of the flow
  // analyses the same texts: with the flow's parse cache they parse once.
  void AnalyzeText(std::string_view text, AnalyzerOptions options, FactsStore& store, AnalysisResult* result);

  // AnalyzeText for a statement (or a view's query) of the tree being
  // applied: `stmt` is its node and `text` its text in doc_. The walker reads
  // the node instead of parsing the text again; same facts.
  void AnalyzeStatement(Node stmt, std::string_view text, AnalyzerOptions options, FactsStore& store,
                        AnalysisResult* result);

  void ApplyJson(const std::string& json, std::string_view text, uint32_t base);

  void ApplyRoot(Node root, std::string_view text, uint32_t base);

  std::string_view DefaultSchema(std::string_view override_schema) const;

  std::optional<int32_t> Find(std::string_view schema, std::string_view name) const;

  std::optional<int32_t> FindRangeVar(Node rv) const;

  void CopyColumns(int32_t from, int32_t to);

  // "file:line" of the current statement (where derived tags come from).
  std::string WhereLine();

  // Output columns of a query, analysed against the catalog as it is now:
  // names, and the catalog ids of the columns each one's value comes from.
  struct QueryShape {
    std::vector<std::string> names;
    std::vector<std::vector<int32_t>> sources;
  };
  // The search path statements of this file resolve names with: a CREATE
  // SCHEMA element sees its schema first, as in PostgreSQL.
  std::vector<std::string> EffectivePath(std::string_view override_schema) const;

  QueryShape AnalyzeQuery(Node query_node, std::string_view query, std::string_view override_schema);

  // Gives `column` the tags of `sources` (as derived tags).
  void Derive(int32_t column, const std::vector<int32_t>& sources);

  void AddQueryRelation(Node rv, std::string_view override_schema, RelationKind kind, Node query_node,
                        std::string_view query, NodeList aliases, bool store_sql);

  // INSERT ... VALUES of literal rows only (seed data, test fixtures): no
  // written value comes from a column, so there is nothing to derive (and no
  // need to analyse the statement again in every pass).
  static bool LiteralInsert(std::string_view tag, Node body);

  // Whether a derivation pass reads the statement (DdlOptions::derives): the
  // statements Apply derives from when `structure` is false.
  static bool Derives(std::string_view tag, Node body);

  // INSERT ... SELECT, UPDATE ... SET c = expr, MERGE, data-modifying CTEs:
  // each written column takes the tags of the columns its values come from.
  void DeriveFromWrites(Node stmt);

  // Whether a statement is about a temporary relation: it creates one
  // (relpersistence "t"), or names one in pg_temp / one that resolves there.
  bool IsTemporary(std::string_view tag, Node body) const;

  void Apply(Node stmt, std::string_view override_schema);

  std::string_view file_;
  Catalog* catalog_;
  CatalogWarnings* warnings_;
  DdlOptions options_;
  size_t derived_ = 0;
  std::string_view text_;
  sql::LineIndex lines_;
  uint32_t stmt_offset_ = 0;
  std::string_view stmt_text_;
  std::string_view doc_;  // the text the tree being applied was parsed from
  std::vector<std::string> errors_;
  // The derivations of the recorded statement being applied (record_derivations).
  std::vector<DdlDerivation>* recording_ = nullptr;
  // Starts logging the catalog's lookups into a new derivation record (when
  // recording); the caller fills the rest.
  DdlDerivation* BeginRecord();
  // Whether replaying `ops` gives what analysing their statement again would.
  bool StillValid(const std::vector<DdlDerivation>& ops) const;
  void Replay(const std::vector<DdlDerivation>& ops);
};

}  // namespace govern::ddl
