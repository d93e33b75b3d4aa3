// `-- govern:ignore RULE_ID reason` and `/* govern:ignore RULE_ID reason */`
// comments. On a line of its own, a suppression applies to the next
// statement; after code on a line, or inside a statement's text, to that
// statement. The reason is required.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace govern::lint {

struct Suppression {
  uint32_t line = 0;    // 1-based
  uint32_t column = 0;  // of the `--` or `/*`
  uint32_t offset = 0;  // byte offset of the `--` or `/*`
  bool trailing = false;  // code before it on the same line
  bool block = false;     // a /* */ comment
  // A comment that mentions govern:ignore without starting with it (`-- see
  // govern:ignore ...`, `/* TODO govern:ignore */`): not a suppression, and
  // reported as such rather than ignored without a word.
  bool not_a_suppression = false;
  std::string rule;
  std::string reason;
  bool used = false;
};

// Finds every suppression comment in `sql` (ignoring comment markers inside
// strings, quoted identifiers and dollar quotes).
std::vector<Suppression> FindSuppressions(std::string_view sql);

}  // namespace govern::lint
