#include "bundle/crypto.h"

#include <openssl/evp.h>
#include <openssl/pem.h>
#include <openssl/sha.h>

#include <cstdio>
#include <memory>

namespace govern {

std::array<uint8_t, 32> Sha256(std::string_view bytes) {
  std::array<uint8_t, 32> out{};
  SHA256(reinterpret_cast<const unsigned char*>(bytes.data()), bytes.size(), out.data());
  return out;
}

Expected<std::array<uint8_t, 32>> LoadEd25519PublicKey(const std::string& pem_path) {
  std::unique_ptr<FILE, int (*)(FILE*)> f(std::fopen(pem_path.c_str(), "rb"), &std::fclose);
  if (!f) return Status::Error(pem_path + ": cannot open public key");
  std::unique_ptr<EVP_PKEY, void (*)(EVP_PKEY*)> key(PEM_read_PUBKEY(f.get(), nullptr, nullptr, nullptr),
                                                      &EVP_PKEY_free);
  if (!key) return Status::Error(pem_path + ": not a PEM public key");
  if (EVP_PKEY_id(key.get()) != EVP_PKEY_ED25519)
    return Status::Error(pem_path + ": not an Ed25519 key (make one with `openssl genpkey -algorithm ed25519`)");
  std::array<uint8_t, 32> raw{};
  size_t len = raw.size();
  if (EVP_PKEY_get_raw_public_key(key.get(), raw.data(), &len) != 1 || len != raw.size())
    return Status::Error(pem_path + ": cannot read the raw Ed25519 public key");
  return raw;
}

Expected<Ed25519KeyPair> LoadEd25519PrivateKey(const std::string& pem_path) {
  std::unique_ptr<FILE, int (*)(FILE*)> f(std::fopen(pem_path.c_str(), "rb"), &std::fclose);
  if (!f) return Status::Error(pem_path + ": cannot open signing key");
  std::unique_ptr<EVP_PKEY, void (*)(EVP_PKEY*)> key(PEM_read_PrivateKey(f.get(), nullptr, nullptr, nullptr),
                                                      &EVP_PKEY_free);
  if (!key) return Status::Error(pem_path + ": not a PEM private key");
  if (EVP_PKEY_id(key.get()) != EVP_PKEY_ED25519)
    return Status::Error(pem_path + ": not an Ed25519 key (make one with `openssl genpkey -algorithm ed25519`)");
  Ed25519KeyPair pair;
  size_t seed_len = pair.seed.size(), pub_len = pair.public_key.size();
  if (EVP_PKEY_get_raw_private_key(key.get(), pair.seed.data(), &seed_len) != 1 || seed_len != 32 ||
      EVP_PKEY_get_raw_public_key(key.get(), pair.public_key.data(), &pub_len) != 1 || pub_len != 32)
    return Status::Error(pem_path + ": cannot read the raw Ed25519 key");
  return pair;
}

Expected<std::array<uint8_t, 64>> Ed25519Sign(const Ed25519KeyPair& pair, std::string_view message) {
  std::unique_ptr<EVP_PKEY, void (*)(EVP_PKEY*)> key(
      EVP_PKEY_new_raw_private_key(EVP_PKEY_ED25519, nullptr, pair.seed.data(), pair.seed.size()), &EVP_PKEY_free);
  std::unique_ptr<EVP_MD_CTX, void (*)(EVP_MD_CTX*)> ctx(EVP_MD_CTX_new(), &EVP_MD_CTX_free);
  std::array<uint8_t, 64> sig{};
  size_t sig_len = sig.size();
  if (!key || !ctx || EVP_DigestSignInit(ctx.get(), nullptr, nullptr, nullptr, key.get()) != 1 ||
      EVP_DigestSign(ctx.get(), sig.data(), &sig_len, reinterpret_cast<const unsigned char*>(message.data()),
                     message.size()) != 1 ||
      sig_len != sig.size())
    return Status::Error("Ed25519 signing failed");
  return sig;
}

std::string HexLower(const uint8_t* data, size_t n) {
  static constexpr char kDigits[] = "0123456789abcdef";
  std::string out(2 * n, '0');
  for (size_t i = 0; i < n; ++i) {
    out[2 * i] = kDigits[data[i] >> 4];
    out[2 * i + 1] = kDigits[data[i] & 15];
  }
  return out;
}

bool ParseHex(std::string_view hex, uint8_t* out, size_t n) {
  if (hex.size() != 2 * n) return false;
  auto nibble = [](char c) -> int {
    if (c >= '0' && c <= '9') return c - '0';
    if (c >= 'a' && c <= 'f') return c - 'a' + 10;
    if (c >= 'A' && c <= 'F') return c - 'A' + 10;
    return -1;
  };
  for (size_t i = 0; i < n; ++i) {
    int hi = nibble(hex[2 * i]), lo = nibble(hex[2 * i + 1]);
    if (hi < 0 || lo < 0) return false;
    out[i] = static_cast<uint8_t>(hi << 4 | lo);
  }
  return true;
}

bool Ed25519Verify(const std::array<uint8_t, 32>& public_key, std::string_view message,
                   const std::array<uint8_t, 64>& signature) {
  std::unique_ptr<EVP_PKEY, void (*)(EVP_PKEY*)> key(
      EVP_PKEY_new_raw_public_key(EVP_PKEY_ED25519, nullptr, public_key.data(), public_key.size()),
      &EVP_PKEY_free);
  if (!key) return false;
  std::unique_ptr<EVP_MD_CTX, void (*)(EVP_MD_CTX*)> ctx(EVP_MD_CTX_new(), &EVP_MD_CTX_free);
  if (!ctx || EVP_DigestVerifyInit(ctx.get(), nullptr, nullptr, nullptr, key.get()) != 1) return false;
  return EVP_DigestVerify(ctx.get(), signature.data(), signature.size(),
                          reinterpret_cast<const unsigned char*>(message.data()), message.size()) == 1;
}

}  // namespace govern
