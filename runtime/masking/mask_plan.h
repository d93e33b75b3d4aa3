// MaskPlan: what one statement's result needs from a proxy's mask stage,
// decided before the statement runs: for each result position (output) the
// mask method, the column that made it masked and the rule; what the result
// must look like (RowDescription: column count and names), and for COPY TO
// STDOUT the stream's format. Built from the facts and the decision of one
// statement; immutable afterwards, so one plan serves a named statement's
// every execution and every resumed portal.
//
// Fail closed (docs/proxy.md, "Masking"):
//  - a statement for which a mask effect fired (the identity is masked) but
//    whose lineage is not known (a relation or column the catalog does not
//    know) and that returns rows is refused: an unknown output could carry a
//    masked column;
//  - a masked COPY in binary format or with custom DELIMITER/NULL/QUOTE/
//    ESCAPE/ENCODING is refused (its stream is not rewritten);
//  - email, last4 and initial keep part of a value only on a direct copy of
//    one column; on an expression, an aggregate, a UNION of several columns
//    or a whole-row value they redact (a kept part could hold anything).
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "bundle/program.h"
#include "facts/facts.h"
#include "sql/copy_format.h"
#include "vm/decision.h"

namespace govern {

class BoundProgram;

struct PositionMask {
  uint32_t output = 0;  // result position (0-based)
  MaskMethod method = MaskMethod::kRedact;  // as applied (after the partial-method rule above)
  std::string source;   // "schema.table.column" that made it masked
  std::string rule;     // "policy.rule"
};

// A relation (table, view, materialized view) the result's lineage reads.
struct PlanRelation {
  std::string schema, name;
  // A view or materialized view in the catalog: its definition in the
  // database must read what the catalog's does (the proxy checks it, see
  // docs/proxy.md "Origins").
  bool view = false;
};
// A column of one of the plan's relations.
struct PlanColumn {
  int32_t relation = -1;  // index into MaskPlan::relations; -1: none
  std::string column;
};

struct MaskPlan {
  StatementKind kind = StatementKind::k_unknown;
  // The result the statement must produce (RowDescription, CopyOutResponse):
  // its column names in order. A statement that produces none (DECLARE,
  // EXECUTE, FETCH, CALL, ...) has none: rows from it do not match the plan.
  std::vector<std::string> names;
  std::vector<PositionMask> masks;     // ordered by output
  // Parallel to names: the type OID the catalog gives a direct column
  // (TypeOidOfName), else 0 (COPY then masks the value as text).
  std::vector<uint32_t> column_types;
  // Origins (docs/proxy.md, "Masking"): what RowDescription's table OID and
  // attnum must say. `relations`: every relation the result's lineage reads.
  // `origins`, parallel to names: the column PostgreSQL reports for a
  // position that is a plain reference to one column (the outermost relation
  // of its lineage: the view, not the table behind it); relation -1 for a
  // computed position. `lineage`, parallel to names: every column the
  // position's value comes from (view columns and the base columns behind).
  std::vector<PlanRelation> relations;
  std::vector<PlanColumn> origins;
  std::vector<std::vector<PlanColumn>> lineage;
  CopyFormat copy;                     // kind copy only
  // False for statements that return no table data of their own (SHOW,
  // EXPLAIN): their rows are not checked against `names`.
  bool check_shape = true;

  // The method of a result position, or null when it is not masked.
  const PositionMask* MaskAt(uint32_t output) const;
};

// Why a statement of a masked identity cannot be planned ("" when it can).
struct MaskPlanResult {
  bool masked = false;   // a mask effect fired: `plan` is filled and the result must be checked
  std::string refusal;   // non-empty: refuse the statement with this message (rule govern.mask)
  MaskPlan plan;
};

// Plans `facts` decided as `decision` by `program`. `statement_sql` is the
// statement's own text (for COPY options).
MaskPlanResult PlanMasks(const BoundProgram& program, const StatementFacts& facts, const Decision& decision,
                         std::string_view statement_sql);

// True when a mask effect fired in `decision` (the identity is masked for
// this statement, whether or not a result position matched).
bool MaskEffectFired(const BoundProgram& program, const Decision& decision);

// The rule id refusals of unplannable masked statements carry.
inline constexpr std::string_view kMaskRefusalRule = "govern.mask";

// A PostgreSQL type OID for a catalog type name ("character varying(80)",
// "bigint", "numeric(10,2)"); kOidOtherType for another type ("date"); 0 when
// the name is empty (not known).
uint32_t TypeOidOfName(std::string_view type);

}  // namespace govern
