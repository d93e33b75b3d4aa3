// Internal to runtime/sql: the Walker turns libpg_query parse trees into
// StatementFacts. Its methods are split by node family across
// walker.cpp (driver, accumulators), scopes.cpp (scopes, name resolution),
// const_eval.cpp (constant conditions), nested.cpp (parsing,
// body statements), walk_search_path.cpp, walk_views.cpp, select.cpp, from.cpp,
// expr.cpp, dml.cpp, merge.cpp, copy.cpp, ddl.cpp, utility.cpp and
// plpgsql.cpp, like DuckDB's transformer.
#pragma once

#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <unordered_map>
#include <unordered_set>
#include <vector>

#include "catalog/catalog.h"
#include "facts/facts.h"
#include "sql/analyzer.h"
#include "sql/facts_store.h"
#include "sql/parse_cache.h"
#include "sql/pg_node.h"
#include "sql/pg_raw.h"
#include "sql/plpgsql_outline.h"
#include "sql/source_map.h"
#include "sql/splitter.h"

namespace govern::sql {

// A column used where a value that fails or takes time by its size is
// evaluated outside any function (LIMIT/OFFSET, TABLESAMPLE, window frame
// offsets, XMLTABLE's document): `computes_on`.
inline constexpr uint16_t kUseOtherComputed = kUseOther | kUseComputed;

// A column of a derived relation (subquery, CTE, view, function) or of a
// SELECT's result: its name and the base columns its value comes from.
struct RelCol {
  std::string_view name;
  uint32_t src_begin = 0;  // into Walker::lineage_
  uint32_t src_end = 0;
  Derivation derivation = Derivation::kDirect;
};

struct ColRange {
  uint32_t begin = 0;  // into Walker::relcols_
  uint32_t end = 0;
  uint32_t size() const { return end - begin; }
};

enum class RelKind : uint8_t {
  kBase,         // a catalog table (columns from the catalog)
  kUnknownBase,  // a table the catalog does not know (or no catalog)
  kDerived,      // subquery, CTE, expanded view, VALUES: columns listed
  kFunction,     // function in FROM: any column name, lineage = the arguments
};

struct Rel {
  RelKind kind = RelKind::kUnknownBase;
  std::string_view alias;    // the name it is referenced by ("" if none)
  std::string_view schema;   // base tables: schema
  std::string_view relname;  // base tables: name
  std::string_view qname;    // base tables: "schema.table"
  int32_t table_id = -1;
  ColRange cols;             // kDerived (and kFunction when a column list was given)
  uint32_t src_begin = 0;    // kFunction: lineage of the arguments
  uint32_t src_end = 0;
};

struct Cte {
  std::string_view name;
  ColRange cols;
  bool pending = false;  // recursive CTE whose columns are not known yet
};

// Cached expansion of one view (persistent across statements).
struct ViewRef {
  std::string_view qname;
  int32_t column_id = -1;
  int32_t table_id = -1;
  uint16_t usage = 0;
};
struct ViewCol {
  std::string_view name;   // the view's column name (the catalog's, else the query's)
  std::string_view qname;  // "schema.view.column"
  int32_t column_id = -1;  // catalog id of the view column, or -1
  Derivation derivation = Derivation::kDirect;
  uint32_t begin = 0, end = 0;  // into ViewCache::refs
};
struct ViewTable {
  std::string_view qname;
  int32_t table_id = -1;
};
struct ViewInfo {
  enum State : uint8_t { kNone, kInProgress, kReady, kFailed } state = kNone;
  uint32_t cols_begin = 0, cols_end = 0;      // into ViewCache::cols
  uint32_t reads_begin = 0, reads_end = 0;    // into ViewCache::refs (non-output reads)
  uint32_t tables_begin = 0, tables_end = 0;  // into ViewCache::tables
  uint32_t functions_begin = 0, functions_end = 0;
};
struct ViewCache {
  FactsStore strings;
  std::unordered_map<int32_t, ViewInfo> views;
  std::vector<ViewCol> cols;
  std::vector<ViewRef> refs;
  std::vector<ViewTable> tables;
  std::vector<std::string_view> functions;
};

// Lineage being collected for one expression.
struct Sink {
  uint32_t begin = 0;  // into Walker::scratch_
  Derivation derivation = Derivation::kDirect;
  void Raise(Derivation d) {
    if (static_cast<uint8_t>(d) > static_cast<uint8_t>(derivation)) derivation = d;
  }
};

class Walker {
 public:
  Walker(const Catalog* catalog, const AnalyzerOptions& options, ViewCache* views, int nesting);
  ~Walker();

  void Run(std::string_view sql, FactsStore& store, AnalysisResult* result);
  // What Run(text) gives when `text` is one statement already parsed as
  // `stmt`, a node of a tree whose locations are in `doc` (`text` is a view
  // into `doc`), without parsing it again: the DDL loader analyses a view's
  // query or a write statement of the file it has parsed. False, with
  // nothing done, when `text` needs Run's cleaning (a NUL byte, invalid
  // UTF-8, a byte order mark) or is not inside `doc`.
  bool RunParsed(std::string_view doc, std::string_view text, Node stmt, FactsStore& store, AnalysisResult* result);

  // Expands a catalog view; false if it cannot be expanded (cycle, bad SQL).
  const ViewInfo* ExpandView(int32_t table_id);

 private:
  // ---- driver (walker.cpp) ----
  void StartRun(std::string_view sql, FactsStore& store, AnalysisResult* result);
  void EndRun();
  void AnalyzeDocument(std::string_view sql, uint32_t base_offset, Node root);
  void AnalyzePieces(std::string_view sql);
  void BeginStatement(uint32_t offset, uint32_t length);
  void EndStatement();
  void AddDiagnostic(std::string message, uint32_t offset, uint32_t statement_offset);
  // ---- parsing and body statements (nested.cpp) ----
  bool ParseSql(std::string_view sql, Node* root, std::string* error, int* cursor);
  bool ReadParsed(const ParsedText& parsed, Node* root, std::string* error, int* cursor);
  bool ReadTree(const char* json, size_t length, Node* root, std::string* error, int* cursor);
  void FixSpans();

  // ---- statements (utility.cpp) ----
  void WalkStatement(Node stmt, bool top);
  // Analyses nested SQL text (function bodies, EXECUTE 'literal') into the
  // current statement. With `body_statements`, each statement of the text is
  // also queued to be analysed as a statement of its own (WalkBodies).
  // False when the text was not walked; `*not_sql` (when given) is set when
  // that is because it does not parse.
  bool WalkNestedSql(std::string_view sql, bool body_statements = false, bool* not_sql = nullptr);
  // After a statement ends (nested.cpp): its body statements (and theirs),
  // each as a statement with `enclosing` set, positioned inside the body
  // when found.
  void WalkBodies(uint32_t enclosing_index);
  void SetKind(StatementKind kind, bool top) {
    if (top) kind_ = kind;
  }

  // ---- select (select.cpp) ----
  ColRange WalkSelect(Node select_body, uint16_t usage, bool top);
  ColRange WalkSimpleSelect(Node body, uint16_t usage, bool top);
  bool FrameHasColumn(std::string_view column);
  static StatementKind InnerKind(std::string_view tag);
  void WalkWith(Node with_clause);
  void WalkSortClause(NodeList sort, ColRange outputs, uint16_t usage);
  void WalkGroupClause(NodeList group, ColRange outputs);
  void WalkLimit(Node body);
  void WalkTargetList(NodeList targets, uint16_t usage, std::vector<RelCol>* out);
  void UseOutput(const RelCol& col, uint16_t usage);
  std::string_view FigureColname(Node expr);

  // ---- from (from.cpp) ----
  void WalkFromList(NodeList from);
  void WalkFromItem(Node item);
  void AddRangeVar(Node range_var_body, uint8_t access);
  bool LookupRelation(std::string_view schema, std::string_view name, bool expand, Rel* rel);
  void ApplyAlias(Rel* rel, Node alias_body);
  void WalkJoin(Node join_body);
  void ExpandStar(const Rel& rel, uint16_t usage, std::vector<RelCol>* out, Sink* sink, uint32_t location);

  // ---- expressions (expr.cpp) ----
  void WalkExpr(Node n, uint16_t usage, Sink* sink);
  void WalkAny(Node n, uint16_t usage, Sink* sink);
  void WalkColumnRef(Node body, uint16_t usage, Sink* sink);
  // `(t).c`: the column c of relation t, when t names no column in scope;
  // false (nothing done) when it is anything else.
  bool WalkFieldSelection(Node body, uint16_t usage, Sink* sink);
  // Whether `name` may be a column visible unqualified (true when a relation's columns are unknown).
  bool MayBeColumnInScope(std::string_view name);
  bool RelHasColumn(const Rel& rel, std::string_view column);
  void WalkFuncCall(Node body, uint16_t usage, Sink* sink);
  void WalkSubLink(Node body, uint16_t usage, Sink* sink);
  void WalkCase(Node body, uint16_t usage, Sink* sink);
  void WalkWindow(Node body);
  bool IsConstantTrue(Node n);  // const_eval.cpp
  void AddFunction(NodeList funcname, bool sql_syntax, uint32_t location);
  RelCol FinishSink(Sink* sink, std::string_view name);

  // ---- DML (dml.cpp, merge.cpp, copy.cpp) ----
  void WalkInsert(Node body, bool top);
  void WalkUpdate(Node body, bool top);
  void WalkDelete(Node body, bool top);
  void WalkMerge(Node body, bool top);
  void WalkCopy(Node body, bool top);
  ColRange WalkReturningList(NodeList returning, bool top);
  int AddTargetRel(Node range_var_body, uint8_t access);
  // Returns the index of the write in writes_, or -1 when the column is unknown.
  int AddWrite(const Rel& rel, std::string_view column, uint32_t location);
  // Appends the written columns in ordinal order to `written` (when given).
  void AddAllWrites(const Rel& rel, uint32_t location, std::vector<int>* written = nullptr);
  // Records that write `write` stores values derived from lineage_[begin, end).
  void AddWriteLineage(int write, uint32_t begin, uint32_t end);
  // Walks a value expression stored into write `write` (UPDATE SET, MERGE).
  void WalkWrittenValue(Node val, int write);

  // ---- DDL (ddl.cpp) ----
  void WalkDdl(std::string_view tag, Node body, bool top);
  void AddDdlTable(Node range_var_body, uint8_t access);
  void AddTableName(std::string_view schema, std::string_view name, uint8_t access, bool target);
  void WalkCreateFunction(Node body, bool top);

  // ---- PL/pgSQL (plpgsql.cpp) ----
  // Walks the outline of the body's compiled functions (sql/plpgsql_outline.h).
  void WalkPlpgsql(std::string_view create_function_sql);
  void WalkPlpgsqlExpr(std::string_view query, PlpgsqlText how);

  // ---- accumulators (walker.cpp) and scopes, resolution (scopes.cpp) ----
  uint32_t RegisterColumn(std::string_view qname, int32_t column_id, int32_t table_id);
  void Read(uint32_t col, uint16_t usage, Sink* sink);
  void ReadRange(uint32_t src_begin, uint32_t src_end, uint16_t usage, Sink* sink);
  void AddTable(std::string_view qname, int32_t table_id, uint8_t access);
  void AddTarget(std::string_view qname);
  void AddFunctionName(std::string_view name, uint32_t location = kNoLocation);
  void AddUnresolved(std::string_view name, std::string_view reason, uint32_t location);
  uint32_t PushFrame();
  void PopFrame(uint32_t frame);
  // Resolves `column` (optionally qualified) in the scopes and reads it.
  bool ResolveColumn(std::string_view qual_schema, std::string_view qual_rel, std::string_view column,
                     uint16_t usage, Sink* sink, uint32_t location);
  bool ReadRelColumn(const Rel& rel, std::string_view column, uint16_t usage, Sink* sink, bool definite_only);
  const Rel* FindRelByQualifier(std::string_view schema, std::string_view name);
  const Cte* FindCte(std::string_view name);
  uint32_t CopyScratchToLineage(uint32_t begin);
  std::string_view Intern(std::string_view s) { return store_->Intern(s); }
  std::string_view QualifyUnknown(std::string_view schema, std::string_view name);
  std::string_view DefaultSchema() const;
  bool Enter();
  void Leave() { --depth_; }
  std::string_view SourceText(uint32_t location, uint32_t length) const;

  const Catalog* catalog_;
  const AnalyzerOptions& options_;
  ViewCache* views_;
  int nesting_;  // 0 for the top walker, +1 per view expansion level
  // Schemas for unqualified names: the configured path, replaced for the
  // rest of one Run() by SET search_path / set_config (walker.cpp).
  std::vector<std::string> configured_path_;
  std::vector<std::string> session_path_;  // SET [SESSION] search_path
  std::vector<std::string> local_path_;    // SET LOCAL: until the transaction ends
  bool session_path_set_ = false;
  bool local_path_set_ = false;
  // A change made by the current statement, applied when it ends.
  enum class PathChange : uint8_t { kNone, kSession, kLocal, kReset, kEndTransaction };
  PathChange pending_path_ = PathChange::kNone;
  bool path_from_set_config_ = false;
  std::vector<std::string> pending_path_value_;
  const std::vector<std::string>& SearchPath() const {
    return local_path_set_ ? local_path_ : session_path_set_ ? session_path_ : configured_path_;
  }
  void WalkVariableSet(Node body, bool top);
  void NoteSetConfig(NodeList args);
  void ApplyPathChange();

  // parse buffers
  std::vector<std::unique_ptr<simdjson::dom::parser>> parsers_;
  std::vector<std::string> padded_;
  // Each level's parse as PostgreSQL's own nodes (pg_raw.h): replaced by the
  // next parse at its level, freed when Run returns (a RawTree belongs to
  // the thread that made it).
  std::vector<std::shared_ptr<raw::RawTree>> trees_;
  // PL/pgSQL parses of function bodies, by the CREATE FUNCTION text.
  ParseCache bodies_{size_t{4} << 20, true};
  int parse_level_ = 0;
  std::vector<TextRange> pieces_;
  LineIndex lines_;
  std::string_view text_;          // the whole input of Run()
  std::string_view doc_text_;      // the text of the document being walked (for nested bodies)
  uint32_t doc_offset_ = 0;        // offset of doc_text_ in text_ (top level only)
  bool nested_doc_ = false;

  // the current run
  FactsStore* store_ = nullptr;
  AnalysisResult* result_ = nullptr;
  struct StmtSpan {
    uint32_t reads, writes, write_sources, output_sources, outputs, tables, targets, functions, unresolved;
    uint32_t reads_end, writes_end, write_sources_end, output_sources_end, outputs_end, tables_end, targets_end, functions_end,
        unresolved_end;
  };
  std::vector<StmtSpan> spans_;

  // the current statement
  StatementKind kind_ = StatementKind::k_unknown;
  bool has_where_ = false;
  bool has_limit_ = false;
  bool opaque_ = false;
  bool server_io_ = false;
  bool locks_rows_ = false;
  bool changes_role_ = false;
  bool too_deep_ = false;
  int depth_ = 0;
  StatementKind modifying_cte_kind_ = StatementKind::k_unknown;
  bool modifying_cte_where_ = true;
  struct ColEntry {
    std::string_view qname;
    int32_t column_id;
    int32_t table_id;
    uint16_t usage;
    bool read;
    uint32_t location;  // first reference (ColumnFact::location)
  };
  std::vector<ColEntry> cols_;
  std::unordered_map<std::string_view, uint32_t> col_index_;
  std::vector<ColumnFact> writes_;
  std::vector<std::pair<uint32_t, uint32_t>> write_lineage_;  // (index into writes_, index into cols_)
  std::vector<TableFact> tables_;
  std::vector<std::string_view> targets_;
  std::vector<std::string_view> functions_;
  std::vector<uint32_t> function_locations_;  // parallel to functions_
  std::vector<UnresolvedFact> unresolved_;
  std::vector<uint32_t> lineage_;   // base column indices (into cols_)
  std::vector<uint32_t> scratch_;   // lineage being collected
  std::vector<RelCol> relcols_;
  std::vector<RelCol> tmp_cols_;
  ColRange top_outputs_;
  bool have_outputs_ = false;
  std::vector<Rel> rels_;
  std::vector<uint32_t> frames_;    // rel index where each scope starts
  std::vector<uint32_t> frame_ctes_;
  std::vector<uint32_t> frame_usings_;
  std::vector<Cte> ctes_;
  std::vector<std::string_view> usings_;  // USING/NATURAL column names of the open scopes
  // Per entry of usings_: which side(s) of its join the merged column's value
  // comes from, as PostgreSQL builds it (INNER/LEFT: left, RIGHT: right,
  // FULL: COALESCE of both), as rel index ranges.
  struct UsingSides {
    uint32_t left_begin = 0, right_begin = 0, right_end = 0;
    bool left = true, right = false;
  };
  std::vector<UsingSides> using_sides_;
  // Reads a merged USING column from the side(s) its value comes from; false
  // when `column` is not merged in scope `frame`.
  bool ReadMergedColumn(size_t frame, std::string_view column, uint16_t usage, Sink* sink);
  std::vector<std::string_view> variables_;  // PL/pgSQL variables and SQL function parameters
  struct PendingBody {
    std::shared_ptr<const std::string> doc;  // the body (nested text) the statement is in
    TextRange range;                         // the statement in *doc
    std::vector<std::string> variables;      // names in scope there (not columns)
    // The statement's node in the raw parse of *doc, kept alive by `tree`:
    // walked again on its own without parsing its text again. Null when that
    // parse was JSON (a shared parse cache's): the text is parsed again.
    std::shared_ptr<const raw::RawTree> tree;
    Node stmt;
    std::string_view text() const { return std::string_view(*doc).substr(range.offset, range.length); }
  };
  std::vector<PendingBody> pending_bodies_;
  int body_level_ = 0;  // > 0 while walking nested SQL of the current statement
  uint32_t location_bias_ = 0;  // added to node locations (nested SQL has its own)
  // location_bias_ as it would be had the statement been parsed from its own
  // text (AnalyzeDocument, a body statement parsed again): what nested SQL
  // texts walk with, whether or not the statement's node was reused from a
  // larger tree (RunParsed, kept body statements), so both give one result.
  uint32_t text_bias_ = 0;
  // Where the reference being resolved is, as a byte offset in the whole
  // input (ColumnFact::location), and how node locations of the document
  // being walked map to it: nested SQL that is a slice of the input is
  // shifted by its offset; decoded text has no input offsets.
  uint32_t ref_location_ = kNoLocation;
  uint32_t ref_bias_ = 0;
  // ref_bias_ as it would be had the statement been parsed from its own text
  // (see text_bias_): a node without a location (PostgreSQL's 0, which the
  // JSON omits) maps to what the statement's own parse would give.
  uint32_t ref_text_bias_ = 0;
  bool ref_located_ = true;
  std::string_view input_;  // the text the top-level parse saw
  uint32_t InputLocation(uint32_t node_location) const {
    if (!ref_located_ || node_location == kNoLocation) return kNoLocation;  // PostgreSQL's -1: unknown
    return node_location == 0 ? ref_text_bias_ : node_location + ref_bias_;
  }
  void SetRefLocation(uint32_t node_location) { ref_location_ = InputLocation(node_location); }
  std::unique_ptr<Walker> child_;
  ColRange last_returning_;      // RETURNING of the last DML walked
  bool last_dml_where_ = true;   // whether the last DML walked had a real WHERE
  std::string_view schema_override_;  // CREATE SCHEMA elements: their schema
  TextRange stmt_range_;         // the current top statement in doc_text_
  std::string name_buffer_;
  std::vector<std::pair<std::string_view, uint32_t>> tmp_names_;
  // Input bytes the parser must not see (NUL, invalid UTF-8): their
  // statements become diagnostics. `clean_` is the input with those bytes
  // (and a leading BOM) replaced by spaces, so offsets stay the same.
  struct Poison {
    uint32_t offset;
    const char* message;
  };
  std::vector<Poison> poison_;
  std::string clean_;
};

// Lower-cases an ASCII identifier as PostgreSQL's parser already did; used
// for names that arrive from outside the parse tree.
std::string FoldIdentifier(std::string_view s);

}  // namespace govern::sql
