#include "diag/diagnostics.h"

#include <llvm/ADT/StringRef.h>

#include <algorithm>

namespace govern::compiler {

void Diagnostics::Error(Span span, std::string message, std::string help) {
  all_.push_back({Severity::kError, span, std::move(message), std::move(help)});
  ++errors_;
}

void Diagnostics::Warning(Span span, std::string message, std::string help) {
  all_.push_back({Severity::kWarning, span, std::move(message), std::move(help)});
}

std::string Diagnostics::Render(const Diagnostic& d, bool color) const {
  const char* bold = color ? "\033[1m" : "";
  const char* red = color ? "\033[1;31m" : "";
  const char* yellow = color ? "\033[1;33m" : "";
  const char* green = color ? "\033[1;32m" : "";
  const char* reset = color ? "\033[0m" : "";
  const SourceFile& f = sources_.file(d.span.file);
  LineCol lc = f.Locate(d.span.begin);
  const char* sev = d.severity == Severity::kError ? "error" : d.severity == Severity::kWarning ? "warning" : "note";
  std::string out = std::string(bold) + f.path() + ":" + std::to_string(lc.line) + ":" + std::to_string(lc.column) +
                    ": " + reset + (d.severity == Severity::kError ? red : yellow) + sev + ": " + reset + bold +
                    d.message + reset + "\n";
  std::string_view line = f.Line(lc.line);
  std::string gutter = std::to_string(lc.line);
  std::string pad(gutter.size(), ' ');
  out += " " + gutter + " | " + std::string(line) + "\n";
  std::string caret(lc.column - 1, ' ');
  for (size_t i = 0; i < caret.size() && i < line.size(); ++i)
    if (line[i] == '\t') caret[i] = '\t';
  uint32_t width = 1;
  if (d.span.end > d.span.begin) {
    uint32_t rest_of_line = static_cast<uint32_t>(line.size()) - std::min<uint32_t>(lc.column - 1, static_cast<uint32_t>(line.size()));
    width = std::max<uint32_t>(1, std::min(d.span.end - d.span.begin, rest_of_line));
  }
  out += " " + pad + " | " + caret + green + "^" + std::string(width - 1, '~') + reset + "\n";
  if (!d.help.empty()) out += " " + pad + " = help: " + d.help + "\n";
  return out;
}

std::string Diagnostics::Render(bool color) const {
  std::string out;
  for (const auto& d : all_) out += Render(d, color);
  return out;
}

std::string DidYouMean(std::string_view word, const std::vector<std::string>& candidates) {
  std::string best;
  unsigned best_distance = ~0u;
  llvm::StringRef w(word.data(), word.size());
  for (const auto& c : candidates) {
    unsigned d = w.edit_distance(c, /*AllowReplacements=*/true, /*MaxEditDistance=*/best_distance);
    if (d < best_distance) {
      best_distance = d;
      best = c;
    }
  }
  // Close enough: at most a third of the word, and at least one edit allowed.
  unsigned limit = std::max<unsigned>(1, (static_cast<unsigned>(word.size()) + 2) / 3);
  return best_distance <= limit ? best : std::string();
}

}  // namespace govern::compiler
