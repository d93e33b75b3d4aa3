#include "approvals/approval_request.h"

#include <chrono>
#include <cstdio>
#include <ctime>

#include "auth/scram.h"
#include "bundle/codec.h"
#include "bundle/crypto.h"
#include "core/json.h"
#include "sql/fingerprint.h"

namespace govern::proxy {
namespace {

// Length-prefixed fields, so no two lists of fields hash alike.
void Field(std::string* out, std::string_view v) {
  out->append(std::to_string(v.size()));
  out->push_back(':');
  out->append(v);
}

bool MentionsPassword(std::string_view text) {
  static constexpr std::string_view kWord = "password";
  for (size_t i = 0; i + kWord.size() <= text.size(); ++i) {
    size_t k = 0;
    while (k < kWord.size() && (text[i + k] | 0x20) == kWord[k]) ++k;
    if (k == kWord.size()) return true;
  }
  return false;
}

bool ReadU16(std::string_view* in, uint16_t* v) {
  if (in->size() < 2) return false;
  *v = static_cast<uint16_t>((static_cast<uint8_t>((*in)[0]) << 8) | static_cast<uint8_t>((*in)[1]));
  in->remove_prefix(2);
  return true;
}

bool ReadI32(std::string_view* in, int32_t* v) {
  if (in->size() < 4) return false;
  uint32_t u = 0;
  for (int i = 0; i < 4; ++i) u = (u << 8) | static_cast<uint8_t>((*in)[static_cast<size_t>(i)]);
  *v = static_cast<int32_t>(u);
  in->remove_prefix(4);
  return true;
}

bool SkipCString(std::string_view* in) {
  size_t nul = in->find('\0');
  if (nul == std::string_view::npos) return false;
  in->remove_prefix(nul + 1);
  return true;
}

}  // namespace

std::string_view ApprovalStateName(ApprovalState s) {
  switch (s) {
    case ApprovalState::kPending: return "pending";
    case ApprovalState::kApproved: return "approved";
    case ApprovalState::kRejected: return "rejected";
    case ApprovalState::kExpired: return "expired";
  }
  return "pending";
}

bool ParseApprovalState(std::string_view name, ApprovalState* out) {
  for (ApprovalState s : {ApprovalState::kPending, ApprovalState::kApproved, ApprovalState::kRejected,
                          ApprovalState::kExpired}) {
    if (ApprovalStateName(s) == name) {
      *out = s;
      return true;
    }
  }
  return false;
}

ApprovalRequest MakeRequest(const ApprovalSubject& s) {
  ApprovalRequest r;
  r.identity = s.identity;
  r.env = s.env;
  r.database = s.database;
  r.role = s.role;
  for (const std::string& p : s.search_path) r.search_path += (r.search_path.empty() ? "" : ",") + p;
  // A literal password in the text never reaches the store, the API or a webhook.
  r.statement = MentionsPassword(s.text) ? NormalizeStatement(s.text) : std::string(s.text);
  r.fingerprint = StatementFingerprint(s.text);
  r.text_hash = HexDigest(Sha256(s.text));
  r.params_hash = s.params_hash;
  r.rule = s.rule;
  r.group = s.group;
  r.message = s.message;
  std::string key;
  Field(&key, r.identity);
  Field(&key, r.env);
  Field(&key, r.database);
  Field(&key, r.role);
  key += std::to_string(s.search_path.size()) + "[";
  for (const std::string& p : s.search_path) Field(&key, p);
  key += "]";
  Field(&key, r.text_hash);
  Field(&key, r.params_hash);
  r.match_key = HexDigest(Sha256(key));
  return r;
}

bool HashBindParameters(std::string_view body, std::string* hash) {
  std::string_view in = body;
  if (!SkipCString(&in) || !SkipCString(&in)) return false;  // portal, statement
  uint16_t nformats = 0, nparams = 0;
  if (!ReadU16(&in, &nformats) || in.size() < 2u * nformats) return false;
  std::string_view formats = in.substr(0, 2u * nformats);
  in.remove_prefix(2u * nformats);
  if (!ReadU16(&in, &nparams)) return false;
  if (nformats > 1 && nformats != nparams) return false;
  std::string canonical = std::to_string(nparams) + "(";
  for (uint16_t i = 0; i < nparams; ++i) {
    uint16_t format = 0;
    if (nformats > 0) {
      std::string_view f = formats.substr(nformats == 1 ? 0 : 2u * i, 2);
      ReadU16(&f, &format);
    }
    int32_t len = 0;
    if (!ReadI32(&in, &len)) return false;
    canonical += std::to_string(format);
    if (len < 0) {
      canonical += "N;";  // NULL
      continue;
    }
    if (in.size() < static_cast<size_t>(len)) return false;
    canonical += "v";
    Field(&canonical, in.substr(0, static_cast<size_t>(len)));
    in.remove_prefix(static_cast<size_t>(len));
  }
  canonical += ")";
  *hash = HexDigest(Sha256(canonical));
  return true;
}

const std::string& NoParametersHash() {
  static const std::string kHash = HexDigest(Sha256("0()"));
  return kHash;
}

std::string NewRequestId() {
  static const char* kDigits = "0123456789abcdef";
  std::string raw = scram::RandomBytes(6), out;
  for (char c : raw) {
    out.push_back(kDigits[static_cast<uint8_t>(c) >> 4]);
    out.push_back(kDigits[static_cast<uint8_t>(c) & 15]);
  }
  return out;
}

int64_t NowMs() {
  return std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::system_clock::now().time_since_epoch())
      .count();
}

std::string IsoTime(int64_t unix_ms) {
  if (unix_ms <= 0) return "";
  std::time_t secs = static_cast<std::time_t>(unix_ms / 1000);
  std::tm tm{};
  gmtime_r(&secs, &tm);
  char buf[96];
  std::snprintf(buf, sizeof buf, "%04d-%02d-%02dT%02d:%02d:%02d.%03dZ", tm.tm_year + 1900, tm.tm_mon + 1, tm.tm_mday,
                tm.tm_hour, tm.tm_min, tm.tm_sec, static_cast<int>(unix_ms % 1000));
  return buf;
}

std::string RequestJson(const ApprovalRequest& r, int64_t now_ms) {
  // A pending or approved request past its expiry shows as expired before the sweep marks it.
  ApprovalState state = r.state;
  if (!r.used && (state == ApprovalState::kPending || state == ApprovalState::kApproved) && r.expires_ms <= now_ms)
    state = ApprovalState::kExpired;
  std::string out = "{";
  AppendJsonField(&out, "id", r.id, true);
  AppendJsonField(&out, "state", ApprovalStateName(state));
  out += std::string(",\"used\":") + (r.used ? "true" : "false");
  AppendJsonField(&out, "identity", r.identity);
  AppendJsonField(&out, "env", r.env);
  AppendJsonField(&out, "database", r.database);
  AppendJsonField(&out, "role", r.role);
  AppendJsonField(&out, "search_path", r.search_path);
  AppendJsonField(&out, "rule", r.rule);
  AppendJsonField(&out, "group", r.group);
  AppendJsonField(&out, "message", r.message);
  AppendJsonField(&out, "statement", r.statement);
  AppendJsonField(&out, "fingerprint", r.fingerprint);
  AppendJsonField(&out, "params_hash", r.params_hash);
  AppendJsonField(&out, "created_at", IsoTime(r.created_ms));
  AppendJsonField(&out, "expires_at", IsoTime(r.expires_ms));
  AppendJsonField(&out, "decided_at", IsoTime(r.decided_ms));
  AppendJsonField(&out, "decided_by", r.decided_by);
  AppendJsonField(&out, "used_at", IsoTime(r.used_ms));
  AppendJsonField(&out, "proxy", r.proxy);
  out += "}";
  return out;
}

bool ParseDurationMs(std::string_view text, int64_t* ms) {
  size_t i = 0;
  int64_t n = 0;
  while (i < text.size() && text[i] >= '0' && text[i] <= '9') {
    n = n * 10 + (text[i] - '0');
    if (n > 100000000) return false;
    ++i;
  }
  if (i == 0) return false;
  std::string_view unit = text.substr(i);
  int64_t scale = 0;
  if (unit == "ms") scale = 1;
  else if (unit == "s") scale = 1000;
  else if (unit == "m") scale = 60 * 1000;
  else if (unit == "h") scale = 3600 * 1000;
  else if (unit == "d") scale = 24 * 3600 * 1000;
  else return false;
  *ms = n * scale;
  return true;
}

}  // namespace govern::proxy
