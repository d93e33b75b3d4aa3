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

bool MentionsWord(std::string_view sql, std::string_view lower_word) {
  for (size_t i = 0; i + lower_word.size() <= sql.size(); ++i) {
    size_t k = 0;
    while (k < lower_word.size()) {
      char c = sql[i + k];
      if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
      if (c != lower_word[k]) break;
      ++k;
    }
    if (k == lower_word.size()) return true;
  }
  return false;
}

bool MentionsSetConfig(std::string_view sql) { return MentionsWord(sql, "set_config"); }

bool MentionsSavepointStatement(std::string_view sql) {
  return MentionsWord(sql, "savepoint") || MentionsWord(sql, "rollback") || MentionsWord(sql, "release");
}

}  // namespace govern::proxy
