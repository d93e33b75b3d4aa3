// `govern lint --format junit`: JUnit XML for CI test reports (GitLab
// `artifacts: reports: junit`, Jenkins, Azure). One <testsuite> per linted
// file; each finding is a <testcase> named after its rule and position, a
// <failure> when at or above the fail level (else it passes, with the finding
// in <system-out>); an unreadable file is an <error>; a clean file is one
// passing test case.
#include "core/utf8.h"
#include "report.h"

namespace govern::lint {
namespace {

// Attribute and text content: markup escaped, invalid UTF-8 and characters
// XML 1.0 forbids (controls other than TAB, LF, CR) replaced by U+FFFD.
std::string Xml(std::string_view s) {
  std::string out;
  out.reserve(s.size());
  for (size_t i = 0; i < s.size();) {
    size_t n = Utf8SequenceLength(s, i);
    if (n == 0) {
      out += "\xEF\xBF\xBD";
      ++i;
      continue;
    }
    unsigned char c = static_cast<unsigned char>(s[i]);
    if (n == 1) {
      switch (c) {
        case '&': out += "&amp;"; break;
        case '<': out += "&lt;"; break;
        case '>': out += "&gt;"; break;
        case '"': out += "&quot;"; break;
        case '\'': out += "&apos;"; break;
        case '\t': out += "&#9;"; break;
        case '\n': out += "&#10;"; break;
        case '\r': out += "&#13;"; break;
        default: out += c < 0x20 || c == 0x7F ? "\xEF\xBF\xBD" : std::string(1, static_cast<char>(c));
      }
    } else if (n == 3 && c == 0xEF && static_cast<unsigned char>(s[i + 1]) == 0xBF &&
               static_cast<unsigned char>(s[i + 2]) >= 0xBE) {
      out += "\xEF\xBF\xBD";  // U+FFFE, U+FFFF are not XML characters
    } else {
      out.append(s.substr(i, n));
    }
    i += n;
  }
  return out;
}

}  // namespace

std::string ReportJunit(const LintRun& run, const ReportOptions& o) {
  std::string suites;
  size_t tests = 0, failures = 0, errors = 0;
  for (const FileResult& f : run.files) {
    size_t t = 0, fl = 0, er = 0;
    std::string cases;
    std::string cls = Xml(f.display);
    if (!f.error.empty()) {
      ++t, ++er;
      cases += "  <testcase classname=\"" + cls + "\" name=\"read\">\n    <error type=\"unreadable\" message=\"" +
               Xml(f.error) + "\"/>\n  </testcase>\n";
    }
    for (const Finding& x : f.findings) {
      ++t;
      std::string where = std::to_string(x.line) + ":" + std::to_string(x.column);
      std::string name = Xml(x.rule + " at " + where);
      std::string detail = Xml(f.display + ":" + where + ": " + std::string(SeverityName(x.severity)) + " [" + x.rule +
                               "] " + x.message + (x.profile.empty() ? "" : " (as profile " + x.profile + ")"));
      cases += "  <testcase classname=\"" + cls + "\" name=\"" + name + "\">\n";
      if (x.severity <= o.fail_level) {
        ++fl;
        cases += "    <failure type=\"" + Xml(x.rule) + "\" message=\"" + Xml(x.message) + "\">" + detail +
                 "</failure>\n";
      } else {
        cases += "    <system-out>" + detail + "</system-out>\n";
      }
      cases += "  </testcase>\n";
    }
    if (t == 0) {
      ++t;
      cases += "  <testcase classname=\"" + cls + "\" name=\"clean\"/>\n";
    }
    tests += t, failures += fl, errors += er;
    suites += " <testsuite name=\"" + cls + "\" tests=\"" + std::to_string(t) + "\" failures=\"" +
              std::to_string(fl) + "\" errors=\"" + std::to_string(er) + "\" skipped=\"0\">\n" + cases +
              " </testsuite>\n";
  }
  std::string out = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<testsuites name=\"govern lint\" tests=\"" +
                    std::to_string(tests) + "\" failures=\"" + std::to_string(failures) + "\" errors=\"" +
                    std::to_string(errors) + "\">\n";
  out += suites;
  out += "</testsuites>\n";
  return out;
}

}  // namespace govern::lint
