// The deployment's secret for `hash` masks ([masking] hash_key_file): read
// once at start (and by `govern proxy --check`), kept in ProxyShared, never
// logged or put in an error. A bundle that masks with `hash` needs it: the
// proxy refuses to start without one rather than fall back to an unkeyed
// hash (a dictionary attack away from the values).
#pragma once

#include <string>

#include "config.h"
#include "core/status.h"
#include "vm/bound_program.h"

namespace govern::proxy {

inline constexpr size_t kMinHashKeyBytes = 32;

// The key (the file's bytes without trailing whitespace); "" when no file is
// configured and `program` masks with nothing that needs it.
Expected<std::string> LoadHashKey(const ProxyConfig& config, const BoundProgram& program);

// True when some mask effect of `program` uses the `hash` method.
bool UsesHashMask(const BoundProgram& program);

}  // namespace govern::proxy
