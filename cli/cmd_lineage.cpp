// govern lineage [PATHS...] [--config govern.toml] [--tag GLOB] --format dot|mermaid|json
// Exit 0 with the graph on stdout, 2 usage/config/policy errors.
#include <memory>

#include "commands.h"
#include "config.h"
#include "lineage.h"

namespace govern::cli {

void RegisterLineage(CLI::App& app, int* exit_code) {
  struct Opts {
    std::vector<std::string> paths;
    std::string config, tag, format;
  };
  auto o = std::make_shared<Opts>();
  CLI::App* cmd = app.add_subcommand(
      "lineage", "Draw which relations and columns derive from which tagged columns across the repository");
  cmd->add_option("paths", o->paths,
                  "Files, directories (searched for *.sql) or globs, as for `govern lint`; default: the config's "
                  "directory");
  cmd->add_option("--config", o->config, "govern.toml (default: the nearest one from the working directory up)");
  cmd->add_option("--tag", o->tag,
                  "Only edges and columns on paths from columns carrying a matching tag, declared or derived "
                  "(glob, e.g. \"pii.*\")");
  cmd->add_option("--format", o->format, "dot (Graphviz), mermaid (GitHub flowchart) or json")
      ->required()
      ->check(CLI::IsMember({"dot", "mermaid", "json"}));
  cmd->footer(
      "The catalog is the one `govern lint` builds: the config's [catalog] sources plus the catalog\n"
      "effects of every linted file (CREATE TABLE AS, views, INSERT ... SELECT, UPDATE, MERGE, ...).\n"
      "Nodes are columns grouped by relation; declared tags are told apart from derived ones. Edges go\n"
      "from a source column to the column it fills, labelled with the deriving statement's file:line\n"
      "and the tags carried. Render: govern lineage --format dot | dot -Tsvg > lineage.svg\n"
      "Exit status: 0 graph written, 2 usage, config or policy errors. Formats: docs/lineage.md.");
  cmd->callback([o, exit_code] {
    *exit_code = 2;
    auto config = lint::FindAndLoadConfig(o->config);
    if (!config) {
      std::fprintf(stderr, "govern lineage: error: %s\n", config.status().message().c_str());
      return;
    }
    lint::LineageOptions options;
    options.config = std::move(*config);
    options.paths = o->paths;
    options.tag_glob = o->tag;
    std::vector<std::string> warnings;
    auto graph = lint::RunLineage(options, &warnings);
    for (const std::string& w : warnings) std::fprintf(stderr, "%s\n", w.c_str());
    if (!graph) {
      std::fprintf(stderr, "govern lineage: error: %s\n", graph.status().message().c_str());
      return;
    }
    std::string out = o->format == "dot"       ? lint::LineageDot(*graph)
                      : o->format == "mermaid" ? lint::LineageMermaid(*graph)
                                               : lint::LineageJson(*graph);
    std::fwrite(out.data(), 1, out.size(), stdout);
    *exit_code = 0;
  });
}

}  // namespace govern::cli
