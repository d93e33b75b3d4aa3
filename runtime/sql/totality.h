// Internal to runtime/sql: what may see a masked value without turning it
// into a yes/no oracle. A function, operator, cast or expression is total
// when it cannot fail for any input value and takes about the same time for
// every value; the lists are in sql/total_functions.def. A column whose value
// reaches anything that is not total is a `computes_on` fact (expr.cpp).
#pragma once

#include <string_view>

#include "sql/pg_node.h"

namespace govern::sql {

// A function or aggregate name (FuncCall.funcname): listed, and unqualified
// or in pg_catalog (a function of another schema may be anything).
bool IsTotalFunction(NodeList names);
// A TypeCast's typeName: a listed target type, not an array.
bool IsTotalCast(Node type_name);
// An expression node's own evaluation (what it contains is judged where it is).
bool IsTotalExpr(std::string_view tag, Node body);

}  // namespace govern::sql
