// View definitions: whether a view's definition in the database reads what
// the catalog's definition reads (docs/proxy.md, "Origins"). The proxy masks
// a view's columns by the lineage of the catalog's definition; a view
// replaced behind its back (CREATE OR REPLACE VIEW with the same column names
// and types over other columns) keeps its OID and attnums, so the origin
// check alone passes it. This compares lineages: the database's definition
// (pg_get_viewdef, names qualified) is analysed against the same catalog, and
// each result column must read the same base columns as the catalog's view
// column. Pure functions, tested without a server
// (tests/unit/proxy/view_definition_test.cpp).
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "masking/mask_plan.h"

namespace govern {
class Catalog;
}

namespace govern::proxy {

// "" when relation `r` stands in the database as in the catalog: both a view
// (or materialized view) whose definition in the database, `db_definition`,
// reads column by column the columns the catalog's definition reads, or both
// not one. A view the catalog knows by its columns only (no definition) is
// masked by its own columns' tags and not compared. Else why not, naming the
// first column that differs. `db_view`: the database has `r` as a view. The
// catalog must not change while this runs (a published CatalogView's does not).
std::string CompareViewDefinition(const Catalog& catalog, const PlanRelation& r, bool db_view,
                                  std::string_view db_definition);

// A relation as the database has it, for CompareView.
struct ViewInDatabase {
  bool view = false;       // a view or materialized view
  std::string definition;  // pg_get_viewdef with an empty search_path
  // What its rule depends on outside pg_catalog ("schema.name"): functions
  // (called, or behind a cast), operators, and the functions among them that
  // bear a pg_catalog function's name (pg_depend).
  std::vector<std::string> functions, operators, shadowing;
};

// CompareViewDefinition, then the view's dependencies: no operator outside
// pg_catalog, no function that shadows a pg_catalog name, and no function
// outside pg_catalog that the catalog's definition does not call (a cast's
// or an operator's function does not show in the text). "" when it stands.
std::string CompareView(const Catalog& catalog, const PlanRelation& r, const ViewInDatabase& db);

}  // namespace govern::proxy
