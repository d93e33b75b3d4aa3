// Top-level words of DDL text (outside quotes, comments, dollar quotes and
// parentheses): where a view's query starts, where CREATE SCHEMA elements
// begin. Used by the DDL loader (catalog_ddl.cpp).
#pragma once

#include <cstddef>
#include <string_view>

namespace govern::sql {

bool IsWordChar(char c);
// `word` (lower-case) at `at`, case-insensitively, as a whole word.
bool WordIs(std::string_view text, size_t at, std::string_view word);

// Calls fn(offset) for every occurrence of `word` outside quotes, comments
// and parentheses; stops when fn returns false.
template <typename Fn>
void ForEachTopLevelWord(std::string_view stmt, std::string_view word, Fn fn) {
  int depth = 0;
  size_t i = 0;
  while (i < stmt.size()) {
    char c = stmt[i];
    if (c == '\'' || c == '"') {
      char q = c;
      ++i;
      while (i < stmt.size() && !(stmt[i] == q && (i + 1 >= stmt.size() || stmt[i + 1] != q))) i += stmt[i] == q ? 2 : 1;
      ++i;
    } else if (c == '$' && (i == 0 || !IsWordChar(stmt[i - 1]))) {
      // $tag$ ... $tag$ (PostgreSQL's dollar quoting); a lone $1 is a parameter.
      size_t e = i + 1;
      while (e < stmt.size() && IsWordChar(stmt[e]) && stmt[e] != '$') ++e;
      if (e < stmt.size() && stmt[e] == '$') {
        std::string_view tag = stmt.substr(i, e - i + 1);
        size_t close = stmt.find(tag, e + 1);
        i = close == std::string_view::npos ? stmt.size() : close + tag.size();
      } else {
        i = e;
      }
    } else if (c == '-' && i + 1 < stmt.size() && stmt[i + 1] == '-') {
      while (i < stmt.size() && stmt[i] != '\n') ++i;
    } else if (c == '/' && i + 1 < stmt.size() && stmt[i + 1] == '*') {
      size_t e = stmt.find("*/", i + 2);
      i = e == std::string_view::npos ? stmt.size() : e + 2;
    } else if (c == '(') {
      ++depth;
      ++i;
    } else if (c == ')') {
      --depth;
      ++i;
    } else if (depth == 0 && WordIs(stmt, i, word)) {
      if (!fn(i)) return;
      i += word.size();
    } else {
      ++i;
    }
  }
}

// The query of `CREATE [MATERIALIZED] VIEW ... AS query [WITH [NO] DATA|CHECK OPTION]`
// or `CREATE TABLE ... AS query`: the text after the first top-level AS.
std::string_view QueryAfterAs(std::string_view stmt);

// Whether `text` cannot parse as SQL statements: its first token is neither
// empty input, a comment, `(` nor a keyword some statement starts with (used
// to skip the statement probe of PL/pgSQL expressions, plpgsql.cpp).
bool CannotBeStatement(std::string_view text);

}  // namespace govern::sql
