// `govern lint --format gitlab`: GitLab Code Quality (a JSON array of issues:
// description, check_name, fingerprint, severity, location.path,
// location.lines.begin), for `artifacts: reports: codequality`.
#include <map>
#include <nlohmann/json.hpp>

#include "bundle/crypto.h"
#include "report.h"

namespace govern::lint {
namespace {

std::string GitlabSeverity(Severity s) {
  switch (s) {
    case Severity::kError: return "major";
    case Severity::kWarning: return "minor";
    case Severity::kNote: return "info";
  }
  return "major";
}

// GitLab matches issues across commits by fingerprint: it must be unique in a
// report and stable when lines move. The rule, the file and the statement's
// fingerprint (its normalised text), plus an occurrence number for the same
// rule on identical statements of one file.
std::string Fingerprint(const std::string& rule, const std::string& file, const std::string& statement,
                        std::map<std::string, int>* seen) {
  std::string key = rule + '\n' + file + '\n' + statement;
  key += '\n' + std::to_string((*seen)[key]++);
  std::array<uint8_t, 32> digest = Sha256(key);
  static const char* hex = "0123456789abcdef";
  std::string out;
  for (size_t i = 0; i < 16; ++i) {
    out.push_back(hex[digest[i] >> 4]);
    out.push_back(hex[digest[i] & 15]);
  }
  return out;
}

nlohmann::json Issue(const std::string& description, const std::string& check, const std::string& fingerprint,
                     const std::string& severity, const std::string& path, uint32_t line) {
  return {{"type", "issue"},
          {"description", description},
          {"check_name", check},
          {"fingerprint", fingerprint},
          {"severity", severity},
          {"location", {{"path", path}, {"lines", {{"begin", line}}}}}};
}

}  // namespace

std::string ReportGitlab(const LintRun& run, const ReportOptions&) {
  nlohmann::json issues = nlohmann::json::array();
  std::map<std::string, int> seen;
  for (const FileResult& f : run.files) {
    if (!f.error.empty())
      issues.push_back(Issue(f.error, "unreadable", Fingerprint("unreadable", f.display, "", &seen), "blocker",
                             f.display, 1));
    for (const Finding& x : f.findings) {
      std::string statement = x.fingerprint.empty() ? std::to_string(x.line) : x.fingerprint;
      issues.push_back(Issue(x.rule + ": " + x.message, x.rule, Fingerprint(x.rule, x.file, statement, &seen),
                             GitlabSeverity(x.severity), x.file, x.line));
    }
  }
  return issues.dump(1, ' ', false, nlohmann::json::error_handler_t::replace) + "\n";
}

}  // namespace govern::lint
