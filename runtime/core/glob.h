// Glob matching used by selectors, `matches` and calls("..."): `*` matches any
// run of characters (including none), `?` exactly one; everything else is
// literal. Allocation-free and iterative (no recursion, linear backtracking).
#pragma once

#include <string_view>

namespace govern {

bool GlobMatch(std::string_view pattern, std::string_view text) noexcept;

// For function names: matches "schema.name" or its unqualified "name".
bool GlobMatchName(std::string_view pattern, std::string_view qualified) noexcept;

// True when `pattern` contains no wildcard, so equality is enough.
bool GlobIsLiteral(std::string_view pattern) noexcept;

}  // namespace govern
