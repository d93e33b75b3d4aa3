// One approval request (DESIGN §5, docs/proxy.md "Approvals"): a statement a
// policy holds for a human approval, with everything that must be the same
// when it runs again for the approval to apply: the identity, env, database,
// session context (search_path, role), the exact text (its SHA-256, besides
// libpg_query's constant-insensitive fingerprint for people) and a hash of
// the bound parameters. `match_key` is the hash of all of them; a request
// passes one statement once (`used`), before `expires_ms`.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace govern::proxy {

enum class ApprovalState : uint8_t { kPending, kApproved, kRejected, kExpired };
std::string_view ApprovalStateName(ApprovalState s);
bool ParseApprovalState(std::string_view name, ApprovalState* out);

struct ApprovalRequest {
  std::string id;  // 12 hex digits
  ApprovalState state = ApprovalState::kPending;
  bool used = false;
  int64_t created_ms = 0, expires_ms = 0, decided_ms = 0, used_ms = 0;  // Unix time, milliseconds
  std::string identity, env, database, role, search_path;  // search_path: comma-separated
  std::string statement;    // the text (normalized when it mentions a password)
  std::string fingerprint;  // libpg_query fingerprint (constants ignored): for people, not for matching
  std::string text_hash;    // SHA-256 of the exact text (hex)
  std::string params_hash;  // SHA-256 of the Bind parameters (hex); the simple protocol's is of none
  std::string match_key;    // SHA-256 over all of the above that must match (hex)
  std::string rule, group, message;  // the rule, the group it names, its rendered message
  std::string decided_by;   // the approver (or rejecter)
  std::string proxy;        // the proxy that created it (its listen address)
};

// What the statement is, for a new request (id, times and state not set).
struct ApprovalSubject {
  std::string identity, env, database, role;
  std::vector<std::string> search_path;
  std::string_view text;
  std::string params_hash;
  std::string rule, group, message;
};
ApprovalRequest MakeRequest(const ApprovalSubject& subject);

// SHA-256 (hex) of a Bind message's parameters (`body`: the message after
// its type and length): their count, each one's format (Bind's "none" and
// "one for all" spelled out per parameter) and value, a NULL distinct from an
// empty value. Result formats are not part of it. False when malformed.
bool HashBindParameters(std::string_view body, std::string* hash);
// The hash of no parameters (simple Query).
const std::string& NoParametersHash();

std::string NewRequestId();
int64_t NowMs();
std::string IsoTime(int64_t unix_ms);  // 2026-01-01T00:00:00.000Z

// {"id":...,"state":...,...} (no trailing newline).
std::string RequestJson(const ApprovalRequest& r, int64_t now_ms);

// "15m", "30s", "2h", "500ms", "1d" -> milliseconds; false when malformed.
bool ParseDurationMs(std::string_view text, int64_t* ms);

}  // namespace govern::proxy
