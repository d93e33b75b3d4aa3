#include "bundle/loader.h"

#include <cerrno>
#include <cstring>
#include <fstream>
#include <sstream>

#include "bundle/crypto.h"
#include "bundle/verifier.h"

namespace govern {

Expected<std::string> ReadFile(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return Status::Error(path + ": " + std::strerror(errno));
  std::ostringstream ss;
  ss << in.rdbuf();
  if (in.bad()) return Status::Error(path + ": read error");
  return ss.str();
}

Expected<DecodedBundle> LoadBundleBytes(std::string_view bytes, const LoadOptions& options) {
  auto decoded = DecodeBundle(bytes);
  if (!decoded) return decoded.status();
  if (options.verify_key) {
    const BundleSignature& sig = decoded->signature;
    if (!sig.present) return Status::Error("bundle is not signed, and a verification key was given");
    if (sig.public_key != *options.verify_key)
      return Status::Error("bundle is signed by a different key than the verification key");
    std::string_view digest(reinterpret_cast<const char*>(decoded->digest.data()), decoded->digest.size());
    if (!Ed25519Verify(*options.verify_key, digest, sig.signature))
      return Status::Error("bundle signature is invalid");
  }
  if (Status s = VerifyProgram(decoded->program); !s.ok()) return s;
  return decoded;
}

Expected<DecodedBundle> LoadBundleFile(const std::string& path, const LoadOptions& options) {
  auto bytes = ReadFile(path);
  if (!bytes) return bytes.status();
  auto loaded = LoadBundleBytes(*bytes, options);
  if (!loaded) return Status::Error(path + ": " + loaded.status().message());
  return loaded;
}

}  // namespace govern
