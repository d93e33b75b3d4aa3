#include "sql/splitter.h"

#include <array>
#include <cstdint>

namespace govern::sql {
namespace {

constexpr bool IsIdentChar(char c) {
  auto u = static_cast<unsigned char>(c);
  return (u >= 'a' && u <= 'z') || (u >= 'A' && u <= 'Z') || (u >= '0' && u <= '9') || u == '_' ||
         u == '$' || u >= 0x80;
}

constexpr bool IsIdentStart(char c) {
  auto u = static_cast<unsigned char>(c);
  return (u >= 'a' && u <= 'z') || (u >= 'A' && u <= 'Z') || u == '_' || u >= 0x80;
}

constexpr bool IsSpace(char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v'; }

bool EqualsNoCase(std::string_view a, std::string_view b) {
  if (a.size() != b.size()) return false;
  for (size_t i = 0; i < a.size(); ++i) {
    char x = a[i];
    if (x >= 'A' && x <= 'Z') x = static_cast<char>(x - 'A' + 'a');
    if (x != b[i]) return false;
  }
  return true;
}

// Skips a comment starting at i (which must be "--" or "/*"); returns the end.
size_t SkipComment(std::string_view s, size_t i) {
  if (s[i] == '-') {  // to the end of the line: \n or \r, as PostgreSQL's scanner
    while (i < s.size() && s[i] != '\n' && s[i] != '\r') ++i;
    return i;
  }
  int depth = 0;
  while (i < s.size()) {
    if (s[i] == '/' && i + 1 < s.size() && s[i + 1] == '*') {
      ++depth;
      i += 2;
    } else if (s[i] == '*' && i + 1 < s.size() && s[i + 1] == '/') {
      i += 2;
      if (--depth == 0) return i;
    } else {
      ++i;
    }
  }
  return i;
}

// If a dollar-quote opening tag starts at i, returns its length, else 0.
size_t DollarTagLength(std::string_view s, size_t i) {
  size_t j = i + 1;
  if (j < s.size() && s[j] == '$') return 2;
  if (j >= s.size() || !IsIdentStart(s[j])) return 0;
  while (j < s.size() && IsIdentChar(s[j]) && s[j] != '$') ++j;
  if (j < s.size() && s[j] == '$') return j - i + 1;
  return 0;
}

// The end of a quoted text whose body starts at i: just past its closing
// `quote` (a doubled one is part of it; with `escapes`, a backslash escapes
// the next byte), or past the end of `s` when it is not closed.
size_t SkipQuoted(std::string_view s, size_t i, char quote, bool escapes) {
  while (i < s.size()) {
    if (escapes && s[i] == '\\') {
      i += 2;
    } else if (s[i] != quote) {
      ++i;
    } else if (i + 1 < s.size() && s[i + 1] == quote) {
      i += 2;
    } else {
      break;
    }
  }
  return i + 1;
}

// Where a quoted string that closed just before `i` continues, as
// libpg_query 15's scanner reads it: blanks, a newline, blanks and
// newlines, then a quote ('a'<newline>'b' is one string; a `--` comment
// between the two is a syntax error there). Returns the quote's position,
// or npos.
size_t ContinuedQuote(std::string_view s, size_t i) {
  while (i < s.size() && (s[i] == ' ' || s[i] == '\t' || s[i] == '\f')) ++i;
  if (i >= s.size() || (s[i] != '\n' && s[i] != '\r')) return std::string_view::npos;
  ++i;
  while (i < s.size() && (s[i] == ' ' || s[i] == '\t' || s[i] == '\n' || s[i] == '\r' || s[i] == '\f')) ++i;
  return i < s.size() && s[i] == '\'' ? i : std::string_view::npos;
}

// Whether only blanks precede position i on its line.
bool AtLineStart(std::string_view s, size_t i) {
  while (i > 0) {
    char p = s[i - 1];
    if (p == '\n') return true;
    if (p != ' ' && p != '\t') return false;
    --i;
  }
  return true;
}

}  // namespace

TextRange TrimStatement(std::string_view sql, TextRange range) {
  size_t b = range.offset;
  size_t e = static_cast<size_t>(range.offset) + range.length;
  if (e > sql.size()) e = sql.size();
  while (b < e) {
    if (IsSpace(sql[b])) {
      ++b;
    } else if (sql[b] == '-' && b + 1 < e && sql[b + 1] == '-') {
      b = SkipComment(sql.substr(0, e), b);
    } else if (sql[b] == '/' && b + 1 < e && sql[b + 1] == '*') {
      b = SkipComment(sql.substr(0, e), b);
    } else {
      break;
    }
  }
  while (e > b && (IsSpace(sql[e - 1]) || sql[e - 1] == ';')) --e;
  return {static_cast<uint32_t>(b), static_cast<uint32_t>(e - b)};
}

namespace {
// What the splitter's loop must look at: a byte that may start a quote, a
// comment, a dollar quote, a parenthesis, a meta-command or a terminator
// (kSpecial), a word (kWord: BEGIN ATOMIC ... END bodies), or nothing
// (kPlain: skipped in a tight loop).
// Whitespace (kSpace) is skipped too, but keeps the word before it as the
// previous word (BEGIN ATOMIC); any other plain byte does not.
enum : uint8_t { kPlain = 0, kWord = 1, kSpecial = 2, kSpace = 3 };
constexpr std::array<uint8_t, 256> kByteClass = [] {
  std::array<uint8_t, 256> t{};
  for (int c = 0; c < 256; ++c) {
    auto ch = static_cast<char>(c);
    if (IsIdentStart(ch)) t[static_cast<size_t>(c)] = kWord;
    if (IsSpace(ch)) t[static_cast<size_t>(c)] = kSpace;
  }
  for (char c : std::string_view("'\"-/$()\\;")) t[static_cast<unsigned char>(c)] = kSpecial;
  return t;
}();
constexpr std::array<bool, 256> kIdentByte = [] {
  std::array<bool, 256> t{};
  for (int c = 0; c < 256; ++c) t[static_cast<size_t>(c)] = IsIdentChar(static_cast<char>(c));
  return t;
}();
}  // namespace

void SplitStatements(std::string_view s, std::vector<TextRange>* out) {
  size_t start = 0;
  size_t i = 0;
  int parens = 0;
  int atomic_depth = 0;
  std::string_view previous_word;
  bool joined = false;  // a `;` seen inside parentheses or a BEGIN ATOMIC body
  size_t dollar_end = std::string_view::npos;  // just after the last dollar quote
  auto flush = [&](size_t end) {
    TextRange r = TrimStatement(s, {static_cast<uint32_t>(start), static_cast<uint32_t>(end - start)});
    r.joined = joined;
    joined = false;
    if (r.length > 0) out->push_back(r);
  };
  while (i < s.size()) {
    char c = s[i];
    const uint8_t cls = kByteClass[static_cast<unsigned char>(c)];
    if (cls == kSpace || cls == kPlain) {
      if (cls == kPlain) previous_word = {};  // `begin, atomic` are two column names
      ++i;
      while (i < s.size() && kByteClass[static_cast<unsigned char>(s[i])] == cls) ++i;
      continue;
    }
    if (cls == kWord) {
      size_t j = i + 1;
      while (j < s.size() && kIdentByte[static_cast<unsigned char>(s[j])]) ++j;
      std::string_view word = s.substr(i, j - i);
      const char first = static_cast<char>(word[0] | 0x20);  // lower case, for letters
      if (word.size() >= 3 && word.size() <= 6 && (first == 'a' || first == 'b' || first == 'c' || first == 'e')) {
        // atomic, begin, case, end
        if (atomic_depth == 0) {
          if (EqualsNoCase(word, "atomic") && EqualsNoCase(previous_word, "begin")) atomic_depth = 1;
        } else if (EqualsNoCase(word, "case") || EqualsNoCase(word, "begin")) {
          ++atomic_depth;
        } else if (EqualsNoCase(word, "end")) {
          --atomic_depth;
        }
      }
      previous_word = word;
      i = j;
      continue;
    }
    if (c == '\'' ) {
      // E'...': an E not inside a word (a closing dollar quote before it
      // counts as outside, as for PostgreSQL's scanner).
      bool escapes = i > 0 && (s[i - 1] == 'E' || s[i - 1] == 'e') &&
                     (i < 2 || !IsIdentChar(s[i - 2]) || i - 1 == dollar_end);
      i = SkipQuoted(s, i + 1, '\'', escapes);
      // A string continued across a newline ('a'<newline>'b') keeps its
      // mode: for an E'' string, its escapes (without them, the parts read
      // alike either way).
      for (size_t next; escapes && i < s.size() && (next = ContinuedQuote(s, i)) != std::string_view::npos;)
        i = SkipQuoted(s, next + 1, '\'', true);
    } else if (c == '"') {
      i = SkipQuoted(s, i + 1, '"', false);
    } else if ((c == '-' && i + 1 < s.size() && s[i + 1] == '-') ||
               (c == '/' && i + 1 < s.size() && s[i + 1] == '*')) {
      i = SkipComment(s, i);
    } else if (c == '$' && (i == 0 || !IsIdentChar(s[i - 1])) && DollarTagLength(s, i) > 0) {
      size_t tag_len = DollarTagLength(s, i);
      std::string_view tag = s.substr(i, tag_len);
      size_t close = s.find(tag, i + tag_len);
      i = close == std::string_view::npos ? s.size() : close + tag_len;
      dollar_end = i;
    } else if (c == '(') {
      ++parens;
      ++i;
    } else if (c == ')') {
      if (parens > 0) --parens;
      ++i;
    } else if (c == '\\' && AtLineStart(s, i)) {
      flush(i);
      size_t end = s.find('\n', i);
      if (end == std::string_view::npos) end = s.size();
      TextRange meta = TrimStatement(s, {static_cast<uint32_t>(i), static_cast<uint32_t>(end - i)});
      meta.meta = true;
      out->push_back(meta);
      i = end;
      start = i;
      parens = 0;
      atomic_depth = 0;
      previous_word = {};
    } else if (c == ';' && parens == 0 && atomic_depth == 0) {
      flush(i);
      ++i;
      start = i;
      previous_word = {};
    } else if (c == ';') {
      joined = true;
      previous_word = {};
      ++i;
    } else {
      ++i;
    }
  }
  flush(s.size());
}

}  // namespace govern::sql
