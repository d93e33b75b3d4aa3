// SELECT: set operations, VALUES, WITH, target lists, GROUP/ORDER BY, LIMIT.
#include <algorithm>
#include <string>

#include "sql/walker.h"

namespace govern::sql {
namespace {

bool IsSetOp(Node body) {
  std::string_view op = Str(body, "op");
  return !op.empty() && op != "SETOP_NONE";
}

// `ival` of an integer A_Const, or -1.
int64_t ConstInt(Node n) {
  Tagged t = Untag(n);
  if (t.tag != "A_Const") return -1;
  Node ival;
  if (!Field(t.body, "ival", &ival)) return -1;
  return Int(ival, "ival", 0);
}

// The single name of an unqualified ColumnRef, or "".
std::string_view SingleName(Node n) {
  Tagged t = Untag(n);
  if (t.tag != "ColumnRef") return {};
  NodeList fields = List(t.body, "fields");
  if (ListSize(fields) != 1) return {};
  return StringValue(fields.at(0));
}

}  // namespace

ColRange Walker::WalkSelect(Node body, uint16_t usage, bool top) {
  if (!Enter()) return {};
  uint32_t frame = PushFrame();
  // FOR UPDATE / NO KEY UPDATE / SHARE / KEY SHARE, at any level.
  if (ListSize(List(body, "lockingClause")) > 0) locks_rows_ = true;
  Node with;
  if (Field(body, "withClause", &with)) WalkWith(Body(with));
  ColRange out;
  if (IsSetOp(body)) {
    Node larg;
    Node rarg;
    ColRange left;
    ColRange right;
    if (Field(body, "larg", &larg)) left = WalkSelect(Body(larg), usage, false);
    if (Field(body, "rarg", &rarg)) right = WalkSelect(Body(rarg), usage, false);
    out.begin = static_cast<uint32_t>(relcols_.size());
    for (uint32_t i = 0; i < left.size(); ++i) {
      RelCol merged = relcols_[left.begin + i];
      uint32_t start = static_cast<uint32_t>(scratch_.size());
      for (uint32_t k = merged.src_begin; k < merged.src_end; ++k) scratch_.push_back(lineage_[k]);
      if (i < right.size()) {
        const RelCol& r = relcols_[right.begin + i];
        for (uint32_t k = r.src_begin; k < r.src_end; ++k) scratch_.push_back(lineage_[k]);
        if (static_cast<uint8_t>(r.derivation) > static_cast<uint8_t>(merged.derivation))
          merged.derivation = r.derivation;
      }
      merged.src_begin = CopyScratchToLineage(start);
      merged.src_end = static_cast<uint32_t>(lineage_.size());
      relcols_.push_back(merged);
    }
    out.end = static_cast<uint32_t>(relcols_.size());
    // UNION, INTERSECT and EXCEPT (all but UNION ALL) match rows by value:
    // how many rows come back tells which values are equal, as GROUP BY.
    if (Str(body, "op") != "SETOP_UNION" || !Bool(body, "all"))
      for (uint32_t i = out.begin; i < out.end; ++i) UseOutput(relcols_[i], kUseGrouped);
    WalkSortClause(List(body, "sortClause"), out, kUseOrdered);
  } else if (Has(body, "valuesLists")) {
    NodeList rows = List(body, "valuesLists");
    size_t width = 0;
    for (Node row : rows) {
      width = ListSize(List(Body(row), "items"));
      break;
    }
    // Rows of literals only (a bulk INSERT's) add nothing to their columns
    // but a transformed derivation: classify each row once and walk only the
    // others (unless the literals could reach the depth limit, which makes
    // the statement a diagnostic).
    bool skip_literals = !too_deep_ && depth_ + 2 <= options_.max_depth;
    size_t literal_width = 0;  // most items of a literal row
    std::vector<Node> items;   // the other rows' items, row after row
    std::vector<uint32_t> row_ends;
    for (Node row : rows) {
      size_t begin = items.size();
      bool literal = skip_literals;
      for (Node item : List(Body(row), "items")) {
        items.push_back(item);
        literal = literal && IsLiteral(item);
      }
      if (literal) {
        literal_width = std::max(literal_width, items.size() - begin);
        items.resize(begin);
      } else {
        row_ends.push_back(static_cast<uint32_t>(items.size()));
      }
    }
    // Subqueries inside the rows push their own result columns onto
    // relcols_: collect the VALUES columns apart (like a target list) so only
    // they become this relation's columns.
    auto start = static_cast<uint32_t>(tmp_cols_.size());
    for (size_t j = 0; j < width; ++j) {
      Sink sink{static_cast<uint32_t>(scratch_.size())};
      if (j < literal_width) sink.Raise(Derivation::kTransformed);
      uint32_t row_begin = 0;
      for (uint32_t row_end : row_ends) {
        if (row_begin + j < row_end) WalkExpr(items[row_begin + j], usage, &sink);
        row_begin = row_end;
      }
      name_buffer_.assign("column").append(std::to_string(j + 1));
      tmp_cols_.push_back(FinishSink(&sink, Intern(name_buffer_)));
    }
    out.begin = static_cast<uint32_t>(relcols_.size());
    relcols_.insert(relcols_.end(), tmp_cols_.begin() + start, tmp_cols_.end());
    tmp_cols_.resize(start);
    out.end = static_cast<uint32_t>(relcols_.size());
  } else {
    out = WalkSimpleSelect(body, usage, top);
  }
  if (top) WalkLimit(body);
  else {
    Node n;
    // LIMIT/OFFSET fail when negative and take time by their size.
    if (Field(body, "limitCount", &n)) WalkExpr(n, kUseOtherComputed, nullptr);
    if (Field(body, "limitOffset", &n)) WalkExpr(n, kUseOtherComputed, nullptr);
  }
  PopFrame(frame);
  Leave();
  return out;
}

ColRange Walker::WalkSimpleSelect(Node body, uint16_t usage, bool top) {
  WalkFromList(List(body, "fromClause"));
  Node where;
  if (Field(body, "whereClause", &where)) {
    WalkExpr(where, kUseFiltered, nullptr);
    if (top && !IsConstantTrue(where)) has_where_ = true;
  }
  auto start = static_cast<uint32_t>(tmp_cols_.size());
  WalkTargetList(List(body, "targetList"), usage, &tmp_cols_);
  ColRange out;
  out.begin = static_cast<uint32_t>(relcols_.size());
  relcols_.insert(relcols_.end(), tmp_cols_.begin() + start, tmp_cols_.end());
  tmp_cols_.resize(start);
  out.end = static_cast<uint32_t>(relcols_.size());
  bool distinct_rows = false;
  for (Node d : List(body, "distinctClause")) {
    if (Untag(d).tag.empty()) distinct_rows = true;  // plain DISTINCT: [{}]
    else WalkExpr(d, kUseOrdered, nullptr);
  }
  // SELECT DISTINCT keeps one row per value: as GROUP BY every column.
  if (distinct_rows)
    for (uint32_t i = out.begin; i < out.end; ++i) UseOutput(relcols_[i], kUseGrouped);
  WalkGroupClause(List(body, "groupClause"), out);
  Node having;
  if (Field(body, "havingClause", &having)) WalkExpr(having, kUseFiltered, nullptr);
  for (Node w : List(body, "windowClause")) WalkExpr(w, kUseOrdered, nullptr);
  WalkSortClause(List(body, "sortClause"), out, kUseOrdered);
  return out;
}

void Walker::WalkTargetList(NodeList targets, uint16_t usage, std::vector<RelCol>* out) {
  for (Node item : targets) {
    Tagged t = Untag(item);
    if (t.tag != "ResTarget") continue;
    Node val;
    if (!Field(t.body, "val", &val)) continue;
    Tagged v = Untag(val);
    if (v.tag == "ColumnRef") {
      NodeList fields = List(v.body, "fields");
      bool star = false;
      size_t n = 0;
      for (Node f : fields) {
        ++n;
        if (Untag(f).tag == "A_Star") star = true;
      }
      if (star) {
        auto location = static_cast<uint32_t>(Int(v.body, "location", 0));
        if (n == 1) {
          // `*`: every relation of the innermost FROM.
          if (frames_.empty()) continue;
          uint32_t begin = frames_.back();
          auto end = static_cast<uint32_t>(rels_.size());
          // JOIN ... USING / NATURAL: as PostgreSQL, the merged columns come
          // first, once each (the outermost join's first), then every
          // relation's other columns.
          const size_t frame = frames_.size() - 1;
          std::vector<std::string_view> merged;
          for (size_t u = usings_.size(); u-- > frame_usings_[frame];) {
            // One join's USING list keeps its order: find the group's start.
            size_t g = u;
            while (g > frame_usings_[frame] && using_sides_[g - 1].left_begin == using_sides_[u].left_begin &&
                   using_sides_[g - 1].right_end == using_sides_[u].right_end)
              --g;
            for (size_t k = g; k <= u; ++k)
              if (std::find(merged.begin(), merged.end(), usings_[k]) == merged.end()) merged.push_back(usings_[k]);
            u = g;
          }
          for (std::string_view name : merged) {
            Sink sink{static_cast<uint32_t>(scratch_.size())};
            ReadMergedColumn(frame, name, static_cast<uint16_t>(usage | kUseStar), &sink);
            out->push_back(FinishSink(&sink, name));
          }
          for (uint32_t i = begin; i < end; ++i) {
            size_t first = out->size();
            ExpandStar(rels_[i], usage, out, nullptr, location);
            if (merged.empty()) continue;
            out->erase(std::remove_if(out->begin() + static_cast<std::ptrdiff_t>(first), out->end(),
                                      [&](const RelCol& c) {
                                        return std::find(merged.begin(), merged.end(), c.name) != merged.end();
                                      }),
                       out->end());
          }
        } else {
          std::string_view names[3];
          size_t k = 0;
          for (Node f : fields)
            if (k < 3) names[k++] = StringValue(f);
          std::string_view rel = n >= 2 ? names[n - 2] : std::string_view();
          std::string_view schema = n >= 3 ? names[n - 3] : std::string_view();
          const Rel* r = FindRelByQualifier(schema, rel);
          if (r != nullptr) {
            ExpandStar(*r, usage, out, nullptr, location);
          } else {
            name_buffer_.assign(rel).append(".*");
            AddUnresolved(name_buffer_, "unknown table", location);
          }
        }
        continue;
      }
    }
    std::string_view name = Str(t.body, "name");
    if (name.empty()) name = FigureColname(val);
    Sink sink{static_cast<uint32_t>(scratch_.size())};
    WalkExpr(val, usage, &sink);
    out->push_back(FinishSink(&sink, name));
  }
}

RelCol Walker::FinishSink(Sink* sink, std::string_view name) {
  RelCol rc;
  rc.name = name;
  rc.derivation = sink->derivation;
  rc.src_begin = CopyScratchToLineage(sink->begin);
  rc.src_end = static_cast<uint32_t>(lineage_.size());
  return rc;
}

void Walker::UseOutput(const RelCol& col, uint16_t usage) { ReadRange(col.src_begin, col.src_end, usage, nullptr); }

void Walker::WalkSortClause(NodeList sort, ColRange outputs, uint16_t usage) {
  for (Node item : sort) {
    Tagged t = Untag(item);
    Node expr;
    if (t.tag != "SortBy" || !Field(t.body, "node", &expr)) {
      WalkExpr(item, usage, nullptr);
      continue;
    }
    int64_t ordinal = ConstInt(expr);
    if (ordinal > 0 && static_cast<uint64_t>(ordinal) <= outputs.size()) {
      UseOutput(relcols_[outputs.begin + static_cast<uint32_t>(ordinal) - 1], usage);
      continue;
    }
    std::string_view name = SingleName(expr);
    bool done = false;
    if (!name.empty()) {
      for (uint32_t i = outputs.begin; i < outputs.end; ++i) {
        if (relcols_[i].name == name) {
          UseOutput(relcols_[i], usage);
          done = true;
          break;
        }
      }
    }
    if (!done) WalkExpr(expr, usage, nullptr);
  }
}

void Walker::WalkGroupClause(NodeList group, ColRange outputs) {
  for (Node item : group) {
    Tagged t = Untag(item);
    if (t.tag == "GroupingSet") {
      WalkGroupClause(List(t.body, "content"), outputs);
      continue;
    }
    int64_t ordinal = ConstInt(item);
    if (ordinal > 0 && static_cast<uint64_t>(ordinal) <= outputs.size()) {
      UseOutput(relcols_[outputs.begin + static_cast<uint32_t>(ordinal) - 1], kUseGrouped);
      continue;
    }
    std::string_view name = SingleName(item);
    if (!name.empty() && !FrameHasColumn(name)) {
      bool done = false;
      for (uint32_t i = outputs.begin; i < outputs.end; ++i) {
        if (relcols_[i].name == name) {
          UseOutput(relcols_[i], kUseGrouped);
          done = true;
          break;
        }
      }
      if (done) continue;
    }
    WalkExpr(item, kUseGrouped, nullptr);
  }
}

void Walker::WalkLimit(Node body) {
  Node count;
  if (Field(body, "limitCount", &count)) {
    Tagged t = Untag(count);
    bool limit_all = t.tag == "A_Const" && Bool(t.body, "isnull");
    if (!limit_all) has_limit_ = true;
    WalkExpr(count, kUseOtherComputed, nullptr);
  }
  Node offset;
  if (Field(body, "limitOffset", &offset)) WalkExpr(offset, kUseOtherComputed, nullptr);
}

void Walker::WalkWith(Node with) {
  bool recursive = Bool(with, "recursive");
  for (Node item : List(with, "ctes")) {
    Tagged t = Untag(item);
    if (t.tag != "CommonTableExpr") continue;
    std::string_view name = Str(t.body, "ctename");
    Node query;
    if (!Field(t.body, "ctequery", &query)) continue;
    Tagged q = Untag(query);
    ColRange cols;
    if (q.tag == "SelectStmt") {
      Node larg;
      if (recursive && IsSetOp(q.body) && Field(q.body, "larg", &larg)) {
        // Recursive CTE: the non-recursive arm fixes the columns, then the
        // recursive arm (which may reference the CTE) adds its lineage.
        uint32_t frame = PushFrame();
        Node inner_with;
        if (Field(q.body, "withClause", &inner_with)) WalkWith(Body(inner_with));
        ColRange left = WalkSelect(Body(larg), 0, false);
        PopFrame(frame);
        Cte cte;
        cte.name = name;
        cte.cols = left;
        size_t k = 0;
        for (Node alias : List(t.body, "aliascolnames")) {
          if (k < left.size()) relcols_[left.begin + k].name = StringValue(alias);
          ++k;
        }
        ctes_.push_back(cte);
        cols = WalkSelect(q.body, 0, false);
        ctes_.pop_back();
      } else {
        cols = WalkSelect(q.body, 0, false);
      }
    } else {
      // Data-modifying CTE.
      StatementKind saved = kind_;
      last_returning_ = {};
      last_dml_where_ = true;
      WalkStatement(query, false);
      kind_ = saved;
      StatementKind inner = InnerKind(q.tag);
      if (inner != StatementKind::k_unknown) {
        if (modifying_cte_kind_ == StatementKind::k_unknown) modifying_cte_kind_ = inner;
        if (!last_dml_where_) modifying_cte_where_ = false;
      }
      cols = last_returning_;
    }
    // Column aliases: a renamed copy.
    NodeList aliases = List(t.body, "aliascolnames");
    if (ListSize(aliases) > 0) {
      ColRange renamed;
      renamed.begin = static_cast<uint32_t>(relcols_.size());
      uint32_t k = 0;
      for (Node alias : aliases) {
        RelCol rc;
        if (k < cols.size()) rc = relcols_[cols.begin + k];
        rc.name = StringValue(alias);
        relcols_.push_back(rc);
        ++k;
      }
      for (; k < cols.size(); ++k) relcols_.push_back(relcols_[cols.begin + k]);
      renamed.end = static_cast<uint32_t>(relcols_.size());
      cols = renamed;
    }
    Cte cte;
    cte.name = name;
    cte.cols = cols;
    ctes_.push_back(cte);
  }
}

std::string_view Walker::FigureColname(Node expr) {
  Tagged t = Untag(expr);
  if (t.tag == "ColumnRef") {
    std::string_view last;
    for (Node f : List(t.body, "fields")) last = StringValue(f);
    return last.empty() ? std::string_view("?column?") : last;
  }
  if (t.tag == "FuncCall") {
    std::string_view last;
    for (Node f : List(t.body, "funcname")) last = StringValue(f);
    return last;
  }
  if (t.tag == "TypeCast") {
    Node arg;
    if (Field(t.body, "arg", &arg)) {
      std::string_view inner = FigureColname(arg);
      if (inner != "?column?") return inner;
    }
    Node type_name;
    if (Field(t.body, "typeName", &type_name)) {
      std::string_view last;
      for (Node f : List(Untag(type_name).tag.empty() ? type_name : Body(type_name), "names"))
        last = StringValue(f);
      if (!last.empty()) return last;
    }
    return "?column?";
  }
  if (t.tag == "A_Indirection") {
    std::string_view last;
    for (Node f : List(t.body, "indirection")) {
      std::string_view s = StringValue(f);
      if (!s.empty()) last = s;
    }
    if (!last.empty()) return last;
    Node arg;
    if (Field(t.body, "arg", &arg)) return FigureColname(arg);
  }
  if (t.tag == "A_Expr" && Str(t.body, "kind") == "AEXPR_NULLIF") return "nullif";
  if (t.tag == "CaseExpr") return "case";
  if (t.tag == "CoalesceExpr") return "coalesce";
  if (t.tag == "MinMaxExpr") return Str(t.body, "op") == "IS_GREATEST" ? "greatest" : "least";
  if (t.tag == "A_ArrayExpr") return "array";
  if (t.tag == "RowExpr") return "row";
  if (t.tag == "GroupingFunc") return "grouping";
  if (t.tag == "CollateClause") {
    Node arg;
    if (Field(t.body, "arg", &arg)) return FigureColname(arg);
  }
  if (t.tag == "SubLink") {
    std::string_view type = Str(t.body, "subLinkType");
    if (type == "EXISTS_SUBLINK") return "exists";
    if (type == "ARRAY_SUBLINK") return "array";
    if (type == "EXPR_SUBLINK") {
      Node sub;
      if (Field(t.body, "subselect", &sub)) {
        for (Node target : List(Body(sub), "targetList")) {
          Tagged rt = Untag(target);
          std::string_view name = Str(rt.body, "name");
          if (!name.empty()) return name;
          Node val;
          if (Field(rt.body, "val", &val)) return FigureColname(val);
          break;
        }
      }
    }
  }
  if (t.tag == "SQLValueFunction") {
    std::string_view op = Str(t.body, "op");
    if (op.rfind("SVFOP_", 0) == 0) {
      std::string lower = FoldIdentifier(op.substr(6));
      size_t n = lower.find("_n");
      if (n != std::string::npos && n + 2 == lower.size()) lower.resize(n);
      return store_->Intern(lower);
    }
  }
  return "?column?";
}

}  // namespace govern::sql
