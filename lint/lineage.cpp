#include "lineage.h"

#include <algorithm>
#include <filesystem>
#include <map>
#include <set>
#include <tuple>

#include <nlohmann/json.hpp>

#include "core/glob.h"
#include "core/utf8.h"
#include "file_set.h"
#include "repository.h"

namespace govern::lint {
namespace {

std::string_view KindName(RelationKind k) {
  switch (k) {
    case RelationKind::kView: return "view";
    case RelationKind::kMaterializedView: return "materialized_view";
    default: return "table";
  }
}

bool TagMatches(std::string_view glob, std::string_view tag) { return glob.empty() || GlobMatch(glob, tag); }

// "file:line" split at the last colon (file names may hold colons).
void SplitWhere(const std::string& where, std::string* file, uint32_t* line) {
  size_t colon = where.rfind(':');
  *file = where;
  *line = 0;
  if (colon == std::string::npos) return;
  std::string digits = where.substr(colon + 1);
  if (digits.empty() || digits.find_first_not_of("0123456789") != std::string::npos) return;
  *file = where.substr(0, colon);
  *line = static_cast<uint32_t>(std::stoul(digits));
}

// Valid UTF-8 (each byte that starts no valid sequence becomes U+FFFD).
std::string Utf8(std::string_view s) {
  std::string out;
  for (size_t i = 0; i < s.size(); ++i) {
    size_t n = Utf8SequenceLength(s, i);
    if (n == 0) {
      out.append("\xEF\xBF\xBD");
      continue;
    }
    out.append(s.data() + i, n);
    i += n - 1;
  }
  return out;
}

}  // namespace

LineageGraph BuildLineageGraph(const Catalog& catalog, const std::vector<LineageEdge>& edges, std::string_view tag_glob) {
  LineageGraph g;
  g.tag_glob = std::string(tag_glob == "*" ? "" : tag_glob);
  auto live = [&](int32_t c) {
    if (c < 0 || static_cast<size_t>(c) >= catalog.column_count()) return false;
    const Catalog::Column& col = catalog.column(c);
    return !col.dropped && col.table_id >= 0 && !catalog.table(col.table_id).dropped;
  };
  // Every derivation: the repository's, and those the catalog recorded while
  // loading its sources (one source per derived tag).
  std::set<std::tuple<int32_t, int32_t, std::string, uint32_t>> all;
  for (const LineageEdge& e : edges) all.emplace(e.from_column, e.to_column, e.file, e.line);
  for (size_t c = 0; c < catalog.column_count(); ++c)
    for (const Catalog::Column::Derived& d : catalog.column(static_cast<int32_t>(c)).derived) {
      std::string file;
      uint32_t line = 0;
      SplitWhere(d.where, &file, &line);
      all.emplace(d.from_column, static_cast<int32_t>(c), file, line);
    }
  // A statement reading a view names both the view's column and the base
  // column behind it as sources; the view's own edges already lead back to
  // the base column, so the edge straight from the base column is left out
  // (every path, and so every tag, is still drawn).
  std::set<std::pair<int32_t, int32_t>> pairs;
  std::map<std::tuple<int32_t, std::string, uint32_t>, std::vector<int32_t>> sources;  // (to, file, line) -> from
  for (const auto& [from, to, file, line] : all) {
    pairs.emplace(from, to);
    sources[{to, file, line}].push_back(from);
  }
  auto is_view_column = [&](int32_t c) {
    return live(c) && catalog.table(catalog.column(c).table_id).kind != RelationKind::kTable;
  };
  auto through_view = [&](int32_t from, int32_t to, const std::string& file, uint32_t line) {
    auto it = sources.find({to, file, line});
    if (it == sources.end()) return false;
    for (int32_t other : it->second)
      if (other != from && is_view_column(other) && pairs.count({from, other})) return true;
    return false;
  };
  std::set<int32_t> columns;
  std::set<std::string> tags;
  for (const auto& [from, to, file, line] : all) {
    if (from == to || !live(from) || !live(to) || through_view(from, to, file, line)) continue;
    LineageArc arc;
    for (uint32_t t : catalog.column(from).tags)
      if (TagMatches(g.tag_glob, catalog.TagName(t))) arc.tags.emplace_back(catalog.TagName(t));
    if (arc.tags.empty()) continue;  // carries nothing (of interest)
    std::sort(arc.tags.begin(), arc.tags.end());
    arc.from = catalog.column(from).qname;
    arc.to = catalog.column(to).qname;
    arc.file = file;
    arc.line = line;
    tags.insert(arc.tags.begin(), arc.tags.end());
    columns.insert(from);
    columns.insert(to);
    g.arcs.push_back(std::move(arc));
  }
  std::sort(g.arcs.begin(), g.arcs.end(), [](const LineageArc& a, const LineageArc& b) {
    return std::tie(a.from, a.to, a.file, a.line) < std::tie(b.from, b.to, b.file, b.line);
  });
  // Nodes grouped by relation, relations by name, columns in column order.
  std::map<std::string, int32_t> relations;  // name -> table id
  for (int32_t c : columns) {
    const Catalog::Table& t = catalog.table(catalog.column(c).table_id);
    relations.emplace(t.qname, catalog.column(c).table_id);
  }
  for (const auto& [name, table_id] : relations) {
    const Catalog::Table& t = catalog.table(table_id);
    LineageRelation rel;
    rel.name = name;
    rel.kind = std::string(KindName(t.kind));
    for (int32_t c : t.columns) {
      if (!columns.count(c)) continue;
      const Catalog::Column& col = catalog.column(c);
      LineageNode node;
      node.id = col.qname;
      node.relation = name;
      node.column = col.name;
      std::set<uint32_t> derived;
      for (const Catalog::Column::Derived& d : col.derived) {
        derived.insert(d.tag);
        if (!TagMatches(g.tag_glob, catalog.TagName(d.tag))) continue;
        std::string file;
        uint32_t line = 0;
        SplitWhere(d.where, &file, &line);
        node.derived_tags.push_back({std::string(catalog.TagName(d.tag)),
                                     d.from_column >= 0 ? catalog.column(d.from_column).qname : std::string(),
                                     line ? file + ":" + std::to_string(line) : file});
      }
      for (uint32_t tag : col.tags)
        if (!derived.count(tag) && TagMatches(g.tag_glob, catalog.TagName(tag)))
          node.declared_tags.emplace_back(catalog.TagName(tag));
      std::sort(node.declared_tags.begin(), node.declared_tags.end());
      std::sort(node.derived_tags.begin(), node.derived_tags.end(),
                [](const DerivedTagInfo& a, const DerivedTagInfo& b) { return a.tag < b.tag; });
      for (const std::string& tag : node.declared_tags) tags.insert(tag);
      for (const DerivedTagInfo& d : node.derived_tags) tags.insert(d.tag);
      rel.nodes.push_back(g.nodes.size());
      g.nodes.push_back(std::move(node));
    }
    g.relations.push_back(std::move(rel));
  }
  g.tags.assign(tags.begin(), tags.end());
  return g;
}

Expected<LineageGraph> RunLineage(const LineageOptions& options, std::vector<std::string>* warnings) {
  const LintConfig& cfg = options.config;
  auto paths = RepositoryFiles(cfg, options.paths);
  if (!paths) return paths.status();
  std::vector<FileResult> files;
  for (const std::string& f : *paths) {
    FileResult r;
    r.file = f;
    files.push_back(std::move(r));
  }
  ReadFiles(&files);
  for (const FileResult& r : files)
    if (!r.error.empty()) warnings->push_back("warning: " + r.error);
  // The repository flow is what lineage shows: it is applied even when
  // [lint] flow is off.
  auto engine = BuildLintEngine(cfg, files, true, warnings);
  if (!engine) return engine.status();
  if ((*engine)->catalog() == nullptr) return BuildLineageGraph(Catalog(), {}, options.tag_glob);
  const Catalog& catalog = *(*engine)->catalog();
  // Derivations are read on a scratch copy: the graph shows lint's catalog
  // exactly (at the fixpoint reading adds nothing anyway; ids are the same).
  Catalog scratch = catalog;
  std::vector<LineageEdge> edges = CollectLineage(FlowInputs(cfg, files), &scratch);
  // The [catalog] sources' own derivations (a view in schema.sql), with every
  // source of each column, named as the catalog names them (relative to the
  // config's directory when under it), read with the search path they were
  // loaded with.
  std::string prefix = std::filesystem::absolute(BaseDir(cfg)).lexically_normal().string();
  if (prefix.empty() || prefix.back() != '/') prefix.push_back('/');
  std::vector<std::string> texts;
  texts.reserve(cfg.catalog_sources.size());
  std::vector<FlowInput> sources;
  for (const std::string& path : cfg.catalog_sources) {
    if (path.size() < 4 || path.compare(path.size() - 4, 4, ".sql") != 0) continue;
    auto text = ReadTextFile(path);
    if (!text) continue;  // the engine has reported it
    texts.push_back(std::move(*text));
    sources.push_back({path.rfind(prefix, 0) == 0 ? path.substr(prefix.size()) : path, texts.back()});
  }
  if (!sources.empty()) {
    scratch.set_search_path(Catalog().search_path());
    std::vector<LineageEdge> more = CollectLineage(std::move(sources), &scratch);
    edges.insert(edges.end(), more.begin(), more.end());
  }
  return BuildLineageGraph(catalog, edges, options.tag_glob);
}

// --- DOT ---
namespace {

// A DOT double-quoted string: `"` and `\` escaped, line breaks as \n.
std::string DotQuote(std::string_view s) {
  std::string out = "\"";
  for (char c : Utf8(s)) {
    if (c == '"' || c == '\\') {
      out.push_back('\\');
      out.push_back(c);
    } else if (c == '\n') {
      out.append("\\n");
    } else if (static_cast<unsigned char>(c) < 0x20) {
      out.push_back(' ');
    } else {
      out.push_back(c);
    }
  }
  return out + "\"";
}

std::string Join(const std::vector<std::string>& v, std::string_view sep) {
  std::string out;
  for (const std::string& s : v) {
    if (!out.empty()) out.append(sep);
    out.append(s);
  }
  return out;
}

std::vector<std::string> DerivedNames(const LineageNode& n) {
  std::vector<std::string> out;
  for (const DerivedTagInfo& d : n.derived_tags) out.push_back(d.tag);
  return out;
}

// Label lines of a node: the column, then its declared and derived tags.
std::vector<std::string> NodeLines(const LineageNode& n) {
  std::vector<std::string> lines{n.column};
  if (!n.declared_tags.empty()) lines.push_back("declared: " + Join(n.declared_tags, ", "));
  if (!n.derived_tags.empty()) lines.push_back("derived: " + Join(DerivedNames(n), ", "));
  return lines;
}

}  // namespace

std::string LineageDot(const LineageGraph& g) {
  std::string out;
  out += "// govern lineage";
  if (!g.tag_glob.empty()) {
    std::string glob = Utf8(g.tag_glob);
    for (char& c : glob)
      if (static_cast<unsigned char>(c) < 0x20) c = ' ';  // the comment ends at a line break
    out += " --tag " + glob;
  }
  out += "\n// Declared tags: filled boxes; derived only: dashed boxes. Edges: deriving statement and tags carried.\n";
  out += "digraph lineage {\n";
  out += "  rankdir=LR;\n";
  out += "  node [shape=box, style=rounded, fontname=\"Helvetica\", fontsize=10];\n";
  out += "  edge [fontname=\"Helvetica\", fontsize=9];\n";
  for (size_t r = 0; r < g.relations.size(); ++r) {
    const LineageRelation& rel = g.relations[r];
    out += "  subgraph \"cluster_" + std::to_string(r) + "\" {\n";
    out += "    label=" + DotQuote(rel.name + " (" + rel.kind + ")") + ";\n";
    out += "    style=rounded;\n";
    for (size_t i : rel.nodes) {
      const LineageNode& n = g.nodes[i];
      std::string label;
      for (const std::string& line : NodeLines(n)) label += (label.empty() ? "" : "\n") + line;
      out += "    " + DotQuote(n.id) + " [label=" + DotQuote(label);
      if (!n.declared_tags.empty()) out += ", style=\"rounded,filled,bold\", fillcolor=\"#f4cccc\"";
      else if (!n.derived_tags.empty()) out += ", style=\"rounded,filled,dashed\", fillcolor=\"#fff2cc\"";
      out += "];\n";
    }
    out += "  }\n";
  }
  for (const LineageArc& a : g.arcs)
    out += "  " + DotQuote(a.from) + " -> " + DotQuote(a.to) + " [label=" + DotQuote(a.where() + "\n" + Join(a.tags, ", ")) +
           "];\n";
  out += "}\n";
  return out;
}

// --- Mermaid (GitHub's flowchart) ---
namespace {

// Text inside a double-quoted Mermaid label: characters the parser or the
// HTML renderer would read are written as entity codes (#quot; ...), line
// breaks as <br/>.
std::string MermaidText(std::string_view s) {
  std::string out;
  for (char c : Utf8(s)) {
    switch (c) {
      case '"': out += "#quot;"; break;
      case '#': out += "#35;"; break;
      case '&': out += "#amp;"; break;
      case '<': out += "#lt;"; break;
      case '>': out += "#gt;"; break;
      case '|': out += "#124;"; break;
      case '`': out += "#96;"; break;
      case '\n': out += "<br/>"; break;
      default:
        if (static_cast<unsigned char>(c) < 0x20) out.push_back(' ');
        else out.push_back(c);
    }
  }
  return out;
}

std::string MermaidLabel(const std::vector<std::string>& lines) {
  std::string out = "\"";
  for (size_t i = 0; i < lines.size(); ++i) out += (i ? "<br/>" : "") + MermaidText(lines[i]);
  return out + "\"";
}

}  // namespace

std::string LineageMermaid(const LineageGraph& g) {
  std::string out = "flowchart LR\n";
  out += "  %% govern lineage";
  if (!g.tag_glob.empty()) out += " --tag " + MermaidText(g.tag_glob);
  out += "\n";
  // Node ids are n<index> (sorted order): identifiers may hold any character.
  std::map<std::string, size_t> index;
  for (size_t i = 0; i < g.nodes.size(); ++i) index.emplace(g.nodes[i].id, i);
  std::vector<std::string> declared, derived;
  for (size_t r = 0; r < g.relations.size(); ++r) {
    const LineageRelation& rel = g.relations[r];
    out += "  subgraph r" + std::to_string(r) + "[" + MermaidLabel({rel.name + " (" + rel.kind + ")"}) + "]\n";
    for (size_t i : rel.nodes) {
      const LineageNode& n = g.nodes[i];
      std::string id = "n" + std::to_string(i);
      out += "    " + id + "[" + MermaidLabel(NodeLines(n)) + "]\n";
      if (!n.declared_tags.empty()) declared.push_back(id);
      else if (!n.derived_tags.empty()) derived.push_back(id);
    }
    out += "  end\n";
  }
  for (const LineageArc& a : g.arcs)
    out += "  n" + std::to_string(index.at(a.from)) + " -->|" + MermaidLabel({a.where(), Join(a.tags, ", ")}) + "| n" +
           std::to_string(index.at(a.to)) + "\n";
  out += "  classDef declared fill:#f4cccc,stroke:#990000,stroke-width:2px\n";
  out += "  classDef derived fill:#fff2cc,stroke:#bf9000,stroke-dasharray:4 2\n";
  if (!declared.empty()) out += "  class " + Join(declared, ",") + " declared\n";
  if (!derived.empty()) out += "  class " + Join(derived, ",") + " derived\n";
  return out;
}

// --- JSON (schema in docs/lineage.md) ---
std::string LineageJson(const LineageGraph& g) {
  using Json = nlohmann::ordered_json;
  Json doc;
  doc["version"] = 1;
  doc["tag_filter"] = g.tag_glob.empty() ? Json(nullptr) : Json(g.tag_glob);
  doc["tags"] = g.tags;
  Json relations = Json::array();
  for (const LineageRelation& r : g.relations) {
    Json columns = Json::array();
    for (size_t i : r.nodes) columns.push_back(g.nodes[i].id);
    relations.push_back({{"name", r.name}, {"kind", r.kind}, {"columns", columns}});
  }
  doc["relations"] = relations;
  Json nodes = Json::array();
  for (const LineageNode& n : g.nodes) {
    Json derived = Json::array();
    for (const DerivedTagInfo& d : n.derived_tags) derived.push_back({{"tag", d.tag}, {"from", d.from}, {"where", d.where}});
    nodes.push_back({{"id", n.id},
                     {"relation", n.relation},
                     {"column", n.column},
                     {"declared_tags", n.declared_tags},
                     {"derived_tags", derived}});
  }
  doc["nodes"] = nodes;
  Json edges = Json::array();
  for (const LineageArc& a : g.arcs)
    edges.push_back(
        {{"from", a.from}, {"to", a.to}, {"where", a.where()}, {"file", a.file}, {"line", a.line}, {"tags", a.tags}});
  doc["edges"] = edges;
  return doc.dump(2, ' ', false, Json::error_handler_t::replace) + "\n";
}

}  // namespace govern::lint
