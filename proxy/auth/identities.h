// The identities file (TOML): who may log in to the proxy, with what SCRAM
// verifier, and the identity attributes decisions see. Written by
// `govern identity add`, read by the proxy. Never holds a password.
//
//   [identity.ana]
//   scram = "SCRAM-SHA-256$4096:c2FsdA==$...:..."
//   groups = ["analyst"]
//   roles = []
//   purpose = "reporting"
//   kind = "human"          # human | service | agent
//   attr = { team = "risk" }
//
//   [identity.etl]          # client-certificate login ([tls] client_ca): the
//   cert = true             # certificate's CN is the name; scram optional
#pragma once

#include <map>
#include <string>
#include <utility>
#include <vector>

#include "auth/scram.h"
#include "core/status.h"

namespace govern::proxy {

struct IdentityEntry {
  std::string name;
  std::string scram;  // the verifier as stored; empty: certificate login only
  bool cert = false;  // may log in with a client certificate whose CN is `name`
  std::vector<std::string> groups, roles;
  std::string purpose, kind;
  std::vector<std::pair<std::string, std::string>> attrs;
};

class Identities {
 public:
  // Unknown keys, a malformed verifier or an unknown kind are errors.
  static Expected<Identities> Parse(std::string_view toml, const std::string& file);
  static Expected<Identities> Load(const std::string& path);
  // An absent file is an empty set (for `govern identity add` on a new file).
  static Expected<Identities> LoadOrEmpty(const std::string& path);

  const IdentityEntry* Find(std::string_view name) const;
  void Put(IdentityEntry entry);
  std::string Serialize() const;
  // Writes atomically (temporary file + rename), mode 0600.
  Status Save(const std::string& path) const;
  size_t size() const { return entries_.size(); }

 private:
  std::map<std::string, IdentityEntry, std::less<>> entries_;
};

}  // namespace govern::proxy
