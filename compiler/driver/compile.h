// The compiler driver: policy files (or directories of *.policy) -> parsed,
// checked, folded, indexed IR -> ProgramData. Diagnostics collect everything.
#pragma once

#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "bundle/program.h"
#include "catalog/catalog.h"
#include "diag/diagnostics.h"
#include "ir/ir.h"
#include "syntax/arena.h"

namespace govern::compiler {

struct CompileOptions {
  std::vector<std::string> inputs;    // files or directories (searched recursively for *.policy)
  const Catalog* catalog = nullptr;   // enables "matches nothing" warnings
  std::string catalog_json;           // embedded into the bundle when non-empty
  bool generate = true;               // false: check only
  // Warn when tag selectors meet no catalog (check and build: the bundle
  // would be refused by decide, lint, bench and the proxy without one).
  bool warn_tags_without_catalog = false;
};

struct CompileResult {
  SourceSet sources;
  Diagnostics diagnostics{sources};
  IrModule module;
  std::optional<ProgramData> program;  // set when there were no errors and generate was on
  std::string input_error;             // unreadable inputs (exit 2)
};

std::unique_ptr<CompileResult> Compile(const CompileOptions& options);

// Expands directories into their *.policy files (sorted); errors name the path.
bool ExpandPolicyInputs(const std::vector<std::string>& inputs, std::vector<std::string>* files, std::string* error);

// Compiles policy text held in memory (tests, fuzzing).
std::unique_ptr<CompileResult> CompileText(const std::string& path, const std::string& text,
                                           const Catalog* catalog = nullptr);

}  // namespace govern::compiler
