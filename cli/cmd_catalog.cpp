// govern catalog pull --dsn URL -o catalog.json   (a live PostgreSQL, via libpq)
// govern catalog show SOURCES...                  (the merged catalog as JSON)
#include <memory>

#include "catalog/loaders.h"
#include "commands.h"
#include "common.h"

namespace govern::cli {

void RegisterCatalog(CLI::App& app, int* exit_code) {
  CLI::App* cmd = app.add_subcommand("catalog", "Catalogs: pull one from a live PostgreSQL, show merged sources");
  cmd->require_subcommand(1);

  struct PullOpts {
    std::string dsn, output;
  };
  auto pull = std::make_shared<PullOpts>();
  CLI::App* p = cmd->add_subcommand("pull", "Read tables, views, columns and comments (tags) from a live PostgreSQL");
  p->add_option("--dsn", pull->dsn, "libpq connection string or URL, e.g. postgresql://user@host/db")->required();
  p->add_option("-o,--output", pull->output, "JSON catalog to write (default: stdout)");
  p->callback([pull, exit_code] {
    *exit_code = 2;
    auto catalog = PullCatalog(pull->dsn);
    if (!catalog) {
      std::fprintf(stderr, "govern: error: %s\n", catalog.status().message().c_str());
      return;
    }
    std::string json = SaveCatalogJson(*catalog);
    if (pull->output.empty() || pull->output == "-") {
      std::fputs(json.c_str(), stdout);
    } else {
      std::string error;
      if (!WriteFileBytes(pull->output, std::vector<uint8_t>(json.begin(), json.end()), &error)) {
        std::fprintf(stderr, "govern: error: %s\n", error.c_str());
        return;
      }
      std::fprintf(stderr, "wrote %s: %zu tables, %zu columns\n", pull->output.c_str(), catalog->table_count(),
                   catalog->column_count());
    }
    *exit_code = 0;
  });

  auto sources = std::make_shared<std::vector<std::string>>();
  CLI::App* s = cmd->add_subcommand("show", "Merge catalog sources (DDL, tags files, JSON) and print the JSON catalog");
  s->add_option("sources", *sources, "Catalog sources")->required();
  s->callback([sources, exit_code] {
    auto catalog = LoadCatalogForCli(*sources);
    if (!catalog) {
      *exit_code = 2;
      return;
    }
    std::fputs(SaveCatalogJson(**catalog).c_str(), stdout);
    *exit_code = 0;
  });
}

}  // namespace govern::cli
