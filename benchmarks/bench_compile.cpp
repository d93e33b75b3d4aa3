// Compile time of generated policies (10, 100, 1,000 rules), and compile +
// verify + bind to the pipelines catalog (what loading a policy directory costs).
#include <benchmark/benchmark.h>

#include "catalog/loaders.h"
#include "driver/compile.h"
#include "policy_gen.h"
#include "workload.h"

namespace govern::bench {
namespace {

void BM_Compile(benchmark::State& state) {
  std::string text = GeneratePolicy(static_cast<int>(state.range(0)));
  Catalog catalog;
  if (Status s = LoadCatalogSourcesInto(PipelineCatalogPaths(), &catalog); !s.ok()) Die(s.message());
  for (auto _ : state) {
    auto result = compiler::CompileText("generated.policy", text, &catalog);  // with the catalog's warnings
    if (!result->program) Die(result->diagnostics.Render());
    benchmark::DoNotOptimize(result->program->code.size());
  }
  state.counters["rules"] = static_cast<double>(state.range(0));
  state.counters["bytes"] = static_cast<double>(text.size());
}
BENCHMARK(BM_Compile)->ArgName("rules")->Arg(10)->Arg(100)->Arg(1000)->Unit(benchmark::kMillisecond);

void BM_CompileAndBind(benchmark::State& state) {
  std::string text = GeneratePolicy(static_cast<int>(state.range(0)));
  std::vector<std::string> catalogs = PipelineCatalogPaths();
  for (auto _ : state) benchmark::DoNotOptimize(EngineFromText(text, catalogs).get());
  state.counters["rules"] = static_cast<double>(state.range(0));
}
BENCHMARK(BM_CompileAndBind)->ArgName("rules")->Arg(1000)->Unit(benchmark::kMillisecond);

}  // namespace
}  // namespace govern::bench
