// ApplyCatalogFlow: DDL and derived tags across many SQL texts, to a fixpoint.
#include <algorithm>
#include <tuple>

#include "catalog/loaders.h"

namespace govern {

FlowReport ApplyCatalogFlow(std::vector<FlowInput> inputs, Catalog* catalog, int max_passes,
                            sql::ParseCache* parse_cache) {
  std::stable_sort(inputs.begin(), inputs.end(), [](const FlowInput& a, const FlowInput& b) { return a.name < b.name; });
  FlowReport report;
  // Parse errors and warnings belong to the statements' own diagnostics
  // (lint reports them per file); the flow applies what parses.
  CatalogWarnings ignored;
  DdlOptions options;
  options.monotone = true;
  options.parse_cache = parse_cache;
  // The structure pass parses only the statements Apply reads (a monotone
  // flow: sql/flow_inert.h); with a parse cache it parses whole texts, kept
  // for the lint pass.
  options.skip_inert = parse_cache == nullptr;
  // Each text starts from the configured search path (a SET search_path in
  // one migration does not move the next file's names).
  const std::vector<std::string> path = catalog->search_path();
  // Which texts a derivation pass reads (the others only create, alter and
  // comment: a derivation pass would parse them to add nothing).
  std::vector<char> derives(inputs.size(), 0);
  // And which of their statements it reads: it parses those alone.
  std::vector<std::vector<DdlRange>> ranges(inputs.size());
  // And what the structure pass's analyses of those statements derived, to
  // replay where the catalog has not changed under them since.
  std::vector<std::vector<std::vector<DdlDerivation>>> recorded(inputs.size());
  for (size_t i = 0; i < inputs.size(); ++i) {
    size_t added = 0;
    bool reads = false;
    options.derives = &reads;
    options.record_ranges = parse_cache == nullptr ? &ranges[i] : nullptr;
    options.record_derivations = parse_cache == nullptr ? &recorded[i] : nullptr;
    (void)LoadDdl(inputs[i].text, inputs[i].name, catalog, &ignored, options, &added);
    derives[i] = reads ? 1 : 0;
    catalog->set_search_path(path);
    report.derived += added;
  }
  options.derives = nullptr;
  options.skip_inert = false;  // the derivation pass parses its recorded statements alone
  options.record_ranges = nullptr;
  options.record_derivations = nullptr;
  report.passes = 1;
  options.structure = false;
  // The first derivation pass analyses every text and records each
  // derivation it applies, in order. The structure no longer changes, so a
  // later pass would resolve every name to the same columns and call Derive
  // with the same (source, column, file:line) in the same order: replaying
  // the recorded edges gives the same tags and the same first derivation
  // records as analysing again, without parsing or walking anything.
  std::vector<LineageEdge> edges;
  options.lineage = &edges;
  std::string where;
  for (;;) {
    if (report.passes >= max_passes) {
      report.converged = false;
      break;
    }
    size_t added = 0;
    if (report.passes == 1) {
      for (size_t i = 0; i < inputs.size(); ++i) {
        if (derives[i] == 0) continue;
        options.only_ranges = parse_cache == nullptr ? &ranges[i] : nullptr;
        options.replay_derivations = parse_cache == nullptr ? &recorded[i] : nullptr;
        (void)LoadDdl(inputs[i].text, inputs[i].name, catalog, &ignored, options, &added);
        catalog->set_search_path(path);
      }
    } else {
      for (const LineageEdge& e : edges) {
        if (catalog->column(e.from_column).tags.empty()) continue;
        where.assign(e.file).append(":").append(std::to_string(e.line));
        std::vector<uint32_t> tags = catalog->column(e.from_column).tags;
        for (uint32_t tag : tags) added += catalog->AddDerivedTag(e.to_column, tag, e.from_column, where) ? 1 : 0;
      }
    }
    ++report.passes;
    report.derived += added;
    if (added == 0) break;
  }
  return report;
}

std::vector<LineageEdge> CollectLineage(std::vector<FlowInput> inputs, Catalog* catalog) {
  std::stable_sort(inputs.begin(), inputs.end(), [](const FlowInput& a, const FlowInput& b) { return a.name < b.name; });
  std::vector<LineageEdge> edges;
  CatalogWarnings ignored;
  DdlOptions options;
  options.monotone = true;
  options.structure = false;  // the relations exist; only derivations are read
  options.lineage = &edges;
  const std::vector<std::string> path = catalog->search_path();
  for (const FlowInput& in : inputs) {
    (void)LoadDdl(in.text, in.name, catalog, &ignored, options);
    catalog->set_search_path(path);
  }
  auto key = [](const LineageEdge& e) { return std::tie(e.file, e.line, e.from_column, e.to_column); };
  std::sort(edges.begin(), edges.end(), [&](const LineageEdge& a, const LineageEdge& b) { return key(a) < key(b); });
  edges.erase(std::unique(edges.begin(), edges.end(), [&](const LineageEdge& a, const LineageEdge& b) { return key(a) == key(b); }),
              edges.end());
  return edges;
}

}  // namespace govern
