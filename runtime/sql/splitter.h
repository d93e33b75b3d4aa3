// A psql-style statement splitter, used only when libpg_query rejects the
// whole input: it finds statement boundaries without parsing, so each piece
// can be parsed (and fail) on its own. Understands '..', E'..', "..",
// $tag$..$tag$, -- and nested /* */ comments, parentheses and
// BEGIN ATOMIC ... END bodies.
#pragma once

#include <cstdint>
#include <string_view>
#include <vector>

namespace govern::sql {

struct TextRange {
  uint32_t offset = 0;
  uint32_t length = 0;
  bool meta = false;  // a psql meta-command line (`\set ...`), not SQL
  // It holds a `;` the splitter did not end it at: inside parentheses (CREATE
  // RULE ... DO (a; b)) or inside what it took for a BEGIN ATOMIC body, a
  // guess from words (psql's), which may be wrong.
  bool joined = false;
};

// Appends to `out` the non-empty statements of `sql` (without the `;`, with
// leading whitespace and comments skipped). Never fails: an unterminated
// quote or comment extends to the end of the input. A line whose first
// non-blank character is a backslash (outside quotes and comments) is a psql
// meta-command: it ends the statement before it and is a piece of its own
// (`meta`), up to the end of the line.
void SplitStatements(std::string_view sql, std::vector<TextRange>* out);

// The range with leading whitespace/comments and trailing whitespace removed.
TextRange TrimStatement(std::string_view sql, TextRange range);

// PostgreSQL's whitespace (scan.l's `space`: space, tab, newline, carriage
// return, form feed, vertical tab) and a text without it at either end.
inline bool IsSpaceChar(char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v'; }
inline std::string_view TrimSpaces(std::string_view s) {
  while (!s.empty() && IsSpaceChar(s.front())) s.remove_prefix(1);
  while (!s.empty() && IsSpaceChar(s.back())) s.remove_suffix(1);
  return s;
}

}  // namespace govern::sql
