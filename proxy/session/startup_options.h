// The startup packet's `options` (libpq's PGOPTIONS): the GUCs a client sets
// at login, each decided later as the SET it stands for.
#pragma once

#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace govern::proxy {

// PostgreSQL's pg_split_opts: whitespace separates, a backslash escapes the
// next byte. Only -c name=value, -cname=value and --name=value are accepted;
// anything else sets *error and returns false.
bool ParseStartupOptions(std::string_view options, std::vector<std::pair<std::string, std::string>>* out,
                         std::string* error);

}  // namespace govern::proxy
