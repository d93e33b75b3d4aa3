// Arena for the AST: a monotonic buffer; nodes are never destroyed one by one
// (their containers use the same arena, whose deallocate is a no-op), so the
// whole tree is freed at once with the arena.
#pragma once

#include <cstring>
#include <memory_resource>
#include <new>
#include <string_view>
#include <utility>
#include <vector>

namespace govern::compiler {

class Arena {
 public:
  Arena() : resource_(64 * 1024) {}
  Arena(const Arena&) = delete;
  Arena& operator=(const Arena&) = delete;

  template <typename T, typename... Args>
  T* Make(Args&&... args) {
    void* p = resource_.allocate(sizeof(T), alignof(T));
    return new (p) T(std::forward<Args>(args)...);
  }
  std::string_view Copy(std::string_view s) {
    if (s.empty()) return {};
    char* p = static_cast<char*>(resource_.allocate(s.size(), 1));
    std::memcpy(p, s.data(), s.size());
    return {p, s.size()};
  }
  template <typename T>
  std::pmr::vector<T> Vector() {
    return std::pmr::vector<T>(&resource_);
  }
  std::pmr::memory_resource* resource() { return &resource_; }

 private:
  std::pmr::monotonic_buffer_resource resource_;
};

}  // namespace govern::compiler
