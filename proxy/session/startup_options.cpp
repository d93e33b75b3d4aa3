#include "session/startup_options.h"

namespace govern::proxy {

bool ParseStartupOptions(std::string_view options, std::vector<std::pair<std::string, std::string>>* out,
                         std::string* error) {
  std::vector<std::string> words;
  std::string word;
  bool in_word = false;
  for (size_t i = 0; i < options.size(); ++i) {
    char c = options[i];
    if (c == ' ' || c == '\t' || c == '\n' || c == '\r') {
      if (in_word) words.push_back(word), word.clear(), in_word = false;
      continue;
    }
    if (c == '\\' && i + 1 < options.size()) c = options[++i];
    word.push_back(c);
    in_word = true;
  }
  if (in_word) words.push_back(word);
  for (size_t i = 0; i < words.size(); ++i) {
    std::string setting;
    if (words[i] == "-c" && i + 1 < words.size()) {
      setting = words[++i];
    } else if (words[i].rfind("-c", 0) == 0 && words[i].size() > 2) {
      setting = words[i].substr(2);
    } else if (words[i].rfind("--", 0) == 0 && words[i].size() > 2) {
      setting = words[i].substr(2);
    } else {
      *error = "govern proxy accepts only -c name=value in the startup options";
      return false;
    }
    size_t eq = setting.find('=');
    if (eq == std::string::npos || eq == 0) {
      *error = "startup option -c " + setting + " is not name=value";
      return false;
    }
    std::string name = setting.substr(0, eq);
    for (char& ch : name)
      if (ch == '-') ch = '_';
    out->emplace_back(name, setting.substr(eq + 1));
  }
  return true;
}

}  // namespace govern::proxy
