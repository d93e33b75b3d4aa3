// Writes a bundle file: encodes the program (content + SHA-256) and, with a
// signing key, appends an Ed25519 signature over the content digest.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "bundle/program.h"
#include "core/status.h"

namespace govern::compiler {

// `sign_key_pem`: path to an Ed25519 private key (PEM), or empty for unsigned.
Expected<std::vector<uint8_t>> WriteBundle(ProgramData program, const std::string& sign_key_pem);

}  // namespace govern::compiler
