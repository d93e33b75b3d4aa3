// INSERT, UPDATE, DELETE (with RETURNING, ON CONFLICT, FROM/USING).
#include "sql/walker.h"

namespace govern::sql {

int Walker::AddTargetRel(Node range_var_body, uint8_t access) {
  std::string_view schema = Str(range_var_body, "schemaname");
  std::string_view name = Str(range_var_body, "relname");
  auto location = static_cast<uint32_t>(Int(range_var_body, "location", 0));
  Rel rel;
  bool known = LookupRelation(schema, name, false, &rel);
  if (!known && catalog_ != nullptr) AddUnresolved(rel.qname, "unknown table", location);
  rel.alias = rel.relname;
  AddTable(rel.qname, rel.table_id, access);
  AddTarget(rel.qname);
  Node alias;
  if (Field(range_var_body, "alias", &alias)) ApplyAlias(&rel, alias);
  rels_.push_back(rel);
  return static_cast<int>(rels_.size() - 1);
}

int Walker::AddWrite(const Rel& rel, std::string_view column, uint32_t location) {
  std::string_view qname;
  int32_t column_id = -1;
  if (rel.kind == RelKind::kBase && catalog_ != nullptr && rel.table_id >= 0) {
    if (auto id = catalog_->FindColumn(rel.table_id, column)) {
      qname = catalog_->column(*id).qname;
      column_id = *id;
    } else {
      name_buffer_.assign(rel.qname).append(".").append(column);
      AddUnresolved(name_buffer_, "unknown column", location);
      return -1;
    }
  } else {
    name_buffer_.assign(rel.qname).append(".").append(column);
    for (size_t i = 0; i < writes_.size(); ++i)
      if (writes_[i].name == name_buffer_) return static_cast<int>(i);
    qname = Intern(name_buffer_);
  }
  for (size_t i = 0; i < writes_.size(); ++i)
    if (writes_[i].name == qname) return static_cast<int>(i);
  ColumnFact f;
  f.name = qname;
  f.column_id = column_id;
  f.table_id = rel.table_id;
  f.location = InputLocation(location);
  writes_.push_back(f);
  return static_cast<int>(writes_.size() - 1);
}

void Walker::AddAllWrites(const Rel& rel, uint32_t location, std::vector<int>* written) {
  if (rel.kind == RelKind::kBase && catalog_ != nullptr && rel.table_id >= 0) {
    for (int32_t cid : catalog_->StructureOf(rel.table_id).columns) {
      int w = AddWrite(rel, catalog_->column(cid).name, location);
      if (written != nullptr) written->push_back(w);
    }
    return;
  }
  // Unknown columns: a `schema.table.*` write keeps policies on the table
  // firing (fail closed) and the gap is reported; every value lands in it.
  int w = AddWrite(rel, "*", location);
  if (written != nullptr) written->push_back(w);
  name_buffer_.assign(rel.qname).append(".*");
  AddUnresolved(name_buffer_, "columns of * unknown", location);
}

void Walker::AddWriteLineage(int write, uint32_t begin, uint32_t end) {
  if (write < 0) return;
  for (uint32_t k = begin; k < end; ++k) write_lineage_.emplace_back(static_cast<uint32_t>(write), lineage_[k]);
}

void Walker::WalkWrittenValue(Node val, int write) {
  Sink sink{static_cast<uint32_t>(scratch_.size())};
  WalkExpr(val, kUseOther, &sink);
  for (size_t i = sink.begin; i < scratch_.size(); ++i)
    if (write >= 0) write_lineage_.emplace_back(static_cast<uint32_t>(write), scratch_[i]);
  scratch_.resize(sink.begin);
}

ColRange Walker::WalkReturningList(NodeList returning, bool top) {
  auto start = static_cast<uint32_t>(tmp_cols_.size());
  WalkTargetList(returning, top ? kUseProjected : 0, &tmp_cols_);
  ColRange out;
  out.begin = static_cast<uint32_t>(relcols_.size());
  relcols_.insert(relcols_.end(), tmp_cols_.begin() + start, tmp_cols_.end());
  tmp_cols_.resize(start);
  out.end = static_cast<uint32_t>(relcols_.size());
  last_returning_ = out;
  if (top && out.size() > 0) {
    top_outputs_ = out;
    have_outputs_ = true;
  }
  return out;
}

void Walker::WalkInsert(Node body, bool top) {
  SetKind(StatementKind::k_insert, top);
  uint32_t frame = PushFrame();
  Node n;
  if (Field(body, "withClause", &n)) WalkWith(Body(n));
  // The source first: it cannot see the target table.
  ColRange source;
  bool has_source = Field(body, "selectStmt", &n);
  if (has_source) source = WalkSelect(Body(n), 0, false);
  Node relation;
  if (!Field(body, "relation", &relation)) {
    PopFrame(frame);
    return;
  }
  int target = AddTargetRel(Body(relation), kAccessWrite);
  NodeList cols = List(body, "cols");
  std::vector<int> written;
  if (ListSize(cols) == 0) {
    if (has_source) AddAllWrites(rels_[static_cast<size_t>(target)], 0, &written);
  } else {
    for (Node c : cols) {
      Tagged t = Untag(c);
      written.push_back(AddWrite(rels_[static_cast<size_t>(target)], Str(t.body, "name"),
                                 static_cast<uint32_t>(Int(t.body, "location", 0))));
    }
  }
  // The i-th value of the source goes to the i-th target column; a single
  // `schema.table.*` write (unknown columns) receives them all.
  for (uint32_t i = source.begin; i < source.end; ++i) {
    size_t k = i - source.begin;
    int w = written.size() == 1 && ListSize(cols) == 0 ? written[0] : k < written.size() ? written[k] : -1;
    AddWriteLineage(w, relcols_[i].src_begin, relcols_[i].src_end);
  }
  Node conflict;
  if (Field(body, "onConflictClause", &conflict)) {
    Node oc = Body(conflict);
    Rel excluded;
    excluded.kind = RelKind::kFunction;  // the proposed row: no stored columns
    excluded.alias = "excluded";
    rels_.push_back(excluded);
    Node infer;
    if (Field(oc, "infer", &infer)) WalkAny(infer, kUseFiltered, nullptr);
    for (Node item : List(oc, "targetList")) {
      Tagged t = Untag(item);
      int w = AddWrite(rels_[static_cast<size_t>(target)], Str(t.body, "name"),
                       static_cast<uint32_t>(Int(t.body, "location", 0)));
      Node val;
      if (Field(t.body, "val", &val)) WalkWrittenValue(val, w);
    }
    Node where;
    if (Field(oc, "whereClause", &where)) WalkExpr(where, kUseFiltered, nullptr);
  }
  WalkReturningList(List(body, "returningList"), top);
  last_dml_where_ = true;
  PopFrame(frame);
}

void Walker::WalkUpdate(Node body, bool top) {
  SetKind(StatementKind::k_update, top);
  uint32_t frame = PushFrame();
  Node n;
  if (Field(body, "withClause", &n)) WalkWith(Body(n));
  Node relation;
  int target = -1;
  if (Field(body, "relation", &relation))
    target = AddTargetRel(Body(relation), kAccessWrite);
  WalkFromList(List(body, "fromClause"));
  for (Node item : List(body, "targetList")) {
    Tagged t = Untag(item);
    int w = -1;
    if (target >= 0)
      w = AddWrite(rels_[static_cast<size_t>(target)], Str(t.body, "name"),
                   static_cast<uint32_t>(Int(t.body, "location", 0)));
    Node val;
    if (Field(t.body, "val", &val)) WalkWrittenValue(val, w);
  }
  bool real_where = false;
  if (Field(body, "whereClause", &n)) {
    WalkExpr(n, kUseFiltered, nullptr);
    real_where = !IsConstantTrue(n);
  }
  if (top) has_where_ = real_where;
  last_dml_where_ = real_where;
  WalkReturningList(List(body, "returningList"), top);
  PopFrame(frame);
}

void Walker::WalkDelete(Node body, bool top) {
  SetKind(StatementKind::k_delete, top);
  uint32_t frame = PushFrame();
  Node n;
  if (Field(body, "withClause", &n)) WalkWith(Body(n));
  Node relation;
  if (Field(body, "relation", &relation)) AddTargetRel(Body(relation), kAccessWrite);
  WalkFromList(List(body, "usingClause"));
  bool real_where = false;
  if (Field(body, "whereClause", &n)) {
    WalkExpr(n, kUseFiltered, nullptr);
    real_where = !IsConstantTrue(n);
  }
  if (top) has_where_ = real_where;
  last_dml_where_ = real_where;
  WalkReturningList(List(body, "returningList"), top);
  PopFrame(frame);
}

}  // namespace govern::sql
