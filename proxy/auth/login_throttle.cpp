#include "auth/login_throttle.h"

namespace govern::proxy {

bool LoginThrottle::Allowed(std::string_view user, Clock::time_point now) {
  if (max_failures_ == 0) return true;
  std::lock_guard<std::mutex> lock(mutex_);
  auto it = entries_.find(std::string(user));
  if (it == entries_.end()) return true;
  if (now - it->second.window_start >= window_) {
    entries_.erase(it);
    return true;
  }
  return it->second.failures < max_failures_;
}

void LoginThrottle::Failed(std::string_view user, Clock::time_point now) {
  if (max_failures_ == 0) return;
  std::lock_guard<std::mutex> lock(mutex_);
  if (entries_.size() >= kMaxNames) {
    for (auto it = entries_.begin(); it != entries_.end();)
      it = now - it->second.window_start >= window_ ? entries_.erase(it) : std::next(it);
    if (entries_.size() >= kMaxNames) entries_.clear();  // a flood of names: start over rather than grow
  }
  Entry& e = entries_[std::string(user)];
  if (e.failures == 0 || now - e.window_start >= window_) {
    e.failures = 0;
    e.window_start = now;
  }
  ++e.failures;
}

void LoginThrottle::Succeeded(std::string_view user) {
  if (max_failures_ == 0) return;
  std::lock_guard<std::mutex> lock(mutex_);
  entries_.erase(std::string(user));
}

}  // namespace govern::proxy
