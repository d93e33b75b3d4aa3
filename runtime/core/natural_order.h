// Natural order of names, the order migration files run in: digit runs
// compare as numbers ("V2__a.sql" < "V10__b.sql", "9_x" < "0010_y"), the
// rest byte by byte.
#pragma once

#include <string_view>

namespace govern {

bool NaturalLess(std::string_view a, std::string_view b) noexcept;

}  // namespace govern
