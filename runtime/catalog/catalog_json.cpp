// The JSON catalog format (docs/catalog.md); cold path, nlohmann::json.
#include <algorithm>
#include <nlohmann/json.hpp>

#include "catalog/loaders.h"

namespace govern {
namespace {

constexpr std::string_view kFormat = "govern-catalog";
constexpr int kVersion = 1;

std::string_view KindName(RelationKind k) {
  switch (k) {
    case RelationKind::kTable: return "table";
    case RelationKind::kView: return "view";
    case RelationKind::kMaterializedView: return "materialized_view";
  }
  return "table";
}

}  // namespace

Status LoadCatalogJson(std::string_view json, std::string_view file, Catalog* catalog) {
  nlohmann::json doc = nlohmann::json::parse(json.begin(), json.end(), nullptr, false);
  std::string where(file);
  if (doc.is_discarded()) return Status::Error(where + ":1:1: not valid JSON");
  if (!doc.is_object() || doc.value("format", "") != kFormat)
    return Status::Error(where + ":1:1: not a govern catalog (\"format\": \"govern-catalog\" missing)");
  if (doc.value("version", 0) != kVersion)
    return Status::Error(where + ":1:1: unsupported catalog version " + std::to_string(doc.value("version", 0)));
  try {
    if (doc.contains("search_path")) {
      std::vector<std::string> path = doc["search_path"].get<std::vector<std::string>>();
      if (!path.empty()) catalog->set_search_path(std::move(path));
    }
    if (doc.contains("schemas"))
      for (const auto& s : doc["schemas"]) catalog->AddSchema(s.get<std::string>());
    if (doc.contains("tables")) {
      for (const auto& t : doc["tables"]) {
        std::string kind = t.value("kind", "table");
        RelationKind rk = kind == "view" ? RelationKind::kView
                          : kind == "materialized_view" ? RelationKind::kMaterializedView
                                                        : RelationKind::kTable;
        if (kind != "table" && kind != "view" && kind != "materialized_view")
          return Status::Error(where + ": table " + t.value("name", "") + ": unknown kind \"" + kind + "\"");
        int32_t id = catalog->AddTable(t.at("schema").get<std::string>(), t.at("name").get<std::string>(), rk);
        if (t.contains("view_sql")) catalog->SetViewSql(id, t["view_sql"].get<std::string>());
        if (!t.contains("columns")) continue;
        for (const auto& c : t["columns"]) {
          int32_t cid = catalog->AddColumn(id, c.at("name").get<std::string>(), c.value("type", ""));
          if (c.contains("tags"))
            for (const auto& tag : c["tags"]) catalog->AddTag(cid, tag.get<std::string>());
        }
      }
    }
  } catch (const nlohmann::json::exception& e) {
    return Status::Error(where + ": malformed catalog: " + e.what());
  }
  return Status::Ok();
}

Status LoadCatalogJsonFile(const std::string& path, Catalog* catalog) {
  Expected<std::string> text = ReadTextFile(path);
  if (!text) return text.status();
  return LoadCatalogJson(*text, path, catalog);
}

std::string SaveCatalogJson(const Catalog& catalog) {
  nlohmann::ordered_json doc;
  doc["format"] = kFormat;
  doc["version"] = kVersion;
  doc["search_path"] = catalog.search_path();
  std::vector<std::string> schemas;
  std::vector<int32_t> tables;
  for (size_t i = 0; i < catalog.table_count(); ++i) {
    const Catalog::Table& t = catalog.table(static_cast<int32_t>(i));
    if (t.dropped) continue;
    tables.push_back(static_cast<int32_t>(i));
    schemas.push_back(t.schema);
  }
  std::sort(schemas.begin(), schemas.end());
  schemas.erase(std::unique(schemas.begin(), schemas.end()), schemas.end());
  doc["schemas"] = schemas;
  std::sort(tables.begin(), tables.end(),
            [&](int32_t a, int32_t b) { return catalog.table(a).qname < catalog.table(b).qname; });
  nlohmann::ordered_json out_tables = nlohmann::ordered_json::array();
  for (int32_t id : tables) {
    const Catalog::Table& t = catalog.table(id);
    nlohmann::ordered_json jt;
    jt["schema"] = t.schema;
    jt["name"] = t.name;
    jt["kind"] = KindName(t.kind);
    nlohmann::ordered_json cols = nlohmann::ordered_json::array();
    for (int32_t cid : t.columns) {
      const Catalog::Column& c = catalog.column(cid);
      nlohmann::ordered_json jc;
      jc["name"] = c.name;
      if (!c.type.empty()) jc["type"] = c.type;
      if (!c.tags.empty()) {
        std::vector<std::string> tags;
        for (uint32_t tag : c.tags) tags.emplace_back(catalog.TagName(tag));
        std::sort(tags.begin(), tags.end());
        jc["tags"] = tags;
      }
      cols.push_back(std::move(jc));
    }
    jt["columns"] = std::move(cols);
    if (!t.view_sql.empty()) jt["view_sql"] = t.view_sql;
    out_tables.push_back(std::move(jt));
  }
  doc["tables"] = std::move(out_tables);
  return doc.dump(2) + "\n";
}

}  // namespace govern
