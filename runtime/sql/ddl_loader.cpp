// DdlLoader (sql/ddl_loader.h): parsing a text, locating its statements,
// analysing queries and writes, deriving tags. Apply is in catalog_ddl.cpp.
#include "sql/ddl_loader.h"

#include <simdjson.h>

#include <algorithm>
#include <cstring>
#include <memory>
#include <utility>

#include "sql/flow_inert.h"
#include "sql/pg_raw.h"
#include "sql/splitter.h"
#include "sql/walker.h"

namespace govern::ddl {
namespace {

// The largest JSON (bytes) whose parser buffers ApplyJson keeps for the next text.
constexpr size_t kKeptParserCapacity = size_t{1} << 20;

}  // namespace

using sql::Body;
using sql::Field;
using sql::Has;
using sql::Int;
using sql::List;
using sql::Str;
using sql::StringValue;
using sql::Untag;

Status DdlLoader::Load(std::string_view text) {
  text_ = text;
  lines_.Reset(text);
  std::string error;
  int cursor = 0;
  if (options_.only_ranges != nullptr) {
    const auto* replay = options_.replay_derivations;
    for (size_t k = 0; k < options_.only_ranges->size(); ++k) {
      const DdlRange& r = (*options_.only_ranges)[k];
      if (r.offset > text.size() || r.length > text.size() - r.offset) continue;
      if (replay != nullptr && k < replay->size() && StillValid((*replay)[k])) {
        stmt_offset_ = r.offset;
        Replay((*replay)[k]);
        continue;
      }
      std::string_view piece = text.substr(r.offset, r.length);
      if (!ParseAndApply(piece, r.offset, &error, &cursor)) AddError(r.offset, error);
    }
    return Finish();
  }
  std::vector<sql::TextRange> pieces;
  if (options_.skip_inert && LoadSkippingInert(text, &pieces)) return Finish();
  if (ParseAndApply(text, 0, &error, &cursor)) return Finish();
  if (pieces.empty()) sql::SplitStatements(text, &pieces);  // not split yet (or nothing to split)
  ApplyPieces(text, pieces.data(), pieces.data() + pieces.size());
  return Finish();
}

void DdlLoader::ApplyPieces(std::string_view text, const sql::TextRange* first, const sql::TextRange* last) {
  std::string error;
  int cursor = 0;
  for (const sql::TextRange* p = first; p != last; ++p) {
    std::string_view piece_text = text.substr(p->offset, p->length);
    if (!ParseAndApply(piece_text, p->offset, &error, &cursor)) {
      uint32_t at = p->offset + (cursor > 0 ? sql::CharPosToByteOffset(piece_text, cursor) : 0);
      AddError(at, error);
    }
  }
}

bool DdlLoader::MentionsAtomic(std::string_view text) {
  const char* const end = text.data() + text.size();
  auto next = [end](const char* from, char c) {
    const void* hit = from < end ? std::memchr(from, c, static_cast<size_t>(end - from)) : nullptr;
    return hit == nullptr ? end : static_cast<const char*>(hit);
  };
  const char* lower = next(text.data(), 'a');
  const char* upper = next(text.data(), 'A');
  while (lower != end || upper != end) {
    const char* at = std::min(lower, upper);
    if (end - at >= 6) {
      static constexpr char kRest[] = "tomic";
      size_t k = 0;
      while (k < 5 && (at[1 + k] | 0x20) == kRest[k]) ++k;
      if (k == 5) return true;
    }
    if (at == lower) lower = next(at + 1, 'a');
    else upper = next(at + 1, 'A');
  }
  return false;
}

bool DdlLoader::LoadSkippingInert(std::string_view text, std::vector<sql::TextRange>* pieces) {
  // A text of one statement (no `;` but a last one, no psql meta-command) is
  // skipped or parsed whole without splitting it; so is one with a `;`
  // before more text (at most two statements, such as DROP TABLE; CREATE
  // TABLE AS: splitting costs more than skipping one saves). A `;` inside a
  // quote or comment only makes the text take the general path.
  const size_t semi = text.find(';');
  const bool meta = text.find('\\') != std::string_view::npos;
  if (!meta && (semi == std::string_view::npos || text.find(';', semi + 1) == std::string_view::npos)) {
    const size_t after = semi == std::string_view::npos ? text.size() : semi + 1;
    bool one = sql::TrimStatement(text, {static_cast<uint32_t>(after), static_cast<uint32_t>(text.size() - after)}).length == 0;
    return one && sql::InertInFlow(sql::TrimSpaces(text));
  }
  // The splitter's boundaries are PostgreSQL's except inside a BEGIN ATOMIC
  // body, which it can only guess from words (a column `t.end` closes its
  // guess early, a NUL byte, a space to the grammar, hides the two words):
  // a statement of such a body could pass for a top-level one. A text with
  // the letters ATOMIC anywhere, or a NUL byte, is parsed whole.
  if (std::memchr(text.data(), '\0', text.size()) != nullptr || MentionsAtomic(text)) return false;
  sql::SplitStatements(text, pieces);
  std::vector<char> inert(pieces->size());
  bool any = false;
  for (size_t i = 0; i < pieces->size(); ++i) {
    const sql::TextRange& p = (*pieces)[i];
    // A piece holding a `;` the splitter did not end it at may be several
    // statements (its BEGIN ATOMIC guess from words can be wrong): parsed.
    inert[i] = p.meta || (!p.joined && sql::InertInFlow(text.substr(p.offset, p.length))) ? 1 : 0;
    any = any || inert[i] != 0;
  }
  if (!any) return false;  // every statement counts: the whole text parses at once, as without the option
  // Runs of consecutive statements that count, each parsed as one text (a
  // parse has a fixed cost: statement by statement costs about 45% more);
  // a run that does not parse is parsed statement by statement, as a text
  // that does not parse as a whole.
  std::string error;
  int cursor = 0;
  for (size_t i = 0; i < pieces->size();) {
    if (inert[i] != 0) {
      ++i;
      continue;
    }
    size_t j = i;
    while (j < pieces->size() && inert[j] == 0) ++j;
    const uint32_t begin = (*pieces)[i].offset;
    const uint32_t end = (*pieces)[j - 1].offset + (*pieces)[j - 1].length;
    if (!ParseAndApply(text.substr(begin, end - begin), begin, &error, &cursor))
      ApplyPieces(text, pieces->data() + i, pieces->data() + j);
    i = j;
  }
  return true;
}

Status DdlLoader::Finish() {
  if (errors_.empty()) return Status::Ok();
  std::string all;
  for (const std::string& e : errors_) {
    if (!all.empty()) all.push_back('\n');
    all.append(e);
  }
  return Status::Error(all);
}

std::string DdlLoader::Where(uint32_t offset) {
  uint32_t line = 1;
  uint32_t column = 1;
  lines_.Locate(offset, &line, &column);
  return std::string(file_) + ":" + std::to_string(line) + ":" + std::to_string(column);
}

void DdlLoader::Warn(std::string message) {
  if (warnings_ == nullptr) return;
  CatalogWarning w;
  w.file = std::string(file_);
  lines_.Locate(stmt_offset_, &w.line, &w.column);
  w.message = std::move(message);
  warnings_->push_back(std::move(w));
}

bool DdlLoader::ParseAndApply(std::string_view text, uint32_t base, std::string* error, int* cursor) {
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

const sql::ParsedText& DdlLoader::Parse(std::string_view text, sql::ParsedText* scratch) {
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

void DdlLoader::AnalyzeText(std::string_view text, AnalyzerOptions options, FactsStore& store, AnalysisResult* result) {
  if (options_.parse_cache != nullptr) {
    sql::ParsedText scratch;
    (void)Parse(text, &scratch);
    options.parse_cache = std::shared_ptr<const sql::ParseCache>(std::shared_ptr<void>(), options_.parse_cache);
  }
  Analyzer analyzer(catalog_, std::move(options));
  analyzer.Analyze(text, store, result);
}

void DdlLoader::AnalyzeStatement(Node stmt, std::string_view text, AnalyzerOptions options, FactsStore& store,
                      AnalysisResult* result) {
  sql::ViewCache views;  // as a new Analyzer's: nothing expanded before this catalog state
  sql::Walker walker(catalog_, options, &views, 0);
  if (!walker.RunParsed(doc_, text, stmt, store, result)) AnalyzeText(text, std::move(options), store, result);
}

void DdlLoader::ApplyJson(const std::string& json, std::string_view text, uint32_t base) {
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

void DdlLoader::ApplyRoot(Node root, std::string_view text, uint32_t base) {
  doc_ = text;  // the tree's node locations are in it
  for (Node raw : List(root, "stmts")) {
    auto location = static_cast<uint32_t>(Int(raw, "stmt_location", 0));
    auto length = static_cast<uint32_t>(Int(raw, "stmt_len", 0));
    if (length == 0) length = static_cast<uint32_t>(text.size()) - std::min<uint32_t>(location, text.size());
    sql::TextRange range = sql::TrimStatement(text, {location, length});
    stmt_offset_ = base + range.offset;
    stmt_text_ = text.substr(range.offset, range.length);
    Node stmt;
    if (!Field(raw, "stmt", &stmt)) continue;
    recording_ = nullptr;
    if (options_.record_ranges != nullptr) {
      sql::Tagged t = Untag(stmt);
      if (Derives(t.tag, t.body) || t.tag == "CreateSchemaStmt" || t.tag == "VariableSetStmt") {
        options_.record_ranges->push_back(DdlRange{stmt_offset_, range.length});
        if (options_.record_derivations != nullptr) recording_ = &options_.record_derivations->emplace_back();
      }
    }
    Apply(stmt, {});
    recording_ = nullptr;
  }
}

std::string_view DdlLoader::DefaultSchema(std::string_view override_schema) const {
  if (!override_schema.empty()) return override_schema;
  return catalog_->search_path().empty() ? std::string_view("public") : std::string_view(catalog_->search_path()[0]);
}

std::optional<int32_t> DdlLoader::Find(std::string_view schema, std::string_view name) const {
  return schema.empty() ? catalog_->FindTableInPath(name) : catalog_->FindTable(schema, name);
}

std::optional<int32_t> DdlLoader::FindRangeVar(Node rv) const {
  Node b = Body(rv);
  return Find(Str(b, "schemaname"), Str(b, "relname"));
}

void DdlLoader::CopyColumns(int32_t from, int32_t to) {
  std::vector<int32_t> cols = catalog_->table(from).columns;
  for (int32_t c : cols) {
    const Catalog::Column& col = catalog_->column(c);
    int32_t id = catalog_->AddColumn(to, col.name, col.type);
    std::vector<uint32_t> tags = catalog_->column(c).tags;
    for (uint32_t tag : tags) catalog_->AddTag(id, std::string(catalog_->TagName(tag)));
  }
}

std::string DdlLoader::WhereLine() {
  uint32_t line = 1;
  uint32_t column = 1;
  lines_.Locate(stmt_offset_, &line, &column);
  return std::string(file_) + ":" + std::to_string(line);
}

std::vector<std::string> DdlLoader::EffectivePath(std::string_view override_schema) const {
  std::vector<std::string> path;
  if (!override_schema.empty()) path.emplace_back(override_schema);
  for (const std::string& s : catalog_->search_path())
    if (s != override_schema) path.push_back(s);
  if (path.empty()) path.emplace_back("public");
  return path;
}

DdlLoader::QueryShape DdlLoader::AnalyzeQuery(Node query_node, std::string_view query, std::string_view override_schema) {
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

void DdlLoader::Derive(int32_t column, const std::vector<int32_t>& sources) {
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

void DdlLoader::AddQueryRelation(Node rv, std::string_view override_schema, RelationKind kind, Node query_node,
                      std::string_view query, NodeList aliases, bool store_sql) {
  Node b = Body(rv);
  std::string_view schema = Str(b, "schemaname");
  if (schema.empty()) schema = DefaultSchema(override_schema);
  std::string_view name = Str(b, "relname");
  DdlDerivation* record = BeginRecord();
  QueryShape shape = AnalyzeQuery(query_node, query, override_schema);
  if (record != nullptr) {
    catalog_->set_lookup_log(nullptr);
    record->schema = std::string(schema);
    record->name = std::string(name);
    record->sources = shape.sources;
  }
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

bool DdlLoader::LiteralInsert(std::string_view tag, Node body) {
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

bool DdlLoader::Derives(std::string_view tag, Node body) {
  if (tag == "InsertStmt") return !LiteralInsert(tag, body);
  if (tag == "UpdateStmt" || tag == "MergeStmt" || tag == "ViewStmt" || tag == "CreateTableAsStmt") return true;
  if (tag == "SelectStmt") return Has(body, "withClause") || Has(body, "intoClause");
  return false;
}

void DdlLoader::DeriveFromWrites(Node stmt) {
  FactsStore store;
  AnalysisResult result;
  DdlDerivation* record = BeginRecord();
  AnalyzeStatement(stmt, stmt_text_, {}, store, &result);
  if (record != nullptr) catalog_->set_lookup_log(nullptr);  // only a recording pass sets it
  for (const StatementFacts& f : result.statements) {
    for (size_t w = 0; w < f.writes.size(); ++w) {
      if (f.writes[w].column_id < 0) continue;
      std::vector<int32_t> sources;
      for (const ColumnFact& c : f.write_sources)
        if (c.output == w && c.column_id >= 0) sources.push_back(c.column_id);
      if (record != nullptr) record->writes.emplace_back(f.writes[w].column_id, sources);
      Derive(f.writes[w].column_id, sources);
    }
  }
}

DdlDerivation* DdlLoader::BeginRecord() {
  if (recording_ == nullptr) return nullptr;
  DdlDerivation& d = recording_->emplace_back();
  d.revision = catalog_->revision();
  catalog_->set_lookup_log(&d.lookups);
  return &d;
}

bool DdlLoader::StillValid(const std::vector<DdlDerivation>& ops) const {
  if (ops.empty()) return false;  // SET search_path, CREATE SCHEMA without a query: applied as parsed
  for (const DdlDerivation& op : ops)
    if (!catalog_->StillResolves(op.lookups, op.revision)) return false;
  return true;
}

void DdlLoader::Replay(const std::vector<DdlDerivation>& ops) {
  // As Apply in a derivation pass: the same Derive calls in the same order.
  for (const DdlDerivation& op : ops) {
    if (op.name.empty()) {
      for (const auto& [column, sources] : op.writes) Derive(column, sources);
      continue;
    }
    auto id = catalog_->FindTable(op.schema, op.name);
    if (!id || !options_.derive) continue;
    const std::vector<int32_t>& cols = catalog_->table(*id).columns;
    for (size_t i = 0; i < cols.size() && i < op.sources.size(); ++i) Derive(cols[i], op.sources[i]);
  }
}

bool DdlLoader::IsTemporary(std::string_view tag, Node body) const {
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

}  // namespace govern::ddl
