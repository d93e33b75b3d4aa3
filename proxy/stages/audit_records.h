// The connection-level audit records (docs/audit.md): what a Connection
// knows about its session, turned into record fields. No I/O here.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

#include "govern/govern.h"

namespace govern::proxy {

// One client session as the audit names it.
struct AuditSession {
  std::string id;        // AuditTrail::NewSessionId()
  std::string client;    // ip:port
  std::string application;
  std::string identity;  // JSON object: user, groups, roles, kind, purpose
  int64_t started_us = 0;
  uint64_t statements = 0;  // statement records so far (the last "stmt")
};

// {"user":..,"groups":[..],"roles":[..],"kind":..,"purpose":..}
std::string IdentityJson(const OwnedContext& identity);

// The upstream application_name that carries the session id (pgaudit and
// log_line_prefix %a join on it): "govern:<session>[:<client's name>]", at most 63 bytes.
std::string UpstreamApplicationName(std::string_view session_id, std::string_view client_application);

std::string ConnectionStartFields(const AuditSession& s, std::string_view database, bool tls);
std::string ConnectionEndFields(const AuditSession& s, std::string_view reason, uint64_t bytes_in,
                                uint64_t bytes_out);
std::string LoginFailedFields(std::string_view client, std::string_view user, std::string_view reason);

// The common head of a statement record; `described` is one fragment of
// StatementDescriber::Describe. `decision`: allow | deny | require_approval;
// `rule`: the rule that decided a refusal ("" for allow).
// `approval`: the approval request that let it run or that the refusal names ("" for none).
// `decide_ns`: how long the proxy took to decide the text (0: not written).
std::string StatementFields(const AuditSession& s, uint64_t stmt, std::string_view via, std::string_view described,
                            std::string_view decision, bool enforced, std::string_view rule,
                            std::string_view approval = {}, uint64_t decide_ns = 0);

// status: ok | error | refused | aborted.
std::string OutcomeFields(std::string_view session, uint64_t stmt, std::string_view status, std::string_view sqlstate,
                          std::string_view command, uint64_t rows, uint64_t duration_us, uint64_t bytes);

}  // namespace govern::proxy
