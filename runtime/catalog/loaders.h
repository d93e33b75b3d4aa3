// Catalog loaders: DDL .sql files, tags files, the JSON catalog format and a
// live PostgreSQL (libpq). Formats are documented in docs/catalog.md.
// Errors are values; messages read "file:line:col: message".
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "catalog/catalog.h"
#include "core/status.h"

namespace govern {

namespace sql {
class ParseCache;
}

// A non-fatal finding while loading (unknown object in ALTER, tag rule that
// matches nothing, ...).
struct CatalogWarning {
  std::string file;
  uint32_t line = 0;
  uint32_t column = 0;
  std::string message;
  std::string ToString() const;
};
using CatalogWarnings = std::vector<CatalogWarning>;

// --- DDL (CREATE SCHEMA/TABLE/VIEW/MATERIALIZED VIEW/TABLE AS, ALTER TABLE,
// RENAME, SET SCHEMA, DROP, COMMENT ON COLUMN ... IS 'govern:tags=a,b') ---
// Statements that fail to parse make the result an error (the others are
// still applied); statements that are not DDL are ignored.
// Data statements (INSERT ... SELECT, UPDATE, MERGE, data-modifying CTEs)
// and the queries of CREATE TABLE AS / SELECT INTO / views give their target
// columns the tags of their lineage sources, recorded as derived
// (Catalog::Column::derived, docs/catalog.md "Derived tags").
// One derivation: `to_column` is filled from `from_column`'s value by the
// statement at file:line (whether or not the source carries tags).
struct LineageEdge {
  int32_t from_column = -1;
  int32_t to_column = -1;
  std::string file;
  uint32_t line = 0;
};
// A statement's place in a text (byte offset and length).
struct DdlRange {
  uint32_t offset = 0;
  uint32_t length = 0;
};
// What a structure pass's analysis of a recorded statement derived, and what
// it resolved (DdlOptions::record_derivations): a derivation pass replays
// it instead of parsing and analysing the statement again when every lookup
// still has its answer and none of the tables whose columns it read changed
// since (Catalog::StillResolves: the same analysis would give the same
// sources).
struct DdlDerivation {
  // A view or CREATE TABLE AS: its relation (its columns are taken when
  // replayed) and the sources of each output column; empty name: a write.
  std::string schema;
  std::string name;
  std::vector<std::vector<int32_t>> sources;
  // A write (INSERT ... SELECT, UPDATE, MERGE, data-modifying WITH): each
  // written column and its sources, in order.
  std::vector<std::pair<int32_t, std::vector<int32_t>>> writes;
  std::vector<Catalog::Lookup> lookups;
  uint64_t revision = 0;  // Catalog::revision() when analysed
};
struct DdlOptions {
  bool structure = true;  // apply CREATE/ALTER/DROP/RENAME/COMMENT/SET search_path
  bool derive = true;     // derive tags along lineage
  // Objects only accumulate: DROP is ignored and CREATE OR REPLACE of an
  // existing relation extends it (repository flow: files in any order).
  bool monotone = false;
  // When set, every derivation (source column -> filled column) is appended
  // here, tag-carrying or not (govern lineage, docs/lineage.md).
  std::vector<LineageEdge>* lineage = nullptr;
  // Which statements to apply: all, only those about temporary relations
  // (CREATE TEMP ..., statements on relations in schema pg_temp), or only the
  // others. Temporary relations live in schema `pg_temp` (a session's view:
  // govern::Session::Executed).
  enum class Scope : uint8_t { kAll, kTemporary, kPermanent };
  Scope scope = Scope::kAll;
  // Parses to reuse and keep, by text (sql/parse_cache.h). Null: parse each time.
  sql::ParseCache* parse_cache = nullptr;
  // When set, set to true if the text has a statement a derivation pass
  // (structure = false) reads: one that fills columns from a query (INSERT
  // or MERGE from a query, UPDATE, a data-modifying WITH, a view, CREATE
  // TABLE AS, SELECT INTO). A text without one adds nothing in such a pass.
  bool* derives = nullptr;
  // When set, the ranges of the top-level statements a derivation pass
  // reads (those that derive, CREATE SCHEMA, SET search_path) are appended,
  // in order: the repository flow's structure pass records them so that its
  // derivation pass parses those statements alone, not the whole text.
  std::vector<DdlRange>* record_ranges = nullptr;
  // When set, only these statements of the text are parsed and applied, in
  // order (ranges recorded by a pass over the same text).
  const std::vector<DdlRange>* only_ranges = nullptr;
  // With record_ranges: for each recorded statement, what its analyses
  // derived (DdlDerivation). With only_ranges: what to replay for each
  // range, parallel to it; a range whose derivations are empty or no longer
  // valid is parsed and applied.
  std::vector<std::vector<DdlDerivation>>* record_derivations = nullptr;
  const std::vector<std::vector<DdlDerivation>>* replay_derivations = nullptr;
  // Statements that a monotone flow's Apply ignores whatever follows their
  // leading words (SELECT without INTO, CREATE INDEX, GRANT, DROP, ...:
  // sql/flow_inert.h) are not parsed; the others are parsed in runs of
  // consecutive statements (parse errors in the skipped ones go unreported).
  // The repository flow's structure pass sets it.
  // REQUIRES: monotone, no parse_cache, no only_ranges.
  bool skip_inert = false;
};
// The schema temporary relations are created in.
inline constexpr std::string_view kTempSchema = "pg_temp";
// `derived` (when given) is increased by the number of tags added by derivation.
Status LoadDdl(std::string_view sql, std::string_view file, Catalog* catalog, CatalogWarnings* warnings = nullptr,
               const DdlOptions& options = {}, size_t* derived = nullptr);
Status LoadDdlFile(const std::string& path, Catalog* catalog, CatalogWarnings* warnings = nullptr);

// --- repository flow: the catalog effects of many SQL texts (migrations,
// ETL jobs, ...). Every text's DDL and derivations are applied in name order,
// monotonically (what any file creates is known; DROP is ignored, so a
// statement before a DROP in another file still resolves), then derivations
// are repeated until no tag is added (tags only grow, so this ends; cycles
// are fine). The result does not depend on input order.
struct FlowInput {
  std::string name;  // the file name that derived tags are recorded with
  std::string_view text;
};
struct FlowReport {
  int passes = 0;        // passes over the inputs
  size_t derived = 0;    // tags added by derivation
  bool converged = true; // false: stopped at the pass limit with tags still growing
};
// Every pass parses the same texts: with `parse_cache`, each text is parsed
// once (and the cache then holds the parses for the caller to reuse).
FlowReport ApplyCatalogFlow(std::vector<FlowInput> inputs, Catalog* catalog, int max_passes = 32,
                            sql::ParseCache* parse_cache = nullptr);
// Every derivation of the inputs, read against `catalog` (normally the result
// of ApplyCatalogFlow over the same inputs: at the fixpoint this adds no tag),
// sorted by file, line, source and target column ids, without duplicates.
std::vector<LineageEdge> CollectLineage(std::vector<FlowInput> inputs, Catalog* catalog);

// Tags from a column comment: "govern:tags=pii.email,pii" anywhere in the text.
std::vector<std::string> ParseCommentTags(std::string_view comment);

// --- tags file: `schema.table.column-glob <TAB|spaces> tag[,tag...] [note...]`,
// `#` comments; also the corpus TSV with a `pipeline table.column suggested_tag`
// header. A literal (glob-free) name that matches no column creates it when
// `create_missing` (a tags file alone is then a catalog).
struct TagsOptions {
  bool create_missing = false;
};
Status LoadTags(std::string_view text, std::string_view file, Catalog* catalog, const TagsOptions& options = {},
                CatalogWarnings* warnings = nullptr);
Status LoadTagsFile(const std::string& path, Catalog* catalog, const TagsOptions& options = {},
                    CatalogWarnings* warnings = nullptr);

// --- JSON catalog (docs/catalog.md). Save is deterministic: schemas, tables
// and tags sorted, columns in ordinal order, dropped objects left out.
Status LoadCatalogJson(std::string_view json, std::string_view file, Catalog* catalog);
Status LoadCatalogJsonFile(const std::string& path, Catalog* catalog);
std::string SaveCatalogJson(const Catalog& catalog);

// --- live PostgreSQL: tables, views (pg_get_viewdef), materialized views,
// foreign tables, columns with types and comments (tags), search_path.
Expected<Catalog> PullCatalog(const std::string& dsn);

// --- several sources merged into one catalog: .sql (DDL) and .json (JSON
// catalog) files first, in order, then every other file as a tags file.
// A source may be a folder (its .sql files, recursively, in natural order of
// their paths: migration order; hidden entries and down migrations
// `down.sql` / `*.down.sql` skipped) or a glob (`*`, `?`, `[...]` within one
// folder level, matches in natural order). A folder without .sql files and
// a glob that matches nothing are errors.
Expected<Catalog> LoadCatalogSources(const std::vector<std::string>& paths, CatalogWarnings* warnings = nullptr);
Status LoadCatalogSourcesInto(const std::vector<std::string>& paths, Catalog* catalog,
                              CatalogWarnings* warnings = nullptr);
// The files the sources name, folders and globs expanded (as above).
Expected<std::vector<std::string>> ExpandCatalogSources(const std::vector<std::string>& sources);

// Reads a whole file (for loaders and the CLI).
Expected<std::string> ReadTextFile(const std::string& path);

}  // namespace govern
