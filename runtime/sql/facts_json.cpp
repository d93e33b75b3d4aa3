#include "sql/facts_json.h"

#include <algorithm>
#include <vector>

#include "core/json.h"

namespace govern {
namespace {

void AppendSortedStrings(std::string* out, std::vector<std::string_view> names) {
  std::sort(names.begin(), names.end());
  names.erase(std::unique(names.begin(), names.end()), names.end());
  out->push_back('[');
  for (size_t i = 0; i < names.size(); ++i) {
    if (i > 0) out->push_back(',');
    AppendJsonString(out, names[i]);
  }
  out->push_back(']');
}

template <typename T>
std::vector<std::string_view> Names(std::span<const T> items) {
  std::vector<std::string_view> v;
  v.reserve(items.size());
  for (const T& item : items) v.push_back(item.name);
  return v;
}

void AppendStatement(std::string* out, size_t index, const StatementFacts& f, const FactsJsonOptions& options) {
  out->append("{\"index\":").append(std::to_string(index));
  out->append(",\"kind\":");
  AppendJsonString(out, StatementKindName(f.kind));
  if (f.enclosing >= 0) out->append(",\"enclosing\":").append(std::to_string(f.enclosing));
  out->append(",\"line\":").append(std::to_string(f.pos.line));
  out->append(",\"column\":").append(std::to_string(f.pos.column));
  out->append(",\"has_where\":").append(f.has_where ? "true" : "false");
  out->append(",\"has_limit\":").append(f.has_limit ? "true" : "false");
  out->append(",\"opaque\":").append(f.opaque ? "true" : "false");
  out->append(",\"server_io\":").append(f.server_io ? "true" : "false");
  out->append(",\"reads\":");
  AppendSortedStrings(out, Names(f.reads));
  out->append(",\"writes\":");
  AppendSortedStrings(out, Names(f.writes));
  if (!f.write_sources.empty()) {
    // Where each written value comes from (the written column -> its sources).
    std::vector<std::pair<std::string_view, std::vector<std::string_view>>> lineage;
    for (size_t w = 0; w < f.writes.size(); ++w) {
      std::vector<std::string_view> sources;
      for (const ColumnFact& c : f.write_sources)
        if (c.output == w) sources.push_back(c.name);
      if (!sources.empty()) lineage.emplace_back(f.writes[w].name, std::move(sources));
    }
    std::sort(lineage.begin(), lineage.end());
    out->append(",\"write_sources\":{");
    for (size_t i = 0; i < lineage.size(); ++i) {
      if (i > 0) out->push_back(',');
      AppendJsonString(out, lineage[i].first);
      out->push_back(':');
      AppendSortedStrings(out, lineage[i].second);
    }
    out->push_back('}');
  }
  if (options.usage) {
    std::vector<const ColumnFact*> reads;
    for (const ColumnFact& c : f.reads) reads.push_back(&c);
    std::sort(reads.begin(), reads.end(), [](auto* a, auto* b) { return a->name < b->name; });
    out->append(",\"usage\":{");
    for (size_t i = 0; i < reads.size(); ++i) {
      if (i > 0) out->push_back(',');
      AppendJsonString(out, reads[i]->name);
      out->push_back(':');
      AppendJsonString(out, UsageNames(reads[i]->usage));
    }
    out->push_back('}');
  }
  std::vector<const TableFact*> tables;
  for (const TableFact& t : f.tables) tables.push_back(&t);
  std::sort(tables.begin(), tables.end(), [](auto* a, auto* b) { return a->name < b->name; });
  out->append(",\"tables\":[");
  for (size_t i = 0; i < tables.size(); ++i) {
    if (i > 0) out->push_back(',');
    out->append("{\"name\":");
    AppendJsonString(out, tables[i]->name);
    out->append(",\"access\":");
    AppendJsonString(out, AccessNames(tables[i]->access));
    out->push_back('}');
  }
  out->append("],\"targets\":");
  AppendSortedStrings(out, {f.targets.begin(), f.targets.end()});
  out->append(",\"outputs\":[");
  for (size_t i = 0; i < f.outputs.size(); ++i) {
    const OutputFact& o = f.outputs[i];
    if (i > 0) out->push_back(',');
    out->append("{\"name\":");
    AppendJsonString(out, o.name);
    out->append(",\"derivation\":");
    AppendJsonString(out, DerivationName(o.derivation));
    out->append(",\"sources\":");
    AppendSortedStrings(out, Names(o.sources));
    out->push_back('}');
  }
  out->append("],\"functions\":");
  AppendSortedStrings(out, {f.functions.begin(), f.functions.end()});
  out->append(",\"unresolved\":[");
  for (size_t i = 0; i < f.unresolved.size(); ++i) {
    if (i > 0) out->push_back(',');
    out->append("{\"name\":");
    AppendJsonString(out, f.unresolved[i].name);
    out->append(",\"reason\":");
    AppendJsonString(out, f.unresolved[i].reason);
    out->push_back('}');
  }
  out->append("]}");
}

void AppendError(std::string* out, size_t index, const ParseDiagnostic& d) {
  out->append("{\"index\":").append(std::to_string(index));
  out->append(",\"kind\":\"error\",\"error\":");
  AppendJsonString(out, d.message);
  out->append(",\"line\":").append(std::to_string(d.pos.line));
  out->append(",\"column\":").append(std::to_string(d.pos.column));
  out->push_back('}');
}

}  // namespace

std::string_view DerivationName(Derivation d) {
  switch (d) {
    case Derivation::kDirect: return "direct";
    case Derivation::kTransformed: return "transformed";
    case Derivation::kAggregated: return "aggregated";
  }
  return "direct";
}

std::string UsageNames(uint16_t usage) {
  static constexpr std::pair<uint16_t, std::string_view> kNames[] = {
      {kUseProjected, "projected"}, {kUseFiltered, "filtered"}, {kUseJoined, "joined"}, {kUseGrouped, "grouped"},
      {kUseOrdered, "ordered"},     {kUseStar, "star"},         {kUseOther, "other"},
      {kUseView, "view"},           {kUseComputed, "computed"}};
  std::string s;
  for (auto [bit, name] : kNames) {
    if ((usage & bit) == 0) continue;
    if (!s.empty()) s.push_back(',');
    s.append(name);
  }
  return s;
}

std::string AccessNames(uint8_t access) {
  std::string s;
  if (access & kAccessRead) s.append("read");
  if (access & kAccessWrite) s.append(s.empty() ? "write" : ",write");
  if (access & kAccessDdl) s.append(s.empty() ? "ddl" : ",ddl");
  return s;
}

std::string FactsToJson(const AnalysisResult& result, const FactsJsonOptions& options) {
  std::string out = "{\"statements\":[";
  size_t si = 0;
  size_t ei = 0;
  size_t index = 0;
  while (si < result.statements.size() || ei < result.errors.size()) {
    if (index > 0) out.push_back(',');
    if (options.one_per_line) out.push_back('\n');
    bool take_error = ei < result.errors.size() &&
                      (si >= result.statements.size() ||
                       result.errors[ei].statement_index <= index);
    if (take_error) {
      AppendError(&out, index, result.errors[ei++]);
    } else {
      AppendStatement(&out, index, result.statements[si++], options);
    }
    ++index;
  }
  if (options.one_per_line && index > 0) out.push_back('\n');
  out.append("]}\n");
  return out;
}

}  // namespace govern
