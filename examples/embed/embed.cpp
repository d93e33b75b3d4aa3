// Embedding govern: load a signed or unsigned bundle, analyse SQL, decide for
// an identity, and act on the decision. Links govern_runtime only: no
// compiler, no ANTLR. This is what a proxy does per statement.
//
//   embed BUNDLE [CATALOG...] < queries.sql
#include <cstdio>
#include <iostream>
#include <iterator>
#include <string>

#include "govern/govern.h"

int main(int argc, char** argv) {
  if (argc < 2) {
    std::fprintf(stderr, "usage: %s BUNDLE [CATALOG_SOURCE...] < queries.sql\n", argv[0]);
    return 2;
  }
  govern::EngineOptions options;
  for (int i = 2; i < argc; ++i) options.catalog_paths.push_back(argv[i]);
  // options.verify_key_path = "govern.pub";  // require a signature
  auto engine = govern::Engine::Load(argv[1], options);
  if (!engine.ok()) {
    std::fprintf(stderr, "cannot load %s: %s\n", argv[1], engine.status().message().c_str());
    return 2;
  }
  auto identity = govern::ParseIdentityJson(R"({"user":"ana","kind":"human","groups":["analyst"]})");
  if (!identity.ok()) return 2;
  identity->SetEnv("prod");
  const govern::Context& context = identity->view();

  govern::Session session(**engine);  // one per thread; reuses its buffers
  std::string sql((std::istreambuf_iterator<char>(std::cin)), std::istreambuf_iterator<char>());
  const govern::AnalysisResult& result = session.Analyze(sql);
  for (const govern::ParseDiagnostic& e : result.errors)
    std::printf("line %u: does not parse, refused: %s\n", e.pos.line, e.message.c_str());  // fail closed
  for (const govern::StatementFacts& statement : result.statements) {
    const govern::Decision& decision = session.Decide(statement, context);
    std::printf("line %u: %s %s\n", statement.pos.line, std::string(govern::StatementKindName(statement.kind)).c_str(),
                std::string(govern::VerdictName(decision.verdict)).c_str());
    for (const govern::FiredEffect& fired : decision.fired) {
      std::string message = session.Message(fired, statement, context);
      if (!message.empty()) std::printf("  %s\n", message.c_str());
    }
    for (const govern::MaskAssignment& mask : decision.masks)
      std::printf("  mask result column %s with %s\n", std::string(statement.outputs[mask.output].name).c_str(),
                  std::string(govern::MaskMethodName(mask.method)).c_str());
  }
  return 0;
}
