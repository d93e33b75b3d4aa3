// SCRAM-SHA-256 (RFC 5802/7677) as PostgreSQL speaks it, without channel
// binding: verifiers, the server side of an exchange (clients logging in to
// the proxy) and the client side (the proxy logging in upstream). Secrets
// never appear in a Status message.
//
//   auto v = scram::MakeVerifier("secret");            // "SCRAM-SHA-256$4096:salt$stored:server"
//   scram::ServerExchange ex(*scram::ParseVerifier(*v));
//   std::string first;  if (!ex.ClientFirst(client_first, &first)) ...  // send first
//   std::string final;  if (ex.ClientFinal(client_final, &final)) ...   // authenticated
#pragma once

#include <array>
#include <cstdint>
#include <string>
#include <string_view>

#include "core/status.h"

namespace govern::proxy::scram {

constexpr int kDefaultIterations = 4096;
using Key = std::array<uint8_t, 32>;

struct Verifier {
  int iterations = kDefaultIterations;
  std::string salt;  // raw bytes
  Key stored_key{};
  Key server_key{};
};

// A new verifier for `password` with a random 16-byte salt.
Expected<std::string> MakeVerifier(std::string_view password, int iterations = kDefaultIterations);
Expected<Verifier> ParseVerifier(std::string_view text);
std::string FormatVerifier(const Verifier& v);
// The verifier a given salt gives (for tests and for unknown users' decoys).
Verifier DeriveVerifier(std::string_view password, std::string_view salt, int iterations);

// True when `password` gives `v` (constant-time comparison): a password
// check against a stored verifier (the admin API's HTTP Basic logins).
bool CheckPassword(const Verifier& v, std::string_view password);

std::string Base64Encode(std::string_view raw);
bool Base64Decode(std::string_view text, std::string* raw);
std::string RandomBytes(size_t n);

// The server side of one exchange.
class ServerExchange {
 public:
  explicit ServerExchange(Verifier verifier) : verifier_(std::move(verifier)) {}
  // client-first-message -> server-first-message. False on a malformed
  // message or one that asks for channel binding.
  bool ClientFirst(std::string_view message, std::string* server_first);
  // client-final-message -> server-final-message ("v=..."). False when the
  // proof is wrong or the message is malformed.
  bool ClientFinal(std::string_view message, std::string* server_final);

 private:
  Verifier verifier_;
  std::string client_first_bare_, server_first_, nonce_;
};

// The client side of one exchange.
class ClientExchange {
 public:
  ClientExchange(std::string password) : password_(std::move(password)) {}
  std::string ClientFirst();
  // server-first -> client-final; error when malformed or the nonce is not ours.
  Expected<std::string> ServerFirst(std::string_view message);
  // Checks the server's signature.
  Status ServerFinal(std::string_view message);

 private:
  std::string password_, client_nonce_, client_first_bare_, auth_message_;
  Key server_key_{};
};

// md5 password for upstream md5 auth: "md5" + md5(md5(password + user) + salt).
std::string Md5Password(std::string_view user, std::string_view password, std::string_view salt);

}  // namespace govern::proxy::scram
