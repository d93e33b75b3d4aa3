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
  // Trailing WITH [CASCADED|LOCAL] CHECK OPTION / WITH [NO] DATA.
  std::string lower(q);
  for (char& c : lower)
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
  for (std::string_view tail : {"with cascaded check option", "with local check option", "with check option",
                                "with no data", "with data"}) {
    size_t at = lower.rfind(tail);
    if (at != std::string::npos) {
      std::string_view rest = std::string_view(lower).substr(at + tail.size());
      bool only_space = rest.find_first_not_of(" \t\r\n;") == std::string_view::npos;
      if (only_space) {
        q = q.substr(0, at);
        break;
      }
    }
  }
  while (!q.empty() && (q.back() == ' ' || q.back() == '\n' || q.back() == '\t' || q.back() == '\r' || q.back() == ';'))
    q.remove_suffix(1);
  while (!q.empty() && (q.front() == ' ' || q.front() == '\n' || q.front() == '\t' || q.front() == '\r')) q.remove_prefix(1);
  return q;
}


}  // namespace govern::sql
