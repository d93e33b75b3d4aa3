// RFC 3339 UTC times as the audit writes them ("2026-03-01T12:00:00.123456Z",
// fewer fractional digits accepted) to unix microseconds, and back.
#pragma once

#include <cstdint>
#include <string_view>

namespace govern::proxy::console {

bool ParseTimestampMicros(std::string_view text, int64_t* unix_micros);

}  // namespace govern::proxy::console
