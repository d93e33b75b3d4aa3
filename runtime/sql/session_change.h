// SessionChanges: what the statements of one SQL text change in the session
// state that later name resolution and decisions depend on (search_path, the
// current role, RESET ALL, DISCARD ALL). A proxy keeps this state per client
// connection across texts; the analyzer only tracks it within one text.
//
//   for (const govern::SessionChange& c : govern::SessionChanges("SET search_path TO a, b")) ...
//
// SAVEPOINT, ROLLBACK TO and RELEASE are changes too, so a tracker can undo
// the SETs a rollback to a savepoint undid.
// Only statements at the top level of the text count (not bodies of functions
// or DO blocks: what those change is not known before they run).
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace govern {

struct SessionChange {
  enum class Kind : uint8_t {
    kSet,        // SET name = value (value: list elements joined by ", ", each as written)
    kSetLocal,   // SET LOCAL name = value: until the end of the transaction
    kReset,      // RESET name, SET name TO DEFAULT
    kResetAll,   // RESET ALL
    kDiscardAll, // DISCARD ALL (also resets role and session authorization)
    kComputed,   // set_config(name, <not a constant>, ...): the new value is not known
    kSavepoint,  // SAVEPOINT name: the state to return to (name: the savepoint's, folded)
    kRollbackTo, // ROLLBACK TO [SAVEPOINT] name: the SETs since it are undone
    kRelease,    // RELEASE [SAVEPOINT] name: it and later savepoints are gone, their SETs stay
  };
  Kind kind = Kind::kSet;
  std::string name;                 // lower-case setting name ("search_path", "role", "session_authorization");
                                    // the savepoint's name for kSavepoint, kRollbackTo, kRelease
  std::vector<std::string> values;  // kSet/kSetLocal: the value's elements (search_path: one schema each)
};

// The changes in source order; a text that does not parse yields none (it is
// refused before it could change anything).
std::vector<SessionChange> SessionChanges(std::string_view sql);

}  // namespace govern
