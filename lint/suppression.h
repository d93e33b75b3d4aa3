// `-- govern:ignore RULE_ID reason` comments. On a line of its own, a
// suppression applies to the next statement; after code on a line, to the
// statement that line belongs to. The reason is required.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace govern::lint {

struct Suppression {
  uint32_t line = 0;    // 1-based
  uint32_t column = 0;  // of the `--`
  bool trailing = false;  // code before it on the same line
  std::string rule;
  std::string reason;
  bool used = false;
};

// Finds every suppression comment in `sql` (ignoring `--` inside strings,
// quoted identifiers, dollar quotes and block comments).
std::vector<Suppression> FindSuppressions(std::string_view sql);

}  // namespace govern::lint
