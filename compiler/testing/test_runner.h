// `govern test`: runs the `test` blocks of policy files. Each test's SQL is
// analysed against its catalogs, decided by the VM, checked against its
// expectations, and decided again by the reference evaluator over the IR:
// the two must agree (verification mode), or the test fails.
#pragma once

#include <string>
#include <vector>

#include "driver/compile.h"

namespace govern::compiler {

struct TestOutcome {
  std::string name;
  std::string location;  // file:line:col of the test block
  bool passed = false;
  std::vector<std::string> failures;  // one line each: what was expected, what happened
};

struct TestRunOptions {
  std::vector<std::string> extra_catalogs;  // --catalog, added to every test's own
  std::string filter;                       // run only tests whose name contains this
};

std::vector<TestOutcome> RunPolicyTests(const CompileResult& compiled, const TestRunOptions& options);

}  // namespace govern::compiler
