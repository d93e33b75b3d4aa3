// SampleColumns: up to N values per column, read only.
#include "pg_sample.h"

#include "catalog/loaders.h"
#include "catalog/pg_conn.h"

namespace govern::onboard {
namespace {

bool Sampled(const std::string& type) {
  for (std::string_view skip : {"boolean", "bytea", "date", "time", "interval", "json", "jsonb", "xml", "tsvector"})
    if (type.rfind(skip, 0) == 0) return false;
  return type.find("[]") == std::string::npos;
}

}  // namespace

Expected<Samples> SampleColumns(const std::string& dsn, const Catalog& catalog, const SampleOptions& options,
                                std::vector<std::string>* skipped) {
  auto conn = PgConnection::Connect(dsn);
  if (!conn) return conn.status();
  Samples samples;
  for (size_t t = 0; t < catalog.table_count(); ++t) {
    const Catalog::Table& table = catalog.table(static_cast<int32_t>(t));
    if (table.dropped || table.kind != RelationKind::kTable || table.schema == kTempSchema) continue;
    std::string relation = PgConnection::QuoteIdent(table.schema) + "." + PgConnection::QuoteIdent(table.name);
    for (int32_t id : table.columns) {
      const Catalog::Column& col = catalog.column(id);
      if (col.dropped || !Sampled(col.type)) continue;
      std::string column = PgConnection::QuoteIdent(col.name);
      // One transaction per column: a failing query does not end the others.
      Status begin = conn->Exec("BEGIN READ ONLY");
      if (!begin.ok()) return Status::Error("sampling: " + begin.message());
      Status timeout = conn->Exec("SET LOCAL statement_timeout = " + std::to_string(options.statement_timeout_ms));
      auto rows = timeout.ok() ? conn->Query("SELECT " + column + "::text FROM " + relation + " WHERE " + column +
                                             " IS NOT NULL LIMIT " + std::to_string(options.rows))
                               : Expected<std::vector<PgConnection::Row>>(timeout);
      (void)conn->Exec("ROLLBACK");
      if (!rows) {
        if (skipped) skipped->push_back(col.qname + ": " + rows.status().message());
        continue;
      }
      std::vector<std::string>& values = samples[id];
      for (const PgConnection::Row& r : *rows)
        if (r[0]) values.push_back(*r[0]);
    }
  }
  return samples;
}

}  // namespace govern::onboard
