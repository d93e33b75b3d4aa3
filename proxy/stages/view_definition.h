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

#include "masking/mask_plan.h"

namespace govern {
class Catalog;
class Engine;
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

// Whether the database's definition of view `r` may replace the catalog's
// (AdoptViewDefinition): `r` is a view in the catalog, and the definition is
// one query whose every relation and column the catalog knows, and whose
// functions the catalog's definition does not call are pg_catalog's
// (unqualified in pg_get_viewdef's text) and none that runs SQL or reads
// files (query_to_xml, ...): another function's body is not known, and
// adopting it would take what it reads for nothing.
bool AdoptableViewDefinition(const Catalog& catalog, const PlanRelation& r, std::string_view db_definition);

// Makes `engine`'s shared catalog follow the database's definition of view
// `r` (as `CREATE OR REPLACE VIEW` through the proxy would: a new catalog
// generation, decisions made again), so statements planned after it mask
// and decide by what the view really reads. Nothing when the catalog's
// definition is that text already (no generation churn) or `r` is not a
// view there. True when the catalog changed.
bool AdoptViewDefinition(const Engine& engine, const PlanRelation& r, std::string_view db_definition);

}  // namespace govern::proxy
