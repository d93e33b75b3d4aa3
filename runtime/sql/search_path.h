// Internal to runtime/sql: reading search_path changes from parse trees,
// shared by the catalog DDL loader and the analyzer.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "sql/pg_node.h"

namespace govern::sql {

// `SET search_path TO a, "B", 'c'`: each argument is one schema name, taken
// as written (the parser already folded unquoted identifiers; PostgreSQL
// quotes string arguments of list settings, so 'a, b' is one odd name).
inline void SearchPathFromSetArgs(NodeList args, std::vector<std::string>* out) {
  out->clear();
  for (Node a : args) {
    Node c = Body(a);
    Node v;
    if (Field(c, "sval", &v)) out->emplace_back(Str(v, "sval"));
  }
}

// The value of set_config('search_path', 'a, "B"', ...): a comma-separated
// identifier list, split like PostgreSQL's SplitIdentifierString (unquoted
// names folded to lower case, "" escapes a quote). False if malformed.
inline bool ParseSearchPathValue(std::string_view s, std::vector<std::string>* out) {
  out->clear();
  auto space = [](char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v'; };
  size_t i = 0;
  while (i < s.size() && space(s[i])) ++i;
  if (i == s.size()) return true;  // '' : an empty path
  while (true) {
    std::string name;
    if (i < s.size() && s[i] == '"') {
      ++i;
      while (true) {
        if (i >= s.size()) return false;  // unterminated quote
        if (s[i] == '"') {
          if (i + 1 < s.size() && s[i + 1] == '"') {
            name.push_back('"');
            i += 2;
            continue;
          }
          ++i;
          break;
        }
        name.push_back(s[i++]);
      }
      if (name.empty()) return false;
    } else {
      while (i < s.size() && s[i] != ',' && !space(s[i])) {
        char c = s[i++];
        name.push_back(c >= 'A' && c <= 'Z' ? static_cast<char>(c - 'A' + 'a') : c);
      }
      if (name.empty()) return false;
    }
    while (i < s.size() && space(s[i])) ++i;
    out->push_back(std::move(name));
    if (i == s.size()) return true;
    if (s[i] != ',') return false;
    ++i;
    while (i < s.size() && space(s[i])) ++i;
  }
}

}  // namespace govern::sql
