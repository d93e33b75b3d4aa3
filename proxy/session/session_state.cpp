#include "session/session_state.h"

namespace govern::proxy {

void SessionState::Apply(const SessionChange& c) {
  using K = SessionChange::Kind;
  auto innermost = [&](std::string_view name) {
    for (size_t i = savepoints_.size(); i-- > 0;)
      if (savepoints_[i].name == name) return i;
    return savepoints_.size();
  };
  switch (c.kind) {
    case K::kSavepoint:
      savepoints_.push_back({c.name, role_, session_path_, local_path_, session_set_, local_set_, path_unknown_});
      return;  // nothing changed yet
    case K::kRelease: {
      size_t at = innermost(c.name);
      if (at < savepoints_.size()) savepoints_.resize(at);
      return;  // the SETs since stay
    }
    case K::kRollbackTo: {
      size_t at = innermost(c.name);
      if (at == savepoints_.size()) return;  // no such savepoint: the server refuses it
      const Savepoint& sp = savepoints_[at];
      role_ = sp.role;
      session_path_ = sp.session_path;
      local_path_ = sp.local_path;
      session_set_ = sp.session_set;
      local_set_ = sp.local_set;
      path_unknown_ = sp.path_unknown;
      savepoints_.resize(at + 1);  // the savepoint itself stays
      break;
    }
    case K::kResetAll:
    case K::kDiscardAll:
      session_set_ = local_set_ = false;
      path_unknown_ = false;
      role_.clear();
      break;
    case K::kReset:
      if (c.name == "search_path") session_set_ = local_set_ = path_unknown_ = false;
      if (c.name == "role" || c.name == "session_authorization") role_.clear();
      break;
    case K::kSet:
    case K::kSetLocal:
      if (c.name == "search_path") {
        if (c.kind == K::kSet) {
          session_path_ = c.values;
          session_set_ = true;
          local_set_ = false;
          path_unknown_ = false;
        } else {
          local_path_ = c.values;
          local_set_ = true;
        }
      } else if (c.name == "role" || c.name == "session_authorization") {
        role_ = c.values.empty() || c.values[0] == "none" ? std::string() : c.values[0];
      }
      break;
    case K::kComputed:
      // A value computed at run time, or a call that may not have run: the
      // proxy cannot know the path, so statements are refused until it is
      // set again (path_unknown). Other settings do not matter to names.
      if (c.name.empty() || c.name == "search_path") path_unknown_ = true;
      break;
  }
  ++epoch_;
  Recompute();
}

void SessionState::EndTransaction() {
  ForgetSavepoints();
  if (!local_set_) return;
  local_set_ = false;
  ++epoch_;
  Recompute();
}

void SessionState::Commit() {
  ForgetSavepoints();
  if (committed_epoch_ == epoch_) return;  // nothing changed since
  committed_.role = role_;
  committed_.session_path = session_path_;
  committed_.session_set = session_set_;
  committed_.path_unknown = path_unknown_;
  committed_epoch_ = epoch_;
}

void SessionState::Rollback() {
  ForgetSavepoints();
  if (committed_epoch_ == epoch_) return;
  role_ = committed_.role;
  session_path_ = committed_.session_path;
  session_set_ = committed_.session_set;
  path_unknown_ = committed_.path_unknown;
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
