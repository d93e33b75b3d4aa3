// Structured logs: one JSON object per line on stderr, written whole under a
// lock so lines of different threads never interleave. Credentials are never
// passed here (callers log user names, rule ids and reasons, not secrets).
#pragma once

#include <initializer_list>
#include <string>
#include <string_view>
#include <utility>

namespace govern::proxy {

struct LogField {
  std::string_view key;
  std::string value;
  bool raw = false;  // a number or boolean, written without quotes
};

LogField Num(std::string_view key, uint64_t value);
LogField Flag(std::string_view key, bool value);

// Drops every line from now on (fuzz targets, benchmarks of the state machine).
void SetLogQuiet(bool quiet);

// {"ts":"2026-01-01T00:00:00.000Z","level":"info","event":"deny",...}
void Log(std::string_view level, std::string_view event, std::initializer_list<LogField> fields = {});

}  // namespace govern::proxy
