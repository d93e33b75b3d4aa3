#include "sql/top_level_words.h"

#include <string>

namespace govern::sql {

bool IsWordChar(char c) {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_' || c == '$' ||
         static_cast<unsigned char>(c) >= 0x80;
}

bool WordIs(std::string_view text, size_t at, std::string_view word) {
  if (at + word.size() > text.size()) return false;
  for (size_t i = 0; i < word.size(); ++i) {
    char c = text[at + i];
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
    if (c != word[i]) return false;
  }
  return (at == 0 || !IsWordChar(text[at - 1])) && (at + word.size() == text.size() || !IsWordChar(text[at + word.size()]));
}

// The query of `CREATE [MATERIALIZED] VIEW ... AS query [WITH [NO] DATA|CHECK OPTION]`
// or `CREATE TABLE ... AS query`: the text after the first top-level AS.
std::string_view QueryAfterAs(std::string_view stmt) {
  size_t start = std::string_view::npos;
  ForEachTopLevelWord(stmt, "as", [&](size_t at) {
    start = at + 2;
    return false;
  });
  if (start == std::string_view::npos) return {};
  std::string_view q = stmt.substr(start);
  // Trailing WITH [CASCADED|LOCAL] CHECK OPTION / WITH [NO] DATA: compared
  // at the end only (searching the whole query for them was quadratic).
  auto trailing = [](char c) { return c == ' ' || c == '\t' || c == '\r' || c == '\n' || c == ';'; };
  size_t end = q.size();
  while (end > 0 && trailing(q[end - 1])) --end;
  for (std::string_view tail : {"with cascaded check option", "with local check option", "with check option",
                                "with no data", "with data"}) {
    if (end < tail.size()) continue;
    std::string_view candidate = q.substr(end - tail.size(), tail.size());
    bool same = true;
    for (size_t i = 0; i < tail.size() && same; ++i) {
      char c = candidate[i];
      if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
      same = c == tail[i];
    }
    if (same) {
      q = q.substr(0, end - tail.size());
      break;
    }
  }
  while (!q.empty() && (q.back() == ' ' || q.back() == '\n' || q.back() == '\t' || q.back() == '\r' || q.back() == ';'))
    q.remove_suffix(1);
  while (!q.empty() && (q.front() == ' ' || q.front() == '\n' || q.front() == '\t' || q.front() == '\r')) q.remove_prefix(1);
  return q;
}

// Whether `text` cannot parse as SQL statements: its first token is neither
// empty input, a comment, `(` nor a keyword some statement of PostgreSQL 15's
// grammar (gram.y, `stmt`) starts with. Most PL/pgSQL expressions (`x > 2`,
// `a + 1`, `coalesce(...)`, `'text'`) are such; only the others need the
// statement probe parse (which fails for an expression).
bool CannotBeStatement(std::string_view text) {
  static constexpr std::string_view kStatementStarts[] = {
      "abort",   "alter",     "analyse",  "analyze", "begin",    "call",    "checkpoint", "close",    "cluster",
      "comment", "commit",    "copy",     "create",  "deallocate", "declare", "delete",   "discard",  "do",
      "drop",    "end",       "execute",  "explain", "fetch",    "grant",   "import",     "insert",   "listen",
      "load",    "lock",      "merge",    "move",    "notify",   "prepare", "reassign",   "refresh",  "reindex",
      "release", "reset",     "revoke",   "rollback", "savepoint", "security", "select",  "set",      "show",
      "start",   "table",     "truncate", "unlisten", "update",  "vacuum",  "values",     "with"};
  size_t i = 0;
  while (i < text.size() && (text[i] == ' ' || text[i] == '\t' || text[i] == '\n' || text[i] == '\r' ||
                             text[i] == '\f' || text[i] == '\v'))
    ++i;
  if (i == text.size()) return false;  // empty: parses (no statement)
  char c = text[i];
  if (c == '(' || c == ';' || c == '-' || c == '/') return false;  // a statement, a comment, or decide by parsing
  bool word_start = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_' || static_cast<unsigned char>(c) >= 0x80;
  if (!word_start) return true;  // a number, a literal, a quoted name, a parameter, an operator
  std::string word;
  for (; i < text.size() && word.size() <= 16; ++i) {
    char w = text[i];
    if (w >= 'A' && w <= 'Z') w = static_cast<char>(w - 'A' + 'a');
    bool part = (w >= 'a' && w <= 'z') || (w >= '0' && w <= '9') || w == '_' || w == '$' ||
                static_cast<unsigned char>(w) >= 0x80;
    if (!part) break;
    word.push_back(w);
  }
  for (std::string_view k : kStatementStarts)
    if (word == k) return false;
  return true;
}

}  // namespace govern::sql
