// Audit records (docs/audit.md): one JSON object per line, sealed into a
// hash chain. A record's body is the line without its final "hash" member;
// its hash is SHA-256 of the body, and the next record's "prev" holds it.
// The same sealing ("sig" instead of "hash") makes checkpoint bodies.
#pragma once

#include <array>
#include <cstdint>
#include <span>
#include <string>
#include <string_view>

namespace govern::audit {

inline constexpr int kFormatVersion = 1;
// "prev" of the first record of a chain, "prev_checkpoint" of the first checkpoint.
inline constexpr std::string_view kZeroHash = "0000000000000000000000000000000000000000000000000000000000000000";

// The members of one record after the common ones (",\"key\":value" each),
// built by whoever makes the record (the proxy's audit stage).
class Fields {
 public:
  Fields& Str(std::string_view key, std::string_view value);
  Fields& Int(std::string_view key, int64_t value);
  Fields& Bool(std::string_view key, bool value);
  Fields& StrArray(std::string_view key, std::span<const std::string> values);
  Fields& StrArray(std::string_view key, std::span<const std::string_view> values);
  // `json` must be one complete JSON value (an object or array built with JsonWriter-like care).
  Fields& Raw(std::string_view key, std::string_view json);
  const std::string& text() const { return text_; }
  std::string Take() { return std::move(text_); }

 private:
  void Key(std::string_view key);
  std::string text_;
};

// The chain's state: the last record's seq and hash (hex).
struct ChainHead {
  uint64_t seq = 0;
  std::string hash{kZeroHash};
};

// {"v":1,"type":T,"seq":S,"prev":P,"ts":TS,"proxy":X,"env":E<fields>,"hash":H}
// with S = head.seq + 1, P = head.hash; advances head to this record.
std::string SealRecord(ChainHead* head, std::string_view type, std::string_view ts, std::string_view proxy,
                       std::string_view env, std::string_view fields);

// SHA-256 of `body`, 64 lowercase hex digits.
std::string BodyHash(std::string_view body);

// Splits `line` that ends in ,"<member>":"<value>"} into its body (the line
// without that member) and the value. False when it does not end so.
bool SplitSealed(std::string_view line, std::string_view member, std::string* body, std::string_view* value);

// Appends ,"<member>":"<value>"} to a body (without its closing brace removed).
std::string Seal(std::string_view body, std::string_view member, std::string_view value);

// Time as RFC 3339 UTC with microseconds: 2026-03-01T12:00:00.123456Z.
int64_t NowMicros();
std::string FormatTimestamp(int64_t unix_micros);
// Accepts what FormatTimestamp writes (and fewer fractional digits); false otherwise.
bool ParseTimestamp(std::string_view text, int64_t* unix_micros);

// "90s", "15m", "1h", "7d" (a positive integer and a unit) in microseconds; false otherwise.
bool ParseDuration(std::string_view text, int64_t* micros);

}  // namespace govern::audit
