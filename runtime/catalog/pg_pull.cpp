// PullCatalog: reads a live PostgreSQL's catalog (through PgConnection, libpq).
#include "catalog/loaders.h"
#include "catalog/pg_conn.h"

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

}  // namespace

Expected<Catalog> PullCatalog(const std::string& dsn) {
  auto conn = PgConnection::Connect(dsn);
  if (!conn) return conn.status();
  Catalog catalog;
  auto path = conn->Query("SELECT pg_catalog.current_schemas(false)::text");
  if (path && path->size() == 1 && (*path)[0][0]) {
    std::string text = *(*path)[0][0];  // {a,b}
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
  auto rows = conn->Query(kColumnsQuery);
  if (!rows) return Status::Error("catalog " + rows.status().message());
  for (const PgConnection::Row& r : *rows) {
    const std::string kind = r[2].value_or("");  // a copy: value_or returns a temporary
    RelationKind rk = kind == "v" ? RelationKind::kView : kind == "m" ? RelationKind::kMaterializedView : RelationKind::kTable;
    int32_t table = catalog.AddTable(r[0].value_or(""), r[1].value_or(""), rk);
    int32_t column = catalog.AddColumn(table, r[3].value_or(""), r[4].value_or(""));
    if (r[5])
      for (const std::string& tag : ParseCommentTags(*r[5])) catalog.AddTag(column, tag);
    if (r[6] && catalog.table(table).view_sql.empty()) catalog.SetViewSql(table, *r[6]);
  }
  return catalog;
}

}  // namespace govern
