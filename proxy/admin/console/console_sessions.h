// Console login sessions. A human identity (kind "human" or unset; not
// "service" or "agent") from the identities file logs in with
// its password, checked against its SCRAM-SHA-256 verifier (the same check a
// SCRAM exchange makes: H(HMAC(Hi(password, salt, i), "Client Key")) equals
// the stored key, compared in constant time); unknown names cost the same
// derivation. Failed logins are throttled per name like the proxy's.
//
// A session is a random 256-bit token (the HttpOnly cookie) and a second
// random token for CSRF, bound to it: every state-changing request must echo
// it in X-CSRF-Token. Only SHA-256 of a token is kept in memory. Sessions end
// after 30 idle minutes or 12 hours, at logout, or when the identity is no
// longer in the identities file.
#pragma once

#include <chrono>
#include <cstdint>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "auth/identities.h"
#include "auth/login_throttle.h"
#include "core/status.h"

namespace govern::proxy::console {

struct ConsoleSession {
  std::string user;
  std::vector<std::string> groups;
  std::string csrf;  // the CSRF token (sent to the page in the session JSON, never in a cookie)
  std::chrono::steady_clock::time_point created, last_seen;
};

// True when `password` matches the SCRAM-SHA-256 verifier text.
bool VerifyPassword(std::string_view verifier, std::string_view password);

class ConsoleSessions {
 public:
  using Clock = std::chrono::steady_clock;
  static constexpr Clock::duration kIdle = std::chrono::minutes(30);
  static constexpr Clock::duration kLifetime = std::chrono::hours(12);
  static constexpr size_t kMaxSessions = 10000;

  ConsoleSessions() : throttle_(10, std::chrono::minutes(1)) {}

  // A new session for a correct password (the token for the cookie), or an
  // error whose message is safe to show ("invalid user or password",
  // "too many failed logins; try again later", and, after a correct
  // password, "only human identities may log in to the console").
  Expected<std::string> Login(const Identities& identities, std::string_view user, std::string_view password,
                              Clock::time_point now);
  // The live session of a cookie token (refreshing its idle time), or nothing.
  std::optional<ConsoleSession> Find(std::string_view token, Clock::time_point now);
  void Logout(std::string_view token);
  // Drops the sessions of identities that are no longer in the file.
  void Retain(const Identities& identities);
  size_t size() const;

  // Constant-time equality (CSRF tokens).
  static bool SameToken(std::string_view a, std::string_view b);

 private:
  void Expire(Clock::time_point now);
  mutable std::mutex mutex_;
  LoginThrottle throttle_;
  std::unordered_map<std::string, ConsoleSession> sessions_;  // SHA-256(token) -> session
};

}  // namespace govern::proxy::console
