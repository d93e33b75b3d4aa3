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
    ForEachField(n, [&](std::string_view, Node value) {
      if (IsObject(value) || IsList(value)) WalkAny(value, usage, sink);
    });
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
                    StringValue(funcname.at(0).value_unsafe()) == "pg_catalog");
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

// ---------------------------------------------------------------- constants

namespace {

// The value of a constant expression (kNone: not a constant, or not one this
// small evaluator understands). Strings written as literals are untyped, as
// in PostgreSQL, and coerce to the other side's type.
struct ConstValue {
  enum Kind : uint8_t { kNone, kNull, kBool, kInt, kString, kNumeric } kind = kNone;
  bool b = false;
  bool untyped = false;  // a string literal (type unknown until coerced)
  int64_t i = 0;
  std::string_view s;
};

ConstValue None() { return {}; }
ConstValue Null() {
  ConstValue v;
  v.kind = ConstValue::kNull;
  return v;
}
ConstValue BoolValue(bool b) {
  ConstValue v;
  v.kind = ConstValue::kBool;
  v.b = b;
  return v;
}
ConstValue IntValue(int64_t i) {
  ConstValue v;
  v.kind = ConstValue::kInt;
  v.i = i;
  return v;
}

bool IsSpaceChar(char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v'; }

std::string_view TrimSpaces(std::string_view s) {
  while (!s.empty() && IsSpaceChar(s.front())) s.remove_prefix(1);
  while (!s.empty() && IsSpaceChar(s.back())) s.remove_suffix(1);
  return s;
}

// PostgreSQL's int8in, without overflow surprises.
bool ParseInt(std::string_view s, int64_t* out) {
  s = TrimSpaces(s);
  bool negative = false;
  if (!s.empty() && (s.front() == '-' || s.front() == '+')) {
    negative = s.front() == '-';
    s.remove_prefix(1);
  }
  if (s.empty() || s.size() > 18) return false;
  int64_t v = 0;
  for (char c : s) {
    if (c < '0' || c > '9') return false;
    v = v * 10 + (c - '0');
  }
  *out = negative ? -v : v;
  return true;
}

// PostgreSQL's boolin: t/true/y/yes/on/1 and f/false/n/no/off/0, any case,
// unique prefixes, surrounding spaces.
bool ParseBool(std::string_view s, bool* out) {
  s = TrimSpaces(s);
  if (s.empty() || s.size() > 5) return false;
  char lower[5];
  for (size_t k = 0; k < s.size(); ++k) lower[k] = (s[k] >= 'A' && s[k] <= 'Z') ? static_cast<char>(s[k] - 'A' + 'a') : s[k];
  std::string_view l(lower, s.size());
  auto prefix_of = [&](std::string_view word) { return word.substr(0, l.size()) == l; };
  if (l == "1") return *out = true, true;
  if (l == "0") return *out = false, true;
  if (prefix_of("true") || prefix_of("yes")) return *out = true, true;
  if (prefix_of("false") || prefix_of("no")) return *out = false, true;
  if (l.size() >= 2 && prefix_of("on")) return *out = true, true;
  if (l.size() >= 2 && prefix_of("off")) return *out = false, true;
  return false;
}

// Coerces an untyped literal to the kind of `like` (PostgreSQL resolves
// `'1' = 1` as integer equality).
bool Coerce(ConstValue* v, ConstValue::Kind kind) {
  if (v->kind == kind) return true;
  if (v->kind != ConstValue::kString || !v->untyped) return false;
  if (kind == ConstValue::kInt) {
    int64_t i;
    if (!ParseInt(v->s, &i)) return false;
    *v = IntValue(i);
    return true;
  }
  if (kind == ConstValue::kBool) {
    bool b;
    if (!ParseBool(v->s, &b)) return false;
    *v = BoolValue(b);
    return true;
  }
  return false;
}

std::string_view TypeNameOf(Node type_name, bool* has_typmods) {
  Node body = Body(type_name);
  *has_typmods = Has(body, "typmods") || Has(body, "arrayBounds");
  std::string_view last;
  for (Node part : List(body, "names")) last = StringValue(part);
  return last;
}

}  // namespace

// Evaluates a constant predicate; anything else is kNone.
static ConstValue EvalConst(Node n, std::string_view doc, int depth, FactsStore* store);

static ConstValue EvalCompare(std::string_view op, ConstValue l, ConstValue r) {
  if (l.kind == ConstValue::kNone || r.kind == ConstValue::kNone) return None();
  if (l.kind == ConstValue::kNull || r.kind == ConstValue::kNull) return Null();
  if (l.kind == ConstValue::kString && l.untyped && r.kind != ConstValue::kString) {
    if (!Coerce(&l, r.kind)) return None();
  } else if (r.kind == ConstValue::kString && r.untyped && l.kind != ConstValue::kString) {
    if (!Coerce(&r, l.kind)) return None();
  }
  if (l.kind != r.kind) return None();
  int cmp = 0;
  switch (l.kind) {
    case ConstValue::kBool: cmp = static_cast<int>(l.b) - static_cast<int>(r.b); break;
    case ConstValue::kInt: cmp = l.i < r.i ? -1 : l.i > r.i ? 1 : 0; break;
    case ConstValue::kString:
    case ConstValue::kNumeric:
      // Ordering depends on the collation (or numeric parsing): only
      // (in)equality of identical text is decided.
      if (op != "=" && op != "<>" && op != "!=") return None();
      if (l.kind == ConstValue::kNumeric && l.s != r.s) return None();  // 1.0 = 1.00
      cmp = l.s == r.s ? 0 : 1;
      break;
    default:
      return None();
  }
  if (op == "=") return BoolValue(cmp == 0);
  if (op == "<>" || op == "!=") return BoolValue(cmp != 0);
  if (op == "<") return BoolValue(cmp < 0);
  if (op == ">") return BoolValue(cmp > 0);
  if (op == "<=") return BoolValue(cmp <= 0);
  if (op == ">=") return BoolValue(cmp >= 0);
  return None();
}

static ConstValue EvalConst(Node n, std::string_view doc, int depth, FactsStore* store) {
  if (depth > 64) return None();
  Tagged t = Untag(n);
  Node child;
  if (t.tag == "A_Const") {
    if (Bool(t.body, "isnull")) return Null();
    if (Field(t.body, "boolval", &child)) return BoolValue(Bool(child, "boolval"));
    if (Field(t.body, "ival", &child)) {
      if (Has(child, "ival")) return IntValue(Int(child, "ival", 0));
      // libpg_query's JSON leaves out 0 *and* negative values (`-1` prints
      // as {"ival":{}}): read the literal from the source text.
      int64_t at = Int(t.body, "location", -1);
      if (at < 0 || static_cast<uint64_t>(at) >= doc.size()) return None();
      std::string_view text = doc.substr(static_cast<size_t>(at));
      size_t len = 0;
      if (len < text.size() && text[len] == '-') ++len;
      while (len < text.size() && text[len] >= '0' && text[len] <= '9') ++len;
      int64_t i;
      if (!ParseInt(text.substr(0, len), &i)) return None();
      return IntValue(i);
    }
    if (Field(t.body, "sval", &child)) {
      ConstValue v;
      v.kind = ConstValue::kString;
      v.untyped = true;
      v.s = Str(child, "sval");
      return v;
    }
    if (Field(t.body, "fval", &child)) {
      ConstValue v;
      v.kind = ConstValue::kNumeric;
      v.s = Str(child, "fval");
      return v;
    }
    return None();
  }
  if (t.tag == "TypeCast") {
    Node type_name;
    if (!Field(t.body, "arg", &child) || !Field(t.body, "typeName", &type_name)) return None();
    ConstValue v = EvalConst(child, doc, depth + 1, store);
    if (v.kind == ConstValue::kNone || v.kind == ConstValue::kNull) return v;
    bool typmods = false;
    std::string_view type = TypeNameOf(type_name, &typmods);
    if (typmods) return None();
    if (type == "bool" || type == "boolean") {
      if (v.kind == ConstValue::kBool) return v;
      if (v.kind == ConstValue::kInt) return BoolValue(v.i != 0);
      if (v.kind == ConstValue::kString && v.untyped && Coerce(&v, ConstValue::kBool)) return v;
      return None();
    }
    if (type == "int2" || type == "int4" || type == "int8" || type == "int" || type == "integer" ||
        type == "smallint" || type == "bigint") {
      if (v.kind == ConstValue::kInt) return v;
      if (v.kind == ConstValue::kBool && type == "int4") return IntValue(v.b ? 1 : 0);
      if (v.kind == ConstValue::kString && Coerce(&v, ConstValue::kInt)) return v;
      return None();
    }
    if (type == "text" || type == "varchar") {
      ConstValue out;
      out.kind = ConstValue::kString;
      if (v.kind == ConstValue::kString) {
        out.s = v.s;
      } else if (v.kind == ConstValue::kBool) {
        out.s = v.b ? "true" : "false";
      } else if (v.kind == ConstValue::kInt) {
        char buf[24];
        int len = std::snprintf(buf, sizeof buf, "%lld", static_cast<long long>(v.i));
        out.s = store->Intern(std::string_view(buf, static_cast<size_t>(len)));
      } else {
        return None();
      }
      return out;
    }
    return None();
  }
  if (t.tag == "BoolExpr") {
    std::string_view op = Str(t.body, "boolop");
    bool any_none = false;
    bool any_null = false;
    size_t count = 0;
    for (Node a : List(t.body, "args")) {
      ++count;
      ConstValue v = EvalConst(a, doc, depth + 1, store);
      if (v.kind == ConstValue::kString && v.untyped) Coerce(&v, ConstValue::kBool);
      if (op == "NOT_EXPR") {
        if (v.kind == ConstValue::kBool) return BoolValue(!v.b);
        return v.kind == ConstValue::kNull ? Null() : None();
      }
      if (v.kind == ConstValue::kBool) {
        if (op == "AND_EXPR" && !v.b) return BoolValue(false);
        if (op == "OR_EXPR" && v.b) return BoolValue(true);
      } else if (v.kind == ConstValue::kNull) {
        any_null = true;
      } else {
        any_none = true;
      }
    }
    if (count == 0 || (op != "AND_EXPR" && op != "OR_EXPR")) return None();
    if (any_none) return None();
    if (any_null) return Null();
    return BoolValue(op == "AND_EXPR");
  }
  if (t.tag == "NullTest") {
    if (!Field(t.body, "arg", &child)) return None();
    ConstValue v = EvalConst(child, doc, depth + 1, store);
    if (v.kind == ConstValue::kNone) return None();
    bool is_null = v.kind == ConstValue::kNull;
    return BoolValue(Str(t.body, "nulltesttype") == "IS_NOT_NULL" ? !is_null : is_null);
  }
  if (t.tag == "BooleanTest") {
    if (!Field(t.body, "arg", &child)) return None();
    ConstValue v = EvalConst(child, doc, depth + 1, store);
    if (v.kind == ConstValue::kString && v.untyped && !Coerce(&v, ConstValue::kBool)) return None();
    if (v.kind != ConstValue::kBool && v.kind != ConstValue::kNull) return None();
    bool null = v.kind == ConstValue::kNull;
    std::string_view test = Str(t.body, "booltesttype");
    if (test == "IS_TRUE") return BoolValue(!null && v.b);
    if (test == "IS_NOT_TRUE") return BoolValue(null || !v.b);
    if (test == "IS_FALSE") return BoolValue(!null && !v.b);
    if (test == "IS_NOT_FALSE") return BoolValue(null || v.b);
    if (test == "IS_UNKNOWN") return BoolValue(null);
    if (test == "IS_NOT_UNKNOWN") return BoolValue(!null);
    return None();
  }
  if (t.tag == "A_Expr") {
    std::string_view kind = Str(t.body, "kind");
    NodeList name = List(t.body, "name");
    if (ListSize(name) != 1) return None();
    std::string_view op = StringValue(name.at(0).value_unsafe());
    Node l;
    Node r;
    bool has_l = Field(t.body, "lexpr", &l);
    if (!Field(t.body, "rexpr", &r)) return None();
    ConstValue rv = EvalConst(r, doc, depth + 1, store);
    if (!has_l) {
      // Unary minus / plus.
      if (kind != "AEXPR_OP" || rv.kind == ConstValue::kNull) return rv.kind == ConstValue::kNull ? Null() : None();
      if (rv.kind != ConstValue::kInt) return None();
      if (op == "+") return rv;
      if (op == "-" && rv.i != INT64_MIN) return IntValue(-rv.i);
      return None();
    }
    ConstValue lv = EvalConst(l, doc, depth + 1, store);
    if (kind == "AEXPR_DISTINCT" || kind == "AEXPR_NOT_DISTINCT") {
      if (lv.kind == ConstValue::kNone || rv.kind == ConstValue::kNone) return None();
      bool distinct;
      if (lv.kind == ConstValue::kNull || rv.kind == ConstValue::kNull) {
        distinct = lv.kind != rv.kind;
      } else {
        ConstValue eq = EvalCompare("=", lv, rv);
        if (eq.kind != ConstValue::kBool) return None();
        distinct = !eq.b;
      }
      return BoolValue(kind == "AEXPR_DISTINCT" ? distinct : !distinct);
    }
    if (kind != "AEXPR_OP") return None();
    if (op == "+" || op == "-" || op == "*") {
      if (lv.kind == ConstValue::kNull || rv.kind == ConstValue::kNull) {
        return lv.kind == ConstValue::kNone || rv.kind == ConstValue::kNone ? None() : Null();
      }
      if (!Coerce(&lv, ConstValue::kInt) || !Coerce(&rv, ConstValue::kInt)) return None();
      int64_t out;
      bool overflow = op == "+"   ? __builtin_add_overflow(lv.i, rv.i, &out)
                      : op == "-" ? __builtin_sub_overflow(lv.i, rv.i, &out)
                                  : __builtin_mul_overflow(lv.i, rv.i, &out);
      return overflow ? None() : IntValue(out);
    }
    return EvalCompare(op, lv, rv);
  }
  return None();
}

bool Walker::IsConstantTrue(Node n) {
  ConstValue v = EvalConst(n, doc_text_, 0, store_);
  if (v.kind == ConstValue::kString && v.untyped) Coerce(&v, ConstValue::kBool);
  return v.kind == ConstValue::kBool && v.b;
}

}  // namespace govern::sql
