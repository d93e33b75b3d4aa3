// govern catalog pull --dsn URL -o catalog.json   (a live PostgreSQL, via libpq)
// govern catalog show SOURCES...                  (the merged catalog as JSON)
// govern catalog discover (--dsn URL [--sample N] | SOURCES...) [-o tags.tsv]   (tag proposals)
#include <memory>

#include "catalog/loaders.h"
#include "commands.h"
#include "common.h"
#include "discover.h"
#include "pg_sample.h"

namespace govern::cli {
namespace {

// Writes `text` to `path` ("" or "-": stdout); false (error printed as `who: error: ...`) on failure.
bool WriteOutput(const std::string& path, const std::string& text, const char* who) {
  if (path.empty() || path == "-") {
    std::fputs(text.c_str(), stdout);
    return true;
  }
  std::string error;
  if (WriteFileBytes(path, std::vector<uint8_t>(text.begin(), text.end()), &error)) return true;
  std::fprintf(stderr, "%s: error: %s\n", who, error.c_str());
  return false;
}

}  // namespace

void RegisterCatalog(CLI::App& app, int* exit_code) {
  CLI::App* cmd = app.add_subcommand("catalog", "Catalogs: pull one from a live PostgreSQL, show merged sources, discover tags");
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
    if (!WriteOutput(pull->output, SaveCatalogJson(*catalog), "govern")) return;
    if (!pull->output.empty() && pull->output != "-")
      std::fprintf(stderr, "wrote %s: %zu tables, %zu columns\n", pull->output.c_str(), catalog->table_count(),
                   catalog->column_count());
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

  struct DiscoverOpts {
    std::string dsn, output;
    std::vector<std::string> sources;
    int sample = 0;
  };
  auto dis = std::make_shared<DiscoverOpts>();
  CLI::App* d = cmd->add_subcommand(
      "discover", "Propose column tags from names (a dictionary) and sampled values (validators), for review");
  d->add_option("sources", dis->sources, "Catalog sources (DDL, JSON, tags files) instead of --dsn");
  d->add_option("--dsn", dis->dsn, "Read the catalog from this PostgreSQL");
  d->add_option("--sample", dis->sample, "With --dsn: check up to N non-null values per column with the validators")
      ->check(CLI::Range(0, 100000));
  d->add_option("-o,--output", dis->output, "Tags file to write (default: stdout)");
  d->footer(
      "Every line carries its evidence and confidence; low-confidence proposals are written commented out.\n"
      "Nothing is enforced until you review the file and add it to [catalog] sources. docs/catalog.md.");
  d->callback([dis, exit_code] {
    *exit_code = 2;
    if (dis->dsn.empty() == dis->sources.empty()) {
      std::fprintf(stderr, "govern catalog discover: error: give --dsn URL or catalog SOURCES (one of them)\n");
      return;
    }
    if (dis->sample > 0 && dis->dsn.empty()) {
      std::fprintf(stderr, "govern catalog discover: error: --sample reads values from a database: give --dsn\n");
      return;
    }
    std::unique_ptr<Catalog> catalog;
    if (!dis->dsn.empty()) {
      auto pulled = PullCatalog(dis->dsn);
      if (!pulled) {
        std::fprintf(stderr, "govern catalog discover: error: %s\n", pulled.status().message().c_str());
        return;
      }
      catalog = std::make_unique<Catalog>(std::move(*pulled));
    } else {
      auto loaded = LoadCatalogForCli(dis->sources);
      if (!loaded) return;
      catalog = std::move(*loaded);
    }
    onboard::Samples samples;
    if (dis->sample > 0) {
      std::vector<std::string> skipped;
      auto s = onboard::SampleColumns(dis->dsn, *catalog, {dis->sample, 5000}, &skipped);
      if (!s) {
        std::fprintf(stderr, "govern catalog discover: error: %s\n", s.status().message().c_str());
        return;
      }
      samples = std::move(*s);
      for (const std::string& k : skipped) std::fprintf(stderr, "govern catalog discover: not sampled: %s\n", k.c_str());
    }
    onboard::DiscoverResult found = onboard::Discover(*catalog, samples);
    std::string text = onboard::RenderTagsFile(found, dis->dsn.empty() ? "the given catalog sources" : "the live database");
    if (!WriteOutput(dis->output, text, "govern catalog discover")) return;
    size_t active = 0;
    for (const onboard::Proposal& p : found.proposals) active += p.confidence >= onboard::kActiveConfidence;
    std::fprintf(stderr,
                 "%zu columns examined (%zu sampled): %zu tags proposed (%zu more commented out as low confidence), "
                 "%zu name matches rejected.\nNothing is enforced: review every line, then add the file to [catalog] "
                 "sources in govern.toml.\n",
                 found.columns, found.sampled, active, found.proposals.size() - active, found.rejected.size());
    *exit_code = 0;
  });
}

}  // namespace govern::cli
