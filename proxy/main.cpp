// govern-proxy: the proxy without the CLI (runtime-only builds; policies come
// as a compiled bundle). `govern proxy` is the same with policy sources too.
//   govern-proxy --config proxy.toml [--check]
#include <cstdio>
#include <cstring>
#include <string>

#include "server.h"

int main(int argc, char** argv) {
  std::string config_path;
  bool check = false;
  for (int i = 1; i < argc; ++i) {
    if (std::strcmp(argv[i], "--config") == 0 && i + 1 < argc) {
      config_path = argv[++i];
    } else if (std::strcmp(argv[i], "--check") == 0) {
      check = true;
    } else {
      std::fprintf(stderr, "usage: %s --config proxy.toml [--check]\n", argv[0]);
      return 2;
    }
  }
  if (config_path.empty()) {
    std::fprintf(stderr, "usage: %s --config proxy.toml [--check]\n", argv[0]);
    return 2;
  }
  auto config = govern::proxy::LoadProxyConfig(config_path);
  if (!config) {
    std::fprintf(stderr, "error: %s\n", config.status().message().c_str());
    return 2;
  }
  if (check) {
    if (govern::Status s = govern::proxy::CheckProxy(*config, govern::proxy::LoadBundleEngine); !s.ok()) {
      std::fprintf(stderr, "error: %s\n", s.message().c_str());
      return 2;
    }
    std::printf("%s: ok\n", config_path.c_str());
    return 0;
  }
  return govern::proxy::RunProxy(*config, govern::proxy::LoadBundleEngine);
}
