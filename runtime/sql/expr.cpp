// Expressions: column references, functions, subqueries, operators.
#include <algorithm>
#include <array>

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

bool IsUpper(char c) { return c >= 'A' && c <= 'Z'; }

}  // namespace

void Walker::WalkAny(Node n, uint16_t usage, Sink* sink) {
  switch (n.type()) {
    case simdjson::dom::element_type::ARRAY:
      for (Node item : NodeList(n)) WalkAny(item, usage, sink);
      return;
    case simdjson::dom::element_type::OBJECT: {
      simdjson::dom::object obj(n);
      if (obj.size() == 1) {
        for (auto field : obj) {
          if (!field.key.empty() && IsUpper(field.key[0]) &&
              field.value.type() == simdjson::dom::element_type::OBJECT) {
            WalkExpr(n, usage, sink);
            return;
          }
        }
      }
      for (auto field : obj) {
        auto type = field.value.type();
        if (type == simdjson::dom::element_type::OBJECT || type == simdjson::dom::element_type::ARRAY)
          WalkAny(field.value, usage, sink);
      }
      return;
    }
    default:
      return;
  }
}

void Walker::WalkExpr(Node n, uint16_t usage, Sink* sink) {
  if (!Enter()) return;
  Tagged t = Untag(n);
  std::string_view tag = t.tag;
  Node child;
  if (tag.empty()) {
    if (n.type() == simdjson::dom::element_type::ARRAY) WalkAny(n, usage, sink);
  } else if (tag == "ColumnRef") {
    WalkColumnRef(t.body, usage, sink);
  } else if (tag == "A_Const" || tag == "ParamRef" || tag == "SetToDefault") {
    if (sink != nullptr) sink->Raise(Derivation::kTransformed);
  } else if (tag == "SQLValueFunction") {
    if (sink != nullptr) sink->Raise(Derivation::kTransformed);
    AddFunctionName(FigureColname(n));
  } else if (tag == "TypeCast" || tag == "CollateClause" || tag == "NamedArgExpr") {
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
    for (Node p : List(t.body, "partitionClause")) WalkExpr(p, kUseOrdered, nullptr);
    for (Node o : List(t.body, "orderClause")) WalkExpr(o, kUseOrdered, nullptr);
  } else if (tag == "A_Star") {
    // count(*) style: no columns.
  } else {
    // Operators, CASE, COALESCE, ROW, arrays, NULL tests, ...: the value is
    // computed from every column inside.
    if (sink != nullptr) sink->Raise(Derivation::kTransformed);
    WalkAny(t.body, usage, sink);
  }
  Leave();
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

void Walker::AddFunction(NodeList funcname, bool sql_syntax) {
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
  if (!name_buffer_.empty()) AddFunctionName(name_buffer_);
}

void Walker::WalkFuncCall(Node body, uint16_t usage, Sink* sink) {
  NodeList funcname = List(body, "funcname");
  AddFunction(funcname, Str(body, "funcformat") == "COERCE_SQL_SYNTAX");
  std::string_view last;
  for (Node part : funcname) last = StringValue(part);
  if (last == "set_config") NoteSetConfig(List(body, "args"));
  Node over;
  bool has_over = Field(body, "over", &over);
  bool aggregate = has_over || Bool(body, "agg_star") || Bool(body, "agg_distinct") ||
                   Bool(body, "agg_within_group") || Has(body, "agg_filter") || Has(body, "agg_order") ||
                   (ListSize(funcname) == 1 && IsAggregateName(last)) ||
                   (ListSize(funcname) == 2 && IsAggregateName(last) &&
                    StringValue(funcname.at(0).value_unsafe()) == "pg_catalog");
  if (sink != nullptr) sink->Raise(aggregate ? Derivation::kAggregated : Derivation::kTransformed);
  for (Node arg : List(body, "args")) WalkExpr(arg, usage, sink);
  for (Node o : List(body, "agg_order")) WalkExpr(o, kUseOrdered, nullptr);
  Node filter;
  if (Field(body, "agg_filter", &filter)) WalkExpr(filter, kUseFiltered, nullptr);
  if (has_over) {
    Tagged w = Untag(over);
    for (Node p : List(w.body, "partitionClause")) WalkExpr(p, kUseOrdered, nullptr);
    for (Node o : List(w.body, "orderClause")) WalkExpr(o, kUseOrdered, nullptr);
  }
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

bool Walker::IsConstantTrue(Node n) {
  Tagged t = Untag(n);
  if (t.tag == "A_Const") {
    Node b;
    if (Field(t.body, "boolval", &b)) return Bool(b, "boolval");
    return false;
  }
  if (t.tag == "TypeCast") {
    Node arg;
    Tagged a = Field(t.body, "arg", &arg) ? Untag(arg) : Tagged{};
    if (a.tag == "A_Const") {
      std::string_view s = Str(Untag(a.body).tag.empty() ? a.body : a.body, "sval");
      Node sv;
      if (Field(a.body, "sval", &sv)) s = Str(sv, "sval");
      return s == "t" || s == "true" || s == "y" || s == "yes" || s == "on" || s == "1";
    }
    return false;
  }
  if (t.tag == "BoolExpr") {
    std::string_view op = Str(t.body, "boolop");
    NodeList args = List(t.body, "args");
    if (op == "AND_EXPR") {
      for (Node a : args)
        if (!IsConstantTrue(a)) return false;
      return true;
    }
    if (op == "OR_EXPR") {
      for (Node a : args)
        if (IsConstantTrue(a)) return true;
      return false;
    }
    return false;
  }
  if (t.tag == "A_Expr" && Str(t.body, "kind") == "AEXPR_OP") {
    NodeList name = List(t.body, "name");
    if (ListSize(name) != 1) return false;
    std::string_view op = StringValue(name.at(0).value_unsafe());
    Node l;
    Node r;
    if (!Field(t.body, "lexpr", &l) || !Field(t.body, "rexpr", &r)) return false;
    Tagged lt = Untag(l);
    Tagged rt = Untag(r);
    if (lt.tag != "A_Const" || rt.tag != "A_Const") return false;
    // Compare the constants' values (not their locations).
    simdjson::dom::object lo(lt.body);
    simdjson::dom::object ro(rt.body);
    std::string_view lkey;
    std::string_view rkey;
    Node lv;
    Node rv;
    for (auto f : lo)
      if (f.key != "location") {
        lkey = f.key;
        lv = f.value;
      }
    for (auto f : ro)
      if (f.key != "location") {
        rkey = f.key;
        rv = f.value;
      }
    if (lkey.empty() || lkey != rkey) return false;
    bool equal = simdjson::to_string(lv) == simdjson::to_string(rv);
    return (equal && (op == "=" || op == "<=" || op == ">=")) || (!equal && (op == "<>" || op == "!="));
  }
  return false;
}

}  // namespace govern::sql
