// proxy.toml: defaults, required keys, unknown keys and unimplemented sections.
#include <doctest/doctest.h>

#include "config.h"

using namespace govern::proxy;

namespace {
const char* kMinimal = R"(
[proxy]
listen = "127.0.0.1:7000"
env = "prod"
[upstream]
host = "127.0.0.1"
port = 5433
database = "app"
user = "govern"
password_file = "pw"
[policies]
bundle = "b.bundle"
[identities]
file = "ids.toml"
)";
}

TEST_CASE("a minimal config parses; relative paths resolve against the config's directory") {
  auto c = ParseProxyConfig(kMinimal, "/etc/govern/proxy.toml");
  REQUIRE_MESSAGE(c.ok(), c.status().message());
  CHECK(c->listen.port == 7000);
  CHECK(c->upstream.port == 5433);
  CHECK(c->bundle == "/etc/govern/b.bundle");
  CHECK(c->password_file == "/etc/govern/pw");
  CHECK(c->identities_file == "/etc/govern/ids.toml");
  CHECK_FALSE(c->shadow);
}

TEST_CASE("unknown keys, bad values and unimplemented sections are errors") {
  std::string base = kMinimal;
  auto bad = [&](const std::string& text, const char* expect) {
    auto c = ParseProxyConfig(text, "p.toml");
    REQUIRE_FALSE(c.ok());
    CHECK_MESSAGE(c.status().message().find(expect) != std::string::npos, c.status().message());
  };
  bad(base + "[extra]\n", "unknown section [extra]");
  bad("[proxy]\nlisten = \"x:1\"\nenv = \"e\"\nfoo = 1\n", "unknown key `foo` in [proxy]");
  bad(base + "[tls]\ncert = \"c\"\n", "[tls] needs cert and key");
  auto client_ca = ParseProxyConfig(base + "[tls]\ncert = \"c\"\nkey = \"k\"\nclient_ca = \"ca.pem\"\n", "/etc/p.toml");
  REQUIRE_MESSAGE(client_ca.ok(), client_ca.status().message());
  CHECK(client_ca->tls_client_ca == "/etc/ca.pem");
  std::string verify = base;
  verify.replace(verify.find("[upstream]"), 10, "[upstream]\ntls = \"verify-full\"");
  bad(verify, "needs upstream.ca_file");
  std::string verify_ca = base;
  verify_ca.replace(verify_ca.find("[upstream]"), 10, "[upstream]\ntls = \"verify-ca\"\nca_file = \"root.pem\"");
  auto verified = ParseProxyConfig(verify_ca, "/etc/p.toml");
  REQUIRE_MESSAGE(verified.ok(), verified.status().message());
  CHECK(verified->upstream_ca == "/etc/root.pem");
  std::string stray = base;
  stray.replace(stray.find("[upstream]"), 10, "[upstream]\ntls = \"require\"\nca_file = \"root.pem\"");
  bad(stray, "only with tls");
  auto tls = ParseProxyConfig(base + "[tls]\ncert = \"c.pem\"\nkey = \"k.pem\"\n", "/etc/p.toml");
  REQUIRE_MESSAGE(tls.ok(), tls.status().message());
  CHECK(tls->tls_cert == "/etc/c.pem");
  CHECK(tls->tls_required);
  bad(base + "[audit]\ndsn = \"host=x\"\n", "[audit] dir is required");
  bad(base + "[audit]\ndir = \"a\"\non_failure = \"maybe\"\n", "audit.on_failure");
  bad(base + "[audit]\ndir = \"a\"\nsync = \"never\"\n", "audit.sync");
  bad(base + "[audit]\ndir = \"a\"\nsegment_max_age = \"1w\"\n", "segment_max_age");
  bad(base + "[audit]\ndir = \"a\"\nproxy_id = \"a/b\"\n", "audit.proxy_id");
  bad(base + "[audit]\ndir = \"a\"\nsegments = 3\n", "unknown key `segments` in [audit]");
  std::string shadow = base;
  shadow.replace(shadow.find("env = \"prod\""), 12, "env = \"prod\"\nmode = \"watch\"");
  bad(shadow, "mode");
  std::string no_env = base;
  no_env.replace(no_env.find("env = \"prod\""), 12, "");
  bad(no_env, "env is required");
  std::string port = base;
  port.replace(port.find("port = 5433"), 11, "port = 70000");
  bad(port, "between 1 and 65535");
  bad("[proxy]\nenv = \"e\"\nlisten = \"nocolon\"\n", "HOST:PORT");
}

TEST_CASE("[audit]: defaults and keys (docs/audit.md)") {
  auto c = ParseProxyConfig(std::string(kMinimal) + "[audit]\ndir = \"audit/\"\n", "/etc/govern/proxy.toml");
  REQUIRE_MESSAGE(c.ok(), c.status().message());
  CHECK(c->audit.dir == "/etc/govern/audit/");
  CHECK(c->audit.deny_on_failure);
  CHECK(c->audit.fdatasync);
  CHECK(c->audit.proxy_id.ends_with("-7000"));  // host name and listen port
  auto all = ParseProxyConfig(std::string(kMinimal) +
                                  "[audit]\ndir = \"/var/audit\"\ndsn = \"host=db\"\non_failure = \"allow\"\n"
                                  "proxy_id = \"prod-1\"\nsigning_key = \"k.pem\"\nsync = \"write\"\n"
                                  "segment_max_bytes = 1048576\nsegment_max_age = \"10m\"\n",
                              "/etc/govern/proxy.toml");
  REQUIRE_MESSAGE(all.ok(), all.status().message());
  CHECK(all->audit.dir == "/var/audit");
  CHECK(all->audit.dsn == "host=db");
  CHECK_FALSE(all->audit.deny_on_failure);
  CHECK_FALSE(all->audit.fdatasync);
  CHECK(all->audit.proxy_id == "prod-1");
  CHECK(all->audit.signing_key == "/etc/govern/k.pem");
  CHECK(all->audit.segment_max_bytes == 1048576);
  CHECK(all->audit.segment_max_age_us == 600ll * 1000000);
}

TEST_CASE("HOST:PORT parsing") {
  CHECK(ParseHostPort("127.0.0.1:6432")->port == 6432);
  CHECK(ParseHostPort("[::1]:6432")->host == "::1");
  CHECK_FALSE(ParseHostPort("host:").ok());
  CHECK_FALSE(ParseHostPort("host:0").ok());
  CHECK_FALSE(ParseHostPort("host:99999").ok());
}

TEST_CASE("[masking] hash_key_file resolves; its only key") {
  auto c = ParseProxyConfig(std::string(kMinimal) + "[masking]\nhash_key_file = \"hash.key\"\n", "/etc/govern/proxy.toml");
  REQUIRE_MESSAGE(c.ok(), c.status().message());
  CHECK(c->hash_key_file == "/etc/govern/hash.key");
  auto bad = ParseProxyConfig(std::string(kMinimal) + "[masking]\nhash_key = \"inline\"\n", "p.toml");
  REQUIRE_FALSE(bad.ok());
  CHECK(bad.status().message().find("unknown key `hash_key` in [masking]") != std::string::npos);
}

TEST_CASE("[masking] recheck: how long a relation's lookup stands, at least a second") {
  auto plain = ParseProxyConfig(kMinimal, "p.toml");
  REQUIRE_MESSAGE(plain.ok(), plain.status().message());
  CHECK(plain->origin_recheck_ms == 10000);
  auto c = ParseProxyConfig(std::string(kMinimal) + "[masking]\nrecheck = \"2m\"\n", "p.toml");
  REQUIRE_MESSAGE(c.ok(), c.status().message());
  CHECK(c->origin_recheck_ms == 120000);
  for (const char* bad : {"\"0s\"", "\"500ms\"", "\"soon\"", "10"}) {
    auto b = ParseProxyConfig(std::string(kMinimal) + "[masking]\nrecheck = " + bad + "\n", "p.toml");
    REQUIRE_FALSE(b.ok());
    CHECK_MESSAGE(b.status().message().find("masking.recheck") != std::string::npos, b.status().message());
  }
}
