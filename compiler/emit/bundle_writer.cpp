#include "emit/bundle_writer.h"

#include "bundle/codec.h"
#include "bundle/crypto.h"

namespace govern::compiler {
namespace {

Expected<std::vector<uint8_t>> SignDigest(const std::string& pem_path, const uint8_t* digest,
                                          std::array<uint8_t, 32>* public_key) {
  auto key = LoadEd25519PrivateKey(pem_path);
  if (!key) return key.status();
  *public_key = key->public_key;
  auto sig = Ed25519Sign(*key, std::string_view(reinterpret_cast<const char*>(digest), 32));
  if (!sig) return Status::Error(pem_path + ": signing failed");
  return std::vector<uint8_t>(sig->begin(), sig->end());
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
