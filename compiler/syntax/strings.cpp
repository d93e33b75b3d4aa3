#include "syntax/strings.h"

namespace govern::compiler {

UnescapedString Unescape(std::string_view raw, uint32_t base) {
  UnescapedString out;
  // raw is "...": skip the quotes.
  for (size_t i = 1; i + 1 < raw.size(); ++i) {
    auto at = static_cast<uint32_t>(base + i);
    char c = raw[i];
    if (c != '\\') {
      out.text.push_back(c);
      out.offsets.push_back(at);
      out.escaped.push_back(false);
      continue;
    }
    char e = i + 2 < raw.size() ? raw[i + 1] : '\0';
    char value;
    switch (e) {
      case '"': value = '"'; break;
      case '\\': value = '\\'; break;
      case 'n': value = '\n'; break;
      case 't': value = '\t'; break;
      case '{': value = '{'; break;
      case '}': value = '}'; break;
      default:
        if (out.error.empty()) {
          out.error = std::string("unknown escape `\\") + (e ? std::string(1, e) : std::string()) +
                      "` (use \\\" \\\\ \\n \\t \\{ or \\})";
          out.error_offset = at;
        }
        value = e;
        break;
    }
    out.text.push_back(value);
    out.offsets.push_back(at);
    out.escaped.push_back(true);
    ++i;
  }
  out.offsets.push_back(static_cast<uint32_t>(base + (raw.empty() ? 0 : raw.size() - 1)));
  return out;
}

bool SplitMessage(const UnescapedString& s, std::vector<MessageSegment>* out, uint32_t* error_at, std::string* error) {
  const std::string& t = s.text;
  uint32_t literal_start = 0;
  for (uint32_t i = 0; i < t.size(); ++i) {
    if (t[i] == '}' && !s.escaped[i]) {
      *error_at = s.offsets[i];
      *error = "unmatched `}` in message (write \\} for a literal brace)";
      return false;
    }
    if (t[i] != '{' || s.escaped[i]) continue;
    int depth = 1;
    bool in_string = false;
    uint32_t j = i + 1;
    for (; j < t.size() && depth > 0; ++j) {
      if (t[j] == '"') in_string = !in_string;
      if (in_string) continue;
      if (t[j] == '{') ++depth;
      if (t[j] == '}') --depth;
    }
    if (depth != 0) {
      *error_at = s.offsets[i];
      *error = "unterminated `{` in message (write \\{ for a literal brace)";
      return false;
    }
    if (literal_start < i) out->push_back({false, literal_start, i});
    out->push_back({true, i + 1, j - 1});
    literal_start = j;
    i = j - 1;
  }
  if (literal_start < t.size()) out->push_back({false, literal_start, static_cast<uint32_t>(t.size())});
  return true;
}

}  // namespace govern::compiler
