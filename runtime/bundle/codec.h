// Bundle file codec (docs/bundle-format.md): ProgramData <-> bytes.
// Decode checks the structure (magic, version, section bounds, record sizes,
// the SHA-256 over the content, the optional signature); VerifyProgram (see
// verifier.h) then checks every index and the bytecode.
#pragma once

#include <array>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "bundle/program.h"
#include "core/status.h"

namespace govern {

inline constexpr char kBundleMagic[8] = {'G', 'O', 'V', 'B', 'N', 'D', 'L', '\0'};
inline constexpr char kSignatureMagic[8] = {'G', 'O', 'V', 'S', 'I', 'G', '0', '1'};
inline constexpr uint16_t kBundleFormatVersion = 1;
inline constexpr size_t kHeaderSize = 20;
inline constexpr size_t kSignatureBlockSize = 8 + 32 + 64;

enum class SectionId : uint32_t {
  kStrings = 1,
  kNumbers = 2,
  kStringSets = 3,
  kKindMasks = 4,
  kSelectors = 5,
  kCode = 6,
  kSpans = 7,
  kChunks = 8,
  kTemplates = 9,
  kTemplateParts = 10,
  kEffects = 11,
  kRules = 12,
  kPolicies = 13,
  kSources = 14,
  kCatalog = 15,
  kRuleDescriptions = 16,
  kSelectorLists = 17,  // optional: present when a union selector is
};

// Content bytes followed by their SHA-256; no signature block.
std::vector<uint8_t> EncodeBundle(const ProgramData& program);

struct BundleSignature {
  bool present = false;
  std::array<uint8_t, 32> public_key{};  // raw Ed25519 public key
  std::array<uint8_t, 64> signature{};
};

struct DecodedBundle {
  ProgramData program;
  std::array<uint8_t, 32> digest{};  // SHA-256 of the content
  BundleSignature signature;
};

Expected<DecodedBundle> DecodeBundle(std::string_view bytes);

// The bytes a signer signs: the 32-byte content digest.
std::string HexDigest(const std::array<uint8_t, 32>& digest);

}  // namespace govern
