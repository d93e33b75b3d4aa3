// libFuzzer target: any bytes as each of govern's TOML files: the proxy's
// proxy.toml (proxy/config.h), its identities file (proxy/auth/identities.h)
// and lint's govern.toml (lint/config.h). Each parser must accept or answer
// an error that names the file (file:line:col for syntax), never crash, hang
// or throw; what it accepts must hold together.
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string>
#include <string_view>

#include "auth/identities.h"
#include "lint/config.h"
#include "proxy/config.h"

namespace {

void Require(bool ok) {
  if (!ok) std::abort();
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  std::string_view text(reinterpret_cast<const char*>(data), size);

  const std::string proxy_file = "/etc/govern/proxy.toml";
  auto proxy = govern::proxy::ParseProxyConfig(text, proxy_file);
  if (!proxy.ok()) {
    Require(proxy.status().message().find("proxy.toml") != std::string::npos);
  } else {
    Require(proxy->origin_recheck_ms >= 1000);
    Require(proxy->max_message_bytes > 0);
    for (const std::string& s : proxy->catalog_sources) Require(!s.empty());
  }

  auto ids = govern::proxy::Identities::Parse(text, "identities.toml");
  if (!ids.ok()) Require(ids.status().message().find("identities.toml") != std::string::npos);

  auto lint = govern::lint::ParseConfig(text, "/repo/govern.toml");
  if (!lint.ok()) {
    Require(!lint.status().message().empty());
  } else {
    Require(!lint->policy_sources.empty() || !lint->bundle.empty());
    for (const std::string& s : lint->policy_sources) Require(!s.empty() && s[0] == '/');
  }
  return 0;
}
