// LoadCatalogSources: expand folders and globs, dispatch on file type, merge.
#include <glob.h>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <sstream>

#include "catalog/loaders.h"
#include "core/natural_order.h"

namespace govern {
namespace {

bool EndsWith(std::string_view s, std::string_view suffix) {
  return s.size() >= suffix.size() && s.substr(s.size() - suffix.size()) == suffix;
}

bool HasGlob(std::string_view s) { return s.find_first_of("*?[") != std::string_view::npos; }

// Down migrations undo what up migrations do; applying both in name order
// would drop what the schema has.
bool IsDownMigration(const std::filesystem::path& p) {
  std::string name = p.filename().string();
  return name == "down.sql" || EndsWith(name, ".down.sql");
}

// A folder's .sql files, recursively, in natural order of their paths inside
// it (hidden files and folders skipped).
Status ExpandFolder(const std::string& dir, std::vector<std::string>* out) {
  namespace fs = std::filesystem;
  std::error_code ec;
  std::vector<std::string> found;
  for (auto it = fs::recursive_directory_iterator(dir, ec); !ec && it != fs::recursive_directory_iterator();
       it.increment(ec)) {
    std::string name = it->path().filename().string();
    if (!name.empty() && name[0] == '.') {
      if (it->is_directory(ec)) it.disable_recursion_pending();
      continue;
    }
    if (it->is_regular_file(ec) && it->path().extension() == ".sql" && !IsDownMigration(it->path()))
      found.push_back(it->path().lexically_relative(dir).generic_string());
  }
  if (ec) return Status::Error(dir + ": " + ec.message());
  if (found.empty()) return Status::Error(dir + ": catalog folder holds no .sql files");
  std::sort(found.begin(), found.end(), [](const std::string& a, const std::string& b) { return NaturalLess(a, b); });
  for (const std::string& f : found) out->push_back((fs::path(dir) / f).string());
  return Status::Ok();
}

}  // namespace

Expected<std::vector<std::string>> ExpandCatalogSources(const std::vector<std::string>& sources) {
  namespace fs = std::filesystem;
  std::vector<std::string> files;
  for (const std::string& source : sources) {
    std::error_code ec;
    if (fs::is_directory(source, ec)) {
      if (Status s = ExpandFolder(source, &files); !s.ok()) return s;
      continue;
    }
    if (!HasGlob(source) || fs::exists(source, ec)) {
      files.push_back(source);  // a file (a missing one fails when it is read)
      continue;
    }
    glob_t g{};
    int rc = glob(source.c_str(), GLOB_NOSORT, nullptr, &g);
    std::vector<std::string> matches;
    for (size_t i = 0; rc == 0 && i < g.gl_pathc; ++i) matches.emplace_back(g.gl_pathv[i]);
    globfree(&g);
    if (rc == GLOB_NOMATCH || (rc == 0 && matches.empty()))
      return Status::Error(source + ": catalog source matches no file");
    if (rc != 0) return Status::Error(source + ": cannot expand the pattern");
    std::sort(matches.begin(), matches.end(),
              [](const std::string& a, const std::string& b) { return NaturalLess(a, b); });
    for (const std::string& m : matches) {
      if (fs::is_directory(m, ec)) {
        if (Status s = ExpandFolder(m, &files); !s.ok()) return s;
      } else {
        files.push_back(m);
      }
    }
  }
  return files;
}

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

Status LoadCatalogSourcesInto(const std::vector<std::string>& sources, Catalog* catalog, CatalogWarnings* warnings) {
  auto paths = ExpandCatalogSources(sources);
  if (!paths) return paths.status();
  const std::vector<std::string> initial_path = catalog->search_path();
  std::vector<std::string> tag_files;
  std::vector<std::string> ddl_files;
  std::string errors;
  for (const std::string& path : *paths) {
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
