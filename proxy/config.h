// proxy.toml (DESIGN §5): where the proxy listens, how it logs in upstream,
// which bundle, catalog and identities it decides with. Unknown keys and
// sections this version does not implement are errors, never ignored.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "core/status.h"

namespace govern::proxy {

struct HostPort {
  std::string host;
  uint16_t port = 0;
};

// [approvals] (docs/proxy.md "Approvals"). Absent: `require approval` is refused.
struct ApprovalsConfig {
  bool enabled = false;
  int64_t ttl_ms = 15 * 60 * 1000;       // ttl = "15m": how long a request, then an approval, stays valid
  std::string store;                     // SQLite file (default "approvals.db" beside proxy.toml)
  std::string dsn;                       // or PostgreSQL, shared by several proxies
  bool hold = false;                     // mode = "hold": the client waits instead of being refused
  int64_t hold_timeout_ms = 5 * 60 * 1000;  // hold_timeout: then 57014
  int64_t poll_ms = 250;                 // hold: how often the store is asked
  std::string webhook;                   // POSTed each new request (JSON)
  int64_t webhook_timeout_ms = 5000;
};

struct ProxyConfig {
  std::string file;  // where it was read from (relative paths resolve against its directory)
  // [proxy]
  HostPort listen{"127.0.0.1", 6432};
  std::string env;
  bool shadow = false;        // mode = "shadow": decide and log, block nothing
  HostPort admin_listen;      // port 0: no admin endpoint
  int threads = 0;            // event loops; 0: one per core
  int max_connections = 4096;
  uint32_t max_message_bytes = 64u << 20;  // a client message larger than this closes the connection
  int startup_timeout_ms = 10000;          // a startup + login that takes longer is closed
  int drain_timeout_ms = 30000;            // SIGTERM: wait this long for sessions to end
  bool log_statements = false;             // one log line per allowed statement too
  int max_failed_logins = 10;              // per identity name and minute; 0: no limit
  // [upstream]
  HostPort upstream{"127.0.0.1", 5432};
  // tls: disable | prefer | require (encryption only) | verify-ca | verify-full (as libpq's sslmode)
  std::string database, user, password_file, upstream_tls = "disable";
  std::string upstream_ca;  // [upstream] ca_file: the roots the server's certificate must chain to (verify-*)
  // [policies]
  std::string bundle, verify_key;
  std::vector<std::string> policy_sources;  // compiled by the CLI (the proxy links the runtime only)
  // [catalog]
  std::vector<std::string> catalog_sources;
  bool catalog_pull = false;
  // [tls] (client side)
  std::string tls_cert, tls_key;
  std::string tls_client_ca;  // client certificates signed by it log in identities with cert = true
  bool tls_required = true;  // with [tls]: plain-text clients are refused
  // [identities]
  std::string identities_file;
  ApprovalsConfig approvals;
  // [audit] (docs/audit.md); dir empty: no audit
  struct Audit {
    std::string dir, dsn, proxy_id, signing_key;
    bool deny_on_failure = true;  // on_failure = "deny" (fail closed) | "allow"
    bool fdatasync = true;        // sync = "fdatasync" | "write"
    int64_t segment_max_bytes = 64ll << 20;
    int64_t segment_max_age_us = 3600ll * 1000000;
  } audit;
  // [masking]
  std::string hash_key_file;  // the secret of `hash` masks (HMAC-SHA-256 key); its content is never logged
  // How long a relation's lookup (OIDs, attnums, a view's definition) stands
  // before a masked statement reads the database again (docs/proxy.md, "Origins").
  int64_t origin_recheck_ms = 10000;
};

Expected<ProxyConfig> ParseProxyConfig(std::string_view toml, const std::string& file);
Expected<ProxyConfig> LoadProxyConfig(const std::string& path);
Expected<HostPort> ParseHostPort(std::string_view text);

}  // namespace govern::proxy
