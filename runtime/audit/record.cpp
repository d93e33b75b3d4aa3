#include "audit/record.h"

#include <charconv>
#include <chrono>
#include <cstdio>
#include <ctime>

#include "bundle/crypto.h"
#include "core/json.h"

namespace govern::audit {

void Fields::Key(std::string_view key) {
  text_.push_back(',');
  AppendJsonString(&text_, key);
  text_.push_back(':');
}

Fields& Fields::Str(std::string_view key, std::string_view value) {
  Key(key);
  AppendJsonString(&text_, value);
  return *this;
}

Fields& Fields::Int(std::string_view key, int64_t value) {
  Key(key);
  text_ += std::to_string(value);
  return *this;
}

Fields& Fields::Bool(std::string_view key, bool value) {
  Key(key);
  text_ += value ? "true" : "false";
  return *this;
}

template <typename S>
static void AppendArray(std::string* out, std::span<const S> values) {
  out->push_back('[');
  for (size_t i = 0; i < values.size(); ++i) {
    if (i) out->push_back(',');
    AppendJsonString(out, values[i]);
  }
  out->push_back(']');
}

Fields& Fields::StrArray(std::string_view key, std::span<const std::string> values) {
  Key(key);
  AppendArray(&text_, values);
  return *this;
}

Fields& Fields::StrArray(std::string_view key, std::span<const std::string_view> values) {
  Key(key);
  AppendArray(&text_, values);
  return *this;
}

Fields& Fields::Raw(std::string_view key, std::string_view json) {
  Key(key);
  text_ += json;
  return *this;
}

std::string BodyHash(std::string_view body) {
  auto digest = Sha256(body);
  return HexLower(digest.data(), digest.size());
}

std::string Seal(std::string_view body, std::string_view member, std::string_view value) {
  std::string line(body.substr(0, body.size() - 1));  // without the closing brace
  line += ",\"";
  line += member;
  line += "\":\"";
  line += value;
  line += "\"}";
  return line;
}

std::string SealRecord(ChainHead* head, std::string_view type, std::string_view ts, std::string_view proxy,
                       std::string_view env, std::string_view fields) {
  std::string body;
  body.reserve(160 + fields.size());
  body += "{\"v\":";
  body += std::to_string(kFormatVersion);
  AppendJsonField(&body, "type", type);
  body += ",\"seq\":";
  body += std::to_string(head->seq + 1);
  AppendJsonField(&body, "prev", head->hash);
  AppendJsonField(&body, "ts", ts);
  AppendJsonField(&body, "proxy", proxy);
  AppendJsonField(&body, "env", env);
  body += fields;
  body.push_back('}');
  std::string hash = BodyHash(body);
  std::string line = Seal(body, "hash", hash);
  head->seq += 1;
  head->hash = std::move(hash);
  return line;
}

bool SplitSealed(std::string_view line, std::string_view member, std::string* body, std::string_view* value) {
  // ... ,"member":"VALUE"}
  if (line.size() < member.size() + 8 || line.substr(line.size() - 2) != "\"}") return false;
  size_t value_end = line.size() - 2;
  size_t quote = line.rfind('"', value_end - 1);
  if (quote == std::string_view::npos) return false;
  std::string prefix = ",\"" + std::string(member) + "\":";
  if (quote < prefix.size() || line.substr(quote - prefix.size(), prefix.size()) != prefix) return false;
  *value = line.substr(quote + 1, value_end - quote - 1);
  for (char c : *value)
    if (c == '\\' || c == '"') return false;
  body->assign(line.substr(0, quote - prefix.size()));
  body->push_back('}');
  return true;
}

int64_t NowMicros() {
  return std::chrono::duration_cast<std::chrono::microseconds>(std::chrono::system_clock::now().time_since_epoch())
      .count();
}

std::string FormatTimestamp(int64_t unix_micros) {
  time_t secs = static_cast<time_t>(unix_micros / 1000000);
  int64_t frac = unix_micros % 1000000;
  if (frac < 0) {
    frac += 1000000;
    secs -= 1;
  }
  std::tm tm{};
  gmtime_r(&secs, &tm);
  char buf[96];
  std::snprintf(buf, sizeof buf, "%04d-%02d-%02dT%02d:%02d:%02d.%06lldZ", tm.tm_year + 1900, tm.tm_mon + 1,
                tm.tm_mday, tm.tm_hour, tm.tm_min, tm.tm_sec, static_cast<long long>(frac));
  return buf;
}

static bool Digits(std::string_view s, size_t pos, size_t n, int* out) {
  if (pos + n > s.size()) return false;
  int v = 0;
  for (size_t i = pos; i < pos + n; ++i) {
    if (s[i] < '0' || s[i] > '9') return false;
    v = v * 10 + (s[i] - '0');
  }
  *out = v;
  return true;
}

bool ParseTimestamp(std::string_view s, int64_t* unix_micros) {
  int y, mo, d, h, mi, se;
  if (!Digits(s, 0, 4, &y) || s.size() < 20 || s[4] != '-' || !Digits(s, 5, 2, &mo) || s[7] != '-' ||
      !Digits(s, 8, 2, &d) || s[10] != 'T' || !Digits(s, 11, 2, &h) || s[13] != ':' || !Digits(s, 14, 2, &mi) ||
      s[16] != ':' || !Digits(s, 17, 2, &se))
    return false;
  if (mo < 1 || mo > 12 || d < 1 || d > 31 || h > 23 || mi > 59 || se > 60) return false;
  size_t pos = 19;
  int64_t frac = 0;
  if (pos < s.size() && s[pos] == '.') {
    size_t digits = 0;
    ++pos;
    while (pos < s.size() && s[pos] >= '0' && s[pos] <= '9') {
      if (digits < 6) frac = frac * 10 + (s[pos] - '0');
      ++digits;
      ++pos;
    }
    if (digits == 0) return false;
    for (size_t i = digits; i < 6; ++i) frac *= 10;
  }
  if (pos + 1 != s.size() || s[pos] != 'Z') return false;
  std::tm tm{};
  tm.tm_year = y - 1900;
  tm.tm_mon = mo - 1;
  tm.tm_mday = d;
  tm.tm_hour = h;
  tm.tm_min = mi;
  tm.tm_sec = se;
  *unix_micros = static_cast<int64_t>(timegm(&tm)) * 1000000 + frac;
  return true;
}

bool ParseDuration(std::string_view text, int64_t* micros) {
  if (text.size() < 2) return false;
  int64_t n = 0;
  auto [end, ec] = std::from_chars(text.data(), text.data() + text.size() - 1, n);
  if (ec != std::errc() || end != text.data() + text.size() - 1 || n <= 0) return false;
  int64_t unit = 0;
  switch (text.back()) {
    case 's': unit = 1; break;
    case 'm': unit = 60; break;
    case 'h': unit = 3600; break;
    case 'd': unit = 86400; break;
    default: return false;
  }
  if (n > INT64_MAX / (unit * 1000000)) return false;
  *micros = n * unit * 1000000;
  return true;
}

}  // namespace govern::audit
