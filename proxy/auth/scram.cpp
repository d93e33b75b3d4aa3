#include "auth/scram.h"

#include <openssl/crypto.h>
#include <openssl/evp.h>
#include <openssl/hmac.h>
#include <openssl/rand.h>
#include <openssl/sha.h>

#include <cstring>

namespace govern::proxy::scram {
namespace {

Key Hmac(const Key& key, std::string_view data) {
  Key out{};
  unsigned int len = 0;
  HMAC(EVP_sha256(), key.data(), static_cast<int>(key.size()), reinterpret_cast<const unsigned char*>(data.data()),
       data.size(), out.data(), &len);
  return out;
}
Key Sha256(const Key& in) {
  Key out{};
  SHA256(in.data(), in.size(), out.data());
  return out;
}
std::string_view View(const Key& k) { return {reinterpret_cast<const char*>(k.data()), k.size()}; }

Key SaltedPassword(std::string_view password, std::string_view salt, int iterations) {
  Key out{};
  PKCS5_PBKDF2_HMAC(password.data(), static_cast<int>(password.size()),
                    reinterpret_cast<const unsigned char*>(salt.data()), static_cast<int>(salt.size()), iterations,
                    EVP_sha256(), static_cast<int>(out.size()), out.data());
  return out;
}

// "a=x,b=y": the value of attribute `name` at the start of part `index`.
bool Attribute(std::string_view message, char name, std::string_view* value, size_t* next = nullptr,
               size_t from = 0) {
  if (from + 2 > message.size() || message[from] != name || message[from + 1] != '=') return false;
  size_t end = message.find(',', from);
  if (end == std::string_view::npos) end = message.size();
  *value = message.substr(from + 2, end - from - 2);
  if (next) *next = end == message.size() ? end : end + 1;
  return true;
}

bool ValidNonce(std::string_view n) {
  if (n.empty()) return false;
  for (char c : n)
    if (c < 0x21 || c > 0x7e || c == ',') return false;
  return true;
}

}  // namespace

std::string RandomBytes(size_t n) {
  std::string out(n, '\0');
  if (RAND_bytes(reinterpret_cast<unsigned char*>(out.data()), static_cast<int>(n)) != 1) {
    // OpenSSL's CSPRNG failing is not recoverable; never fall back to a weak source.
    std::abort();
  }
  return out;
}

std::string Base64Encode(std::string_view raw) {
  std::string out(4 * ((raw.size() + 2) / 3) + 1, '\0');
  int n = EVP_EncodeBlock(reinterpret_cast<unsigned char*>(out.data()), reinterpret_cast<const unsigned char*>(raw.data()),
                          static_cast<int>(raw.size()));
  out.resize(static_cast<size_t>(n));
  return out;
}

bool Base64Decode(std::string_view text, std::string* raw) {
  if (text.size() % 4 != 0) return false;
  for (char c : text)
    if (!((c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '+' || c == '/' || c == '='))
      return false;
  raw->assign(3 * text.size() / 4 + 1, '\0');
  int n = EVP_DecodeBlock(reinterpret_cast<unsigned char*>(raw->data()), reinterpret_cast<const unsigned char*>(text.data()),
                          static_cast<int>(text.size()));
  if (n < 0) return false;
  size_t pad = 0;
  if (!text.empty() && text.back() == '=') ++pad;
  if (text.size() > 1 && text[text.size() - 2] == '=') ++pad;
  raw->resize(static_cast<size_t>(n) - pad);
  return true;
}

Verifier DeriveVerifier(std::string_view password, std::string_view salt, int iterations) {
  Verifier v;
  v.iterations = iterations;
  v.salt = std::string(salt);
  Key salted = SaltedPassword(password, salt, iterations);
  v.stored_key = Sha256(Hmac(salted, "Client Key"));
  v.server_key = Hmac(salted, "Server Key");
  OPENSSL_cleanse(salted.data(), salted.size());
  return v;
}

bool CheckPassword(const Verifier& v, std::string_view password) {
  Verifier derived = DeriveVerifier(password, v.salt, v.iterations);
  return CRYPTO_memcmp(derived.stored_key.data(), v.stored_key.data(), v.stored_key.size()) == 0;
}

Expected<std::string> MakeVerifier(std::string_view password, int iterations) {
  if (iterations < 1) return Status::Error("iteration count must be positive");
  return FormatVerifier(DeriveVerifier(password, RandomBytes(16), iterations));
}

std::string FormatVerifier(const Verifier& v) {
  return "SCRAM-SHA-256$" + std::to_string(v.iterations) + ":" + Base64Encode(v.salt) + "$" +
         Base64Encode(View(v.stored_key)) + ":" + Base64Encode(View(v.server_key));
}

Expected<Verifier> ParseVerifier(std::string_view text) {
  auto bad = [] { return Status::Error("not a SCRAM-SHA-256 verifier (SCRAM-SHA-256$ITER:SALT$STORED:SERVER)"); };
  constexpr std::string_view kPrefix = "SCRAM-SHA-256$";
  if (text.substr(0, kPrefix.size()) != kPrefix) return bad();
  text.remove_prefix(kPrefix.size());
  size_t colon = text.find(':'), dollar = text.find('$');
  if (colon == std::string_view::npos || dollar == std::string_view::npos || colon > dollar) return bad();
  Verifier v;
  v.iterations = 0;
  for (char c : text.substr(0, colon)) {
    if (c < '0' || c > '9' || v.iterations > 10000000) return bad();
    v.iterations = v.iterations * 10 + (c - '0');
  }
  if (v.iterations < 1) return bad();
  if (!Base64Decode(text.substr(colon + 1, dollar - colon - 1), &v.salt) || v.salt.empty()) return bad();
  std::string_view keys = text.substr(dollar + 1);
  size_t c2 = keys.find(':');
  if (c2 == std::string_view::npos) return bad();
  std::string stored, server;
  if (!Base64Decode(keys.substr(0, c2), &stored) || !Base64Decode(keys.substr(c2 + 1), &server) || stored.size() != 32 ||
      server.size() != 32)
    return bad();
  std::memcpy(v.stored_key.data(), stored.data(), 32);
  std::memcpy(v.server_key.data(), server.data(), 32);
  return v;
}

bool ServerExchange::ClientFirst(std::string_view message, std::string* server_first) {
  // gs2-header: "n,," (no channel binding) or "y,," (client could but thinks
  // we cannot); "p=" asks for binding, which plain TCP cannot offer.
  if (message.size() < 3 || (message[0] != 'n' && message[0] != 'y') || message[1] != ',') return false;
  size_t authzid_end = message.find(',', 2);
  if (authzid_end == std::string_view::npos || authzid_end != 2) return false;  // no authzid
  std::string_view bare = message.substr(authzid_end + 1);
  std::string_view user, nonce;
  size_t next = 0;
  if (!Attribute(bare, 'n', &user, &next)) return false;
  if (!Attribute(bare, 'r', &nonce, &next, next) || !ValidNonce(nonce)) return false;
  client_first_bare_ = std::string(bare);
  nonce_ = std::string(nonce) + Base64Encode(RandomBytes(18));
  server_first_ = "r=" + nonce_ + ",s=" + Base64Encode(verifier_.salt) + ",i=" + std::to_string(verifier_.iterations);
  *server_first = server_first_;
  return true;
}

bool ServerExchange::ClientFinal(std::string_view message, std::string* server_final) {
  if (server_first_.empty()) return false;
  std::string_view binding, nonce, proof_b64;
  size_t next = 0;
  if (!Attribute(message, 'c', &binding, &next)) return false;
  if (binding != "biws" && binding != "eSws") return false;  // base64 of "n,," / "y,,"
  if (!Attribute(message, 'r', &nonce, &next, next) || nonce != nonce_) return false;
  size_t proof_at = message.rfind(",p=");
  if (proof_at == std::string_view::npos) return false;
  proof_b64 = message.substr(proof_at + 3);
  std::string proof;
  if (!Base64Decode(proof_b64, &proof) || proof.size() != 32) return false;
  std::string auth_message = client_first_bare_ + "," + server_first_ + "," + std::string(message.substr(0, proof_at));
  Key client_signature = Hmac(verifier_.stored_key, auth_message);
  Key client_key{};
  for (size_t i = 0; i < 32; ++i) client_key[i] = static_cast<uint8_t>(proof[i]) ^ client_signature[i];
  Key check = Sha256(client_key);
  if (CRYPTO_memcmp(check.data(), verifier_.stored_key.data(), 32) != 0) return false;
  *server_final = "v=" + Base64Encode(View(Hmac(verifier_.server_key, auth_message)));
  return true;
}

std::string ClientExchange::ClientFirst() {
  client_nonce_ = Base64Encode(RandomBytes(18));
  client_first_bare_ = "n=,r=" + client_nonce_;
  return "n,," + client_first_bare_;
}

Expected<std::string> ClientExchange::ServerFirst(std::string_view message) {
  std::string_view nonce, salt_b64, iter;
  size_t next = 0;
  if (!Attribute(message, 'r', &nonce, &next) || !Attribute(message, 's', &salt_b64, &next, next) ||
      !Attribute(message, 'i', &iter, &next, next))
    return Status::Error("malformed SCRAM server-first-message from upstream");
  if (nonce.substr(0, client_nonce_.size()) != client_nonce_ || nonce.size() == client_nonce_.size())
    return Status::Error("upstream SCRAM nonce does not extend ours");
  std::string salt;
  if (!Base64Decode(salt_b64, &salt)) return Status::Error("malformed SCRAM salt from upstream");
  int iterations = 0;
  for (char c : iter) {
    if (c < '0' || c > '9' || iterations > 10000000) return Status::Error("malformed SCRAM iteration count");
    iterations = iterations * 10 + (c - '0');
  }
  if (iterations < 1) return Status::Error("malformed SCRAM iteration count");
  Key salted = SaltedPassword(password_, salt, iterations);
  Key client_key = Hmac(salted, "Client Key");
  Key stored_key = Sha256(client_key);
  server_key_ = Hmac(salted, "Server Key");
  std::string without_proof = "c=biws,r=" + std::string(nonce);
  auth_message_ = client_first_bare_ + "," + std::string(message) + "," + without_proof;
  Key signature = Hmac(stored_key, auth_message_);
  std::string proof(32, '\0');
  for (size_t i = 0; i < 32; ++i) proof[i] = static_cast<char>(client_key[i] ^ signature[i]);
  OPENSSL_cleanse(salted.data(), salted.size());
  OPENSSL_cleanse(client_key.data(), client_key.size());
  return without_proof + ",p=" + Base64Encode(proof);
}

Status ClientExchange::ServerFinal(std::string_view message) {
  std::string_view v;
  if (!Attribute(message, 'v', &v)) return Status::Error("upstream SCRAM exchange failed");
  std::string expected = Base64Encode(View(Hmac(server_key_, auth_message_)));
  if (v.size() != expected.size() || CRYPTO_memcmp(v.data(), expected.data(), v.size()) != 0)
    return Status::Error("upstream server signature does not verify");
  return Status::Ok();
}

std::string Md5Password(std::string_view user, std::string_view password, std::string_view salt) {
  auto hex = [](const unsigned char* d) {
    static const char* digits = "0123456789abcdef";
    std::string out;
    for (int i = 0; i < 16; ++i) {
      out.push_back(digits[d[i] >> 4]);
      out.push_back(digits[d[i] & 15]);
    }
    return out;
  };
  unsigned char digest[16];
  std::string first = std::string(password) + std::string(user);
  EVP_Digest(first.data(), first.size(), digest, nullptr, EVP_md5(), nullptr);
  std::string second = hex(digest) + std::string(salt);
  EVP_Digest(second.data(), second.size(), digest, nullptr, EVP_md5(), nullptr);
  OPENSSL_cleanse(first.data(), first.size());
  return "md5" + hex(digest);
}

}  // namespace govern::proxy::scram
