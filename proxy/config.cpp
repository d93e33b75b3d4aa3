#include "config.h"

#include <cctype>
#include <cerrno>
#include <cstring>
#include <fstream>
#include <sstream>
#include <toml++/toml.h>
#include <unistd.h>

#include "audit/record.h"

#include "approvals/approval_request.h"

namespace govern::proxy {
namespace {

std::string Where(const std::string& file, const toml::node& node) {
  const auto& src = node.source();
  return file + ":" + std::to_string(src.begin.line) + ":" + std::to_string(src.begin.column) + ": ";
}

std::string Resolve(const std::string& file, const std::string& path) {
  if (path.empty() || path[0] == '/') return path;
  size_t slash = file.find_last_of('/');
  return slash == std::string::npos ? path : file.substr(0, slash + 1) + path;
}

class Section {
 public:
  Section(const std::string& file, const toml::table& table, std::string name)
      : file_(file), table_(table), name_(std::move(name)) {}

  Status String(const char* key, std::string* out) {
    used_.push_back(key);
    const toml::node* n = table_.get(key);
    if (n == nullptr) return Status::Ok();
    if (!n->is_string()) return Status::Error(Where(file_, *n) + name_ + "." + key + " must be a string");
    *out = n->as_string()->get();
    return Status::Ok();
  }
  Status Int(const char* key, int64_t min, int64_t max, int64_t* out) {
    used_.push_back(key);
    const toml::node* n = table_.get(key);
    if (n == nullptr) return Status::Ok();
    if (!n->is_integer()) return Status::Error(Where(file_, *n) + name_ + "." + key + " must be an integer");
    int64_t v = n->as_integer()->get();
    if (v < min || v > max)
      return Status::Error(Where(file_, *n) + name_ + "." + key + " must be between " + std::to_string(min) + " and " +
                           std::to_string(max));
    *out = v;
    return Status::Ok();
  }
  Status Bool(const char* key, bool* out) {
    used_.push_back(key);
    const toml::node* n = table_.get(key);
    if (n == nullptr) return Status::Ok();
    if (!n->is_boolean()) return Status::Error(Where(file_, *n) + name_ + "." + key + " must be true or false");
    *out = n->as_boolean()->get();
    return Status::Ok();
  }
  Status Strings(const char* key, std::vector<std::string>* out) {
    used_.push_back(key);
    const toml::node* n = table_.get(key);
    if (n == nullptr) return Status::Ok();
    const toml::array* a = n->as_array();
    if (a == nullptr) return Status::Error(Where(file_, *n) + name_ + "." + key + " must be an array of strings");
    for (const toml::node& e : *a) {
      if (!e.is_string()) return Status::Error(Where(file_, e) + name_ + "." + key + " must be an array of strings");
      out->push_back(Resolve(file_, e.as_string()->get()));
    }
    return Status::Ok();
  }
  const std::string& name() const { return name_; }
  Status Finish() const {
    for (const auto& [k, v] : table_) {
      bool known = false;
      for (const char* u : used_) known = known || k.str() == u;
      if (!known) return Status::Error(Where(file_, v) + "unknown key `" + std::string(k.str()) + "` in [" + name_ + "]");
    }
    return Status::Ok();
  }

 private:
  const std::string& file_;
  const toml::table& table_;
  std::string name_;
  std::vector<const char*> used_;
};

#define GOVERN_TRY(expr)                \
  do {                                  \
    if (Status s_ = (expr); !s_.ok()) return s_; \
  } while (0)

Status Duration(Section& section, const std::string& file, const char* key, int64_t min_ms, int64_t* out) {
  std::string text;
  GOVERN_TRY(section.String(key, &text));
  if (text.empty()) return Status::Ok();
  if (!ParseDurationMs(text, out) || *out < min_ms)
    return Status::Error(file + ": " + section.name() + "." + key + " must be a duration like \"30s\", \"15m\" or \"2h\" (at least " +
                         std::to_string(min_ms) + "ms)");
  return Status::Ok();
}

Status ParseApprovals(const std::string& file, const toml::table& root, ApprovalsConfig* a) {
  const toml::node* n = root.get("approvals");
  if (n == nullptr) return Status::Ok();
  if (!n->is_table()) return Status::Error(Where(file, *n) + "[approvals] must be a table");
  Section s(file, *n->as_table(), "approvals");
  std::string mode = "reject";
  a->enabled = true;
  GOVERN_TRY(Duration(s, file, "ttl", 1000, &a->ttl_ms));
  GOVERN_TRY(s.String("store", &a->store));
  GOVERN_TRY(s.String("dsn", &a->dsn));
  GOVERN_TRY(s.String("mode", &mode));
  GOVERN_TRY(Duration(s, file, "hold_timeout", 100, &a->hold_timeout_ms));
  GOVERN_TRY(Duration(s, file, "poll_interval", 10, &a->poll_ms));
  GOVERN_TRY(s.String("webhook", &a->webhook));
  GOVERN_TRY(Duration(s, file, "webhook_timeout", 100, &a->webhook_timeout_ms));
  GOVERN_TRY(s.Finish());
  if (mode != "reject" && mode != "hold") return Status::Error(file + ": approvals.mode must be \"reject\" or \"hold\"");
  a->hold = mode == "hold";
  if (!a->store.empty() && !a->dsn.empty()) return Status::Error(file + ": [approvals] takes store or dsn, not both");
  if (a->dsn.empty()) a->store = Resolve(file, a->store.empty() ? "approvals.db" : a->store);
  return Status::Ok();
}

// [audit]: dir (required), dsn, on_failure, proxy_id, signing_key, sync,
// segment_max_bytes, segment_max_age (docs/audit.md).
Status ParseAudit(const std::string& file, const toml::table& table, ProxyConfig* c) {
  Section a(file, table, "audit");
  ProxyConfig::Audit& out = c->audit;
  std::string on_failure = "deny", sync = "fdatasync", age;
  GOVERN_TRY(a.String("dir", &out.dir));
  GOVERN_TRY(a.String("dsn", &out.dsn));
  GOVERN_TRY(a.String("on_failure", &on_failure));
  GOVERN_TRY(a.String("proxy_id", &out.proxy_id));
  GOVERN_TRY(a.String("signing_key", &out.signing_key));
  GOVERN_TRY(a.String("sync", &sync));
  GOVERN_TRY(a.Int("segment_max_bytes", 4096, int64_t{1} << 40, &out.segment_max_bytes));
  GOVERN_TRY(a.String("segment_max_age", &age));
  GOVERN_TRY(a.Finish());
  if (out.dir.empty()) return Status::Error(file + ": [audit] dir is required (the write-ahead trail)");
  if (on_failure != "deny" && on_failure != "allow")
    return Status::Error(file + ": audit.on_failure must be \"deny\" or \"allow\"");
  out.deny_on_failure = on_failure == "deny";
  if (sync != "fdatasync" && sync != "write")
    return Status::Error(file + ": audit.sync must be \"fdatasync\" or \"write\"");
  out.fdatasync = sync == "fdatasync";
  if (!age.empty() && !audit::ParseDuration(age, &out.segment_max_age_us))
    return Status::Error(file + ": audit.segment_max_age must be a duration like 90s, 15m, 1h, 1d");
  if (out.proxy_id.empty()) {
    char host[256] = {};
    gethostname(host, sizeof host - 1);
    out.proxy_id = std::string(host) + "-" + std::to_string(c->listen.port);
  }
  for (char ch : out.proxy_id)
    if (!(std::isalnum(static_cast<unsigned char>(ch)) || ch == '.' || ch == '_' || ch == '-'))
      out.proxy_id = "invalid";
  if (out.proxy_id == "invalid" || out.proxy_id.size() > 64)
    return Status::Error(file + ": audit.proxy_id must be 1-64 of [A-Za-z0-9._-] (the default is the host name and "
                                "listen port)");
  out.dir = Resolve(file, out.dir);
  out.signing_key = Resolve(file, out.signing_key);
  return Status::Ok();
}

}  // namespace

Expected<HostPort> ParseHostPort(std::string_view text) {
  size_t colon = text.rfind(':');
  if (colon == std::string_view::npos || colon == 0 || colon + 1 == text.size())
    return Status::Error("`" + std::string(text) + "` is not HOST:PORT");
  HostPort hp;
  hp.host = std::string(text.substr(0, colon));
  if (hp.host.size() > 2 && hp.host.front() == '[' && hp.host.back() == ']') hp.host = hp.host.substr(1, hp.host.size() - 2);
  uint32_t port = 0;
  for (char c : text.substr(colon + 1)) {
    if (c < '0' || c > '9' || port > 65535) return Status::Error("`" + std::string(text) + "`: bad port");
    port = port * 10 + static_cast<uint32_t>(c - '0');
  }
  if (port == 0 || port > 65535) return Status::Error("`" + std::string(text) + "`: bad port");
  hp.port = static_cast<uint16_t>(port);
  return hp;
}

Expected<ProxyConfig> ParseProxyConfig(std::string_view text, const std::string& file) {
  toml::table parsed;
  try {
    parsed = toml::parse(text, file);
  } catch (const toml::parse_error& e) {
    return Status::Error(file + ":" + std::to_string(e.source().begin.line) + ":" +
                         std::to_string(e.source().begin.column) + ": " + std::string(e.description()));
  }
  ProxyConfig c;
  c.file = file;
  const toml::table& root = parsed;
  static const toml::table kEmpty;
  auto table = [&](const char* name) -> Expected<const toml::table*> {
    const toml::node* n = root.get(name);
    if (n == nullptr) return &kEmpty;
    if (!n->is_table()) return Status::Error(Where(file, *n) + "[" + name + "] must be a table");
    return n->as_table();
  };
  for (const auto& [k, v] : root) {
    std::string_view key = k.str();
    if (key == "proxy" || key == "upstream" || key == "policies" || key == "catalog" || key == "identities" ||
        key == "tls" || key == "approvals" || key == "audit" || key == "masking")
      continue;
    return Status::Error(Where(file, v) + "unknown section [" + std::string(key) + "]");
  }

  auto proxy = table("proxy");
  if (!proxy) return proxy.status();
  Section p(file, **proxy, "proxy");
  std::string listen, admin, mode = "enforce";
  int64_t threads = 0, max_conn = c.max_connections, max_msg = c.max_message_bytes, startup = c.startup_timeout_ms,
          drain = c.drain_timeout_ms;
  GOVERN_TRY(p.String("listen", &listen));
  GOVERN_TRY(p.String("env", &c.env));
  GOVERN_TRY(p.String("mode", &mode));
  GOVERN_TRY(p.String("admin_listen", &admin));
  GOVERN_TRY(p.Int("threads", 0, 256, &threads));
  GOVERN_TRY(p.Int("max_connections", 1, 1000000, &max_conn));
  GOVERN_TRY(p.Int("max_message_bytes", 1024, 1 << 30, &max_msg));
  GOVERN_TRY(p.Int("startup_timeout_ms", 100, 600000, &startup));
  GOVERN_TRY(p.Int("drain_timeout_ms", 0, 3600000, &drain));
  GOVERN_TRY(p.Bool("log_statements", &c.log_statements));
  int64_t max_failed = c.max_failed_logins;
  GOVERN_TRY(p.Int("max_failed_logins", 0, 1000000, &max_failed));
  c.max_failed_logins = static_cast<int>(max_failed);
  GOVERN_TRY(p.Finish());
  if (!listen.empty()) {
    auto hp = ParseHostPort(listen);
    if (!hp) return Status::Error(file + ": proxy.listen: " + hp.status().message());
    c.listen = *hp;
  }
  if (!admin.empty()) {
    auto hp = ParseHostPort(admin);
    if (!hp) return Status::Error(file + ": proxy.admin_listen: " + hp.status().message());
    c.admin_listen = *hp;
  }
  if (mode != "enforce" && mode != "shadow") return Status::Error(file + ": proxy.mode must be \"enforce\" or \"shadow\"");
  c.shadow = mode == "shadow";
  if (c.env.empty()) return Status::Error(file + ": proxy.env is required (one proxy serves one environment)");
  c.threads = static_cast<int>(threads);
  c.max_connections = static_cast<int>(max_conn);
  c.max_message_bytes = static_cast<uint32_t>(max_msg);
  c.startup_timeout_ms = static_cast<int>(startup);
  c.drain_timeout_ms = static_cast<int>(drain);

  auto upstream = table("upstream");
  if (!upstream) return upstream.status();
  Section u(file, **upstream, "upstream");
  int64_t port = c.upstream.port;
  GOVERN_TRY(u.String("host", &c.upstream.host));
  GOVERN_TRY(u.Int("port", 1, 65535, &port));
  GOVERN_TRY(u.String("database", &c.database));
  GOVERN_TRY(u.String("user", &c.user));
  GOVERN_TRY(u.String("password_file", &c.password_file));
  GOVERN_TRY(u.String("tls", &c.upstream_tls));
  GOVERN_TRY(u.String("ca_file", &c.upstream_ca));
  GOVERN_TRY(u.Finish());
  c.upstream.port = static_cast<uint16_t>(port);
  if (c.database.empty() || c.user.empty()) return Status::Error(file + ": [upstream] needs database and user");
  if (c.upstream_tls != "disable" && c.upstream_tls != "prefer" && c.upstream_tls != "require" &&
      c.upstream_tls != "verify-ca" && c.upstream_tls != "verify-full")
    return Status::Error(file + ": upstream.tls must be disable, prefer, require, verify-ca or verify-full");
  bool verify = c.upstream_tls == "verify-ca" || c.upstream_tls == "verify-full";
  if (verify && c.upstream_ca.empty())
    return Status::Error(file + ": upstream.tls = \"" + c.upstream_tls + "\" needs upstream.ca_file (the CA to verify the server with)");
  if (!verify && !c.upstream_ca.empty())
    return Status::Error(file + ": upstream.ca_file is used only with tls = \"verify-ca\" or \"verify-full\"");
  c.password_file = Resolve(file, c.password_file);
  c.upstream_ca = Resolve(file, c.upstream_ca);

  auto policies = table("policies");
  if (!policies) return policies.status();
  Section pol(file, **policies, "policies");
  GOVERN_TRY(pol.String("bundle", &c.bundle));
  GOVERN_TRY(pol.String("verify_key", &c.verify_key));
  GOVERN_TRY(pol.Strings("sources", &c.policy_sources));
  GOVERN_TRY(pol.Finish());
  c.bundle = Resolve(file, c.bundle);
  c.verify_key = Resolve(file, c.verify_key);
  if (c.bundle.empty() == c.policy_sources.empty())
    return Status::Error(file + ": [policies] needs exactly one of bundle or sources");

  auto catalog = table("catalog");
  if (!catalog) return catalog.status();
  Section cat(file, **catalog, "catalog");
  GOVERN_TRY(cat.Strings("sources", &c.catalog_sources));
  GOVERN_TRY(cat.Bool("pull", &c.catalog_pull));
  GOVERN_TRY(cat.Finish());

  auto tls = table("tls");
  if (!tls) return tls.status();
  Section t(file, **tls, "tls");
  GOVERN_TRY(t.String("cert", &c.tls_cert));
  GOVERN_TRY(t.String("key", &c.tls_key));
  GOVERN_TRY(t.String("client_ca", &c.tls_client_ca));
  GOVERN_TRY(t.Bool("require", &c.tls_required));
  GOVERN_TRY(t.Finish());
  if (root.contains("tls") && (c.tls_cert.empty() || c.tls_key.empty()))
    return Status::Error(file + ": [tls] needs cert and key");
  c.tls_cert = Resolve(file, c.tls_cert);
  c.tls_key = Resolve(file, c.tls_key);
  c.tls_client_ca = Resolve(file, c.tls_client_ca);

  auto identities = table("identities");
  if (!identities) return identities.status();
  Section id(file, **identities, "identities");
  GOVERN_TRY(id.String("file", &c.identities_file));
  GOVERN_TRY(id.Finish());
  if (c.identities_file.empty()) return Status::Error(file + ": [identities] file is required");
  c.identities_file = Resolve(file, c.identities_file);
  if (Status s = ParseApprovals(file, root, &c.approvals); !s.ok()) return s;

  if (root.contains("audit")) {
    auto audit = table("audit");
    if (!audit) return audit.status();
    if (Status st = ParseAudit(file, **audit, &c); !st.ok()) return st;
  }
  auto masking = table("masking");
  if (!masking) return masking.status();
  Section m(file, **masking, "masking");
  GOVERN_TRY(m.String("hash_key_file", &c.hash_key_file));
  GOVERN_TRY(Duration(m, file, "recheck", 1000, &c.origin_recheck_ms));
  GOVERN_TRY(m.Finish());
  c.hash_key_file = Resolve(file, c.hash_key_file);
  return c;
}

Expected<ProxyConfig> LoadProxyConfig(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return Status::Error("cannot read " + path + ": " + std::strerror(errno));
  std::stringstream ss;
  ss << in.rdbuf();
  return ParseProxyConfig(ss.str(), path);
}

}  // namespace govern::proxy
