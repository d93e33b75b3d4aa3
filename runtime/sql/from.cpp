// FROM: tables, views (expanded), CTE references, subqueries, functions, joins.
#include "sql/walker.h"

namespace govern::sql {

void Walker::WalkFromList(NodeList from) {
  for (Node item : from) WalkFromItem(item);
}

void Walker::WalkFromItem(Node item) {
  if (!Enter()) return;
  Tagged t = Untag(item);
  if (t.tag == "RangeVar") {
    AddRangeVar(t.body, kAccessRead);
  } else if (t.tag == "JoinExpr") {
    WalkJoin(t.body);
  } else if (t.tag == "RangeSubselect") {
    Node sub;
    Rel rel;
    rel.kind = RelKind::kDerived;
    if (Field(t.body, "subquery", &sub)) rel.cols = WalkSelect(Body(sub), 0, false);
    Node alias;
    if (Field(t.body, "alias", &alias)) ApplyAlias(&rel, alias);
    rels_.push_back(rel);
  } else if (t.tag == "RangeFunction") {
    Rel rel;
    rel.kind = RelKind::kFunction;
    Sink sink{static_cast<uint32_t>(scratch_.size())};
    for (Node f : List(t.body, "functions")) {
      // Each entry is a List [FuncCall, column definitions].
      Tagged list = Untag(f);
      for (Node part : List(list.body, "items")) {
        Tagged p = Untag(part);
        if (p.tag.empty() || p.tag == "List") continue;  // coldeflist
        if (rel.alias.empty() && p.tag == "FuncCall") {
          for (Node name : List(p.body, "funcname")) rel.alias = StringValue(name);
        }
        WalkExpr(part, kUseOther, &sink);
      }
    }
    RelCol all = FinishSink(&sink, {});
    rel.src_begin = all.src_begin;
    rel.src_end = all.src_end;
    Node alias;
    if (Field(t.body, "alias", &alias)) ApplyAlias(&rel, alias);
    rels_.push_back(rel);
  } else if (t.tag == "RangeTableSample") {
    Node relation;
    if (Field(t.body, "relation", &relation)) WalkFromItem(relation);
    // TABLESAMPLE arguments fail out of range.
    for (Node a : List(t.body, "args")) WalkExpr(a, kUseOtherComputed, nullptr);
    Node repeatable;
    if (Field(t.body, "repeatable", &repeatable)) WalkExpr(repeatable, kUseOtherComputed, nullptr);
  } else if (t.tag == "RangeTableFunc") {
    Rel rel;
    rel.kind = RelKind::kFunction;
    Sink sink{static_cast<uint32_t>(scratch_.size())};
    Node n;
    // The document is parsed (XML errors) and the row expression evaluated.
    if (Field(t.body, "docexpr", &n)) WalkExpr(n, kUseOtherComputed, &sink);
    if (Field(t.body, "rowexpr", &n)) WalkExpr(n, kUseOtherComputed, &sink);
    RelCol all = FinishSink(&sink, {});
    rel.src_begin = all.src_begin;
    rel.src_end = all.src_end;
    rel.alias = "xmltable";
    Node alias;
    if (Field(t.body, "alias", &alias)) ApplyAlias(&rel, alias);
    rels_.push_back(rel);
  } else {
    WalkAny(item, kUseOther, nullptr);
  }
  Leave();
}

bool Walker::LookupRelation(std::string_view schema, std::string_view name, bool expand, Rel* rel) {
  if (catalog_ != nullptr) {
    std::optional<int32_t> id;
    if (!schema.empty()) {
      id = catalog_->FindTable(schema, name);
    } else {
      // The effective search_path (configured, or changed by SET), then
      // pg_catalog as Catalog::FindTableInPath does.
      for (const std::string& s : SearchPath()) {
        id = catalog_->FindTable(s, name);
        if (id) break;
      }
      if (!id) id = catalog_->FindTable("pg_catalog", name);
    }
    if (id) {
      const Catalog::Table& table = catalog_->table(*id);
      rel->kind = RelKind::kBase;
      rel->schema = table.schema;
      rel->relname = table.name;
      rel->qname = table.qname;
      rel->table_id = *id;
      if (!expand || table.kind == RelationKind::kTable || !options_.expand_views) return true;
      if (catalog_->StructureOf(*id).view_sql.empty()) return true;  // whether it has a definition counts
      const ViewInfo* info = ExpandView(*id);
      if (info == nullptr) {
        AddUnresolved(table.qname, "view cannot be expanded", 0);
        return true;
      }
      rel->kind = RelKind::kDerived;
      rel->cols.begin = static_cast<uint32_t>(relcols_.size());
      for (uint32_t c = info->cols_begin; c < info->cols_end; ++c) {
        const ViewCol& vc = views_->cols[c];
        RelCol rc;
        rc.name = vc.name;
        rc.derivation = vc.derivation;
        rc.src_begin = static_cast<uint32_t>(lineage_.size());
        // The view column itself first (tags and selectors on view columns),
        // then the base (and inner view) columns behind it.
        uint32_t self = RegisterColumn(vc.qname, vc.column_id, *id);
        cols_[self].usage |= kUseView;
        lineage_.push_back(self);
        for (uint32_t k = vc.begin; k < vc.end; ++k) {
          const ViewRef& ref = views_->refs[k];
          uint32_t c = RegisterColumn(ref.qname, ref.column_id, ref.table_id);
          cols_[c].usage |= ref.usage & kUseView;
          lineage_.push_back(c);
        }
        rc.src_end = static_cast<uint32_t>(lineage_.size());
        relcols_.push_back(rc);
      }
      rel->cols.end = static_cast<uint32_t>(relcols_.size());
      for (uint32_t k = info->reads_begin; k < info->reads_end; ++k) {
        const ViewRef& ref = views_->refs[k];
        Read(RegisterColumn(ref.qname, ref.column_id, ref.table_id), ref.usage, nullptr);
      }
      for (uint32_t k = info->tables_begin; k < info->tables_end; ++k)
        AddTable(views_->tables[k].qname, views_->tables[k].table_id, kAccessRead);
      for (uint32_t k = info->functions_begin; k < info->functions_end; ++k)
        AddFunctionName(views_->functions[k], ref_location_);
      return true;
    }
  }
  rel->kind = RelKind::kUnknownBase;
  rel->schema = schema.empty() ? DefaultSchema() : schema;
  rel->relname = name;
  rel->qname = QualifyUnknown(schema, name);
  rel->table_id = -1;
  return false;
}

void Walker::AddRangeVar(Node body, uint8_t access) {
  std::string_view schema = Str(body, "schemaname");
  std::string_view name = Str(body, "relname");
  auto location = static_cast<uint32_t>(Int(body, "location", 0));
  SetRefLocation(location);  // the columns a view reads are read here
  Rel rel;
  if (schema.empty()) {
    if (const Cte* cte = FindCte(name)) {
      rel.kind = RelKind::kDerived;
      rel.alias = name;
      rel.cols = cte->cols;
      Node alias;
      if (Field(body, "alias", &alias)) ApplyAlias(&rel, alias);
      rels_.push_back(rel);
      return;
    }
  }
  bool known = LookupRelation(schema, name, true, &rel);
  if (!known && catalog_ != nullptr) AddUnresolved(rel.qname, "unknown table", location);
  rel.alias = rel.relname;
  AddTable(rel.qname, rel.table_id, access);
  Node alias;
  if (Field(body, "alias", &alias)) ApplyAlias(&rel, alias);
  rels_.push_back(rel);
}

void Walker::ApplyAlias(Rel* rel, Node alias) {
  Node body = Body(alias);
  std::string_view name = Str(body, "aliasname");
  if (!name.empty()) rel->alias = name;
  NodeList colnames = List(body, "colnames");
  size_t n = ListSize(colnames);
  if (n == 0) return;
  ColRange renamed;
  renamed.begin = static_cast<uint32_t>(relcols_.size());
  switch (rel->kind) {
    case RelKind::kBase: {
      if (catalog_ == nullptr || rel->table_id < 0) return;
      const Catalog::Table& table = catalog_->StructureOf(rel->table_id);
      size_t k = 0;
      auto it = colnames.begin();
      for (int32_t cid : table.columns) {
        RelCol rc;
        rc.name = catalog_->column(cid).name;
        if (k < n) {
          rc.name = StringValue(*it);
          ++it;
        }
        ++k;
        rc.src_begin = static_cast<uint32_t>(lineage_.size());
        lineage_.push_back(RegisterColumn(catalog_->column(cid).qname, cid, rel->table_id));
        rc.src_end = static_cast<uint32_t>(lineage_.size());
        relcols_.push_back(rc);
      }
      rel->kind = RelKind::kDerived;
      break;
    }
    case RelKind::kDerived: {
      uint32_t k = 0;
      ColRange old = rel->cols;
      for (Node c : colnames) {
        RelCol rc;
        if (k < old.size()) rc = relcols_[old.begin + k];
        rc.name = StringValue(c);
        relcols_.push_back(rc);
        ++k;
      }
      for (; k < old.size(); ++k) relcols_.push_back(relcols_[old.begin + k]);
      break;
    }
    case RelKind::kFunction:
      for (Node c : colnames) {
        RelCol rc;
        rc.name = StringValue(c);
        rc.src_begin = rel->src_begin;
        rc.src_end = rel->src_end;
        rc.derivation = Derivation::kTransformed;
        relcols_.push_back(rc);
      }
      break;
    case RelKind::kUnknownBase:
      // Positions of an unknown table's columns are unknown: keep resolving
      // names against the table itself.
      return;
  }
  renamed.end = static_cast<uint32_t>(relcols_.size());
  rel->cols = renamed;
}

void Walker::WalkJoin(Node body) {
  auto left_begin = static_cast<uint32_t>(rels_.size());
  Node n;
  if (Field(body, "larg", &n)) WalkFromItem(n);
  auto right_begin = static_cast<uint32_t>(rels_.size());
  if (Field(body, "rarg", &n)) WalkFromItem(n);
  auto right_end = static_cast<uint32_t>(rels_.size());
  auto join_side = [&](uint32_t b, uint32_t e, std::string_view column) {
    for (uint32_t i = b; i < e; ++i)
      if (ReadRelColumn(rels_[i], column, kUseJoined, nullptr, true)) return true;
    for (uint32_t i = b; i < e; ++i)
      if (ReadRelColumn(rels_[i], column, kUseJoined, nullptr, false)) return true;
    return false;
  };
  std::string_view join_type = Str(body, "jointype");
  UsingSides sides;
  sides.left_begin = left_begin;
  sides.right_begin = right_begin;
  sides.right_end = right_end;
  sides.left = join_type != "JOIN_RIGHT";
  sides.right = join_type == "JOIN_RIGHT" || join_type == "JOIN_FULL";
  for (Node u : List(body, "usingClause")) {
    std::string_view column = StringValue(u);
    if (!join_side(left_begin, right_begin, column) || !join_side(right_begin, right_end, column))
      AddUnresolved(column, "unknown column", static_cast<uint32_t>(Int(body, "location", 0)));
    usings_.push_back(column);
    using_sides_.push_back(sides);
  }
  if (Bool(body, "isNatural")) {
    // Common column names of the two sides; needs their columns.
    tmp_names_.clear();
    bool unknown = false;
    for (uint32_t side = 0; side < 2; ++side) {
      uint32_t b = side == 0 ? left_begin : right_begin;
      uint32_t e = side == 0 ? right_begin : right_end;
      for (uint32_t i = b; i < e; ++i) {
        const Rel& r = rels_[i];
        if (r.kind == RelKind::kBase && catalog_ != nullptr && r.table_id >= 0) {
          for (int32_t cid : catalog_->StructureOf(r.table_id).columns)
            tmp_names_.push_back({catalog_->column(cid).name, side});
        } else if (r.kind == RelKind::kDerived) {
          for (uint32_t c = r.cols.begin; c < r.cols.end; ++c) tmp_names_.push_back({relcols_[c].name, side});
        } else {
          unknown = true;
        }
      }
    }
    if (unknown) AddUnresolved("natural join", "natural join over unknown columns", 0);
    for (size_t i = 0; i < tmp_names_.size(); ++i) {
      if (tmp_names_[i].second != 0) continue;
      for (size_t j = 0; j < tmp_names_.size(); ++j) {
        if (tmp_names_[j].second == 1 && tmp_names_[j].first == tmp_names_[i].first) {
          join_side(left_begin, right_begin, tmp_names_[i].first);
          join_side(right_begin, right_end, tmp_names_[i].first);
          usings_.push_back(tmp_names_[i].first);
          using_sides_.push_back(sides);
          break;
        }
      }
    }
  }
  if (Field(body, "quals", &n)) WalkExpr(n, kUseJoined, nullptr);
  if (Field(body, "alias", &n)) {
    // `JOIN ... AS j`: a derived relation over both sides' columns (not read
    // until referenced).
    Rel rel;
    rel.kind = RelKind::kDerived;
    rel.alias = Str(Body(n), "aliasname");
    rel.cols.begin = static_cast<uint32_t>(relcols_.size());
    for (uint32_t i = left_begin; i < right_end; ++i) {
      const Rel& r = rels_[i];
      if (r.kind == RelKind::kBase && catalog_ != nullptr && r.table_id >= 0) {
        for (int32_t cid : catalog_->StructureOf(r.table_id).columns) {
          RelCol rc;
          rc.name = catalog_->column(cid).name;
          rc.src_begin = static_cast<uint32_t>(lineage_.size());
          lineage_.push_back(RegisterColumn(catalog_->column(cid).qname, cid, r.table_id));
          rc.src_end = static_cast<uint32_t>(lineage_.size());
          relcols_.push_back(rc);
        }
      } else if (r.kind == RelKind::kDerived) {
        for (uint32_t c = r.cols.begin; c < r.cols.end; ++c) relcols_.push_back(relcols_[c]);
      }
    }
    rel.cols.end = static_cast<uint32_t>(relcols_.size());
    rels_.push_back(rel);
  }
  if (Field(body, "join_using_alias", &n)) {
    // `JOIN ... USING (c) AS j` (PostgreSQL 14+): j.c is the merged column,
    // the left side's for an inner or left join, the right side's for a
    // right join, either for a full join; j has no other column.
    Rel rel;
    rel.kind = RelKind::kDerived;
    rel.alias = Str(Body(n), "aliasname");
    std::vector<RelCol> merged;
    for (Node u : List(body, "usingClause")) {
      std::string_view column = StringValue(u);
      Sink sink{static_cast<uint32_t>(scratch_.size())};
      auto side = [&](uint32_t b, uint32_t e) {
        for (uint32_t i = b; i < e; ++i)
          if (ReadRelColumn(rels_[i], column, kUseJoined, &sink, true)) return;
        for (uint32_t i = b; i < e; ++i)
          if (ReadRelColumn(rels_[i], column, kUseJoined, &sink, false)) return;
      };
      if (sides.left) side(left_begin, right_begin);
      if (sides.right) side(right_begin, right_end);
      merged.push_back(FinishSink(&sink, column));
    }
    rel.cols.begin = static_cast<uint32_t>(relcols_.size());
    relcols_.insert(relcols_.end(), merged.begin(), merged.end());
    rel.cols.end = static_cast<uint32_t>(relcols_.size());
    rels_.push_back(rel);
  }
}

void Walker::ExpandStar(const Rel& rel, uint16_t usage, std::vector<RelCol>* out, Sink* sink, uint32_t location) {
  SetRefLocation(location);
  auto bits = static_cast<uint16_t>(usage | kUseStar);
  switch (rel.kind) {
    case RelKind::kBase: {
      if (catalog_ == nullptr || rel.table_id < 0) break;
      for (int32_t cid : catalog_->StructureOf(rel.table_id).columns) {
        uint32_t c = RegisterColumn(catalog_->column(cid).qname, cid, rel.table_id);
        Read(c, bits, sink);
        if (out != nullptr) {
          RelCol rc;
          rc.name = catalog_->column(cid).name;
          rc.src_begin = static_cast<uint32_t>(lineage_.size());
          lineage_.push_back(c);
          rc.src_end = static_cast<uint32_t>(lineage_.size());
          out->push_back(rc);
        }
      }
      return;
    }
    case RelKind::kDerived:
    case RelKind::kFunction:
      if (rel.cols.size() > 0 || rel.kind == RelKind::kDerived) {
        for (uint32_t i = rel.cols.begin; i < rel.cols.end; ++i) {
          RelCol rc = relcols_[i];
          ReadRange(rc.src_begin, rc.src_end, bits, sink);
          if (sink != nullptr) sink->Raise(rc.derivation);
          if (out != nullptr) out->push_back(rc);
        }
      } else {
        ReadRange(rel.src_begin, rel.src_end, bits, sink);
        if (out != nullptr) {
          RelCol rc;
          rc.name = rel.alias;
          rc.src_begin = rel.src_begin;
          rc.src_end = rel.src_end;
          rc.derivation = Derivation::kTransformed;
          out->push_back(rc);
        }
      }
      return;
    case RelKind::kUnknownBase:
      break;
  }
  name_buffer_.assign(rel.qname).append(".*");
  AddUnresolved(name_buffer_, "columns of * unknown", location);
  if (out != nullptr) {
    RelCol rc;
    rc.name = "*";
    rc.src_begin = rc.src_end = static_cast<uint32_t>(lineage_.size());
    out->push_back(rc);
  }
}

bool Walker::FrameHasColumn(std::string_view column) {
  if (frames_.empty()) return false;
  for (size_t i = frames_.back(); i < rels_.size(); ++i) {
    const Rel& r = rels_[i];
    switch (r.kind) {
      case RelKind::kBase:
        if (catalog_ != nullptr && r.table_id >= 0 && catalog_->FindColumn(r.table_id, column)) return true;
        break;
      case RelKind::kDerived:
      case RelKind::kFunction:
        for (uint32_t c = r.cols.begin; c < r.cols.end; ++c)
          if (relcols_[c].name == column) return true;
        break;
      case RelKind::kUnknownBase:
        break;
    }
  }
  return false;
}

}  // namespace govern::sql
