// PullCatalog: reads a live PostgreSQL's catalog through libpq.
#include <libpq-fe.h>

#include <memory>

#include "catalog/loaders.h"

namespace govern {
namespace {

constexpr const char* kColumnsQuery = R"sql(
SELECT n.nspname, c.relname, c.relkind::text, a.attname,
       pg_catalog.format_type(a.atttypid, a.atttypmod),
       pg_catalog.col_description(c.oid, a.attnum),
       CASE WHEN c.relkind IN ('v', 'm') THEN pg_catalog.pg_get_viewdef(c.oid) END
FROM pg_catalog.pg_class c
JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace
JOIN pg_catalog.pg_attribute a ON a.attrelid = c.oid AND a.attnum > 0 AND NOT a.attisdropped
WHERE c.relkind IN ('r', 'p', 'v', 'm', 'f')
  AND n.nspname NOT IN ('pg_catalog', 'information_schema')
  AND n.nspname NOT LIKE 'pg\_toast%' AND n.nspname NOT LIKE 'pg\_temp%'
ORDER BY n.nspname, c.relname, a.attnum
)sql";

struct ConnDeleter {
  void operator()(PGconn* c) const { PQfinish(c); }
};
struct ResultDeleter {
  void operator()(PGresult* r) const { PQclear(r); }
};

}  // namespace

Expected<Catalog> PullCatalog(const std::string& dsn) {
  std::unique_ptr<PGconn, ConnDeleter> conn(PQconnectdb(dsn.c_str()));
  if (PQstatus(conn.get()) != CONNECTION_OK)
    return Status::Error(std::string("cannot connect: ") + PQerrorMessage(conn.get()));
  Catalog catalog;
  std::unique_ptr<PGresult, ResultDeleter> path(PQexec(conn.get(), "SELECT pg_catalog.current_schemas(false)::text"));
  if (PQresultStatus(path.get()) == PGRES_TUPLES_OK && PQntuples(path.get()) == 1) {
    std::string text = PQgetvalue(path.get(), 0, 0);  // {a,b}
    std::vector<std::string> schemas;
    std::string cur;
    for (char c : text) {
      if (c == '{' || c == '}' || c == '"') continue;
      if (c == ',') {
        if (!cur.empty()) schemas.push_back(cur);
        cur.clear();
      } else {
        cur.push_back(c);
      }
    }
    if (!cur.empty()) schemas.push_back(cur);
    if (!schemas.empty()) catalog.set_search_path(std::move(schemas));
  }
  std::unique_ptr<PGresult, ResultDeleter> res(PQexec(conn.get(), kColumnsQuery));
  if (PQresultStatus(res.get()) != PGRES_TUPLES_OK)
    return Status::Error(std::string("catalog query failed: ") + PQresultErrorMessage(res.get()));
  int rows = PQntuples(res.get());
  for (int i = 0; i < rows; ++i) {
    std::string_view kind = PQgetvalue(res.get(), i, 2);
    RelationKind rk = kind == "v" ? RelationKind::kView : kind == "m" ? RelationKind::kMaterializedView : RelationKind::kTable;
    int32_t table = catalog.AddTable(PQgetvalue(res.get(), i, 0), PQgetvalue(res.get(), i, 1), rk);
    int32_t column = catalog.AddColumn(table, PQgetvalue(res.get(), i, 3), PQgetvalue(res.get(), i, 4));
    if (!PQgetisnull(res.get(), i, 5))
      for (const std::string& tag : ParseCommentTags(PQgetvalue(res.get(), i, 5))) catalog.AddTag(column, tag);
    if (!PQgetisnull(res.get(), i, 6) && catalog.table(table).view_sql.empty())
      catalog.SetViewSql(table, PQgetvalue(res.get(), i, 6));
  }
  return catalog;
}

}  // namespace govern
