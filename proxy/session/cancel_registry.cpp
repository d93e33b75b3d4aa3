#include "session/cancel_registry.h"

#include <cstring>

#include "auth/scram.h"

namespace govern::proxy {

BackendKey CancelRegistry::Register(std::function<void()> cancel) {
  std::lock_guard<std::mutex> lock(mutex_);
  while (true) {
    std::string r = scram::RandomBytes(8);
    BackendKey k;
    std::memcpy(&k.pid, r.data(), 4);
    std::memcpy(&k.secret, r.data() + 4, 4);
    k.pid &= 0x7fffffff;  // process ids are positive
    if (k.pid == 0 || keys_.count(Pack(k))) continue;
    keys_[Pack(k)] = std::move(cancel);
    return k;
  }
}

void CancelRegistry::Unregister(BackendKey proxy_key) {
  std::lock_guard<std::mutex> lock(mutex_);
  keys_.erase(Pack(proxy_key));
}

std::optional<std::function<void()>> CancelRegistry::Lookup(BackendKey proxy_key) const {
  std::lock_guard<std::mutex> lock(mutex_);
  auto it = keys_.find(Pack(proxy_key));
  if (it == keys_.end()) return std::nullopt;
  return it->second;
}

}  // namespace govern::proxy
