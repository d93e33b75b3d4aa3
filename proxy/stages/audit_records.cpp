#include "stages/audit_records.h"

#include "audit/record.h"
#include "core/json.h"

namespace govern::proxy {

std::string IdentityJson(const OwnedContext& identity) {
  std::string out = "{";
  AppendJsonField(&out, "user", identity.user, true);
  audit::Fields f;
  f.StrArray("groups", identity.groups).StrArray("roles", identity.roles);
  out += f.text();
  AppendJsonField(&out, "kind", identity.kind);
  AppendJsonField(&out, "purpose", identity.purpose);
  out.push_back('}');
  return out;
}

std::string UpstreamApplicationName(std::string_view session_id, std::string_view client_application) {
  std::string name = "govern:" + std::string(session_id);
  if (!client_application.empty()) name += ":" + std::string(client_application);
  if (name.size() > 63) {
    size_t cut = 63;
    while (cut > 0 && (static_cast<unsigned char>(name[cut]) & 0xC0) == 0x80) --cut;  // not inside a UTF-8 sequence
    name.resize(cut);
  }
  return name;
}

static audit::Fields SessionHead(const AuditSession& s) {
  audit::Fields f;
  f.Str("session", s.id).Str("client", s.client).Str("application", s.application).Raw("identity", s.identity);
  return f;
}

std::string ConnectionStartFields(const AuditSession& s, std::string_view database, bool tls) {
  audit::Fields f = SessionHead(s);
  f.Str("database", database).Bool("tls", tls);
  return f.Take();
}

std::string ConnectionEndFields(const AuditSession& s, std::string_view reason, uint64_t bytes_in,
                                uint64_t bytes_out) {
  audit::Fields f;
  f.Str("session", s.id).Str("reason", reason).Int("duration_us", audit::NowMicros() - s.started_us);
  f.Int("statements", static_cast<int64_t>(s.statements));
  f.Int("bytes_in", static_cast<int64_t>(bytes_in)).Int("bytes_out", static_cast<int64_t>(bytes_out));
  return f.Take();
}

std::string LoginFailedFields(std::string_view client, std::string_view user, std::string_view reason) {
  audit::Fields f;
  f.Str("client", client).Str("user", user).Str("reason", reason);
  return f.Take();
}

std::string StatementFields(const AuditSession& s, uint64_t stmt, std::string_view via, std::string_view described,
                            std::string_view decision, bool enforced, std::string_view rule,
                            std::string_view approval, uint64_t decide_ns) {
  audit::Fields f;
  f.Str("session", s.id).Int("stmt", static_cast<int64_t>(stmt)).Str("via", via);
  if (decide_ns > 0) f.Int("decide_ns", static_cast<int64_t>(decide_ns));
  f.Str("client", s.client).Str("application", s.application).Raw("identity", s.identity);
  f.Str("decision", decision).Bool("enforced", enforced);
  if (!rule.empty()) f.Str("rule", rule);
  if (!approval.empty()) f.Str("approval", approval);
  std::string out = f.Take();
  out += described;
  return out;
}

std::string OutcomeFields(std::string_view session, uint64_t stmt, std::string_view status, std::string_view sqlstate,
                          std::string_view command, uint64_t rows, uint64_t duration_us, uint64_t bytes) {
  audit::Fields f;
  f.Str("session", session).Int("stmt", static_cast<int64_t>(stmt)).Str("status", status);
  if (!sqlstate.empty()) f.Str("sqlstate", sqlstate);
  if (!command.empty()) f.Str("command", command);
  f.Int("rows", static_cast<int64_t>(rows)).Int("duration_us", static_cast<int64_t>(duration_us));
  f.Int("bytes", static_cast<int64_t>(bytes));
  return f.Take();
}

}  // namespace govern::proxy
