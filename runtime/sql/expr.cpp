// Expressions: column references, functions, subqueries, operators.
#include <algorithm>
#include <array>
#include <cstdint>
#include <cstdio>

#include "sql/totality.h"
#include "sql/walker.h"

namespace govern::sql {
namespace {

// Aggregates recognised by name (a FuncCall with FILTER, WITHIN GROUP,
// DISTINCT, ORDER BY or OVER is an aggregate or window call anyway).
constexpr std::array<std::string_view, 38> kAggregates = {
    "array_agg",  "avg",        "bit_and",      "bit_or",       "bit_xor",        "bool_and",   "bool_or",
    "corr",       "count",      "covar_pop",    "covar_samp",   "every",          "json_agg",   "json_object_agg",
    "jsonb_agg",  "jsonb_object_agg", "max",    "min",          "mode",           "percentile_cont",
    "percentile_disc", "range_agg", "range_intersect_agg", "regr_avgx", "regr_avgy", "regr_count",
    "regr_intercept", "regr_r2", "regr_slope", "stddev", "stddev_pop", "stddev_samp", "string_agg", "sum",
    "var_pop", "var_samp", "variance", "xmlagg"};

bool IsAggregateName(std::string_view name) {
  return std::find(kAggregates.begin(), kAggregates.end(), name) != kAggregates.end();
}

// A condition that chooses what is evaluated (a CASE's WHEN and test
// operand, NULLIF, the operands of AND/OR, which stop at the first that
// decides): the result depends on its columns without showing them, so they
// are filtered on (an error or a delay in one branch reads them back one
// bit per statement). Already filter-like uses stay as they are.
uint16_t AsCondition(uint16_t usage) {
  return (usage & kUseFilterLike) != 0 ? usage : static_cast<uint16_t>(usage | kUseFiltered);
}

// The arguments of something that may fail or take value-dependent time
// (not total, sql/totality.h): their columns are computed on.
uint16_t Computed(uint16_t usage) { return static_cast<uint16_t>(usage | kUseComputed); }

}  // namespace

void Walker::WalkAny(Node n, uint16_t usage, Sink* sink) {
  if (IsList(n)) {
    for (Node item : AsList(n)) WalkAny(item, usage, sink);
  } else if (IsTagged(n)) {
    WalkExpr(n, usage, sink);
  } else {
    ForEachChild(n, [&](std::string_view, Node value) { WalkAny(value, usage, sink); });
  }
}

void Walker::WalkExpr(Node n, uint16_t usage, Sink* sink) {
  if (!Enter()) return;
  Tagged t = Untag(n);
  std::string_view tag = t.tag;
  Node child;
  if (tag.empty()) {
    if (IsList(n)) WalkAny(n, usage, sink);
  } else if (tag == "ColumnRef") {
    WalkColumnRef(t.body, usage, sink);
  } else if (tag == "A_Const" || tag == "ParamRef" || tag == "SetToDefault") {
    if (sink != nullptr) sink->Raise(Derivation::kTransformed);
  } else if (tag == "SQLValueFunction") {
    if (sink != nullptr) sink->Raise(Derivation::kTransformed);
    AddFunctionName(FigureColname(n), InputLocation(static_cast<uint32_t>(Int(t.body, "location", 0))));
  } else if (tag == "TypeCast") {
    Node type_name;
    bool total = Field(t.body, "typeName", &type_name) && IsTotalCast(type_name);
    if (Field(t.body, "arg", &child)) WalkExpr(child, total ? usage : Computed(usage), sink);
  } else if (tag == "CollateClause" || tag == "NamedArgExpr") {
    if (Field(t.body, "arg", &child)) WalkExpr(child, usage, sink);
  } else if (tag == "FuncCall") {
    WalkFuncCall(t.body, usage, sink);
  } else if (tag == "SubLink") {
    WalkSubLink(t.body, usage, sink);
  } else if (tag == "SelectStmt") {
    ColRange r = WalkSelect(t.body, usage, false);
    if (sink != nullptr) {
      for (uint32_t i = r.begin; i < r.end; ++i) {
        for (uint32_t k = relcols_[i].src_begin; k < relcols_[i].src_end; ++k) scratch_.push_back(lineage_[k]);
        sink->Raise(relcols_[i].derivation);
      }
    }
  } else if (tag == "ResTarget") {
    if (Field(t.body, "val", &child)) WalkExpr(child, usage, sink);
  } else if (tag == "SortBy") {
    if (Field(t.body, "node", &child)) WalkExpr(child, usage, sink);
  } else if (tag == "WindowDef") {
    WalkWindow(t.body);
  } else if (tag == "A_Indirection" && WalkFieldSelection(t.body, usage, sink)) {
    // `(t).c`: read as t.c.
  } else if (tag == "A_Star") {
    // count(*) style: no columns.
  } else if (tag == "CaseExpr") {
    WalkCase(t.body, usage, sink);
  } else if ((tag == "A_Expr" && Str(t.body, "kind") == "AEXPR_NULLIF") ||
             (tag == "BoolExpr" && Str(t.body, "boolop") != "NOT_EXPR")) {
    // The value still derives from every column inside (lineage unchanged).
    if (sink != nullptr) sink->Raise(Derivation::kTransformed);
    WalkAny(t.body, AsCondition(usage), sink);
  } else {
    // Operators, COALESCE, ROW, arrays, NULL tests, ...: the value is
    // computed from every column inside.
    if (sink != nullptr) sink->Raise(Derivation::kTransformed);
    WalkAny(t.body, IsTotalExpr(tag, t.body) ? usage : Computed(usage), sink);
  }
  Leave();
}

bool Walker::RelHasColumn(const Rel& rel, std::string_view column) {
  switch (rel.kind) {
    case RelKind::kBase:
      return catalog_ != nullptr && rel.table_id >= 0 && catalog_->FindColumn(rel.table_id, column).has_value();
    case RelKind::kDerived:
    case RelKind::kFunction:
      for (uint32_t i = rel.cols.begin; i < rel.cols.end; ++i)
        if (relcols_[i].name == column) return true;
      return false;
    case RelKind::kUnknownBase: return false;
  }
  return false;
}

bool Walker::MayBeColumnInScope(std::string_view name) {
  if (std::find(variables_.begin(), variables_.end(), name) != variables_.end()) return true;
  for (const Rel& rel : rels_) {
    if (rel.kind == RelKind::kUnknownBase || (rel.kind == RelKind::kFunction && rel.cols.size() == 0)) return true;
    if (RelHasColumn(rel, name)) return true;
  }
  return false;
}

bool Walker::WalkFieldSelection(Node body, uint16_t usage, Sink* sink) {
  Node arg;
  if (!Field(body, "arg", &arg)) return false;
  Tagged a = Untag(arg);
  if (a.tag != "ColumnRef") return false;
  std::string_view relname;
  size_t names = 0;
  for (Node f : List(a.body, "fields")) {
    Tagged ft = Untag(f);
    if (ft.tag != "String") return false;
    relname = Str(ft.body, "sval");
    ++names;
  }
  if (names != 1 || relname.empty()) return false;
  std::string_view field;
  size_t steps = 0;
  for (Node step : List(body, "indirection")) {
    Tagged st = Untag(step);
    if (steps++ == 0) {
      if (st.tag != "String") return false;
      field = Str(st.body, "sval");
    }
  }
  // A column of that name (a composite column) comes first, as in PostgreSQL.
  if (field.empty() || MayBeColumnInScope(relname)) return false;
  const Rel* rel = FindRelByQualifier({}, relname);
  if (rel == nullptr || !RelHasColumn(*rel, field)) return false;
  if (!ResolveColumn({}, relname, field, usage, sink, static_cast<uint32_t>(Int(a.body, "location", 0)))) return false;
  if (steps > 1 && sink != nullptr) sink->Raise(Derivation::kTransformed);  // a field of that column
  return true;
}

void Walker::WalkColumnRef(Node body, uint16_t usage, Sink* sink) {
  std::string_view names[4];
  size_t n = 0;
  bool star = false;
  for (Node f : List(body, "fields")) {
    Tagged ft = Untag(f);
    if (ft.tag == "A_Star") {
      star = true;
      continue;
    }
    if (n < 4) names[n] = Str(ft.body, "sval");
    ++n;
  }
  auto location = static_cast<uint32_t>(Int(body, "location", 0));
  SetRefLocation(location);
  if (star) {
    if (n == 0) {
      if (frames_.empty()) return;
      for (size_t i = frames_.back(); i < rels_.size(); ++i) ExpandStar(rels_[i], usage, nullptr, sink, location);
      return;
    }
    std::string_view rel = names[n - 1];
    std::string_view schema = n >= 2 ? names[n - 2] : std::string_view();
    if (const Rel* r = FindRelByQualifier(schema, rel)) {
      ExpandStar(*r, usage, nullptr, sink, location);
    } else if (std::find(variables_.begin(), variables_.end(), rel) == variables_.end()) {
      name_buffer_.assign(rel).append(".*");
      AddUnresolved(name_buffer_, "unknown table", location);
    }
    return;
  }
  if (n == 0 || n > 4) return;
  std::string_view column = names[n - 1];
  std::string_view rel = n >= 2 ? names[n - 2] : std::string_view();
  std::string_view schema = n >= 3 ? names[n - 3] : std::string_view();
  ResolveColumn(schema, rel, column, usage, sink, location);
}

void Walker::AddFunction(NodeList funcname, bool sql_syntax, uint32_t location) {
  name_buffer_.clear();
  bool first = true;
  for (Node part : funcname) {
    std::string_view s = StringValue(part);
    if (first && sql_syntax && s == "pg_catalog") {
      first = false;
      continue;
    }
    if (!name_buffer_.empty()) name_buffer_.push_back('.');
    for (char c : s) name_buffer_.push_back(c >= 'A' && c <= 'Z' ? static_cast<char>(c - 'A' + 'a') : c);
    first = false;
  }
  if (!name_buffer_.empty()) AddFunctionName(name_buffer_, location);
}

void Walker::WalkFuncCall(Node body, uint16_t usage, Sink* sink) {
  NodeList funcname = List(body, "funcname");
  AddFunction(funcname, Str(body, "funcformat") == "COERCE_SQL_SYNTAX",
              InputLocation(static_cast<uint32_t>(Int(body, "location", 0))));
  std::string_view last;
  for (Node part : funcname) last = StringValue(part);
  if (last == "set_config") NoteSetConfig(List(body, "args"));
  Node over;
  bool has_over = Field(body, "over", &over);
  bool aggregate = has_over || Bool(body, "agg_star") || Bool(body, "agg_distinct") ||
                   Bool(body, "agg_within_group") || Has(body, "agg_filter") || Has(body, "agg_order") ||
                   (ListSize(funcname) == 1 && IsAggregateName(last)) ||
                   (ListSize(funcname) == 2 && IsAggregateName(last) &&
                    StringValue(funcname.at(0)) == "pg_catalog");
  if (sink != nullptr) sink->Raise(aggregate ? Derivation::kAggregated : Derivation::kTransformed);
  // count(x) yields how many rows, not x: its arguments are read, but their
  // values do not reach the result (docs/catalog.md, "Derived tags").
  bool counts = aggregate && last == "count";
  auto arg_usage = IsTotalFunction(funcname) ? usage : Computed(usage);
  // count(DISTINCT x) and other DISTINCT aggregates match values: how many
  // distinct there are tells which are equal, as GROUP BY x.
  if (Bool(body, "agg_distinct")) arg_usage = static_cast<uint16_t>(arg_usage | kUseGrouped);
  for (Node arg : List(body, "args")) WalkExpr(arg, arg_usage, counts ? nullptr : sink);
  // WITHIN GROUP (ORDER BY x) of an ordered-set aggregate (percentile_cont,
  // mode, ...) is the aggregated value; a plain aggregate's ORDER BY only
  // orders its input.
  bool within_group = Bool(body, "agg_within_group");
  for (Node o : List(body, "agg_order")) WalkExpr(o, kUseOrdered, within_group && !counts ? sink : nullptr);
  Node filter;
  if (Field(body, "agg_filter", &filter)) WalkExpr(filter, kUseFiltered, nullptr);
  if (has_over) WalkWindow(Untag(over).body);
}

// OVER (PARTITION BY ... ORDER BY ... ROWS n PRECEDING): the keys order; a
// frame offset fails when negative and sizes the work.
void Walker::WalkWindow(Node body) {
  for (Node p : List(body, "partitionClause")) WalkExpr(p, kUseOrdered, nullptr);
  for (Node o : List(body, "orderClause")) WalkExpr(o, kUseOrdered, nullptr);
  Node offset;
  if (Field(body, "startOffset", &offset)) WalkExpr(offset, kUseOtherComputed, nullptr);
  if (Field(body, "endOffset", &offset)) WalkExpr(offset, kUseOtherComputed, nullptr);
}

// CASE [arg] WHEN expr THEN result ... ELSE defresult END: the branch taken
// depends on arg and every WHEN expr (filtered on); the results are the
// value. Conditions keep their lineage too (the value derives from them).
void Walker::WalkCase(Node body, uint16_t usage, Sink* sink) {
  if (sink != nullptr) sink->Raise(Derivation::kTransformed);
  Node n;
  if (Field(body, "arg", &n)) WalkExpr(n, AsCondition(usage), sink);
  for (Node w : List(body, "args")) {
    Tagged when = Untag(w);
    if (when.tag != "CaseWhen") {
      WalkExpr(w, AsCondition(usage), sink);
      continue;
    }
    if (Field(when.body, "expr", &n)) WalkExpr(n, AsCondition(usage), sink);
    if (Field(when.body, "result", &n)) WalkExpr(n, usage, sink);
  }
  if (Field(body, "defresult", &n)) WalkExpr(n, usage, sink);
}

void Walker::WalkSubLink(Node body, uint16_t usage, Sink* sink) {
  std::string_view type = Str(body, "subLinkType");
  bool flows = type == "EXPR_SUBLINK" || type == "ARRAY_SUBLINK" || type == "MULTIEXPR_SUBLINK";
  Node test;
  if (Field(body, "testexpr", &test)) WalkExpr(test, usage, sink);
  Node sub;
  if (!Field(body, "subselect", &sub)) return;
  auto inner_usage = flows ? usage : static_cast<uint16_t>(kUseFiltered);
  ColRange r = WalkSelect(Body(sub), inner_usage, false);
  if (sink == nullptr) return;
  if (!flows) {
    sink->Raise(Derivation::kTransformed);
    return;
  }
  if (type == "ARRAY_SUBLINK") sink->Raise(Derivation::kTransformed);
  for (uint32_t i = r.begin; i < r.end; ++i) {
    for (uint32_t k = relcols_[i].src_begin; k < relcols_[i].src_end; ++k) scratch_.push_back(lineage_[k]);
    sink->Raise(relcols_[i].derivation);
  }
}

}  // namespace govern::sql
