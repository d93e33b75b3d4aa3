// govern_bench_export --rules N --out DIR: the inputs of the peer comparison.
//   DIR/gen_N.policy   the generated govern policy (policy_gen.h)
//   DIR/gen_N.cedar    the same rules for Cedar
//   DIR/requests.json  one Cedar request per (pipelines statement, identity):
//                      the facts govern extracted, as a Cedar context, plus
//                      govern's verdict ("expect": deny when govern denies or
//                      requires approval, which the Cedar rules model as forbid)
#include <cstdio>
#include <cstring>
#include <fstream>
#include <set>
#include <string>

#include <nlohmann/json.hpp>

#include "policy_gen.h"
#include "workload.h"

using namespace govern;
using namespace govern::bench;

namespace {

std::string TableOf(std::string_view qname) { return std::string(qname.substr(0, qname.rfind('.'))); }
std::string SchemaOf(std::string_view qname) { return std::string(qname.substr(0, qname.find('.'))); }

nlohmann::json Tags(const Catalog* catalog, std::span<const ColumnFact> cols, uint16_t usage_mask) {
  std::set<std::string> tags;
  if (catalog)
    for (const ColumnFact& c : cols) {
      if (usage_mask && !(c.usage & usage_mask)) continue;
      if (c.column_id < 0) continue;
      for (uint32_t t : catalog->column(c.column_id).tags) tags.emplace(catalog->TagName(t));
    }
  return nlohmann::json(std::vector<std::string>(tags.begin(), tags.end()));
}

}  // namespace

int main(int argc, char** argv) {
  int rules = 0;
  std::string out_dir;
  for (int i = 1; i + 1 < argc; i += 2) {
    if (!std::strcmp(argv[i], "--rules")) rules = std::atoi(argv[i + 1]);
    else if (!std::strcmp(argv[i], "--out")) out_dir = argv[i + 1];
  }
  if (rules <= 0 || out_dir.empty()) {
    std::fprintf(stderr, "usage: govern_bench_export --rules N --out DIR\n");
    return 2;
  }
  std::string policy = GeneratePolicy(rules);
  std::vector<std::string> catalogs = PipelineCatalogPaths();
  auto engine = EngineFromText(policy, catalogs);
  const Catalog* catalog = engine->catalog();
  std::set<std::string> pii;
  if (catalog)
    for (size_t c = 0; c < catalog->column_count(); ++c)
      for (uint32_t t : catalog->column(static_cast<int32_t>(c)).tags)
        if (catalog->TagName(t).rfind("pii.", 0) == 0) pii.emplace(catalog->TagName(t));
  std::ofstream(out_dir + "/gen_" + std::to_string(rules) + ".policy") << policy;
  // The same rules scoped to ten applications (a context that 10% of the rules concern).
  std::ofstream(out_dir + "/gen_" + std::to_string(rules) + "_scoped.policy") << GeneratePolicy(rules, 10);
  std::ofstream(out_dir + "/gen_" + std::to_string(rules) + ".cedar")
      << GenerateCedarPolicies(rules, std::vector<std::string>(pii.begin(), pii.end()));

  std::string all;
  for (const std::string& t : StatementTexts(*engine, LoadSqlFiles("pipelines"))) all += t + ";\n";
  Session session(*engine);
  const AnalysisResult& result = session.Analyze(all);
  std::vector<OwnedContext> ids = Identities();
  nlohmann::json requests = nlohmann::json::array();
  for (OwnedContext& id : ids) {
    const Context& ctx = id.view();
    std::string team;
    for (const auto& [k, v] : id.attrs)
      if (k == "team") team = v;
    for (const StatementFacts& f : result.statements) {
      std::set<std::string> output_tables, star_schemas, reads;
      for (const ColumnFact& c : f.output_sources) output_tables.insert(TableOf(c.name));
      for (const ColumnFact& c : f.reads) {
        reads.emplace(c.name);
        if (c.usage & kUseStar) star_schemas.insert(SchemaOf(c.name));
      }
      nlohmann::json context = {
          {"user", id.user}, {"purpose", id.purpose}, {"identity_kind", id.kind}, {"env", id.env},
          {"groups", id.groups}, {"roles", id.roles}, {"team", team},
          {"kind", std::string(StatementKindName(f.kind))}, {"has_where", f.has_where}, {"has_limit", f.has_limit},
          {"read_tags", Tags(catalog, f.reads, 0)}, {"output_tags", Tags(catalog, f.output_sources, 0)},
          {"filter_tags", Tags(catalog, f.reads, kUseFilterLike)},
          {"output_tables", std::vector<std::string>(output_tables.begin(), output_tables.end())},
          {"star_schemas", std::vector<std::string>(star_schemas.begin(), star_schemas.end())},
          {"functions", std::vector<std::string>(f.functions.begin(), f.functions.end())},
          {"read_count", static_cast<int64_t>(reads.size())}};
      const Decision& d = session.Decide(f, ctx);
      requests.push_back({{"principal", {{"type", "User"}, {"id", id.user}}},
                          {"action", {{"type", "Action"}, {"id", "query"}}},
                          {"resource", {{"type", "Database"}, {"id", "db"}}},
                          {"context", context},
                          {"expect", d.verdict == Verdict::kAllow ? "allow" : "deny"}});
    }
  }
  std::ofstream(out_dir + "/requests.json") << requests.dump();
  std::printf("%zu requests, %d rules, %zu pii tags\n", requests.size(), rules, pii.size());
  return 0;
}
