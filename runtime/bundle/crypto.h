// Hashing and signature verification for bundles (OpenSSL).
#pragma once

#include <array>
#include <cstdint>
#include <string>
#include <string_view>

#include "core/status.h"

namespace govern {

std::array<uint8_t, 32> Sha256(std::string_view bytes);

// Reads an Ed25519 public key (PEM, "BEGIN PUBLIC KEY") and returns its raw 32 bytes.
Expected<std::array<uint8_t, 32>> LoadEd25519PublicKey(const std::string& pem_path);

bool Ed25519Verify(const std::array<uint8_t, 32>& public_key, std::string_view message,
                   const std::array<uint8_t, 64>& signature);

}  // namespace govern
