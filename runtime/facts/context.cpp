#include "facts/context.h"

#include <atomic>

namespace govern {

uint64_t NewContextStamp() noexcept {
  static std::atomic<uint64_t> stamps{0};
  return stamps.fetch_add(1, std::memory_order_relaxed) + 1;
}

}  // namespace govern
