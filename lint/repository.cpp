#include "repository.h"

#include <filesystem>

#include "bundle/loader.h"
#include "driver/compile.h"
#include "file_set.h"

namespace govern::lint {

std::string BaseDir(const LintConfig& cfg) { return cfg.base_dir.empty() ? "." : cfg.base_dir; }

Expected<std::vector<std::string>> RepositoryFiles(const LintConfig& cfg, const std::vector<std::string>& paths) {
  std::vector<std::string> all = paths;
  if (all.empty()) all.push_back(cfg.base_dir.empty() ? "." : RelativeTo(cfg.base_dir, "."));
  return ExpandPaths(all, cfg.exclude, BaseDir(cfg));
}

void ReadFiles(std::vector<FileResult>* files) {
  for (FileResult& r : *files) {
    auto text = ReadFile(r.file);
    if (!text) r.error = text.status().message();
    else r.text = std::move(*text);
  }
}

std::vector<FlowInput> FlowInputs(const LintConfig& cfg, const std::vector<FileResult>& files) {
  std::vector<FlowInput> inputs;
  for (const FileResult& r : files)
    if (r.error.empty()) inputs.push_back({RelativeTo(r.file, BaseDir(cfg)), r.text});
  return inputs;
}

Expected<std::unique_ptr<Engine>> BuildLintEngine(const LintConfig& cfg, const std::vector<FileResult>& files, bool flow,
                                                  std::vector<std::string>* warnings) {
  EngineOptions options;
  std::vector<std::string> flow_warnings;
  // The flow parses every file (twice or more) and lint parses them again.
  // Each parse is PostgreSQL's grammar alone (raw nodes read in place):
  // parsing again costs less than keeping libpg_query's JSON and reading it
  // back (BM_LintFlow*/keep_parses in BENCHMARKS.md), and holds no memory.
  options.extend_catalog = [&](Catalog* catalog) {
    // Catalog sources are loaded by absolute path: name them as in the repository.
    catalog->RelativizeDerivedWhere(std::filesystem::absolute(BaseDir(cfg)).lexically_normal().string());
    if (!flow) return;
    FlowReport report = ApplyCatalogFlow(FlowInputs(cfg, files), catalog, 32, nullptr);
    if (!report.converged)
      flow_warnings.push_back("warning: repository flow stopped after " + std::to_string(report.passes) +
                              " passes with derived tags still growing");
  };
  options.catalog_paths = cfg.catalog_sources;
  options.search_path = cfg.search_path;
  options.verify_key_path = cfg.verify_key;
  options.allow_no_catalog = cfg.allow_no_catalog;
  auto load = [&]() -> Expected<std::unique_ptr<Engine>> {
    if (!cfg.bundle.empty()) return Engine::Load(cfg.bundle, options);
    compiler::CompileOptions copts;
    copts.inputs = cfg.policy_sources;
    auto compiled = compiler::Compile(copts);
    if (!compiled->input_error.empty()) return Status::Error(compiled->input_error);
    if (!compiled->program) {
      // The diagnostics carry their own `file:line:col: error:`; on a line of
      // their own under the one-line reason, not after a second prefix.
      std::string rendered = compiled->diagnostics.Render();
      while (!rendered.empty() && rendered.back() == '\n') rendered.pop_back();
      return Status::Error("policies do not compile:\n" + rendered);
    }
    return Engine::FromProgram(std::move(*compiled->program), options);
  };
  auto engine = load();
  if (!engine) return engine.status();
  warnings->insert(warnings->end(), (*engine)->warnings().begin(), (*engine)->warnings().end());
  warnings->insert(warnings->end(), flow_warnings.begin(), flow_warnings.end());
  return engine;
}

}  // namespace govern::lint
