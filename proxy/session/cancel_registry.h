// CancelRegistry: the proxy's own BackendKeyData per client session, mapped
// to the session that owns it. A CancelRequest names the proxy's key; only a
// key the proxy handed out reaches a session, so a client cannot cancel
// another client's statement by guessing upstream process ids. The owning
// session decides what a cancel does (its `cancel` hook, which may run on any
// thread): end a hold for an approval, and/or pass the cancel upstream.
#pragma once

#include <cstdint>
#include <functional>
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
  // A fresh random proxy key for a session; `cancel` is called (on the
  // thread that read the CancelRequest) for each CancelRequest naming it.
  BackendKey Register(std::function<void()> cancel);
  void Unregister(BackendKey proxy_key);
  // The hook of the session `proxy_key` names (nullopt for an unknown key).
  std::optional<std::function<void()>> Lookup(BackendKey proxy_key) const;

 private:
  static uint64_t Pack(BackendKey k) {
    return (static_cast<uint64_t>(static_cast<uint32_t>(k.pid)) << 32) | static_cast<uint32_t>(k.secret);
  }
  mutable std::mutex mutex_;
  std::unordered_map<uint64_t, std::function<void()>> keys_;
};

}  // namespace govern::proxy
