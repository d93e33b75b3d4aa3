// Diagnostics like a compiler's: many per run, each as
//   file:line:col: error: message
//    12 |   when identity.purpos == "training"
//       |        ^~~~~~~~~~~~~~~
//       = help: did you mean `identity.purpose`?
// Messages are lower-case without a final period (LLVM style).
#pragma once

#include <string>
#include <vector>

#include "diag/source.h"

namespace govern::compiler {

enum class Severity { kError, kWarning, kNote };

struct Diagnostic {
  Severity severity = Severity::kError;
  Span span;
  std::string message;
  std::string help;  // e.g. "did you mean `identity.purpose`?"; empty if none
};

class Diagnostics {
 public:
  explicit Diagnostics(const SourceSet& sources) : sources_(sources) {}
  void Error(Span span, std::string message, std::string help = "");
  void Warning(Span span, std::string message, std::string help = "");
  bool has_errors() const { return errors_ > 0; }
  size_t error_count() const { return errors_; }
  size_t warning_count() const { return all_.size() - errors_; }
  const std::vector<Diagnostic>& all() const { return all_; }
  // Renders every diagnostic; `color` adds ANSI colours (TTY only).
  std::string Render(bool color = false) const;
  std::string Render(const Diagnostic& d, bool color = false) const;

 private:
  const SourceSet& sources_;
  std::vector<Diagnostic> all_;
  size_t errors_ = 0;
};

// The closest candidate by edit distance, or "" when none is close enough.
std::string DidYouMean(std::string_view word, const std::vector<std::string>& candidates);

}  // namespace govern::compiler
