// Constant expressions: a small evaluator for WHERE/ON/HAVING conditions that
// are constant (`WHERE 1 = 1`, `WHERE true`, `WHERE 'on'::bool`), so a write
// whose condition keeps every row counts as unbounded (Walker::IsConstantTrue).
#include <cstdint>
#include <cstdio>
#include <string_view>

#include "sql/splitter.h"
#include "sql/walker.h"

namespace govern::sql {

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
    std::string_view op = StringValue(*name.begin());
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
