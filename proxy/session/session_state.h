// SessionState: what a client connection has changed that later decisions
// depend on (search_path, SET LOCAL search_path, the current role), and an
// epoch that moves whenever any of it changes, so a statement decided earlier
// (Parse) is decided again before it runs (Bind/Execute) under a new state.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "govern/govern.h"

namespace govern::proxy {

class SessionState {
 public:
  // `login_user`: the upstream user, what "$user" means until SET ROLE.
  explicit SessionState(std::string login_user) : login_user_(std::move(login_user)) {}

  void Apply(const SessionChange& change);
  // The transaction ended (ReadyForQuery 'I'): SET LOCAL values are gone.
  void EndTransaction();
  // The path decisions resolve names with: "$user" replaced by the current
  // role; empty when never set (the engine's default path).
  const std::vector<std::string>& EffectivePath() const { return effective_; }
  uint64_t epoch() const { return epoch_; }
  const std::string& role() const { return role_; }

 private:
  void Recompute();
  std::string login_user_, role_;
  std::vector<std::string> session_path_, local_path_, effective_;
  bool session_set_ = false, local_set_ = false;
  uint64_t epoch_ = 0;
};

}  // namespace govern::proxy
