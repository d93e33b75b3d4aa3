#include "sql/flow_inert.h"

#include <array>
#include <cstddef>

#include "sql/top_level_words.h"

namespace govern::sql {
namespace {

char Lower(char c) { return c >= 'A' && c <= 'Z' ? static_cast<char>(c - 'A' + 'a') : c; }
bool Letter(char c) { return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_'; }

// Up to kWords leading keywords of `stmt`, lower-cased, each at most 15
// letters (longer: not a keyword this file knows). Stops at the first token
// that is not a plain word (a quote, a parenthesis, a number, ...), which
// leaves the remaining words empty.
constexpr size_t kWords = 4;
struct Words {
  std::array<std::array<char, 16>, kWords> w{};
  size_t n = 0;
  std::string_view operator[](size_t i) const { return i < n ? std::string_view(w[i].data()) : std::string_view(); }
};

Words LeadingWords(std::string_view s) {
  Words out;
  size_t i = 0;
  while (out.n < kWords && i < s.size()) {
    char c = s[i];
    if (c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v') {
      ++i;
    } else if (c == '-' && i + 1 < s.size() && s[i + 1] == '-') {
      while (i < s.size() && s[i] != '\n' && s[i] != '\r') ++i;  // as PostgreSQL's scanner
    } else if (c == '/' && i + 1 < s.size() && s[i + 1] == '*') {
      // A comment without another inside: PostgreSQL nests them, so a `/*`
      // before the first `*/` (even sharing its `*`: `/*/*/`) stops the
      // reading (unsure), as does no end.
      size_t j = i + 2;
      bool closed = false;
      while (j + 1 < s.size()) {
        if (s[j] == '/' && s[j + 1] == '*') break;
        if (s[j] == '*' && s[j + 1] == '/') {
          closed = true;
          break;
        }
        ++j;
      }
      if (!closed) break;
      i = j + 2;
    } else if (Letter(c)) {
      size_t start = i;
      while (i < s.size() && Letter(s[i])) ++i;
      if (i < s.size() && IsWordChar(s[i])) break;  // a digit, `$` or non-ASCII letter: not a keyword
      if (i - start >= 16) break;
      for (size_t k = start; k < i; ++k) out.w[out.n][k - start] = Lower(s[k]);
      ++out.n;
    } else {
      break;
    }
  }
  return out;
}

// `text` (lower-case) anywhere in `s`, case-insensitively, quotes and
// comments included, whole word or not (a conservative answer: more texts
// parse).
bool HasText(std::string_view s, std::string_view text) {
  for (size_t i = 0; i + text.size() <= s.size(); ++i) {
    size_t k = 0;
    while (k < text.size() && Lower(s[i + k]) == text[k]) ++k;
    if (k == text.size()) return true;
  }
  return false;
}

bool OneOf(std::string_view w, std::initializer_list<std::string_view> set) {
  for (std::string_view s : set)
    if (w == s) return true;
  return false;
}

}  // namespace

bool InertInFlow(std::string_view stmt) {
  const Words w = LeadingWords(stmt);
  const std::string_view first = w[0];
  if (first.empty()) return false;
  // SELECT INTO creates a table; any other SELECT (without WITH, which is
  // the statement's first word then) reads only. INTO is looked for as
  // letters, not as a word: `$$a$$into t` is SELECT INTO to PostgreSQL.
  if (first == "select" || first == "values") return !HasText(stmt, "into");
  // SET search_path (or its other spelling, SET SCHEMA) moves where later
  // DDL lands; other settings do not. A name may be quoted ("search_path",
  // found above) or Unicode-escaped (U&"search\005fpath": not looked into).
  if (first == "set" || first == "reset")
    return !HasText(stmt, "search_path") && !HasText(stmt, "schema") && !HasText(stmt, "u&");
  // COMMENT ON COLUMN tags a column; other comments do nothing here. Both
  // words must have been read (a nested comment or odd byte stops the reading).
  if (first == "comment") return w.n >= 3 && !(w[1] == "on" && w[2] == "column");
  // A monotone flow keeps what any file creates (DdlOptions::monotone).
  if (first == "drop") return true;
  if (first == "create") {
    size_t k = 1;
    if (w[k] == "or" && w[k + 1] == "replace") k += 2;
    while (OneOf(w[k], {"temp", "temporary", "unlogged", "global", "local", "trusted", "procedural", "default"})) ++k;
    return OneOf(w[k], {"index",     "unique",      "function",  "procedure", "trigger",     "constraint", "sequence",
                        "type",      "domain",      "extension", "role",      "user",        "group",      "policy",
                        "rule",      "operator",    "aggregate", "cast",      "collation",   "conversion", "language",
                        "publication", "subscription", "server", "statistics", "event",      "text",       "access",
                        "database",  "tablespace",  "transform", "foreign"});
  }
  // Statements with nothing for the catalog, whatever follows their first word.
  return OneOf(first, {"grant",   "revoke",   "explain",  "copy",     "begin",      "commit",  "rollback",
                       "abort",   "start",    "end",      "savepoint", "release",   "show",    "truncate",
                       "vacuum",  "analyze",  "analyse",  "cluster",  "reindex",    "lock",    "notify",
                       "listen",  "unlisten", "prepare",  "execute",  "deallocate", "declare", "fetch",
                       "move",    "close",    "checkpoint", "discard", "call",      "load",    "delete",
                       "do",      "refresh",  "security", "reassign"});
}

}  // namespace govern::sql
