// Loading a bundle: decode (structure + SHA-256), check the signature when a
// verification key is required, then verify the program. Nothing runs before
// all three pass.
#pragma once

#include <array>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "bundle/codec.h"
#include "core/status.h"

namespace govern {

struct LoadOptions {
  // When set, the bundle must carry a valid Ed25519 signature by this key.
  std::optional<std::array<uint8_t, 32>> verify_key;
};

Expected<DecodedBundle> LoadBundleBytes(std::string_view bytes, const LoadOptions& options);
Expected<DecodedBundle> LoadBundleFile(const std::string& path, const LoadOptions& options);

// Reads a whole file; errors name the path.
Expected<std::string> ReadFile(const std::string& path);

}  // namespace govern
