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
      savepoints_.push_back({c.name, now_});
      return;  // nothing changed yet
    case K::kRelease: {
      size_t at = innermost(c.name);
      if (at < savepoints_.size()) savepoints_.resize(at);
      return;  // the SETs since stay
    }
    case K::kRollbackTo: {
      size_t at = innermost(c.name);
      if (at == savepoints_.size()) return;  // no such savepoint: the server refuses it
      savepoints_.resize(at + 1);            // the savepoint itself stays
      Restore(savepoints_[at].state);
      return;
    }
    case K::kResetAll:
    case K::kDiscardAll:
      now_.session_set = now_.local_set = now_.path_unknown = false;
      now_.role.clear();
      break;
    case K::kReset:
      if (c.name == "search_path") now_.session_set = now_.local_set = now_.path_unknown = false;
      if (c.name == "role" || c.name == "session_authorization") now_.role.clear();
      break;
    case K::kSet:
    case K::kSetLocal:
      if (c.name == "search_path") {
        if (c.kind == K::kSet) {
          now_.session_path = c.values;
          now_.session_set = true;
          now_.local_set = false;
          now_.path_unknown = false;
        } else {
          now_.local_path = c.values;
          now_.local_set = true;
        }
      } else if (c.name == "role" || c.name == "session_authorization") {
        now_.role = c.values.empty() || c.values[0] == "none" ? std::string() : c.values[0];
      }
      break;
    case K::kComputed:
      // A value computed at run time, or a call that may not have run: the
      // proxy cannot know the path, so statements are refused until it is
      // set again (path_unknown). Other settings do not matter to names.
      if (c.name.empty() || c.name == "search_path") now_.path_unknown = true;
      break;
  }
  ++epoch_;
  Recompute();
}

void SessionState::EndTransaction() {
  ForgetSavepoints();
  if (!now_.local_set) return;
  now_.local_set = false;
  ++epoch_;
  Recompute();
}

void SessionState::Commit() {
  ForgetSavepoints();
  if (committed_epoch_ == epoch_) return;  // nothing changed since
  committed_ = now_;
  committed_.local_set = false;
  committed_epoch_ = epoch_;
}

void SessionState::Rollback() {
  ForgetSavepoints();
  if (committed_epoch_ == epoch_) return;
  Restore(committed_);
  committed_epoch_ = epoch_;
}

void SessionState::Restore(const Tracked& state) {
  now_ = state;
  ++epoch_;
  Recompute();
}

void SessionState::Recompute() {
  effective_.clear();
  const std::vector<std::string>* path = now_.local_set ? &now_.local_path : now_.session_set ? &now_.session_path : nullptr;
  if (path == nullptr) return;
  for (const std::string& s : *path)
    effective_.push_back(s == "$user" ? (now_.role.empty() ? login_user_ : now_.role) : s);
  // An explicitly empty path stays distinguishable from "never set".
  if (effective_.empty()) effective_.push_back("");
}

}  // namespace govern::proxy
