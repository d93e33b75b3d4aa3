// Mask origins: RowDescription's table OID and attnum checked against a
// statement's MaskPlan (runtime/masking/mask_plan.h, `origins` and
// `lineage`), with the plan's relations as the database has them
// (stages/origin_resolver.h looks them up). Pure functions, tested without a
// server (tests/unit/proxy/mask_origins_test.cpp).
//
// PostgreSQL reports a result column's origin only for a plain reference to a
// column (through subqueries, CTEs and joins, stopping at the first table or
// view: a view's column, not the table behind it); anything computed (an
// expression, a cast, a scalar subquery, a UNION) is 0/0. So, per position:
//
//   server 0/0                   accepted: no origin on the wire; the plan's
//                                lineage alone says what is masked
//   server (oid, attnum), the plan expects a column (a plain copy of one
//                                column): they must be the same relation OID
//                                and attnum, else the statement errors
//   server (oid, attnum), the plan computes the position: accepted when that
//                                column is in the position's lineage (the plan
//                                decided its masks with it) or the position is
//                                masked anyway; else the statement errors
//
// A relation of the plan the database does not have (dropped, or not yet
// committed) matches no OID: its columns fail the check.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "masking/mask_plan.h"

namespace govern::proxy {

// What RowDescription says of one result column.
struct FieldOrigin {
  uint32_t table = 0;  // table OID, 0: not a plain column reference
  int16_t attnum = 0;
};

// One of the plan's relations as the database has it.
struct RelationOid {
  bool found = false;  // the relation exists
  uint32_t oid = 0;
  std::vector<std::pair<std::string, int16_t>> columns;  // name -> attnum (dropped columns left out)
  bool view = false;   // a view or materialized view in the database
  // Non-empty: the relation does not stand as planned, and every statement
  // whose plan reads it errors with this: a view whose definition in the
  // database reads other columns than the catalog's (stages/view_definition.h),
  // or a relation re-created or altered since the first lookup of this
  // catalog generation (seen when the lookup is made again, [masking] recheck).
  std::string mismatch;
  int16_t AttnumOf(std::string_view column) const;       // 0 when it has no such column
  std::string_view ColumnAt(int16_t attnum) const;       // "" when none
};

// True when some column reports a table origin (the plan's relations are then needed).
bool HasTableOrigin(const std::vector<FieldOrigin>& fields);
// True when the plan reads a view of the catalog: its relations are then
// needed whatever the origins say (a computed position over a view reports
// no origin, and a view replaced in place keeps its OID and attnums).
bool ReadsView(const MaskPlan& plan);

// Checks `fields` (one per planned column) against the plan; `relations` is
// parallel to plan.relations (null: not looked up, which fails any position
// that needs it, and any view). A relation with a `mismatch` fails the
// statement whatever its positions (checked after them). Returns "" when they agree, else why not
// (the statement must error).
std::string CheckOrigins(const MaskPlan& plan, const std::vector<FieldOrigin>& fields,
                         const std::vector<const RelationOid*>& relations);

}  // namespace govern::proxy
