// Framing: cutting a byte stream into messages. A tagged message is Byte1
// tag, Int32 length (counting itself, not the tag), body; a startup packet is
// Int32 length (counting itself), Int32 code, body. Lengths are checked
// before a byte of the body is awaited, so an oversized or negative length is
// an error at once, never a buffer that grows.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

namespace govern::proxy::wire {

struct Frame {
  char tag = 0;           // 0 for startup packets
  uint32_t code = 0;      // startup packets: the code
  std::string_view body;  // after the length word (and the code)
  size_t size = 0;        // bytes of the whole frame in the buffer
};

enum class FrameStatus : uint8_t { kNeedMore, kFrame, kError };

// Startup packets are at most this long (PostgreSQL's MAX_STARTUP_PACKET_LENGTH).
constexpr uint32_t kMaxStartupPacket = 10000;

// The next tagged message at the start of `buffer`. kNeedMore: not all of it
// is there yet; *need (when set) is the total frame size once the header is
// known. kError: `error` says why (length < 4 or body > max_body).
FrameStatus NextFrame(std::string_view buffer, size_t max_body, Frame* frame, std::string* error,
                      size_t* need = nullptr);
// The same for an untagged startup packet (length 8..kMaxStartupPacket).
FrameStatus NextStartupFrame(std::string_view buffer, Frame* frame, std::string* error);

}  // namespace govern::proxy::wire
