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
