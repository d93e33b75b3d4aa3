#include "log.h"

#include "core/json.h"

#include <atomic>
#include <chrono>
#include <cstdio>
#include <ctime>
#include <mutex>

namespace govern::proxy {
namespace {
std::mutex log_mutex;
std::atomic<bool> quiet{false};

// JSON strings as everywhere in govern (invalid UTF-8 from clients becomes
// U+FFFD, so a log line stays valid JSON).
void AppendEscaped(std::string* out, std::string_view s) { AppendJsonString(out, s); }
}  // namespace

LogField Num(std::string_view key, uint64_t value) { return {key, std::to_string(value), true}; }
LogField Flag(std::string_view key, bool value) { return {key, value ? "true" : "false", true}; }

void SetLogQuiet(bool q) { quiet = q; }

void Log(std::string_view level, std::string_view event, std::initializer_list<LogField> fields) {
  if (quiet.load(std::memory_order_relaxed)) return;
  auto now = std::chrono::system_clock::now();
  std::time_t t = std::chrono::system_clock::to_time_t(now);
  auto ms = std::chrono::duration_cast<std::chrono::milliseconds>(now.time_since_epoch()).count() % 1000;
  std::tm tm{};
  gmtime_r(&t, &tm);
  char ts[96];
  std::snprintf(ts, sizeof ts, "%04d-%02d-%02dT%02d:%02d:%02d.%03dZ", tm.tm_year + 1900, tm.tm_mon + 1, tm.tm_mday,
                tm.tm_hour, tm.tm_min, tm.tm_sec, static_cast<int>(ms));
  std::string line = "{\"ts\":\"";
  line += ts;
  line += "\",\"level\":";
  AppendEscaped(&line, level);
  line += ",\"event\":";
  AppendEscaped(&line, event);
  for (const LogField& f : fields) {
    line.push_back(',');
    AppendEscaped(&line, f.key);
    line.push_back(':');
    if (f.raw) line += f.value;
    else AppendEscaped(&line, f.value);
  }
  line += "}\n";
  std::lock_guard<std::mutex> lock(log_mutex);
  std::fwrite(line.data(), 1, line.size(), stderr);
  std::fflush(stderr);
}

}  // namespace govern::proxy
