// LoginThrottle: failed logins per identity name within a sliding window.
// Past the limit, further logins for that name fail without the proof being
// looked at (the same 28P01 as a wrong password), until the window moves on,
// so parallel connections cannot guess passwords faster than the limit.
#pragma once

#include <chrono>
#include <cstdint>
#include <mutex>
#include <string>
#include <string_view>
#include <unordered_map>

namespace govern::proxy {

class LoginThrottle {
 public:
  using Clock = std::chrono::steady_clock;
  // max_failures per window; 0: no limit.
  LoginThrottle(uint32_t max_failures, Clock::duration window) : max_failures_(max_failures), window_(window) {}
  bool Allowed(std::string_view user, Clock::time_point now);
  void Failed(std::string_view user, Clock::time_point now);
  void Succeeded(std::string_view user);

 private:
  struct Entry {
    uint32_t failures = 0;
    Clock::time_point window_start;
  };
  static constexpr size_t kMaxNames = 100000;  // bounded: expired entries are dropped beyond this
  uint32_t max_failures_;
  Clock::duration window_;
  std::mutex mutex_;
  std::unordered_map<std::string, Entry> entries_;
};

}  // namespace govern::proxy
