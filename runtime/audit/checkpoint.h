// Segment checkpoints (docs/audit.md, "Checkpoint"): one signed JSON line per
// closed segment that fixes its size, SHA-256, record range and last hash,
// and chains to the previous checkpoint.
#pragma once

#include <array>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "bundle/crypto.h"
#include "core/status.h"

namespace govern::audit {

struct Checkpoint {
  std::string proxy, env, file;
  uint64_t segment = 0, first_seq = 0, last_seq = 0, records = 0, bytes = 0;
  std::string segment_sha256, last_hash, prev_checkpoint, ts, closed_by;
  std::string key, sig;  // hex; empty when unsigned
  std::string body;      // the signed body (set by Parse and Make)
};

// The checkpoint line for `c` (all but key/sig/body), signed with `key` when
// given. Sets c->key, c->sig and c->body.
Expected<std::string> MakeCheckpointLine(Checkpoint* c, const Ed25519KeyPair* key);

// Parses a checkpoint line (no signature check).
Expected<Checkpoint> ParseCheckpoint(std::string_view line);

// SHA-256 (hex) of the public key: the "key" member.
std::string KeyId(const std::array<uint8_t, 32>& public_key);

// True when `c` carries a valid signature by `public_key`.
bool CheckpointSignatureValid(const Checkpoint& c, const std::array<uint8_t, 32>& public_key);

}  // namespace govern::audit
