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
  const std::vector<std::string> initial_path = catalog->search_path();
  std::vector<std::string> tag_files;
  std::vector<std::string> ddl_files;
  std::string errors;
  for (const std::string& path : paths) {
    Status s;
    if (EndsWith(path, ".sql")) {
      s = LoadDdlFile(path, catalog, warnings);
      ddl_files.push_back(path);
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
  // Tags from tags files (and COMMENTs in later files) reach the columns
  // that earlier DDL derived from them: derive again until nothing is added.
  if (errors.empty() && (!tag_files.empty() || ddl_files.size() > 1)) {
    DdlOptions derive_only;
    derive_only.structure = false;
    const std::vector<std::string> search_path = catalog->search_path();
    for (int pass = 0; pass < 32; ++pass) {
      size_t added = 0;
      for (const std::string& path : ddl_files) {
        catalog->set_search_path(initial_path);  // as when the file was loaded
        Expected<std::string> text = ReadTextFile(path);
        if (text) (void)LoadDdl(*text, path, catalog, nullptr, derive_only, &added);
      }
      catalog->set_search_path(search_path);
      if (added == 0) break;
    }
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
