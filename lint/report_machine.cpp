// Machine formats: json, sarif, github.
#include <algorithm>
#include <cctype>
#include <cstdio>
#include <map>
#include <nlohmann/json.hpp>

#include "file_set.h"
#include "report.h"

namespace govern::lint {
namespace {

std::string SarifLevel(Severity s) {
  switch (s) {
    case Severity::kError: return "error";
    case Severity::kWarning: return "warning";
    case Severity::kNote: return "note";
  }
  return "error";
}

// A relative URI reference: '/' separators, reserved characters escaped.
std::string UriOf(const std::string& path) {
  std::string out;
  for (unsigned char c : path) {
    if (std::isalnum(c) || std::string_view("/-._~").find(static_cast<char>(c)) != std::string_view::npos) {
      out.push_back(static_cast<char>(c));
    } else {
      char buf[4];
      std::snprintf(buf, sizeof buf, "%%%02X", c);
      out += buf;
    }
  }
  if (out.rfind("./", 0) == 0) out.erase(0, 2);
  return out;
}

std::string GithubEscape(const std::string& s, bool property) {
  std::string out;
  for (char c : s) {
    switch (c) {
      case '%': out += "%25"; break;
      case '\r': out += "%0D"; break;
      case '\n': out += "%0A"; break;
      case ':': out += property ? "%3A" : ":"; break;
      case ',': out += property ? "%2C" : ","; break;
      default: out.push_back(c);
    }
  }
  return out;
}

// SARIF columns count UTF-16 code units (its default columnKind); govern's
// count bytes. Converts a 1-based byte column of `line` (1-based) in `text`.
class Utf16Columns {
 public:
  explicit Utf16Columns(std::string_view text) : text_(text) {
    starts_.push_back(0);
    for (size_t i = 0; i < text.size(); ++i)
      if (text[i] == '\n') starts_.push_back(i + 1);
  }
  uint32_t operator()(uint32_t line, uint32_t byte_column) const {
    if (line == 0 || line > starts_.size() || byte_column == 0) return byte_column;
    size_t begin = starts_[line - 1], end = std::min(text_.size(), begin + byte_column - 1);
    uint32_t units = 1;
    for (size_t i = begin; i < end; ++i) {
      auto c = static_cast<unsigned char>(text_[i]);
      if ((c & 0xC0) == 0x80) continue;  // continuation byte
      units += c >= 0xF0 ? 2 : 1;        // 4-byte sequences are surrogate pairs
    }
    return units + static_cast<uint32_t>(begin + byte_column - 1 - end);  // past the text: as bytes
  }

 private:
  std::string_view text_;
  std::vector<size_t> starts_;
};

nlohmann::json MasksJson(const std::vector<MaskNote>& masks) {
  nlohmann::json out = nlohmann::json::array();
  for (const MaskNote& m : masks)
    out.push_back({{"output", m.output}, {"source", m.source}, {"method", m.method}, {"rule", m.rule}});
  return out;
}

}  // namespace

std::string ReportJson(const LintRun& run, const ReportOptions& o) {
  nlohmann::json findings = nlohmann::json::array();
  nlohmann::json errors = nlohmann::json::array();
  for (const FileResult& f : run.files) {
    if (!f.error.empty()) errors.push_back({{"file", f.display}, {"error", f.error}});
    for (const Finding& x : f.findings) {
      nlohmann::json j = {{"file", x.file},
                          {"line", x.line},
                          {"column", x.column},
                          {"rule", x.rule},
                          {"severity", std::string(SeverityName(x.severity))},
                          {"effect", x.effect},
                          {"message", x.message},
                          {"statement", x.statement},
                          {"fingerprint", x.fingerprint},
                          {"profile", x.profile}};
      if (!x.approval_group.empty()) j["approval_group"] = x.approval_group;
      if (!x.masks.empty()) j["masks"] = MasksJson(x.masks);
      if (x.statement_line)
        j["statement_span"] = {{"start_line", x.statement_line},
                               {"start_column", x.statement_column},
                               {"end_line", x.end_line},
                               {"end_column", x.end_column}};
      findings.push_back(std::move(j));
    }
  }
  Counts c = CountFindings(run, o.fail_level);
  nlohmann::json unmatched = nlohmann::json::array();
  for (const BaselineEntry& e : o.baseline_unmatched)
    unmatched.push_back({{"rule", e.rule}, {"file", e.file}, {"fingerprint", e.fingerprint}, {"message", e.message}});
  nlohmann::json doc = {{"version", 1},
                        {"findings", findings},
                        {"unreadable", errors},
                        {"warnings", run.warnings},
                        {"summary",
                         {{"files", run.files.size()},
                          {"statements", run.statements},
                          {"errors", c.errors},
                          {"warnings", c.warnings},
                          {"suppressed", c.suppressed},
                          {"baselined", o.baselined},
                          {"baseline_unmatched", unmatched},
                          {"failing", c.failing}}}};
  return doc.dump(1, ' ', false, nlohmann::json::error_handler_t::replace) + "\n";
}

std::string ReportSarif(const LintRun& run, const ReportOptions& o) {
  nlohmann::json rules = nlohmann::json::array();
  std::map<std::string, size_t> index;
  for (const RuleInfo& r : run.rules) {
    index[r.id] = rules.size();
    nlohmann::json rule = {{"id", r.id},
                           {"shortDescription", {{"text", r.description}}},
                           {"defaultConfiguration", {{"level", SarifLevel(r.severity)}}}};
    if (!r.help.empty()) rule["help"] = {{"text", r.help}};
    if (!r.help_uri.empty()) rule["helpUri"] = r.help_uri;
    rules.push_back(std::move(rule));
  }
  nlohmann::json results = nlohmann::json::array();
  for (const FileResult& f : run.files) {
    Utf16Columns utf16(f.text);
    for (const Finding& x : f.findings) {
      // region: where the finding points; contextRegion: the whole statement.
      nlohmann::json physical = {
          {"artifactLocation", {{"uri", UriOf(x.file)}}},
          {"region", {{"startLine", x.line}, {"startColumn", utf16(x.line, x.column)}}}};
      if (x.statement_line)
        physical["contextRegion"] = {{"startLine", x.statement_line},
                                     {"startColumn", utf16(x.statement_line, x.statement_column)},
                                     {"endLine", x.end_line},
                                     {"endColumn", utf16(x.end_line, x.end_column)}};
      nlohmann::json result = {{"ruleId", x.rule},
                               {"level", SarifLevel(x.severity)},
                               {"message", {{"text", x.message}}},
                               {"locations", nlohmann::json::array({{{"physicalLocation", physical}}})}};
      if (auto it = index.find(x.rule); it != index.end()) result["ruleIndex"] = it->second;
      if (!x.fingerprint.empty()) result["partialFingerprints"] = {{"governStatement/v1", x.fingerprint}};
      if (!x.approval_group.empty() || !x.masks.empty() || !x.profile.empty()) {
        nlohmann::json props = nlohmann::json::object();
        if (!x.profile.empty()) props["profile"] = x.profile;
        if (!x.approval_group.empty()) props["approvalGroup"] = x.approval_group;
        if (!x.masks.empty()) props["masks"] = MasksJson(x.masks);
        result["properties"] = std::move(props);
      }
      results.push_back(std::move(result));
    }
  }
  nlohmann::json sarif_run = {{"tool", {{"driver", {{"name", "govern"},
                                                     {"version", o.tool_version},
                                                     {"semanticVersion", o.tool_version},
                                                     {"rules", rules}}}}},
                              {"results", results}};
  if (!o.baseline_unmatched.empty()) {
    nlohmann::json notes = nlohmann::json::array();
    notes.push_back({{"level", "note"}, {"message", {{"text", BaselineUnmatchedHeadline(o)}}}});
    for (const BaselineEntry& e : o.baseline_unmatched)
      notes.push_back({{"level", "note"}, {"message", {{"text", "baseline entry matches nothing: " + BaselineEntryText(e)}}}});
    sarif_run["invocations"] = nlohmann::json::array(
        {{{"executionSuccessful", true}, {"toolExecutionNotifications", notes}}});
  }
  nlohmann::json doc = {
      {"$schema", "https://json.schemastore.org/sarif-2.1.0.json"},
      {"version", "2.1.0"},
      {"runs", nlohmann::json::array({sarif_run})}};
  return doc.dump(1, ' ', false, nlohmann::json::error_handler_t::replace) + "\n";
}

std::string ReportGithub(const LintRun& run, const ReportOptions& o) {
  std::string out;
  for (const FileResult& f : run.files) {
    if (!f.error.empty()) out += "::error file=" + GithubEscape(f.display, true) + "::" + GithubEscape(f.error, false) + "\n";
    for (const Finding& x : f.findings) {
      const char* cmd = x.severity == Severity::kError ? "error" : x.severity == Severity::kWarning ? "warning" : "notice";
      out += std::string("::") + cmd + " file=" + GithubEscape(x.file, true) + ",line=" + std::to_string(x.line) +
             ",col=" + std::to_string(x.column) + ",title=" + GithubEscape(x.rule, true) +
             "::" + GithubEscape(x.message, false) + "\n";
    }
  }
  for (const BaselineEntry& e : o.baseline_unmatched)
    out += "::notice title=baseline::" + GithubEscape("baseline entry matches nothing any more: " + BaselineEntryText(e), false) + "\n";
  Counts c = CountFindings(run, o.fail_level);
  out += "govern lint: " + std::to_string(c.errors) + " errors, " + std::to_string(c.warnings) + " warnings in " +
         std::to_string(run.files.size()) + " files\n";
  return out;
}

}  // namespace govern::lint
