#include "admin/console/console_sessions.h"

#include <openssl/crypto.h>

#include "auth/scram.h"
#include "bundle/crypto.h"

namespace govern::proxy::console {
namespace {

std::string TokenKey(std::string_view token) {
  auto digest = Sha256(token);
  return std::string(reinterpret_cast<const char*>(digest.data()), digest.size());
}

// 256 random bits as base64url without padding (cookie- and header-safe).
std::string NewToken() {
  std::string b64 = scram::Base64Encode(scram::RandomBytes(32));
  for (char& c : b64) {
    if (c == '+') c = '-';
    if (c == '/') c = '_';
  }
  while (!b64.empty() && b64.back() == '=') b64.pop_back();
  return b64;
}

}  // namespace

bool VerifyPassword(std::string_view verifier_text, std::string_view password) {
  auto verifier = scram::ParseVerifier(verifier_text);
  if (!verifier) return false;
  scram::Verifier derived = scram::DeriveVerifier(password, verifier->salt, verifier->iterations);
  return CRYPTO_memcmp(derived.stored_key.data(), verifier->stored_key.data(), derived.stored_key.size()) == 0;
}

bool ConsoleSessions::SameToken(std::string_view a, std::string_view b) {
  return a.size() == b.size() && !a.empty() && CRYPTO_memcmp(a.data(), b.data(), a.size()) == 0;
}

Expected<std::string> ConsoleSessions::Login(const Identities& identities, std::string_view user,
                                             std::string_view password, Clock::time_point now) {
  if (!throttle_.Allowed(user, now)) return Status::Error("too many failed logins; try again later");
  const IdentityEntry* entry = identities.Find(user);
  bool ok = false;
  if (entry) {
    ok = VerifyPassword(entry->scram, password);
  } else {
    // The same work for a name that is not there.
    (void)scram::DeriveVerifier(password, "govern-console-decoy-salt", scram::kDefaultIterations);
  }
  if (!ok) {
    throttle_.Failed(user, now);
    return Status::Error("invalid user or password");
  }
  throttle_.Succeeded(user);
  // Services and agents read the databases; people read the audit.
  if (entry->kind == "service" || entry->kind == "agent")
    return Status::Error("only human identities may log in to the console");
  std::lock_guard<std::mutex> lock(mutex_);
  Expire(now);
  if (sessions_.size() >= kMaxSessions) return Status::Error("too many console sessions; try again later");
  std::string token = NewToken();
  ConsoleSession session;
  session.user = entry->name;
  session.groups = entry->groups;
  session.csrf = NewToken();
  session.created = session.last_seen = now;
  sessions_[TokenKey(token)] = std::move(session);
  return token;
}

std::optional<ConsoleSession> ConsoleSessions::Find(std::string_view token, Clock::time_point now) {
  if (token.empty()) return std::nullopt;
  std::lock_guard<std::mutex> lock(mutex_);
  auto it = sessions_.find(TokenKey(token));
  if (it == sessions_.end()) return std::nullopt;
  if (now - it->second.last_seen > kIdle || now - it->second.created > kLifetime) {
    sessions_.erase(it);
    return std::nullopt;
  }
  it->second.last_seen = now;
  return it->second;
}

void ConsoleSessions::Logout(std::string_view token) {
  std::lock_guard<std::mutex> lock(mutex_);
  sessions_.erase(TokenKey(token));
}

void ConsoleSessions::Retain(const Identities& identities) {
  std::lock_guard<std::mutex> lock(mutex_);
  for (auto it = sessions_.begin(); it != sessions_.end();) {
    if (identities.Find(it->second.user)) ++it;
    else it = sessions_.erase(it);
  }
}

size_t ConsoleSessions::size() const {
  std::lock_guard<std::mutex> lock(mutex_);
  return sessions_.size();
}

void ConsoleSessions::Expire(Clock::time_point now) {
  for (auto it = sessions_.begin(); it != sessions_.end();) {
    if (now - it->second.last_seen > kIdle || now - it->second.created > kLifetime) it = sessions_.erase(it);
    else ++it;
  }
}

}  // namespace govern::proxy::console
