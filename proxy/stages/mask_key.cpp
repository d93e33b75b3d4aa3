#include "stages/mask_key.h"

#include <cerrno>
#include <cstring>
#include <fstream>
#include <sstream>

namespace govern::proxy {

bool UsesHashMask(const BoundProgram& program) {
  for (const EffectMeta& e : program.data().effects)
    if (e.type == EffectType::kMask && e.method == MaskMethod::kHash) return true;
  return false;
}

Expected<std::string> LoadHashKey(const ProxyConfig& config, const BoundProgram& program) {
  if (config.hash_key_file.empty()) {
    if (UsesHashMask(program))
      return Status::Error(config.file +
                           ": the policies mask with `hash`, which is keyed: set [masking] hash_key_file to a file of "
                           "at least 32 secret bytes (e.g. `openssl rand -hex 32 > hash.key`)");
    return std::string();
  }
  std::ifstream in(config.hash_key_file, std::ios::binary);
  if (!in) return Status::Error("masking.hash_key_file " + config.hash_key_file + ": " + std::strerror(errno));
  std::stringstream ss;
  ss << in.rdbuf();
  std::string key = ss.str();
  while (!key.empty() && (key.back() == '\n' || key.back() == '\r' || key.back() == ' ' || key.back() == '\t'))
    key.pop_back();
  if (key.size() < kMinHashKeyBytes)
    return Status::Error("masking.hash_key_file " + config.hash_key_file + ": the key must have at least " +
                         std::to_string(kMinHashKeyBytes) + " bytes (it has " + std::to_string(key.size()) + ")");
  return key;
}

}  // namespace govern::proxy
