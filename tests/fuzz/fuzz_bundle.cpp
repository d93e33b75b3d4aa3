// libFuzzer target: the bundle loader. Inputs that pass the hash are rare, so
// the target also re-hashes the content (as an attacker could) before loading:
// whatever the verifier accepts must then decide and render without crashing.
#include <cstdint>
#include <string>
#include <vector>

#include "bundle/crypto.h"
#include "bundle/loader.h"
#include "vm/vm.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  std::string bytes(reinterpret_cast<const char*>(data), size);
  (void)govern::LoadBundleBytes(bytes, {});
  if (size < 64) return 0;
  auto digest = govern::Sha256(std::string_view(bytes).substr(0, size - 32));
  bytes.replace(size - 32, 32, reinterpret_cast<const char*>(digest.data()), 32);
  auto loaded = govern::LoadBundleBytes(bytes, {});
  if (!loaded.ok()) return 0;
  govern::BoundProgram program(loaded->program, nullptr);
  std::string_view groups[] = {"analyst", "ml"};
  std::string_view names[] = {"public.t"};
  govern::ColumnFact cols[] = {{"public.t.a", -1, -1, govern::kUseProjected | govern::kUseFiltered, 0}};
  govern::OutputFact outs[] = {{"a", govern::Derivation::kDirect, cols}};
  govern::StatementFacts facts;
  facts.reads = cols;
  facts.output_sources = cols;
  facts.outputs = outs;
  facts.targets = names;
  govern::Context ctx;
  ctx.identity.groups = groups;
  ctx.env = "prod";
  for (int k = 0; k < 41; ++k) {
    facts.kind = static_cast<govern::StatementKind>(k);
    govern::Decision d;
    govern::Decide(program, facts, ctx, &d);
    for (const auto& f : d.fired)
      govern::RenderTemplate(program, program.data().effects[f.effect].text, facts, ctx);
  }
  return 0;
}
