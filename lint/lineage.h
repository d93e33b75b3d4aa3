// govern lineage: which relations and columns derive from which tagged
// columns across a repository (docs/lineage.md). The catalog is the one
// `govern lint` builds (the config's [catalog] sources plus the repository
// flow of the same files); the graph is every derivation whose source column
// carries a tag (matching --tag when given), rendered as DOT, Mermaid or JSON.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "catalog/loaders.h"
#include "config.h"

namespace govern::lint {

struct LineageOptions {
  LintConfig config;
  std::vector<std::string> paths;  // as for `govern lint` (default: the config's directory)
  std::string tag_glob;            // only paths from columns with a matching tag ("": every tag)
};

// A tag a column got through a derivation: from which column, where.
struct DerivedTagInfo {
  std::string tag;
  std::string from;   // qualified source column
  std::string where;  // "file:line" of the deriving statement
};

struct LineageNode {
  std::string id;        // "schema.table.column"
  std::string relation;  // "schema.table"
  std::string column;
  std::vector<std::string> declared_tags;    // sorted
  std::vector<DerivedTagInfo> derived_tags;  // sorted by tag
};

struct LineageRelation {
  std::string name;  // "schema.table"
  std::string kind;  // table, view, materialized_view
  std::vector<size_t> nodes;  // indexes into LineageGraph::nodes, in column order
};

struct LineageArc {
  std::string from, to;  // node ids
  std::string file;      // of the deriving statement, relative to the config's directory
  uint32_t line = 0;
  std::vector<std::string> tags;  // tags the source carries into the target (sorted)
  std::string where() const { return file + ":" + std::to_string(line); }
};

struct LineageGraph {
  std::string tag_glob;
  std::vector<LineageRelation> relations;  // sorted by name
  std::vector<LineageNode> nodes;          // by relation name, then column order
  std::vector<LineageArc> arcs;            // sorted by (from, to, file, line)
  std::vector<std::string> tags;           // every tag on a node or an edge, sorted
};

// The graph of `catalog` and its derivations: `edges` (CollectLineage over
// the repository files) plus the derivations the catalog recorded while
// loading (derived tags of [catalog] sources). Only edges whose source
// carries a tag matching `tag_glob` ("" or "*": any) are kept, with their
// matching tags; nodes are the columns those edges touch.
LineageGraph BuildLineageGraph(const Catalog& catalog, const std::vector<LineageEdge>& edges, std::string_view tag_glob);

// Loads the config's catalog and the repository flow of PATHS as `govern
// lint` does and builds the graph. Errors: bad config, unreadable paths,
// policies that do not compile. Loading warnings go to `warnings`.
Expected<LineageGraph> RunLineage(const LineageOptions& options, std::vector<std::string>* warnings);

// Renderings (deterministic; docs/lineage.md).
std::string LineageDot(const LineageGraph& graph);
std::string LineageMermaid(const LineageGraph& graph);
std::string LineageJson(const LineageGraph& graph);

}  // namespace govern::lint
