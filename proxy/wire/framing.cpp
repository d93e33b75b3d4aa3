#include "wire/framing.h"

#include "wire/codec.h"

namespace govern::proxy::wire {

FrameStatus NextFrame(std::string_view buffer, size_t max_body, Frame* frame, std::string* error, size_t* need) {
  if (buffer.size() < 5) return FrameStatus::kNeedMore;
  uint32_t length = ReadU32(buffer.data() + 1);
  if (length < 4 || length > 0x7fffffffu) {
    *error = "invalid message length " + std::to_string(static_cast<int32_t>(length));
    return FrameStatus::kError;
  }
  if (length - 4 > max_body) {
    *error = "message of " + std::to_string(length - 4) + " bytes exceeds the limit of " + std::to_string(max_body);
    return FrameStatus::kError;
  }
  size_t total = size_t{length} + 1;
  if (need != nullptr) *need = total;
  if (buffer.size() < total) return FrameStatus::kNeedMore;
  frame->tag = buffer[0];
  frame->code = 0;
  frame->body = buffer.substr(5, length - 4);
  frame->size = total;
  return FrameStatus::kFrame;
}

FrameStatus NextStartupFrame(std::string_view buffer, Frame* frame, std::string* error) {
  if (buffer.size() < 4) return FrameStatus::kNeedMore;
  uint32_t length = ReadU32(buffer.data());
  if (length < 8 || length > kMaxStartupPacket) {
    *error = "invalid startup packet length " + std::to_string(static_cast<int32_t>(length));
    return FrameStatus::kError;
  }
  if (buffer.size() < length) return FrameStatus::kNeedMore;
  frame->tag = 0;
  frame->code = ReadU32(buffer.data() + 4);
  frame->body = buffer.substr(8, length - 8);
  frame->size = length;
  return FrameStatus::kFrame;
}

}  // namespace govern::proxy::wire
