// SessionState: what a client connection has changed that later decisions
// depend on (search_path, SET LOCAL search_path, the current role), and an
// epoch that moves whenever any of it changes, so a statement decided earlier
// (Parse) is decided again before it runs (Bind/Execute) under a new state.
// Savepoints are tracked too: ROLLBACK TO returns the state to what it was at
// the SAVEPOINT (the server undoes those SETs), RELEASE keeps it.
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
  // The transaction committed: its changes are what a later rollback keeps.
  void Commit();
  // The transaction rolled back: the server undid its SETs (search_path,
  // role), so does the state; SET LOCAL values are gone too.
  void Rollback();
  // The path decisions resolve names with: "$user" replaced by the current
  // role; empty when never set (the engine's default path).
  const std::vector<std::string>& EffectivePath() const { return effective_; }
  uint64_t epoch() const { return epoch_; }
  // search_path was changed in a way the proxy cannot know (set_config with a
  // computed value or name, or one that may not have run): names cannot be
  // resolved as the server will, so statements are refused until a SET or
  // RESET of search_path (or RESET ALL, DISCARD ALL) makes it known again.
  bool path_unknown() const { return now_.path_unknown; }
  const std::string& role() const { return now_.role; }

 private:
  // What the server's session has, as far as names are concerned.
  struct Tracked {
    std::string role;
    std::vector<std::string> session_path, local_path;
    bool session_set = false, local_set = false, path_unknown = false;
  };
  struct Savepoint {
    std::string name;
    Tracked state;
  };
  void Recompute();
  // Returns to `state` (a savepoint's or the last commit's) and moves the epoch.
  void Restore(const Tracked& state);
  void ForgetSavepoints() { savepoints_.clear(); }
  std::string login_user_;
  Tracked now_;
  std::vector<std::string> effective_;
  // The state at each open savepoint, innermost last (names may repeat: the
  // innermost of a name is the one ROLLBACK TO and RELEASE mean).
  std::vector<Savepoint> savepoints_;
  Tracked committed_;             // as of the last commit (its SET LOCAL gone)
  uint64_t committed_epoch_ = 0;  // epoch_ when committed_ was taken
  uint64_t epoch_ = 0;
};

}  // namespace govern::proxy
