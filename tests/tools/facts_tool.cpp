// govern_facts: `govern analyze` without the CLI layer, for the golden and
// oracle tests (which must run even when the CLI is not built).
//   govern_facts [--catalog C]... [--search-path a,b] [--usage] [--no-expand-views]
//                (--sql S | FILE | -)
#include <cstdio>
#include <cstring>
#include <iostream>
#include <sstream>
#include <string>

#include "catalog/loaders.h"
#include "sql/analyze_command.h"

int main(int argc, char** argv) {
  govern::AnalyzeRequest request;
  std::string file;
  std::string pull_dsn;
  std::string save_path;
  bool have_sql = false;
  for (int i = 1; i < argc; ++i) {
    std::string a = argv[i];
    auto next = [&]() -> std::string {
      if (i + 1 >= argc) {
        std::fprintf(stderr, "%s needs a value\n", a.c_str());
        std::exit(2);
      }
      return argv[++i];
    };
    if (a == "--catalog") {
      request.catalogs.push_back(next());
    } else if (a == "--search-path") {
      std::string v = next();
      size_t p = 0;
      while (p <= v.size()) {
        size_t q = v.find(',', p);
        if (q == std::string::npos) q = v.size();
        if (q > p) request.search_path.push_back(v.substr(p, q - p));
        p = q + 1;
      }
    } else if (a == "--sql") {
      request.sql = next();
      have_sql = true;
    } else if (a == "--pull") {
      pull_dsn = next();
    } else if (a == "--save") {
      save_path = next();
    } else if (a == "--usage") {
      request.usage = true;
    } else if (a == "--no-expand-views") {
      request.expand_views = false;
    } else if (!a.empty() && a[0] == '-' && a != "-") {
      std::fprintf(stderr, "unknown option %s\n", a.c_str());
      return 2;
    } else {
      file = a;
    }
  }
  if (!save_path.empty()) {
    // Catalog round trip: --pull DSN (live) or --catalog sources, saved as JSON.
    govern::Catalog catalog;
    if (!pull_dsn.empty()) {
      auto pulled = govern::PullCatalog(pull_dsn);
      if (!pulled) {
        std::fprintf(stderr, "%s\n", pulled.status().message().c_str());
        return 2;
      }
      catalog = std::move(*pulled);
    } else {
      govern::CatalogWarnings warnings;
      auto s = govern::LoadCatalogSourcesInto(request.catalogs, &catalog, &warnings);
      for (auto& w : warnings) std::fprintf(stderr, "%s\n", w.ToString().c_str());
      if (!s.ok()) {
        std::fprintf(stderr, "%s\n", s.message().c_str());
        return 2;
      }
    }
    std::string json = govern::SaveCatalogJson(catalog);
    FILE* f = save_path == "-" ? stdout : std::fopen(save_path.c_str(), "wb");
    if (f == nullptr) return 2;
    std::fwrite(json.data(), 1, json.size(), f);
    if (f != stdout) std::fclose(f);
    return 0;
  }
  if (!have_sql) {
    if (file.empty() || file == "-") {
      std::stringstream ss;
      ss << std::cin.rdbuf();
      request.sql = ss.str();
    } else {
      auto text = govern::ReadTextFile(file);
      if (!text) {
        std::fprintf(stderr, "%s\n", text.status().message().c_str());
        return 2;
      }
      request.sql = *text;
    }
  }
  govern::AnalyzeResponse response = govern::RunAnalyze(request);
  std::fputs(response.messages.c_str(), stderr);
  std::fputs(response.json.c_str(), stdout);
  return response.exit_code;
}
