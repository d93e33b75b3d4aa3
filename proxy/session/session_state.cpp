#include "session/session_state.h"

namespace govern::proxy {

void SessionState::Apply(const SessionChange& c) {
  using K = SessionChange::Kind;
  switch (c.kind) {
    case K::kResetAll:
    case K::kDiscardAll:
      session_set_ = local_set_ = false;
      role_.clear();
      break;
    case K::kReset:
      if (c.name == "search_path") session_set_ = local_set_ = false;
      if (c.name == "role" || c.name == "session_authorization") role_.clear();
      break;
    case K::kSet:
    case K::kSetLocal:
      if (c.name == "search_path") {
        if (c.kind == K::kSet) {
          session_path_ = c.values;
          session_set_ = true;
          local_set_ = false;
        } else {
          local_path_ = c.values;
          local_set_ = true;
        }
      } else if (c.name == "role" || c.name == "session_authorization") {
        role_ = c.values.empty() || c.values[0] == "none" ? std::string() : c.values[0];
      }
      break;
    case K::kComputed:
      // A value computed at run time: the proxy cannot know it. Names are then
      // resolved with the path as last known; the change still moves the
      // epoch so prepared statements are decided again.
      break;
  }
  ++epoch_;
  Recompute();
}

void SessionState::EndTransaction() {
  if (!local_set_) return;
  local_set_ = false;
  ++epoch_;
  Recompute();
}

void SessionState::Commit() {
  if (committed_epoch_ == epoch_) return;  // nothing changed since
  committed_.role = role_;
  committed_.session_path = session_path_;
  committed_.session_set = session_set_;
  committed_epoch_ = epoch_;
}

void SessionState::Rollback() {
  if (committed_epoch_ == epoch_) return;
  role_ = committed_.role;
  session_path_ = committed_.session_path;
  session_set_ = committed_.session_set;
  local_set_ = false;
  ++epoch_;
  committed_epoch_ = epoch_;
  Recompute();
}

void SessionState::Recompute() {
  effective_.clear();
  const std::vector<std::string>* path = local_set_ ? &local_path_ : session_set_ ? &session_path_ : nullptr;
  if (path == nullptr) return;
  for (const std::string& s : *path) effective_.push_back(s == "$user" ? (role_.empty() ? login_user_ : role_) : s);
  // An explicitly empty path stays distinguishable from "never set".
  if (effective_.empty()) effective_.push_back("");
}

}  // namespace govern::proxy
