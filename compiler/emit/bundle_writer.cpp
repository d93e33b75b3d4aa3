#include "emit/bundle_writer.h"

#include <openssl/evp.h>
#include <openssl/pem.h>

#include <cstdio>
#include <memory>

#include "bundle/codec.h"

namespace govern::compiler {
namespace {

Expected<std::vector<uint8_t>> SignDigest(const std::string& pem_path, const uint8_t* digest,
                                          std::array<uint8_t, 32>* public_key) {
  std::unique_ptr<FILE, int (*)(FILE*)> f(std::fopen(pem_path.c_str(), "rb"), &std::fclose);
  if (!f) return Status::Error(pem_path + ": cannot open signing key");
  std::unique_ptr<EVP_PKEY, void (*)(EVP_PKEY*)> key(PEM_read_PrivateKey(f.get(), nullptr, nullptr, nullptr),
                                                      &EVP_PKEY_free);
  if (!key) return Status::Error(pem_path + ": not a PEM private key");
  if (EVP_PKEY_id(key.get()) != EVP_PKEY_ED25519)
    return Status::Error(pem_path + ": not an Ed25519 key (make one with `openssl genpkey -algorithm ed25519`)");
  size_t pub_len = public_key->size();
  if (EVP_PKEY_get_raw_public_key(key.get(), public_key->data(), &pub_len) != 1)
    return Status::Error(pem_path + ": cannot derive the public key");
  std::unique_ptr<EVP_MD_CTX, void (*)(EVP_MD_CTX*)> ctx(EVP_MD_CTX_new(), &EVP_MD_CTX_free);
  std::vector<uint8_t> sig(64);
  size_t sig_len = sig.size();
  if (!ctx || EVP_DigestSignInit(ctx.get(), nullptr, nullptr, nullptr, key.get()) != 1 ||
      EVP_DigestSign(ctx.get(), sig.data(), &sig_len, digest, 32) != 1 || sig_len != 64)
    return Status::Error(pem_path + ": signing failed");
  return sig;
}

}  // namespace

Expected<std::vector<uint8_t>> WriteBundle(ProgramData program, const std::string& sign_key_pem) {
  if (!sign_key_pem.empty()) program.flags |= kFlagSigned;
  std::vector<uint8_t> bytes = EncodeBundle(program);
  if (sign_key_pem.empty()) return bytes;
  std::array<uint8_t, 32> public_key{};
  auto sig = SignDigest(sign_key_pem, bytes.data() + bytes.size() - 32, &public_key);
  if (!sig) return sig.status();
  bytes.insert(bytes.end(), kSignatureMagic, kSignatureMagic + 8);
  bytes.insert(bytes.end(), public_key.begin(), public_key.end());
  bytes.insert(bytes.end(), sig->begin(), sig->end());
  return bytes;
}

}  // namespace govern::compiler
