// EngineSlot: the engine and identities every event loop decides with, and a
// version that moves when SIGHUP swaps them (after both loaded and verified).
// Readers copy the shared pointers under the lock and keep them as long as
// they need them, so a swap never pulls an engine from under a decision.
#pragma once

#include <atomic>
#include <cstdint>
#include <memory>
#include <mutex>
#include <utility>

#include "auth/identities.h"
#include "govern/govern.h"

namespace govern::proxy {

class EngineSlot {
 public:
  void Set(std::shared_ptr<const Engine> engine, std::shared_ptr<const Identities> identities) {
    std::lock_guard<std::mutex> lock(mutex_);
    engine_ = std::move(engine);
    identities_ = std::move(identities);
    version_.fetch_add(1, std::memory_order_release);
  }
  std::shared_ptr<const Engine> engine() const {
    std::lock_guard<std::mutex> lock(mutex_);
    return engine_;
  }
  std::shared_ptr<const Identities> identities() const {
    std::lock_guard<std::mutex> lock(mutex_);
    return identities_;
  }
  uint64_t version() const { return version_.load(std::memory_order_acquire); }

 private:
  mutable std::mutex mutex_;
  std::shared_ptr<const Engine> engine_;
  std::shared_ptr<const Identities> identities_;
  std::atomic<uint64_t> version_{0};
};

}  // namespace govern::proxy
