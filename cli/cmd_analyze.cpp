// govern analyze [--catalog C]... [--search-path a,b] (--sql S | FILE | -):
// print the facts of each statement as JSON (runtime/sql/facts_json.h).
// Exit 0 ok, 1 a statement failed to parse (JSON printed anyway), 2 usage,
// I/O or catalog errors.
#include <cstdio>
#include <iostream>
#include <memory>
#include <sstream>

#include "catalog/loaders.h"
#include "commands.h"
#include "sql/analyze_command.h"

namespace govern::cli {

void RegisterAnalyze(CLI::App& app, int* exit_code) {
  struct Args {
    std::vector<std::string> catalogs;
    std::string search_path;
    std::string sql;
    std::string file;
    bool usage = false;
    bool no_expand_views = false;
  };
  auto args = std::make_shared<Args>();
  CLI::App* cmd = app.add_subcommand("analyze", "Print the facts govern extracts from SQL, as JSON");
  cmd->add_option("--catalog", args->catalogs, "DDL .sql, JSON catalog .json or tags file (repeatable)")->allow_extra_args(false);
  cmd->add_option("--search-path", args->search_path, "Schemas for unqualified names, comma-separated");
  auto* sql_opt = cmd->add_option("--sql", args->sql, "SQL text to analyse");
  cmd->add_option("file", args->file, "SQL file to analyse ('-' for stdin)")->excludes(sql_opt);
  cmd->add_flag("--usage", args->usage, "Add per-column usage (projected, filtered, joined, ...)");
  cmd->add_flag("--no-expand-views", args->no_expand_views, "Keep views as relations instead of base columns");
  cmd->callback([args, exit_code, sql_opt] {
    AnalyzeRequest request;
    request.catalogs = args->catalogs;
    request.usage = args->usage;
    request.expand_views = !args->no_expand_views;
    std::stringstream path(args->search_path);
    for (std::string schema; std::getline(path, schema, ',');)
      if (!schema.empty()) request.search_path.push_back(schema);
    if (sql_opt->count() > 0) {
      request.sql = args->sql;
    } else if (args->file.empty() || args->file == "-") {
      std::stringstream ss;
      ss << std::cin.rdbuf();
      request.sql = ss.str();
    } else {
      Expected<std::string> text = ReadTextFile(args->file);
      if (!text) {
        std::fprintf(stderr, "error: %s\n", text.status().message().c_str());
        *exit_code = 2;
        return;
      }
      request.sql = std::move(*text);
    }
    AnalyzeResponse response = RunAnalyze(request);
    std::fputs(response.messages.c_str(), stderr);
    std::fputs(response.json.c_str(), stdout);
    *exit_code = response.exit_code;
  });
}

}  // namespace govern::cli
