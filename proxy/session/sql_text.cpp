#include "session/sql_text.h"

namespace govern::proxy {
namespace {

// E'...' with every byte that could end the literal or the DO block's dollar
// quote escaped.
std::string ELiteral(std::string_view s) {
  std::string out = "E'";
  for (char c : s) {
    if (c == '\\') out += "\\\\";
    else if (c == '\'') out += "\\'";
    else if (c == '$') out += "\\x24";
    else out.push_back(c);
  }
  out.push_back('\'');
  return out;
}

}  // namespace

std::string RaiseSql(const wire::ErrorInfo& e) {
  std::string sql = "DO $govern$BEGIN RAISE EXCEPTION USING ERRCODE = '" + e.sqlstate + "', MESSAGE = " + ELiteral(e.message);
  if (!e.detail.empty()) sql += ", DETAIL = " + ELiteral(e.detail);
  sql += "; END$govern$";
  return sql;
}

std::string QuoteIdent(std::string_view s) {
  std::string out = "\"";
  for (char c : s) {
    if (c == '"') out.push_back('"');
    out.push_back(c);
  }
  out.push_back('"');
  return out;
}
std::string QuoteLiteral(std::string_view s) {
  std::string out = "'";
  for (char c : s) {
    if (c == '\'') out.push_back('\'');
    out.push_back(c);
  }
  out.push_back('\'');
  return out;
}

bool MentionsSetConfig(std::string_view sql) {
  constexpr std::string_view kName = "set_config";
  for (size_t i = 0; i + kName.size() <= sql.size(); ++i) {
    size_t k = 0;
    while (k < kName.size()) {
      char c = sql[i + k];
      if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
      if (c != kName[k]) break;
      ++k;
    }
    if (k == kName.size()) return true;
  }
  return false;
}

}  // namespace govern::proxy
