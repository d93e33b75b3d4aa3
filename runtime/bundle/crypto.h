// Hashing, signing and signature verification for bundles and audit
// checkpoints (OpenSSL).
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

// An Ed25519 private key (raw 32-byte seed) and its public key.
struct Ed25519KeyPair {
  std::array<uint8_t, 32> seed{};
  std::array<uint8_t, 32> public_key{};
};

// Reads an Ed25519 private key (PEM, as `openssl genpkey -algorithm ed25519` writes it).
Expected<Ed25519KeyPair> LoadEd25519PrivateKey(const std::string& pem_path);

Expected<std::array<uint8_t, 64>> Ed25519Sign(const Ed25519KeyPair& key, std::string_view message);

// Lowercase hex of `n` bytes; ParseHex reads exactly 2*n hex digits (either case).
std::string HexLower(const uint8_t* data, size_t n);
bool ParseHex(std::string_view hex, uint8_t* out, size_t n);

bool Ed25519Verify(const std::array<uint8_t, 32>& public_key, std::string_view message,
                   const std::array<uint8_t, 64>& signature);

}  // namespace govern
