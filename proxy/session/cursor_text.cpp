#include "session/cursor_text.h"

#include <vector>

namespace govern::proxy {
namespace {

struct Token {
  std::string text;  // identifiers folded to lower case; quoted identifiers as written (unquoted)
  bool quoted = false;
  bool word = false;  // an identifier or keyword (quoted or not)
  size_t end = 0;     // offset just after it
};

bool WordChar(char c, bool first) {
  auto u = static_cast<unsigned char>(c);
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_' || u >= 0x80 ||
         (!first && ((c >= '0' && c <= '9') || c == '$'));
}

// Skips whitespace and comments from `i`; false on an unterminated comment.
bool Skip(std::string_view s, size_t* i) {
  while (*i < s.size()) {
    char c = s[*i];
    if (c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v') {
      ++*i;
    } else if (c == '-' && *i + 1 < s.size() && s[*i + 1] == '-') {
      while (*i < s.size() && s[*i] != '\n') ++*i;
    } else if (c == '/' && *i + 1 < s.size() && s[*i + 1] == '*') {
      int depth = 0;
      do {
        if (*i + 1 >= s.size()) return false;
        if (s[*i] == '/' && s[*i + 1] == '*') {
          ++depth;
          *i += 2;
        } else if (s[*i] == '*' && s[*i + 1] == '/') {
          --depth;
          *i += 2;
        } else {
          ++*i;
        }
      } while (depth > 0);
    } else {
      return true;
    }
  }
  return true;
}

// The next token at or after `*i`; false at the end or on text it does not read.
bool Next(std::string_view s, size_t* i, Token* t) {
  if (!Skip(s, i) || *i >= s.size()) return false;
  *t = Token{};
  char c = s[*i];
  if (c == '"') {
    size_t j = *i + 1;
    for (;;) {
      if (j >= s.size()) return false;
      if (s[j] == '"') {
        if (j + 1 < s.size() && s[j + 1] == '"') {
          t->text.push_back('"');
          j += 2;
          continue;
        }
        break;
      }
      t->text.push_back(s[j++]);
    }
    t->quoted = t->word = true;
    *i = j + 1;
  } else if (WordChar(c, true)) {
    size_t j = *i;
    while (j < s.size() && WordChar(s[j], j == *i)) {
      char w = s[j++];
      t->text.push_back(w >= 'A' && w <= 'Z' ? static_cast<char>(w - 'A' + 'a') : w);
    }
    t->word = true;
    *i = j;
  } else if (c == '+' || c == '-' || (c >= '0' && c <= '9')) {
    size_t j = *i + 1;
    while (j < s.size() && s[j] >= '0' && s[j] <= '9') ++j;
    t->text.assign(s.substr(*i, j - *i));
    *i = j;
  } else {
    t->text.assign(1, c);
    *i += 1;
  }
  t->end = *i;
  return true;
}

bool Is(const Token& t, std::string_view keyword) { return t.word && !t.quoted && t.text == keyword; }

CursorStatement Declare(std::string_view s, size_t i) {
  CursorStatement out;
  Token t;
  if (!Next(s, &i, &t) || !t.word) return out;
  out.name = t.text;
  bool cursor = false;
  while (Next(s, &i, &t)) {
    if (!t.word || t.quoted) return CursorStatement{};
    if (t.text == "for" && cursor) {
      size_t from = i;
      Skip(s, &from);
      std::string_view q = s.substr(from < s.size() ? from : s.size());
      while (!q.empty() && (q.back() == ';' || q.back() == ' ' || q.back() == '\n' || q.back() == '\t' ||
                            q.back() == '\r'))
        q.remove_suffix(1);
      if (q.empty()) return CursorStatement{};
      out.op = CursorStatement::Op::kDeclare;
      out.query = q;
      return out;
    }
    if (t.text == "cursor") {
      cursor = true;
    } else if (cursor && (t.text == "with" || t.text == "without")) {
      out.hold = t.text == "with";  // followed by HOLD
    } else if (!(cursor && t.text == "hold") && t.text != "binary" && t.text != "asensitive" &&
               t.text != "insensitive" && t.text != "no" && t.text != "scroll") {
      return CursorStatement{};
    }
  }
  return CursorStatement{};
}

}  // namespace

CursorStatement ParseCursorStatement(std::string_view sql) {
  size_t i = 0;
  Token first;
  if (!Next(sql, &i, &first) || !first.word || first.quoted) return {};
  if (first.text == "declare") return Declare(sql, i);
  bool fetch = first.text == "fetch", move = first.text == "move", close = first.text == "close";
  if (!fetch && !move && !close) return {};
  std::vector<Token> tokens;
  Token t;
  while (Next(sql, &i, &t)) tokens.push_back(t);
  while (!tokens.empty() && tokens.back().text == ";" && !tokens.back().word) tokens.pop_back();
  if (tokens.empty() || !tokens.back().word) return {};
  CursorStatement out;
  if (close) {
    if (tokens.size() != 1) return {};
    out.op = CursorStatement::Op::kClose;
    out.all = Is(tokens.back(), "all");
    if (!out.all) out.name = tokens.back().text;
    return out;
  }
  out.op = fetch ? CursorStatement::Op::kFetch : CursorStatement::Op::kMove;
  out.name = tokens.back().text;
  return out;
}

}  // namespace govern::proxy
