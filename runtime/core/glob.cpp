#include "core/glob.h"

namespace govern {

bool GlobMatch(std::string_view pattern, std::string_view text) noexcept {
  size_t p = 0, t = 0;
  size_t star_p = std::string_view::npos, star_t = 0;
  while (t < text.size()) {
    if (p < pattern.size() && (pattern[p] == '?' || pattern[p] == text[t])) {
      ++p;
      ++t;
    } else if (p < pattern.size() && pattern[p] == '*') {
      star_p = p++;
      star_t = t;
    } else if (star_p != std::string_view::npos) {
      p = star_p + 1;
      t = ++star_t;
    } else {
      return false;
    }
  }
  while (p < pattern.size() && pattern[p] == '*') ++p;
  return p == pattern.size();
}

bool GlobMatchName(std::string_view pattern, std::string_view qualified) noexcept {
  if (GlobMatch(pattern, qualified)) return true;
  size_t dot = qualified.rfind('.');
  return dot != std::string_view::npos && GlobMatch(pattern, qualified.substr(dot + 1));
}

bool GlobIsLiteral(std::string_view pattern) noexcept {
  return pattern.find_first_of("*?") == std::string_view::npos;
}

}  // namespace govern
