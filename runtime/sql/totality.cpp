// What is total (sql/totality.h), from the lists of sql/total_functions.def.
#include "sql/totality.h"

#include <algorithm>
#include <iterator>

namespace govern::sql {
namespace {

constexpr std::string_view kTotalFunctions[] = {
#define GOVERN_TOTAL_FUNCTION(name) name,
#include "sql/total_functions.def"
};
constexpr std::string_view kTotalOperators[] = {
#define GOVERN_TOTAL_OPERATOR(name) name,
#include "sql/total_functions.def"
};
constexpr std::string_view kTotalCasts[] = {
#define GOVERN_TOTAL_CAST(name) name,
#include "sql/total_functions.def"
};

template <size_t N>
bool Listed(const std::string_view (&list)[N], std::string_view name) {
  return std::find(std::begin(list), std::end(list), name) != std::end(list);
}

// A name unqualified or in pg_catalog, listed (a function of another schema
// may be anything).
template <size_t N>
bool ListedName(const std::string_view (&list)[N], NodeList names) {
  size_t size = ListSize(names);
  if (size == 0 || size > 2) return false;
  std::string_view first = StringValue(names.at(0));
  if (size == 1) return Listed(list, first);
  return first == "pg_catalog" && Listed(list, StringValue(names.at(1)));
}

}  // namespace

bool IsTotalFunction(NodeList names) { return ListedName(kTotalFunctions, names); }

bool IsTotalCast(Node type_name) {
  Node body = Body(type_name);
  if (Has(body, "arrayBounds")) return false;  // parses an array literal
  return ListedName(kTotalCasts, List(body, "names"));
}

bool IsTotalExpr(std::string_view tag, Node body) {
  if (tag == "A_Expr") {
    std::string_view kind = Str(body, "kind");
    if (kind == "AEXPR_OP" || kind == "AEXPR_OP_ANY" || kind == "AEXPR_OP_ALL")
      return ListedName(kTotalOperators, List(body, "name"));
    return kind == "AEXPR_DISTINCT" || kind == "AEXPR_NOT_DISTINCT" || kind == "AEXPR_NULLIF" ||
           kind == "AEXPR_IN" || kind == "AEXPR_BETWEEN" || kind == "AEXPR_NOT_BETWEEN" ||
           kind == "AEXPR_BETWEEN_SYM" || kind == "AEXPR_NOT_BETWEEN_SYM";
  }
  return tag == "BoolExpr" || tag == "NullTest" || tag == "BooleanTest" || tag == "CoalesceExpr" ||
         tag == "MinMaxExpr" || tag == "RowExpr" || tag == "A_ArrayExpr" || tag == "A_Indirection" ||
         tag == "GroupingFunc" || tag == "CaseWhen";
}

}  // namespace govern::sql
