// CancelRegistry: the proxy's own BackendKeyData per client session, mapped
// to the upstream session's key. A CancelRequest names the proxy's key; only
// a key the proxy handed out reaches the upstream, so a client cannot cancel
// another client's statement by guessing upstream process ids.
#pragma once

#include <cstdint>
#include <mutex>
#include <optional>
#include <unordered_map>

namespace govern::proxy {

struct BackendKey {
  int32_t pid = 0;
  int32_t secret = 0;
};

class CancelRegistry {
 public:
  // A fresh random proxy key for an upstream key.
  BackendKey Register(BackendKey upstream);
  void Unregister(BackendKey proxy_key);
  std::optional<BackendKey> Lookup(BackendKey proxy_key) const;

 private:
  static uint64_t Pack(BackendKey k) {
    return (static_cast<uint64_t>(static_cast<uint32_t>(k.pid)) << 32) | static_cast<uint32_t>(k.secret);
  }
  mutable std::mutex mutex_;
  std::unordered_map<uint64_t, BackendKey> keys_;
};

}  // namespace govern::proxy
