// LoadCatalogSources: dispatch on file type and merge.
#include <fstream>
#include <sstream>

#include "catalog/loaders.h"

namespace govern {
namespace {

bool EndsWith(std::string_view s, std::string_view suffix) {
  return s.size() >= suffix.size() && s.substr(s.size() - suffix.size()) == suffix;
}

}  // namespace

Expected<std::string> ReadTextFile(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return Status::Error(path + ": cannot open file");
  std::ostringstream ss;
  ss << in.rdbuf();
  if (in.bad()) return Status::Error(path + ": read error");
  return ss.str();
}

Status LoadDdlFile(const std::string& path, Catalog* catalog, CatalogWarnings* warnings) {
  Expected<std::string> text = ReadTextFile(path);
  if (!text) return text.status();
  return LoadDdl(*text, path, catalog, warnings);
}

Status LoadCatalogSourcesInto(const std::vector<std::string>& paths, Catalog* catalog, CatalogWarnings* warnings) {
  std::vector<std::string> tag_files;
  std::string errors;
  for (const std::string& path : paths) {
    Status s;
    if (EndsWith(path, ".sql")) {
      s = LoadDdlFile(path, catalog, warnings);
    } else if (EndsWith(path, ".json")) {
      s = LoadCatalogJsonFile(path, catalog);
    } else {
      tag_files.push_back(path);
    }
    if (!s.ok()) errors += (errors.empty() ? "" : "\n") + s.message();
  }
  // Tags last, so globs see every column; a tags file alone creates columns.
  TagsOptions options;
  options.create_missing = catalog->table_count() == 0;
  for (const std::string& path : tag_files) {
    Status s = LoadTagsFile(path, catalog, options, warnings);
    if (!s.ok()) errors += (errors.empty() ? "" : "\n") + s.message();
  }
  if (!errors.empty()) return Status::Error(errors);
  return Status::Ok();
}

Expected<Catalog> LoadCatalogSources(const std::vector<std::string>& paths, CatalogWarnings* warnings) {
  Catalog catalog;
  Status s = LoadCatalogSourcesInto(paths, &catalog, warnings);
  if (!s.ok()) return s;
  return catalog;
}

}  // namespace govern
