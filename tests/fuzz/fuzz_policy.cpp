// libFuzzer target: the policy front end, checker and codegen on arbitrary
// text. Any input must give diagnostics or a program that verifies; never a
// crash, a hang or a sanitizer report.
#include <cstdint>
#include <cstdlib>
#include <string>

#include "bundle/verifier.h"
#include "driver/compile.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  std::string text(reinterpret_cast<const char*>(data), size);
  auto result = govern::compiler::CompileText("fuzz.policy", text);
  result->diagnostics.Render();
  if (result->program && !govern::VerifyProgram(*result->program).ok()) std::abort();
  return 0;
}
