// Walker driver: input checks, statement boundaries, accumulators (scopes and
// name resolution are in scopes.cpp).
#include "sql/walker.h"

#include "sql/search_path.h"

#include <pg_query.h>

#include <algorithm>
#include <cstring>

#include "core/utf8.h"

namespace govern::sql {
std::string FoldIdentifier(std::string_view s) {
  std::string out(s);
  for (char& c : out)
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
  return out;
}

Walker::Walker(const Catalog* catalog, const AnalyzerOptions& options, ViewCache* views, int nesting)
    : catalog_(catalog), options_(options), views_(views), nesting_(nesting) {
  if (!options_.search_path.empty()) {
    configured_path_ = options_.search_path;
  } else if (catalog_ != nullptr && !catalog_->search_path().empty()) {
    configured_path_ = catalog_->search_path();
  } else {
    configured_path_ = {"public"};
  }
}

Walker::~Walker() = default;

// The schema an unknown unqualified table is reported in: the first usable
// schema of the path ("$user" is not one), else the configured one.
std::string_view Walker::DefaultSchema() const {
  // pg_temp (a session's temporary relations) is searched, never a default.
  for (const std::string& s : SearchPath())
    if (!s.empty() && s != "$user" && s != "pg_temp") return s;
  for (const std::string& s : configured_path_)
    if (!s.empty() && s != "$user" && s != "pg_temp") return s;
  return "public";
}

bool Walker::Enter() {
  if (too_deep_) return false;
  if (++depth_ > options_.max_depth) {
    too_deep_ = true;
    --depth_;
    return false;
  }
  return true;
}

std::string_view Walker::SourceText(uint32_t location, uint32_t length) const {
  if (location >= doc_text_.size()) return {};
  return doc_text_.substr(location, length);
}

void Walker::StartRun(std::string_view sql, FactsStore& store, AnalysisResult* result) {
  store.Clear();
  result->Clear();
  spans_.clear();
  store_ = &store;
  result_ = result;
  text_ = sql;
  lines_.Reset(sql);
  parse_level_ = 0;
  // Each Analyze() starts from the configured search_path.
  session_path_set_ = local_path_set_ = path_from_set_config_ = false;
  pending_path_ = PathChange::kNone;
  poison_.clear();
}

void Walker::EndRun() {
  FixSpans();
  // The column index's nodes are freed now, not when the next input's first
  // statement begins: a call frees what it allocated (libFuzzer re-runs and
  // leak-checks every input after which more blocks are live than before).
  col_index_.clear();
  pending_bodies_.clear();  // none outlives its Run (they hold raw trees, which belong to this thread)
  trees_.clear();
  store_ = nullptr;
  result_ = nullptr;
}

bool Walker::RunParsed(std::string_view doc, std::string_view text, Node stmt, FactsStore& store,
                       AnalysisResult* result) {
  auto at = reinterpret_cast<uintptr_t>(text.data()), begin = reinterpret_cast<uintptr_t>(doc.data());
  if (text.empty() || at < begin || at + text.size() > begin + doc.size()) return false;
  bool bom = text.size() >= 3 && std::memcmp(text.data(), "\xEF\xBB\xBF", 3) == 0;
  if (bom || std::memchr(text.data(), 0, text.size()) != nullptr || !simdjson::validate_utf8(text.data(), text.size()))
    return false;
  StartRun(text, store, result);
  input_ = text;
  // As AnalyzeDocument for a text that is this one statement, except that
  // node locations are in `doc`: offset them back into `text`.
  auto offset = static_cast<uint32_t>(at - begin);
  TextRange range = TrimStatement(text, {0, static_cast<uint32_t>(text.size())});
  doc_text_ = doc;
  doc_offset_ = 0;
  location_bias_ = 0u - offset;  // modulo 2^32: a location in doc plus this is one in text
  text_bias_ = 0;
  ref_bias_ = location_bias_;
  ref_text_bias_ = 0;
  ref_located_ = true;
  stmt_range_ = {offset + range.offset, range.length};  // in doc_text_
  BeginStatement(range.offset, range.length);
  WalkStatement(stmt, true);
  EndStatement();
  WalkBodies(static_cast<uint32_t>(result_->statements.size() - 1));
  EndRun();
  return true;
}

void Walker::Run(std::string_view sql, FactsStore& store, AnalysisResult* result) {
  StartRun(sql, store, result);
  // pg_query_parse reads a C string (it would stop at a NUL) and copies
  // invalid UTF-8 into its JSON: find such bytes first (cheap when absent).
  std::string_view input = sql;
  bool bom = sql.size() >= 3 && std::memcmp(sql.data(), "\xEF\xBB\xBF", 3) == 0;
  bool nul = std::memchr(sql.data(), 0, sql.size()) != nullptr;
  bool bad_utf8 = !simdjson::validate_utf8(sql.data(), sql.size());
  if (bom || nul || bad_utf8) {
    clean_.assign(sql.data(), sql.size());
    size_t i = 0;
    if (bom) {
      clean_[0] = clean_[1] = clean_[2] = ' ';
      i = 3;
    }
    while (i < sql.size()) {
      if (sql[i] == '\0') {
        poison_.push_back({static_cast<uint32_t>(i), "the SQL text contains a NUL byte"});
        clean_[i++] = ' ';
        continue;
      }
      size_t n = Utf8SequenceLength(sql, i);
      if (n == 0) {
        poison_.push_back({static_cast<uint32_t>(i), "invalid UTF-8 byte sequence in the SQL text"});
        clean_[i++] = ' ';
        continue;
      }
      i += n;
    }
    input = clean_;
  }
  input_ = input;
  Node root;
  std::string error;
  int cursor = 0;
  if (poison_.empty() && ParseSql(input, &root, &error, &cursor)) {
    AnalyzeDocument(input, 0, root);
  } else {
    AnalyzePieces(input);
  }
  EndRun();
}

void Walker::AnalyzeDocument(std::string_view sql, uint32_t base_offset, Node root) {
  for (Node raw : List(root, "stmts")) {
    auto location = static_cast<uint32_t>(Int(raw, "stmt_location", 0));
    auto length = static_cast<uint32_t>(Int(raw, "stmt_len", 0));
    if (length == 0) length = static_cast<uint32_t>(sql.size()) - std::min<uint32_t>(location, sql.size());
    TextRange range = TrimStatement(sql, {location, length});
    doc_text_ = sql;
    doc_offset_ = base_offset;
    location_bias_ = base_offset;
    text_bias_ = base_offset;
    ref_bias_ = base_offset;
    ref_text_bias_ = base_offset;
    ref_located_ = true;
    stmt_range_ = range;
    BeginStatement(base_offset + range.offset, range.length);
    Node stmt;
    if (Field(raw, "stmt", &stmt)) WalkStatement(stmt, true);
    EndStatement();
    WalkBodies(static_cast<uint32_t>(result_->statements.size() - 1));
  }
}

void Walker::AnalyzePieces(std::string_view sql) {
  pieces_.clear();
  SplitStatements(sql, &pieces_);
  std::vector<TextRange> pieces = pieces_;  // WalkStatement may split nested text
  size_t next_poison = 0;
  for (const TextRange& piece : pieces) {
    if (!poison_.empty()) {
      // The piece owns the bad bytes up to its terminating `;` (those in the
      // whitespace and comments before it included): it becomes a diagnostic.
      size_t end = static_cast<size_t>(piece.offset) + piece.length;
      while (end < sql.size() && (sql[end] == ' ' || sql[end] == '\t' || sql[end] == '\n' || sql[end] == '\r' ||
                                  sql[end] == '\f' || sql[end] == '\v'))
        ++end;
      if (end < sql.size() && sql[end] == ';') ++end;
      const Poison* hit = nullptr;
      while (next_poison < poison_.size() && poison_[next_poison].offset < end) {
        if (hit == nullptr) hit = &poison_[next_poison];
        ++next_poison;
      }
      if (hit != nullptr) {
        AddDiagnostic(hit->message, hit->offset, piece.offset);
        continue;
      }
    }
    if (piece.meta) {
      AddDiagnostic("psql meta-command (not SQL)", piece.offset, piece.offset);
      continue;
    }
    std::string_view text = sql.substr(piece.offset, piece.length);
    Node root;
    std::string error;
    int cursor = 0;
    if (ParseSql(text, &root, &error, &cursor)) {
      AnalyzeDocument(text, piece.offset, root);
    } else {
      uint32_t at = piece.offset + (cursor > 0 ? CharPosToByteOffset(text, cursor) : 0);
      AddDiagnostic(std::move(error), at, piece.offset);
    }
  }
  // Bad bytes after the last statement (a trailing comment): still reported.
  if (next_poison < poison_.size())
    AddDiagnostic(poison_[next_poison].message, poison_[next_poison].offset, poison_[next_poison].offset);
}

void Walker::AddDiagnostic(std::string message, uint32_t offset, uint32_t statement_offset) {
  (void)statement_offset;
  ParseDiagnostic d;
  d.message = std::move(message);
  d.pos.offset = offset;
  d.pos.length = 0;
  lines_.Locate(offset, &d.pos.line, &d.pos.column);
  d.statement_index = static_cast<uint32_t>(result_->statements.size() + result_->errors.size());
  result_->errors.push_back(std::move(d));
}

// ---------------------------------------------------------------- statements

void Walker::BeginStatement(uint32_t offset, uint32_t length) {
  kind_ = StatementKind::k_unknown;
  has_where_ = has_limit_ = opaque_ = server_io_ = locks_rows_ = changes_role_ = too_deep_ = false;
  depth_ = 0;
  modifying_cte_kind_ = StatementKind::k_unknown;
  modifying_cte_where_ = true;
  cols_.clear();
  col_index_.clear();
  writes_.clear();
  write_lineage_.clear();
  tables_.clear();
  targets_.clear();
  functions_.clear();
  function_locations_.clear();
  unresolved_.clear();
  ref_location_ = kNoLocation;
  lineage_.clear();
  scratch_.clear();
  relcols_.clear();
  last_returning_ = {};  // a range into relcols_
  rels_.clear();
  frames_.clear();
  frame_ctes_.clear();
  frame_usings_.clear();
  ctes_.clear();
  usings_.clear();
  using_sides_.clear();
  variables_.clear();
  have_outputs_ = false;
  top_outputs_ = {};
  StatementFacts f;
  f.pos.offset = offset;
  f.pos.length = length;
  lines_.Locate(offset, &f.pos.line, &f.pos.column);
  result_->statements.push_back(f);
}

void Walker::EndStatement() {
  StatementFacts& f = result_->statements.back();
  if (too_deep_) {
    pending_path_ = PathChange::kNone;
    path_from_set_config_ = false;
    SourcePos pos = f.pos;
    result_->statements.pop_back();
    ParseDiagnostic d;
    d.message = "statement nested too deeply (limit " + std::to_string(options_.max_depth) + ")";
    d.pos = pos;
    d.statement_index = static_cast<uint32_t>(result_->statements.size() + result_->errors.size());
    result_->errors.push_back(std::move(d));
    return;
  }
  if (pending_path_ != PathChange::kNone) {
    // set_config() only counts in a query that runs now (not PREPARE,
    // EXPLAIN or a view definition).
    if (!path_from_set_config_ || kind_ == StatementKind::k_select) ApplyPathChange();
    pending_path_ = PathChange::kNone;
    path_from_set_config_ = false;
  }
  if (kind_ == StatementKind::k_select && modifying_cte_kind_ != StatementKind::k_unknown) {
    kind_ = modifying_cte_kind_;
    has_where_ = modifying_cte_where_;
  }
  f.kind = kind_;
  f.has_where = has_where_;
  f.has_limit = has_limit_;
  f.opaque = opaque_;
  f.server_io = server_io_;
  f.locks_rows = locks_rows_;
  f.changes_role = changes_role_;
  f.resolved = catalog_ != nullptr ? unresolved_.empty() : tables_.empty();
  FactsStore& s = *store_;
  StmtSpan span{};
  span.reads = static_cast<uint32_t>(s.reads_.size());
  for (const ColEntry& c : cols_) {
    if (!c.read) continue;
    ColumnFact cf;
    cf.name = c.qname;
    cf.column_id = c.column_id;
    cf.table_id = c.table_id;
    cf.usage = (c.usage & ~(kUseView | kUseComputed)) == 0 ? static_cast<uint16_t>(c.usage | kUseOther) : c.usage;
    cf.location = c.location;
    s.reads_.push_back(cf);
  }
  span.reads_end = static_cast<uint32_t>(s.reads_.size());
  span.writes = static_cast<uint32_t>(s.writes_.size());
  s.writes_.insert(s.writes_.end(), writes_.begin(), writes_.end());
  span.writes_end = static_cast<uint32_t>(s.writes_.size());
  // Appends column `c` as a source of output/write `output` to `to`, unless
  // the run of `output`'s sources from `first` holds its name already.
  auto add_source = [](std::vector<ColumnFact>& to, uint32_t first, const ColEntry& c, uint32_t output) {
    for (uint32_t j = first; j < to.size(); ++j)
      if (to[j].output == output && to[j].name == c.qname) return;
    ColumnFact cf;
    cf.name = c.qname;
    cf.column_id = c.column_id;
    cf.table_id = c.table_id;
    cf.usage = c.usage;
    cf.output = static_cast<uint16_t>(output);
    cf.location = c.location;
    to.push_back(cf);
  };
  span.write_sources = static_cast<uint32_t>(s.write_sources_.size());
  // Sorted by write: each write's sources are one run.
  std::sort(write_lineage_.begin(), write_lineage_.end());
  write_lineage_.erase(std::unique(write_lineage_.begin(), write_lineage_.end()), write_lineage_.end());
  for (const auto& [write, col] : write_lineage_) add_source(s.write_sources_, span.write_sources, cols_[col], write);
  span.write_sources_end = static_cast<uint32_t>(s.write_sources_.size());
  span.outputs = static_cast<uint32_t>(s.outputs_.size());
  span.output_sources = static_cast<uint32_t>(s.output_sources_.size());
  if (have_outputs_) {
    for (uint32_t i = top_outputs_.begin; i < top_outputs_.end; ++i) {
      const RelCol& rc = relcols_[i];
      OutputFact of;
      of.name = rc.name.empty() ? std::string_view("?column?") : s.Intern(rc.name);
      of.derivation = rc.derivation;
      s.outputs_.push_back(of);
      // Sources: deduplicated base columns.
      uint32_t first = static_cast<uint32_t>(s.output_sources_.size());
      for (uint32_t k = rc.src_begin; k < rc.src_end; ++k)
        add_source(s.output_sources_, first, cols_[lineage_[k]], i - top_outputs_.begin);
    }
  }
  span.outputs_end = static_cast<uint32_t>(s.outputs_.size());
  span.output_sources_end = static_cast<uint32_t>(s.output_sources_.size());
  span.tables = static_cast<uint32_t>(s.tables_.size());
  s.tables_.insert(s.tables_.end(), tables_.begin(), tables_.end());
  span.tables_end = static_cast<uint32_t>(s.tables_.size());
  span.targets = static_cast<uint32_t>(s.targets_.size());
  s.targets_.insert(s.targets_.end(), targets_.begin(), targets_.end());
  span.targets_end = static_cast<uint32_t>(s.targets_.size());
  span.functions = static_cast<uint32_t>(s.functions_.size());
  s.functions_.insert(s.functions_.end(), functions_.begin(), functions_.end());
  s.function_locations_.insert(s.function_locations_.end(), function_locations_.begin(), function_locations_.end());
  span.functions_end = static_cast<uint32_t>(s.functions_.size());
  span.unresolved = static_cast<uint32_t>(s.unresolved_.size());
  s.unresolved_.insert(s.unresolved_.end(), unresolved_.begin(), unresolved_.end());
  span.unresolved_end = static_cast<uint32_t>(s.unresolved_.size());
  spans_.push_back(span);
}

void Walker::FixSpans() {
  FactsStore& s = *store_;
  auto sub = [](auto& vec, uint32_t b, uint32_t e) {
    using T = typename std::remove_reference_t<decltype(vec)>::value_type;
    if (b == e) return std::span<const T>();
    return std::span<const T>(vec.data() + b, e - b);
  };
  for (size_t i = 0; i < spans_.size(); ++i) {
    StatementFacts& f = result_->statements[i];
    const StmtSpan& sp = spans_[i];
    f.reads = sub(s.reads_, sp.reads, sp.reads_end);
    f.writes = sub(s.writes_, sp.writes, sp.writes_end);
    f.write_sources = sub(s.write_sources_, sp.write_sources, sp.write_sources_end);
    f.output_sources = sub(s.output_sources_, sp.output_sources, sp.output_sources_end);
    f.outputs = sub(s.outputs_, sp.outputs, sp.outputs_end);
    f.tables = sub(s.tables_, sp.tables, sp.tables_end);
    f.targets = sub(s.targets_, sp.targets, sp.targets_end);
    f.functions = sub(s.functions_, sp.functions, sp.functions_end);
    f.function_locations = sub(s.function_locations_, sp.functions, sp.functions_end);
    f.unresolved = sub(s.unresolved_, sp.unresolved, sp.unresolved_end);
    // Output sources: each output's span inside output_sources.
    size_t k = sp.output_sources;
    for (uint32_t o = sp.outputs; o < sp.outputs_end; ++o) {
      size_t b = k;
      while (k < sp.output_sources_end && s.output_sources_[k].output == o - sp.outputs) ++k;
      s.outputs_[o].sources = sub(s.output_sources_, static_cast<uint32_t>(b), static_cast<uint32_t>(k));
    }
  }
}

// ---------------------------------------------------------------- accumulators

uint32_t Walker::RegisterColumn(std::string_view qname, int32_t column_id, int32_t table_id) {
  auto it = col_index_.find(qname);
  if (it != col_index_.end()) return it->second;
  auto index = static_cast<uint32_t>(cols_.size());
  cols_.push_back({qname, column_id, table_id, 0, false, kNoLocation});
  col_index_.emplace(qname, index);
  return index;
}

void Walker::Read(uint32_t col, uint16_t usage, Sink* sink) {
  ColEntry& c = cols_[col];
  c.read = true;
  c.usage |= usage;
  if (ref_location_ < c.location) c.location = ref_location_;
  if (sink != nullptr) scratch_.push_back(col);
}

void Walker::ReadRange(uint32_t src_begin, uint32_t src_end, uint16_t usage, Sink* sink) {
  for (uint32_t i = src_begin; i < src_end; ++i) Read(lineage_[i], usage, sink);
}

void Walker::AddTable(std::string_view qname, int32_t table_id, uint8_t access) {
  for (TableFact& t : tables_) {
    if (t.name == qname) {
      t.access |= access;
      return;
    }
  }
  TableFact t;
  t.name = qname;
  t.table_id = table_id;
  t.access = access;
  tables_.push_back(t);
}

void Walker::AddTarget(std::string_view qname) {
  if (std::find(targets_.begin(), targets_.end(), qname) == targets_.end()) targets_.push_back(qname);
}

void Walker::AddFunctionName(std::string_view name, uint32_t location) {
  for (size_t i = 0; i < functions_.size(); ++i)
    if (functions_[i] == name) {
      if (location < function_locations_[i]) function_locations_[i] = location;
      return;
    }
  functions_.push_back(Intern(name));
  function_locations_.push_back(location);
}

void Walker::AddUnresolved(std::string_view name, std::string_view reason, uint32_t location) {
  for (const UnresolvedFact& u : unresolved_)
    if (u.name == name && u.reason == reason) return;
  UnresolvedFact u;
  u.name = Intern(name);
  u.reason = reason;  // always a literal
  // See text_bias_; PostgreSQL's -1 (or a reference without one) stays unknown.
  u.location = location == kNoLocation ? kNoLocation : location == 0 ? text_bias_ : location + location_bias_;
  unresolved_.push_back(u);
}

std::string_view Walker::QualifyUnknown(std::string_view schema, std::string_view name) {
  return store_->Concat({schema.empty() ? DefaultSchema() : schema, ".", name});
}

uint32_t Walker::CopyScratchToLineage(uint32_t begin) {
  auto out = static_cast<uint32_t>(lineage_.size());
  for (size_t i = begin; i < scratch_.size(); ++i) {
    uint32_t c = scratch_[i];
    bool dup = false;
    for (size_t j = out; j < lineage_.size(); ++j)
      if (lineage_[j] == c) {
        dup = true;
        break;
      }
    if (!dup) lineage_.push_back(c);
  }
  scratch_.resize(begin);
  return out;
}

}  // namespace govern::sql
