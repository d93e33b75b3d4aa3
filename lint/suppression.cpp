#include "suppression.h"

#include <cctype>

namespace govern::lint {
namespace {

constexpr std::string_view kMarker = "govern:ignore";

std::string_view Trim(std::string_view s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t' || s.back() == '\r')) s.remove_suffix(1);
  return s;
}

// Runs of whitespace (newlines of a block comment included) as one space.
std::string Squeeze(std::string_view s) {
  std::string out;
  for (char c : s) {
    bool space = c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v';
    if (space) {
      if (!out.empty() && out.back() != ' ') out.push_back(' ');
    } else {
      out.push_back(c);
    }
  }
  while (!out.empty() && out.back() == ' ') out.pop_back();
  return out;
}

void ParseComment(std::string_view body, uint32_t line, uint32_t column, uint32_t offset, bool trailing, bool block,
                  std::vector<Suppression>* out) {
  std::string text = Squeeze(body);
  std::string_view b = text;
  Suppression s;
  s.line = line;
  s.column = column;
  s.offset = offset;
  s.trailing = trailing;
  s.block = block;
  if (b.substr(0, kMarker.size()) != kMarker) {
    if (b.find(kMarker) == std::string_view::npos) return;
    s.not_a_suppression = true;
    out->push_back(std::move(s));
    return;
  }
  b = Trim(b.substr(kMarker.size()));
  size_t space = b.find_first_of(" \t");
  s.rule = std::string(b.substr(0, space));
  if (space != std::string_view::npos) s.reason = std::string(Trim(b.substr(space)));
  out->push_back(std::move(s));
}

}  // namespace

std::vector<Suppression> FindSuppressions(std::string_view sql) {
  std::vector<Suppression> out;
  uint32_t line = 1;
  size_t line_start = 0;
  bool code_on_line = false;
  size_t i = 0;
  auto advance_newlines = [&](size_t from, size_t to) {
    for (size_t k = from; k < to && k < sql.size(); ++k)
      if (sql[k] == '\n') {
        ++line;
        line_start = k + 1;
        code_on_line = false;
      }
  };
  while (i < sql.size()) {
    char c = sql[i];
    if (c == '\n') {
      advance_newlines(i, i + 1);
      ++i;
    } else if (c == '-' && i + 1 < sql.size() && sql[i + 1] == '-') {
      size_t end = sql.find('\n', i);
      if (end == std::string_view::npos) end = sql.size();
      ParseComment(sql.substr(i + 2, end - i - 2), line, static_cast<uint32_t>(i - line_start + 1),
                   static_cast<uint32_t>(i), code_on_line, false, &out);
      i = end;
    } else if (c == '/' && i + 1 < sql.size() && sql[i + 1] == '*') {
      int depth = 1;
      size_t k = i + 2;
      while (k < sql.size() && depth > 0) {
        if (sql[k] == '/' && k + 1 < sql.size() && sql[k + 1] == '*') depth++, k += 2;
        else if (sql[k] == '*' && k + 1 < sql.size() && sql[k + 1] == '/') depth--, k += 2;
        else ++k;
      }
      size_t body_end = depth == 0 ? k - 2 : k;  // an unterminated comment runs to the end
      ParseComment(sql.substr(i + 2, body_end > i + 2 ? body_end - i - 2 : 0), line,
                   static_cast<uint32_t>(i - line_start + 1), static_cast<uint32_t>(i), code_on_line, true, &out);
      advance_newlines(i, k);
      i = k;
    } else if (c == '\'' || c == '"') {
      size_t k = i + 1;
      while (k < sql.size()) {
        if (sql[k] == c && k + 1 < sql.size() && sql[k + 1] == c) k += 2;  // doubled quote
        else if (sql[k] == c) break;
        else ++k;
      }
      advance_newlines(i, k);
      code_on_line = true;
      i = k + 1;
    } else if (c == '$') {
      size_t k = i + 1;
      while (k < sql.size() && (std::isalnum(static_cast<unsigned char>(sql[k])) || sql[k] == '_')) ++k;
      if (k < sql.size() && sql[k] == '$' && (k == i + 1 || !std::isdigit(static_cast<unsigned char>(sql[i + 1])))) {
        std::string_view tag = sql.substr(i, k - i + 1);
        size_t close = sql.find(tag, k + 1);
        size_t stop = close == std::string_view::npos ? sql.size() : close + tag.size();
        advance_newlines(i, stop);
        code_on_line = true;
        i = stop;
      } else {
        code_on_line = true;
        ++i;
      }
    } else {
      if (c != ' ' && c != '\t' && c != '\r') code_on_line = true;
      ++i;
    }
  }
  return out;
}

}  // namespace govern::lint
