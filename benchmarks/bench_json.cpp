// How to read libpg_query's JSON (issue 13, "facts without copies"): simdjson
// DOM (what runtime/sql reads today) against On-Demand, on the JSON of the
// pipelines statements, each tree read once in full (every key, every string
// and number: the walker reads most of each tree, WalkAny all of a subtree).
// Ratios to BM_JsonDomBuild in the same run say what On-Demand could save.
#include <benchmark/benchmark.h>
#include <pg_query.h>
#include <simdjson.h>

#include <string>
#include <vector>

#include "workload.h"

namespace govern::bench {
namespace {

struct Trees {
  std::vector<simdjson::padded_string> json;
  size_t bytes = 0;
  Trees() {
    auto engine = StandardEngine(PipelineCatalogPaths());
    for (const std::string& t : StatementTexts(*engine, LoadSqlFiles("pipelines"))) {
      PgQueryParseResult r = pg_query_parse(t.c_str());
      if (r.error == nullptr) {
        json.emplace_back(std::string_view(r.parse_tree));
        bytes += json.back().size();
      }
      pg_query_free_parse_result(r);
    }
  }
};

const Trees& AllTrees() {
  static Trees t;
  return t;
}

void Finish(benchmark::State& state, const Trees& t) {
  state.SetItemsProcessed(static_cast<int64_t>(state.iterations() * t.json.size()));
  state.SetBytesProcessed(static_cast<int64_t>(state.iterations() * t.bytes));
}

size_t WalkDom(simdjson::dom::element e) {
  size_t n = 1;
  switch (e.type()) {
    case simdjson::dom::element_type::ARRAY:
      for (simdjson::dom::element c : simdjson::dom::array(e)) n += WalkDom(c);
      break;
    case simdjson::dom::element_type::OBJECT:
      for (auto field : simdjson::dom::object(e)) n += field.key.size() + WalkDom(field.value);
      break;
    case simdjson::dom::element_type::STRING:
      n += std::string_view(e).size();
      break;
    default:
      break;
  }
  return n;
}

size_t WalkOnDemand(simdjson::ondemand::value v) {
  size_t n = 1;
  simdjson::ondemand::json_type type;
  if (v.type().get(type) != simdjson::SUCCESS) return n;
  switch (type) {
    case simdjson::ondemand::json_type::array:
      for (auto c : v.get_array()) n += WalkOnDemand(c.value_unsafe());
      break;
    case simdjson::ondemand::json_type::object:
      for (auto field : v.get_object()) {
        std::string_view key;
        if (field.unescaped_key().get(key) == simdjson::SUCCESS) n += key.size();
        n += WalkOnDemand(field.value());
      }
      break;
    case simdjson::ondemand::json_type::string: {
      std::string_view s;
      if (v.get_string().get(s) == simdjson::SUCCESS) n += s.size();
      break;
    }
    case simdjson::ondemand::json_type::number: {
      int64_t i;
      if (v.get_int64().get(i) == simdjson::SUCCESS) n += static_cast<size_t>(i & 1);
      break;
    }
    default:
      break;
  }
  return n;
}

// DOM: build the tape only (the part of the cost On-Demand replaces).
void BM_JsonDomBuild(benchmark::State& state) {
  const Trees& t = AllTrees();
  simdjson::dom::parser parser;
  for (auto _ : state)
    for (const auto& j : t.json) benchmark::DoNotOptimize(parser.parse(j).error());
  Finish(state, t);
}
BENCHMARK(BM_JsonDomBuild)->Unit(benchmark::kMillisecond);

// DOM: build, then read every value once.
void BM_JsonDomRead(benchmark::State& state) {
  const Trees& t = AllTrees();
  simdjson::dom::parser parser;
  for (auto _ : state)
    for (const auto& j : t.json) benchmark::DoNotOptimize(WalkDom(parser.parse(j).value_unsafe()));
  Finish(state, t);
}
BENCHMARK(BM_JsonDomRead)->Unit(benchmark::kMillisecond);

// On-Demand: read every value once, forward only.
void BM_JsonOnDemandRead(benchmark::State& state) {
  const Trees& t = AllTrees();
  simdjson::ondemand::parser parser;
  for (auto _ : state) {
    for (const auto& j : t.json) {
      simdjson::ondemand::document doc;
      if (parser.iterate(j).get(doc) != simdjson::SUCCESS) continue;
      simdjson::ondemand::value root;
      if (doc.get_value().get(root) == simdjson::SUCCESS) benchmark::DoNotOptimize(WalkOnDemand(root));
    }
  }
  Finish(state, t);
}
BENCHMARK(BM_JsonOnDemandRead)->Unit(benchmark::kMillisecond);

}  // namespace
}  // namespace govern::bench
