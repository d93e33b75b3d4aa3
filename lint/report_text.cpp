#include <cstdio>

#include "report.h"

namespace govern::lint {
namespace {

std::string_view LineOf(const std::string& text, uint32_t line) {
  size_t start = 0;
  for (uint32_t l = 1; l < line && start != std::string::npos; ++l) {
    start = text.find('\n', start);
    if (start != std::string::npos) ++start;
  }
  if (start == std::string::npos || start > text.size()) return {};
  size_t end = text.find('\n', start);
  std::string_view s(text.data() + start, (end == std::string::npos ? text.size() : end) - start);
  if (!s.empty() && s.back() == '\r') s.remove_suffix(1);
  return s;
}

}  // namespace

std::string BaselineUnmatchedHeadline(const ReportOptions& o) {
  size_t n = o.baseline_unmatched.size();
  if (n == 0) return "";
  return std::to_string(n) + (n == 1 ? " entry" : " entries") + " of the baseline " +
         (o.baseline_path.empty() ? std::string() : o.baseline_path + " ") + (n == 1 ? "matches" : "match") +
         " nothing any more (fixed, or the file is gone): rewrite it with --write-baseline";
}

std::string BaselineEntryText(const BaselineEntry& e) {
  return e.file + ": " + e.rule + (e.message.empty() ? "" : " (" + e.message + ")");
}

Counts CountFindings(const LintRun& run, Severity fail_level) {
  Counts c;
  for (const FileResult& f : run.files) {
    c.suppressed += f.suppressed;
    if (!f.error.empty()) ++c.unreadable;
    for (const Finding& x : f.findings) {
      if (x.severity == Severity::kError) ++c.errors;
      if (x.severity == Severity::kWarning) ++c.warnings;
      if (static_cast<int>(x.severity) <= static_cast<int>(fail_level)) ++c.failing;
    }
  }
  return c;
}

std::string ReportText(const LintRun& run, const ReportOptions& o) {
  const char* bold = o.color ? "\033[1m" : "";
  const char* red = o.color ? "\033[1;31m" : "";
  const char* yellow = o.color ? "\033[1;33m" : "";
  const char* blue = o.color ? "\033[1;34m" : "";
  const char* dim = o.color ? "\033[2m" : "";
  const char* reset = o.color ? "\033[0m" : "";
  std::string out;
  size_t files_with_findings = 0;
  for (const FileResult& f : run.files) {
    if (!f.error.empty()) out += std::string(red) + "error" + reset + ": " + f.error + "\n";
    if (!f.findings.empty()) ++files_with_findings;
    for (const Finding& x : f.findings) {
      const char* color = x.severity == Severity::kError ? red : yellow;
      out += std::string(bold) + x.file + ":" + std::to_string(x.line) + ":" + std::to_string(x.column) + ": " + reset +
             color + std::string(SeverityName(x.severity)) + reset + " " + blue + "[" + x.rule + "]" + reset + " " +
             bold + x.message + reset + "\n";
      std::string_view line = LineOf(f.text, x.line);
      if (line.empty()) continue;
      std::string gutter = std::to_string(x.line);
      out += " " + gutter + " | " + std::string(line) + "\n";
      // One pad character per character of the line before the column (the
      // column counts bytes), tabs kept, so the caret sits under it.
      std::string caret;
      for (size_t i = 0; i + 1 < x.column; ++i) {
        if (i < line.size() && (static_cast<unsigned char>(line[i]) & 0xC0) == 0x80) continue;
        caret.push_back(i < line.size() && line[i] == '\t' ? '\t' : ' ');
      }
      out += " " + std::string(gutter.size(), ' ') + " | " + caret + color + "^" + reset +
             (x.profile.empty() ? "" : std::string(dim) + "  (as profile " + x.profile + ")" + reset) + "\n";
    }
  }
  Counts c = CountFindings(run, o.fail_level);
  char timing[64];
  std::snprintf(timing, sizeof timing, "%.2f s", run.seconds);
  out += std::string(bold) + std::to_string(c.errors) + " error" + (c.errors == 1 ? "" : "s") + ", " +
         std::to_string(c.warnings) + " warning" + (c.warnings == 1 ? "" : "s") + reset + " in " +
         std::to_string(files_with_findings) + " of " + std::to_string(run.files.size()) + " files (" +
         std::to_string(run.statements) + " statements, " + timing;
  if (c.suppressed) out += ", " + std::to_string(c.suppressed) + " suppressed";
  if (o.baselined) out += ", " + std::to_string(o.baselined) + " in the baseline";
  out += ")\n";
  if (!o.baseline_unmatched.empty()) {
    out += std::string(yellow) + "note" + reset + ": " + BaselineUnmatchedHeadline(o) + "\n";
    for (const BaselineEntry& e : o.baseline_unmatched) out += "  " + BaselineEntryText(e) + "\n";
  }
  return out;
}

}  // namespace govern::lint
