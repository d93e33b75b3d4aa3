// RunInit: the starter govern.toml, the pulled catalog and the tag proposals.
#include "init.h"

#include <algorithm>
#include <cctype>
#include <filesystem>
#include <fstream>
#include <map>

#include "catalog/loaders.h"
#include "discover.h"
#include "file_set.h"
#include "pg_sample.h"

namespace govern::onboard {
namespace fs = std::filesystem;
namespace {

struct ProfileKind {
  const char* name;
  const char* words;
  const char* identity;
};
constexpr ProfileKind kKinds[] = {
#define GOVERN_INIT_PROFILE(name, words, identity) {name, words, identity},
#include "profile_folders.def"
#undef GOVERN_INIT_PROFILE
};

bool HasWord(std::string_view words, std::string_view w) {
  size_t i = 0;
  while (i < words.size()) {
    size_t j = words.find(' ', i);
    if (j == std::string_view::npos) j = words.size();
    if (words.substr(i, j - i) == w) return true;
    i = j + 1;
  }
  return false;
}

// The profile kind a folder name stands for, or -1.
int KindOf(std::string folder) {
  for (char& c : folder) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  std::vector<std::string> words{folder};
  std::string cur;
  for (char c : folder + "_") {
    if (c == '_' || c == '-' || c == '.') {
      if (!cur.empty() && cur != folder) words.push_back(cur);
      cur.clear();
    } else {
      cur.push_back(c);
    }
  }
  for (size_t k = 0; k < std::size(kKinds); ++k)
    for (const std::string& w : words)
      if (HasWord(kKinds[k].words, w)) return static_cast<int>(k);
  return -1;
}

std::string TomlString(const std::string& s) {
  std::string out = "\"";
  for (char c : s) {
    if (c == '"' || c == '\\') out.push_back('\\');
    out.push_back(c);
  }
  return out + "\"";
}

std::string TomlList(const std::vector<std::string>& items) {
  std::string out = "[";
  for (size_t i = 0; i < items.size(); ++i) out += (i ? ", " : "") + TomlString(items[i]);
  return out + "]";
}

Status WriteText(const fs::path& path, const std::string& text) {
  std::error_code ec;
  fs::create_directories(path.parent_path(), ec);
  std::ofstream f(path, std::ios::binary);
  f << text;
  f.close();
  if (!f) return Status::Error("cannot write " + path.string());
  return Status::Ok();
}

struct Guess {
  int kind;
  std::string glob;  // "pipelines/training/**"
  size_t depth;
  size_t files = 0;
};

}  // namespace

Expected<InitResult> RunInit(const InitOptions& o) {
  InitResult result;
  fs::path dir = fs::absolute(o.dir).lexically_normal();
  if (!fs::is_directory(dir)) return Status::Error(o.dir + " is not a directory");
  fs::path config = dir / "govern.toml";
  if (fs::exists(config) && !o.force)
    return Status::Error(config.string() + " exists (review it, or run again with --force to replace it)");
  std::string policies = !o.policies.empty() ? o.policies : o.default_policies;
  if (policies.empty() || !fs::exists(policies))
    return Status::Error("no standard policies found" + (policies.empty() ? std::string() : " at " + policies) +
                         " (pass --policies DIR)");
  policies = fs::absolute(policies).lexically_normal().string();

  // The SQL files, as `govern lint` will find them; profiles from their folders.
  auto files = lint::ExpandPaths({dir.string()}, {}, dir.string());
  if (!files) return files.status();
  std::vector<Guess> guesses;
  std::vector<std::string> schema_files;  // schema.sql, structure.sql, ddl.sql: DDL dumps, a catalog
  size_t unmatched = 0;
  for (const std::string& file : *files) {
    fs::path rel = fs::path(lint::RelativeTo(file, dir.string()));
    std::string stem = rel.stem().string();
    for (char& c : stem) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    if (stem == "schema" || stem == "structure" || stem == "ddl") {
      schema_files.push_back(rel.generic_string());
      continue;
    }
    std::vector<std::string> parts;
    for (const fs::path& p : rel.parent_path()) parts.push_back(p.string());
    int kind = -1;
    size_t depth = 0;
    for (size_t i = 0; i < parts.size(); ++i)
      if (int k = KindOf(parts[i]); k >= 0) kind = k, depth = i + 1;
    if (kind < 0) {
      ++unmatched;
      continue;
    }
    std::string glob;
    for (size_t i = 0; i < depth; ++i) glob += parts[i] + "/";
    glob += "**";
    auto it = std::find_if(guesses.begin(), guesses.end(), [&](const Guess& g) { return g.glob == glob; });
    if (it == guesses.end()) it = guesses.insert(guesses.end(), Guess{kind, glob, depth});
    ++it->files;
  }
  // First match wins: deeper folders first, then by name (a stable file).
  std::sort(guesses.begin(), guesses.end(), [](const Guess& a, const Guess& b) {
    return a.depth != b.depth ? a.depth > b.depth : a.glob < b.glob;
  });

  // Catalog: migration folders as DDL; with a DSN, the live catalog.
  std::vector<std::string> catalog_sources;
  for (const Guess& g : guesses)
    if (std::string_view(kKinds[g.kind].name) == "migrations") catalog_sources.push_back(g.glob.substr(0, g.glob.size() - 2));
  std::sort(catalog_sources.begin(), catalog_sources.end());
  std::sort(schema_files.begin(), schema_files.end());
  catalog_sources.insert(catalog_sources.begin(), schema_files.begin(), schema_files.end());
  Catalog catalog;
  std::string discovered_from;
  std::string report;
  if (!o.dsn.empty()) {
    auto pulled = PullCatalog(o.dsn);
    if (!pulled) return Status::Error("catalog pull: " + pulled.status().message());
    catalog = std::move(*pulled);
    std::string json = SaveCatalogJson(catalog);
    if (Status s = WriteText(dir / "govern/catalog.json", json); !s.ok()) return s;
    result.written.push_back("govern/catalog.json");
    catalog_sources.push_back("govern/catalog.json");
    discovered_from = "the live database";
    report += "pulled the catalog: " + std::to_string(catalog.table_count()) + " tables and views, " +
              std::to_string(catalog.column_count()) + " columns -> govern/catalog.json\n";
  } else if (!catalog_sources.empty()) {
    std::vector<std::string> abs;
    for (const std::string& s : catalog_sources) abs.push_back((dir / s).string());
    auto loaded = LoadCatalogSources(abs);
    if (!loaded) return Status::Error("loading the migrations: " + loaded.status().message());
    catalog = std::move(*loaded);
    discovered_from = "the repository's DDL (" + TomlList(catalog_sources) + ")";
  }
  bool proposals = false;
  if (catalog.column_count() > 0) {
    Samples samples;
    std::vector<std::string> skipped;
    if (!o.dsn.empty() && o.sample > 0) {
      auto s = SampleColumns(o.dsn, catalog, {o.sample, 5000}, &skipped);
      if (!s) return Status::Error("sampling: " + s.status().message());
      samples = std::move(*s);
    }
    DiscoverResult found = Discover(catalog, samples);
    std::string text = RenderTagsFile(found, discovered_from);
    if (Status s = WriteText(dir / "govern/tags.proposed.tsv", text); !s.ok()) return s;
    result.written.push_back("govern/tags.proposed.tsv");
    proposals = true;
    report += "proposed " + std::to_string(found.proposals.size()) + " tags for " + std::to_string(found.columns) +
              " columns -> govern/tags.proposed.tsv (REVIEW it, then rename it govern/tags.tsv)\n";
    catalog_sources.push_back("govern/tags.tsv");
  }

  std::string toml =
      "# govern lint configuration written by `govern init` (docs/lint.md).\n"
      "# Everything marked `# review` is a guess: check it before relying on this file in CI.\n\n"
      "[policies]\n"
      "sources = " + TomlList({policies}) + "   # the standard policy library\n\n"
      "[catalog]\n";
  if (catalog_sources.empty()) {
    toml += "# No migrations folder and no --dsn: name your schema (DDL files, a JSON catalog from\n"
            "# `govern catalog pull`, a tags file) here, or the policies' tag rules cannot fire.\n"
            "sources = []   # review\n";
  } else {
    toml += "sources = " + TomlList(catalog_sources) + "   # review\n";
    if (proposals)
      toml += "# govern/tags.tsv does not exist yet: review govern/tags.proposed.tsv (every line says why it was\n"
              "# proposed), keep what is right, then `mv govern/tags.proposed.tsv govern/tags.tsv`.\n";
  }
  toml += "\n[lint]\nfail_level = \"error\"\n";
  std::vector<std::string> exclude = schema_files;  // the schema is not pipeline SQL
  if (!o.dsn.empty() || proposals) exclude.push_back("govern/**");
  if (!exclude.empty()) toml += "exclude = " + TomlList(exclude) + "\n";
  toml += "\n# Who runs which SQL (the first profile whose paths match wins), guessed from folder names.\n";
  for (const Guess& g : guesses) {
    const ProfileKind& k = kKinds[g.kind];
    toml += "\n[[profile]]   # review: " + std::to_string(g.files) + " SQL file" + (g.files == 1 ? "" : "s") +
            " under " + g.glob.substr(0, g.glob.size() - 3) + "/\n" + "name = " + TomlString(k.name) + "\n" +
            "paths = " + TomlList({g.glob}) + "\n" + "env = \"prod\"   # review\n" + "identity = " + k.identity +
            "   # review\n";
  }
  toml += std::string("\n[[profile]]   # review: everything else") +
          (unmatched ? " (" + std::to_string(unmatched) + " SQL files)" : std::string()) +
          "\nname = \"default\"\npaths = [\"**\"]\nenv = \"prod\"   # review\n"
          "identity = { user = \"ci\", kind = \"service\" }   # review\n";
  if (Status s = WriteText(config, toml); !s.ok()) return s;
  result.written.insert(result.written.begin(), "govern.toml");

  std::string head = "found " + std::to_string(files->size()) + " SQL file" + (files->size() == 1 ? "" : "s") + "\n";
  for (const std::string& f : schema_files) head += "  " + f + ": schema (catalog source, not linted)\n";
  for (const Guess& g : guesses)
    head += "  " + g.glob + ": profile " + kKinds[g.kind].name + " (" + std::to_string(g.files) + " files)\n";
  if (unmatched) head += "  elsewhere: profile default (" + std::to_string(unmatched) + " files)\n";
  result.report = head + report +
                  "wrote govern.toml: nothing is enforced until you have reviewed every `# review` line and the "
                  "proposed tags; then run `govern lint`.\n";
  return result;
}

}  // namespace govern::onboard
