// Sampling for `govern catalog discover --sample N`: up to N non-null values
// of each column of each table, read as text in a READ ONLY transaction with
// a statement timeout, through the connection code of catalog pull
// (runtime/catalog/pg_conn.h). The values are only given to the validators;
// they are never printed or written.
#pragma once

#include <string>

#include "catalog/catalog.h"
#include "core/status.h"
#include "discover.h"

namespace govern::onboard {

struct SampleOptions {
  int rows = 100;                 // values per column
  int statement_timeout_ms = 5000;
};

// Samples the tables of `catalog` (pulled from the same `dsn`). Columns of
// types no validator reads (boolean, bytea, dates, times, json, arrays) are
// skipped. A column whose query fails (permissions, timeout) is skipped and
// named in *skipped.
Expected<Samples> SampleColumns(const std::string& dsn, const Catalog& catalog, const SampleOptions& options,
                                std::vector<std::string>* skipped);

}  // namespace govern::onboard
