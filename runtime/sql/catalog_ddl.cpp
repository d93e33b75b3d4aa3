// LoadDdl: applies DDL statements to a Catalog. Lives in runtime/sql/ because
// it reads libpg_query's parse tree; its interface is catalog/loaders.h.
#include <pg_query.h>

#include <string>

#include "catalog/loaders.h"
#include "sql/analyzer.h"
#include "sql/parse_cache.h"
#include "sql/pg_node.h"
#include "sql/pg_raw.h"
#include "sql/search_path.h"
#include "sql/source_map.h"
#include "sql/splitter.h"
#include "sql/top_level_words.h"
#include "sql/walker.h"

namespace govern {
namespace {

using sql::Body;
using sql::Field;
using sql::ForEachTopLevelWord;
using sql::Has;
using sql::Int;
using sql::List;
using sql::ListSize;
using sql::Node;
using sql::NodeList;
using sql::QueryAfterAs;
using sql::Str;
using sql::StringValue;
using sql::Untag;

std::string TypeName(Node type_name) {
  Node body = Body(type_name);
  std::string out;
  for (Node n : List(body, "names")) {
    std::string_view s = StringValue(n);
    if (s == "pg_catalog") continue;
    if (!out.empty()) out.push_back('.');
    out.append(s);
  }
  if (ListSize(List(body, "arrayBounds")) > 0) out.append("[]");
  return out;
}

// The largest JSON (bytes) whose parser buffers ApplyJson keeps for the next text.
constexpr size_t kKeptParserCapacity = size_t{1} << 20;

class DdlLoader {
 public:
  DdlLoader(std::string_view file, Catalog* catalog, CatalogWarnings* warnings, const DdlOptions& options)
      : file_(file), catalog_(catalog), warnings_(warnings), options_(options) {}
  size_t derived() const { return derived_; }

  Status Load(std::string_view text) {
    text_ = text;
    lines_.Reset(text);
    std::string error;
    int cursor = 0;
    if (ParseAndApply(text, 0, &error, &cursor)) return Finish();
    std::vector<sql::TextRange> pieces;
    sql::SplitStatements(text, &pieces);
    for (const sql::TextRange& piece : pieces) {
      std::string_view piece_text = text.substr(piece.offset, piece.length);
      if (!ParseAndApply(piece_text, piece.offset, &error, &cursor)) {
        uint32_t at = piece.offset + (cursor > 0 ? sql::CharPosToByteOffset(piece_text, cursor) : 0);
        AddError(at, error);
      }
    }
    return Finish();
  }

 private:
  Status Finish() {
    if (errors_.empty()) return Status::Ok();
    std::string all;
    for (const std::string& e : errors_) {
      if (!all.empty()) all.push_back('\n');
      all.append(e);
    }
    return Status::Error(all);
  }

  std::string Where(uint32_t offset) {
    uint32_t line = 1;
    uint32_t column = 1;
    lines_.Locate(offset, &line, &column);
    return std::string(file_) + ":" + std::to_string(line) + ":" + std::to_string(column);
  }

  void AddError(uint32_t offset, std::string_view message) { errors_.push_back(Where(offset) + ": " + std::string(message)); }

  void Warn(std::string message) {
    if (warnings_ == nullptr) return;
    CatalogWarning w;
    w.file = std::string(file_);
    lines_.Locate(stmt_offset_, &w.line, &w.column);
    w.message = std::move(message);
    warnings_->push_back(std::move(w));
  }

  // Parses `text` (at `base` in the file) and applies its statements; false,
  // with libpg_query's message and cursor, when it does not parse. Without a
  // parse cache nothing is kept for another pass, so the tree is PostgreSQL's
  // own nodes read in place (sql/pg_raw.h); with one, libpg_query's JSON is
  // kept in (or taken from) it.
  bool ParseAndApply(std::string_view text, uint32_t base, std::string* error, int* cursor) {
    if (options_.parse_cache == nullptr) {
      sql::raw::RawTree tree(text);
      if (!tree.ok()) {
        *error = tree.error();
        *cursor = tree.cursor();
        return false;
      }
      ApplyRoot(Node::RawRoot(tree.stmts()), text, base);
      return true;
    }
    sql::ParsedText scratch;
    const sql::ParsedText& parsed = Parse(text, &scratch);
    if (!parsed.ok) {
      *error = parsed.error;
      *cursor = parsed.cursor;
      return false;
    }
    ApplyJson(parsed.json, text, base);
    return true;
  }

  // libpg_query's parse of `text`, kept in (or taken from) the flow's parse
  // cache; `scratch` holds it when the cache does not keep it.
  const sql::ParsedText& Parse(std::string_view text, sql::ParsedText* scratch) {
    if (options_.parse_cache != nullptr) {
      if (const sql::ParsedText* hit = options_.parse_cache->Find(text, sql::ParseKind::kSql)) return *hit;
    }
    *scratch = sql::ParseText(text, sql::ParseKind::kSql);
    if (options_.parse_cache != nullptr) {
      if (const sql::ParsedText* kept = options_.parse_cache->Put(text, sql::ParseKind::kSql, std::move(*scratch)))
        return *kept;
    }
    return *scratch;
  }

  // Analyses `text` against the catalog as it is now (a new Analyzer: view
  // expansions must not outlive catalog changes). Every pass of the flow
  // analyses the same texts: with the flow's parse cache they parse once.
  void AnalyzeText(std::string_view text, AnalyzerOptions options, FactsStore& store, AnalysisResult* result) {
    if (options_.parse_cache != nullptr) {
      sql::ParsedText scratch;
      (void)Parse(text, &scratch);
      options.parse_cache = std::shared_ptr<const sql::ParseCache>(std::shared_ptr<void>(), options_.parse_cache);
    }
    Analyzer analyzer(catalog_, std::move(options));
    analyzer.Analyze(text, store, result);
  }

  // AnalyzeText for a statement (or a view's query) of the tree being
  // applied: `stmt` is its node and `text` its text in doc_. The walker reads
  // the node instead of parsing the text again; same facts.
  void AnalyzeStatement(Node stmt, std::string_view text, AnalyzerOptions options, FactsStore& store,
                        AnalysisResult* result) {
    sql::ViewCache views;  // as a new Analyzer's: nothing expanded before this catalog state
    sql::Walker walker(catalog_, options, &views, 0);
    if (!walker.RunParsed(doc_, text, stmt, store, result)) AnalyzeText(text, std::move(options), store, result);
  }

  void ApplyJson(const std::string& json, std::string_view text, uint32_t base) {
    // One parser per thread, its buffers reused from file to file (and piece
    // to piece): a parser of its own per call allocated them every time.
    // Nothing here loads DDL again while the tree is read. Buffers sized for
    // a large text (about 10 bytes per byte of JSON) are not kept: a proxy
    // loads its catalog once and would hold them for its lifetime.
    thread_local simdjson::dom::parser parser;
    struct Release {
      simdjson::dom::parser& p;
      ~Release() {
        if (p.capacity() > kKeptParserCapacity) p = simdjson::dom::parser();
      }
    } release{parser};
    simdjson::dom::element root;
    bool padded = json.capacity() >= json.size() + simdjson::SIMDJSON_PADDING;
    if (parser.parse(json.data(), json.size(), !padded).get(root) != simdjson::SUCCESS) {
      AddError(base, "cannot read parse tree");
      return;
    }
    ApplyRoot(Node(root), text, base);
  }

  void ApplyRoot(Node root, std::string_view text, uint32_t base) {
    doc_ = text;  // the tree's node locations are in it
    for (Node raw : List(root, "stmts")) {
      auto location = static_cast<uint32_t>(Int(raw, "stmt_location", 0));
      auto length = static_cast<uint32_t>(Int(raw, "stmt_len", 0));
      if (length == 0) length = static_cast<uint32_t>(text.size()) - std::min<uint32_t>(location, text.size());
      sql::TextRange range = sql::TrimStatement(text, {location, length});
      stmt_offset_ = base + range.offset;
      stmt_text_ = text.substr(range.offset, range.length);
      Node stmt;
      if (Field(raw, "stmt", &stmt)) Apply(stmt, {});
    }
  }

  std::string_view DefaultSchema(std::string_view override_schema) const {
    if (!override_schema.empty()) return override_schema;
    return catalog_->search_path().empty() ? std::string_view("public") : std::string_view(catalog_->search_path()[0]);
  }

  std::optional<int32_t> Find(std::string_view schema, std::string_view name) const {
    return schema.empty() ? catalog_->FindTableInPath(name) : catalog_->FindTable(schema, name);
  }

  std::optional<int32_t> FindRangeVar(Node rv) const {
    Node b = Body(rv);
    return Find(Str(b, "schemaname"), Str(b, "relname"));
  }

  void CopyColumns(int32_t from, int32_t to) {
    std::vector<int32_t> cols = catalog_->table(from).columns;
    for (int32_t c : cols) {
      const Catalog::Column& col = catalog_->column(c);
      int32_t id = catalog_->AddColumn(to, col.name, col.type);
      std::vector<uint32_t> tags = catalog_->column(c).tags;
      for (uint32_t tag : tags) catalog_->AddTag(id, std::string(catalog_->TagName(tag)));
    }
  }

  // "file:line" of the current statement (where derived tags come from).
  std::string WhereLine() {
    uint32_t line = 1;
    uint32_t column = 1;
    lines_.Locate(stmt_offset_, &line, &column);
    return std::string(file_) + ":" + std::to_string(line);
  }

  // Output columns of a query, analysed against the catalog as it is now:
  // names, and the catalog ids of the columns each one's value comes from.
  struct QueryShape {
    std::vector<std::string> names;
    std::vector<std::vector<int32_t>> sources;
  };
  // The search path statements of this file resolve names with: a CREATE
  // SCHEMA element sees its schema first, as in PostgreSQL.
  std::vector<std::string> EffectivePath(std::string_view override_schema) const {
    std::vector<std::string> path;
    if (!override_schema.empty()) path.emplace_back(override_schema);
    for (const std::string& s : catalog_->search_path())
      if (s != override_schema) path.push_back(s);
    if (path.empty()) path.emplace_back("public");
    return path;
  }

  QueryShape AnalyzeQuery(Node query_node, std::string_view query, std::string_view override_schema) {
    QueryShape shape;
    AnalyzerOptions options;
    options.search_path = EffectivePath(override_schema);
    FactsStore store;
    AnalysisResult result;
    AnalyzeStatement(query_node, query, std::move(options), store, &result);
    if (result.statements.size() != 1 || !result.errors.empty()) return shape;
    for (const OutputFact& o : result.statements[0].outputs) {
      shape.names.emplace_back(o.name);
      std::vector<int32_t> ids;
      for (const ColumnFact& c : o.sources)
        if (c.column_id >= 0) ids.push_back(c.column_id);
      shape.sources.push_back(std::move(ids));
    }
    return shape;
  }

  // Gives `column` the tags of `sources` (as derived tags).
  void Derive(int32_t column, const std::vector<int32_t>& sources) {
    std::string where;
    for (int32_t src : sources) {
      if (src == column) continue;
      if (options_.lineage != nullptr) {
        uint32_t line = 1;
        uint32_t col = 1;
        lines_.Locate(stmt_offset_, &line, &col);
        options_.lineage->push_back(LineageEdge{src, column, std::string(file_), line});
      }
      std::vector<uint32_t> tags = catalog_->column(src).tags;
      for (uint32_t tag : tags) {
        if (where.empty()) where = WhereLine();
        if (catalog_->AddDerivedTag(column, tag, src, where)) ++derived_;
      }
    }
  }

  void AddQueryRelation(Node rv, std::string_view override_schema, RelationKind kind, Node query_node,
                        std::string_view query, NodeList aliases, bool store_sql) {
    Node b = Body(rv);
    std::string_view schema = Str(b, "schemaname");
    if (schema.empty()) schema = DefaultSchema(override_schema);
    std::string_view name = Str(b, "relname");
    QueryShape shape = AnalyzeQuery(query_node, query, override_schema);
    std::vector<std::string>& columns = shape.names;
    size_t k = 0;
    for (Node a : aliases) {
      if (k < columns.size()) columns[k] = std::string(StringValue(a));
      else columns.emplace_back(StringValue(a));
      ++k;
    }
    int32_t id = -1;
    if (!options_.structure) {
      // A later pass: the relation exists; only its tags can grow.
      auto existing = catalog_->FindTable(schema, name);
      if (!existing) return;
      id = *existing;
    } else if (auto existing = catalog_->FindTable(schema, name); existing && options_.monotone) {
      id = *existing;  // known already (another file, the catalog): extend it
      for (const std::string& c : columns) catalog_->AddColumn(id, c);
      if (store_sql && catalog_->table(id).view_sql.empty())
        catalog_->SetViewSql(id, std::string(query), EffectivePath(override_schema));
    } else {
      if (existing) catalog_->DropTable(*existing);  // CREATE OR REPLACE
      id = catalog_->AddTable(schema, name, kind);
      if (columns.empty()) Warn("cannot determine the columns of " + catalog_->table(id).qname);
      for (const std::string& c : columns) catalog_->AddColumn(id, c);
      if (store_sql) catalog_->SetViewSql(id, std::string(query), EffectivePath(override_schema));
    }
    if (!options_.derive) return;
    const std::vector<int32_t>& cols = catalog_->table(id).columns;
    for (size_t i = 0; i < cols.size() && i < shape.sources.size(); ++i) Derive(cols[i], shape.sources[i]);
  }

  // INSERT ... VALUES of literal rows only (seed data, test fixtures): no
  // written value comes from a column, so there is nothing to derive (and no
  // need to analyse the statement again in every pass).
  static bool LiteralInsert(std::string_view tag, Node body) {
    Node select;
    if (tag != "InsertStmt" || Has(body, "withClause") || Has(body, "onConflictClause") ||
        !Field(body, "selectStmt", &select))
      return false;
    sql::Tagged t = Untag(select);
    if (t.tag != "SelectStmt" || Has(t.body, "withClause")) return false;
    Node rows;
    if (!Field(t.body, "valuesLists", &rows) || !sql::IsList(rows)) return false;
    for (Node row : sql::AsList(rows))
      for (Node item : List(Body(row), "items"))
        if (!sql::IsLiteral(item)) return false;
    return true;
  }

  // Whether a derivation pass reads the statement (DdlOptions::derives): the
  // statements Apply derives from when `structure` is false.
  static bool Derives(std::string_view tag, Node body) {
    if (tag == "InsertStmt") return !LiteralInsert(tag, body);
    if (tag == "UpdateStmt" || tag == "MergeStmt" || tag == "ViewStmt" || tag == "CreateTableAsStmt") return true;
    if (tag == "SelectStmt") return Has(body, "withClause") || Has(body, "intoClause");
    return false;
  }

  // INSERT ... SELECT, UPDATE ... SET c = expr, MERGE, data-modifying CTEs:
  // each written column takes the tags of the columns its values come from.
  void DeriveFromWrites(Node stmt) {
    FactsStore store;
    AnalysisResult result;
    AnalyzeStatement(stmt, stmt_text_, {}, store, &result);
    for (const StatementFacts& f : result.statements) {
      for (size_t w = 0; w < f.writes.size(); ++w) {
        if (f.writes[w].column_id < 0) continue;
        std::vector<int32_t> sources;
        for (const ColumnFact& c : f.write_sources)
          if (c.output == w && c.column_id >= 0) sources.push_back(c.column_id);
        Derive(f.writes[w].column_id, sources);
      }
    }
  }

  // Whether a statement is about a temporary relation: it creates one
  // (relpersistence "t"), or names one in pg_temp / one that resolves there.
  bool IsTemporary(std::string_view tag, Node body) const {
    Node n;
    Node rv;
    bool has_rv = false;
    if (tag == "CreateStmt" || tag == "AlterTableStmt" || tag == "RenameStmt" || tag == "AlterObjectSchemaStmt" ||
        tag == "InsertStmt" || tag == "UpdateStmt" || tag == "MergeStmt" || tag == "DeleteStmt") {
      has_rv = Field(body, "relation", &rv);
    } else if (tag == "ViewStmt") {
      has_rv = Field(body, "view", &rv);
    } else if (tag == "CreateTableAsStmt") {
      has_rv = Field(body, "into", &n) && Field(Body(n), "rel", &rv);
    } else if (tag == "SelectStmt") {
      has_rv = Field(body, "intoClause", &n) && Field(Body(n), "rel", &rv);
    }
    if (!has_rv) return false;
    Node b = Body(rv);
    if (Str(b, "relpersistence") == "t") return true;
    std::string_view schema = Str(b, "schemaname");
    if (schema == kTempSchema) return true;
    if (!schema.empty()) return false;
    auto id = catalog_->FindTableInPath(Str(b, "relname"));
    return id && catalog_->table(*id).schema == kTempSchema;
  }

  void Apply(Node stmt, std::string_view override_schema) {
    sql::Tagged t = Untag(stmt);
    std::string_view tag = t.tag;
    Node body = t.body;
    Node n;
    if (options_.derives != nullptr && !*options_.derives && Derives(tag, body)) *options_.derives = true;
    if (options_.scope != DdlOptions::Scope::kAll && tag != "CreateSchemaStmt" && tag != "VariableSetStmt") {
      bool temporary = IsTemporary(tag, body);
      if (temporary != (options_.scope == DdlOptions::Scope::kTemporary)) return;
      if (temporary && tag != "RenameStmt" && tag != "AlterObjectSchemaStmt") override_schema = kTempSchema;
    }
    if (tag == "CreateSchemaStmt") {
      std::string_view schema = Str(body, "schemaname");
      if (!schema.empty() && options_.structure) catalog_->AddSchema(schema);
      // Each element (CREATE TABLE/VIEW/INDEX/SEQUENCE/TRIGGER, GRANT) is
      // read from its own text: a view's query ends where the next element
      // begins.
      std::vector<size_t> starts;
      std::string_view whole = stmt_text_;
      for (std::string_view word : {"create", "grant"})
        ForEachTopLevelWord(whole, word, [&](size_t at) {
          starts.push_back(at);
          return true;
        });
      std::sort(starts.begin(), starts.end());
      size_t k = 1;  // starts[0] is CREATE SCHEMA itself
      for (Node elt : List(body, "schemaElts")) {
        if (k < starts.size()) {
          size_t end = k + 1 < starts.size() ? starts[k + 1] : whole.size();
          stmt_text_ = whole.substr(starts[k], end - starts[k]);
        }
        ++k;
        Apply(elt, schema);
      }
      stmt_text_ = whole;
    } else if (tag == "InsertStmt" || tag == "UpdateStmt" || tag == "MergeStmt" ||
               (tag == "SelectStmt" && Has(body, "withClause") && !Has(body, "intoClause"))) {
      if (options_.derive && !LiteralInsert(tag, body)) DeriveFromWrites(stmt);
    } else if (!options_.structure && tag != "ViewStmt" && tag != "CreateTableAsStmt" && tag != "SelectStmt" &&
               tag != "VariableSetStmt") {
      return;  // a later pass only re-derives tags
    } else if (tag == "CreateStmt") {
      if (!Field(body, "relation", &n)) return;
      Node rv = Body(n);
      std::string_view schema = Str(rv, "schemaname");
      if (schema.empty()) schema = DefaultSchema(override_schema);
      std::string_view name = Str(rv, "relname");
      if (catalog_->FindTable(schema, name)) {
        if (!sql::Bool(body, "if_not_exists")) Warn("table " + std::string(schema) + "." + std::string(name) + " already exists");
        return;
      }
      int32_t id = catalog_->AddTable(schema, name, RelationKind::kTable);
      // Inherited (INHERITS, PARTITION OF) columns come first.
      for (Node parent : List(body, "inhRelations")) {
        if (auto pid = FindRangeVar(parent)) CopyColumns(*pid, id);
        else Warn("unknown parent table " + std::string(Str(Body(parent), "relname")));
      }
      for (Node elt : List(body, "tableElts")) {
        sql::Tagged e = Untag(elt);
        if (e.tag == "ColumnDef") {
          Node type;
          std::string type_name = Field(e.body, "typeName", &type) ? TypeName(type) : std::string();
          catalog_->AddColumn(id, Str(e.body, "colname"), type_name);
        } else if (e.tag == "TableLikeClause") {
          Node rel;
          if (Field(e.body, "relation", &rel)) {
            if (auto lid = FindRangeVar(rel)) CopyColumns(*lid, id);
            else Warn("unknown table in LIKE: " + std::string(Str(Body(rel), "relname")));
          }
        }
      }
    } else if (tag == "ViewStmt") {
      Node query;
      if (!Field(body, "view", &n) || !Field(body, "query", &query)) return;
      AddQueryRelation(n, override_schema, RelationKind::kView, query, QueryAfterAs(stmt_text_), List(body, "aliases"),
                       true);
    } else if (tag == "CreateTableAsStmt") {
      Node into;
      Node rel;
      if (!Field(body, "into", &into) || !Field(Body(into), "rel", &rel)) return;
      bool matview = Str(body, "objtype") == "OBJECT_MATVIEW";
      Node query;
      bool is_select = Field(body, "query", &query) && Untag(query).tag == "SelectStmt";
      if (!is_select) return;  // CREATE TABLE AS EXECUTE
      AddQueryRelation(rel, override_schema, matview ? RelationKind::kMaterializedView : RelationKind::kTable, query,
                       QueryAfterAs(stmt_text_), List(Body(into), "colNames"), matview);
    } else if (tag == "SelectStmt") {
      // SELECT ... INTO new_table: columns of the select list.
      Node into;
      Node rel;
      if (!Field(body, "intoClause", &into) || !Field(Body(into), "rel", &rel)) return;
      AddQueryRelation(rel, override_schema, RelationKind::kTable, stmt, stmt_text_, List(Body(into), "colNames"),
                       false);
    } else if (tag == "AlterTableStmt") {
      if (!Field(body, "relation", &n)) return;
      auto id = FindRangeVar(n);
      if (!id) {
        bool columns = false;  // only column changes matter to the catalog
        for (Node cmd : List(body, "cmds")) {
          std::string_view st = Str(Body(cmd), "subtype");
          if (st == "AT_AddColumn" || st == "AT_DropColumn") columns = true;
        }
        if (columns && !sql::Bool(body, "missing_ok"))
          Warn("ALTER of unknown table " + std::string(Str(Body(n), "relname")));
        return;
      }
      for (Node cmd : List(body, "cmds")) {
        Node c = Body(cmd);
        std::string_view subtype = Str(c, "subtype");
        if (subtype == "AT_AddColumn") {
          Node def;
          if (!Field(c, "def", &def)) continue;
          Node d = Body(def);
          Node type;
          std::string type_name = Field(d, "typeName", &type) ? TypeName(type) : std::string();
          catalog_->AddColumn(*id, Str(d, "colname"), type_name);
        } else if (subtype == "AT_DropColumn" && !options_.monotone) {
          if (auto col = catalog_->FindColumn(*id, Str(c, "name"))) catalog_->DropColumn(*col);
          else if (!sql::Bool(c, "missing_ok")) Warn("DROP of unknown column " + std::string(Str(c, "name")));
        }
      }
    } else if (tag == "RenameStmt") {
      std::string_view type = Str(body, "renameType");
      std::string_view new_name = Str(body, "newname");
      if (type == "OBJECT_SCHEMA") {
        std::string old_schema(Str(body, "subname"));
        for (size_t i = 0; i < catalog_->table_count(); ++i) {
          const Catalog::Table& table = catalog_->table(static_cast<int32_t>(i));
          if (!table.dropped && table.schema == old_schema)
            catalog_->RenameTable(static_cast<int32_t>(i), new_name, std::string(table.name));
        }
        catalog_->AddSchema(new_name);
        return;
      }
      if (!Field(body, "relation", &n)) return;
      auto id = FindRangeVar(n);
      if (!id) {
        if (!sql::Bool(body, "missing_ok")) Warn("RENAME of unknown relation " + std::string(Str(Body(n), "relname")));
        return;
      }
      if (type == "OBJECT_COLUMN") {
        if (auto col = catalog_->FindColumn(*id, Str(body, "subname"))) catalog_->RenameColumn(*col, new_name);
        else Warn("RENAME of unknown column " + std::string(Str(body, "subname")));
      } else if (type == "OBJECT_TABLE" || type == "OBJECT_VIEW" || type == "OBJECT_MATVIEW" ||
                 type == "OBJECT_FOREIGN_TABLE") {
        std::string schema = catalog_->table(*id).schema;
        catalog_->RenameTable(*id, schema, new_name);
      }
    } else if (tag == "AlterObjectSchemaStmt") {
      if (!Field(body, "relation", &n)) return;
      if (auto id = FindRangeVar(n)) {
        std::string name = catalog_->table(*id).name;
        catalog_->RenameTable(*id, Str(body, "newschema"), name);
      } else if (!sql::Bool(body, "missing_ok")) {
        Warn("SET SCHEMA of unknown relation " + std::string(Str(Body(n), "relname")));
      }
    } else if (tag == "DropStmt" && !options_.monotone) {
      std::string_view type = Str(body, "removeType");
      bool relation = type == "OBJECT_TABLE" || type == "OBJECT_VIEW" || type == "OBJECT_MATVIEW" ||
                      type == "OBJECT_FOREIGN_TABLE";
      for (Node obj : List(body, "objects")) {
        sql::Tagged o = Untag(obj);
        if (relation && o.tag == "List") {
          std::vector<std::string_view> parts;
          for (Node p : List(o.body, "items")) parts.push_back(StringValue(p));
          if (parts.empty()) continue;
          std::string_view name = parts.back();
          std::string_view schema = parts.size() >= 2 ? parts[parts.size() - 2] : std::string_view();
          if (auto id = Find(schema, name)) catalog_->DropTable(*id);
          else if (!sql::Bool(body, "missing_ok")) Warn("DROP of unknown relation " + std::string(name));
        } else if (type == "OBJECT_SCHEMA" && o.tag == "String") {
          std::string schema(Str(o.body, "sval"));
          for (size_t i = 0; i < catalog_->table_count(); ++i) {
            const Catalog::Table& table = catalog_->table(static_cast<int32_t>(i));
            if (!table.dropped && table.schema == schema) catalog_->DropTable(static_cast<int32_t>(i));
          }
        }
      }
    } else if (tag == "CommentStmt") {
      if (Str(body, "objtype") != "OBJECT_COLUMN") return;
      Node object;
      if (!Field(body, "object", &object)) return;
      std::vector<std::string_view> parts;
      for (Node p : List(Body(object), "items")) parts.push_back(StringValue(p));
      if (parts.size() < 2) return;
      std::string_view column = parts.back();
      std::string_view table = parts[parts.size() - 2];
      std::string_view schema = parts.size() >= 3 ? parts[parts.size() - 3] : std::string_view();
      auto id = Find(schema, table);
      std::optional<int32_t> col = id ? catalog_->FindColumn(*id, column) : std::nullopt;
      if (!col) {
        Warn("COMMENT on unknown column " + std::string(table) + "." + std::string(column));
        return;
      }
      for (const std::string& tag_name : ParseCommentTags(Str(body, "comment"))) catalog_->AddTag(*col, tag_name);
    } else if (tag == "VariableSetStmt") {
      // SET search_path TO a, b: later unqualified DDL lands in `a`.
      if (Str(body, "name") != "search_path") return;
      std::vector<std::string> path;
      sql::SearchPathFromSetArgs(List(body, "args"), &path);
      if (!path.empty()) catalog_->set_search_path(std::move(path));
    }
  }

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
};

}  // namespace

Status LoadDdl(std::string_view sql_text, std::string_view file, Catalog* catalog, CatalogWarnings* warnings,
               const DdlOptions& options, size_t* derived) {
  DdlLoader loader(file, catalog, warnings, options);
  Status status = loader.Load(sql_text);
  if (derived != nullptr) *derived += loader.derived();
  return status;
}

}  // namespace govern
