// Reader: bounds-checked reads over one message body (big-endian integers,
// NUL-terminated strings, byte runs), front to back. The codec validates and
// decodes with it; the mask stage walks DataRow and RowDescription with it.
#pragma once

#include <cstdint>
#include <cstring>
#include <string_view>

#include "wire/codec.h"

namespace govern::proxy::wire {

// Reads a body front to back; any read past the end makes it fail for good.
class Reader {
 public:
  explicit Reader(std::string_view data) : data_(data) {}
  bool ok() const { return ok_; }
  bool at_end() const { return pos_ == data_.size(); }
  size_t pos() const { return pos_; }
  size_t remaining() const { return data_.size() - pos_; }

  uint8_t Byte() {
    if (!Need(1)) return 0;
    return static_cast<uint8_t>(data_[pos_++]);
  }
  int16_t Int16() {
    if (!Need(2)) return 0;
    auto v = static_cast<int16_t>((static_cast<uint8_t>(data_[pos_]) << 8) | static_cast<uint8_t>(data_[pos_ + 1]));
    pos_ += 2;
    return v;
  }
  int32_t Int32() {
    if (!Need(4)) return 0;
    auto v = static_cast<int32_t>(ReadU32(data_.data() + pos_));
    pos_ += 4;
    return v;
  }
  std::string_view CString() {
    if (!ok_) return {};
    const void* nul = std::memchr(data_.data() + pos_, 0, data_.size() - pos_);
    if (nul == nullptr) return Fail("unterminated string");
    size_t end = static_cast<const char*>(nul) - data_.data();
    std::string_view s = data_.substr(pos_, end - pos_);
    pos_ = end + 1;
    return s;
  }
  std::string_view Bytes(size_t n) {
    if (!Need(n)) return {};
    std::string_view s = data_.substr(pos_, n);
    pos_ += n;
    return s;
  }
  std::string_view Rest() { return Bytes(remaining()); }
  std::string_view Fail(const char* why) {
    if (ok_) error_ = why;
    ok_ = false;
    return {};
  }
  const char* error() const { return error_; }

 private:
  bool Need(size_t n) {
    if (!ok_) return false;
    if (data_.size() - pos_ < n) {
      Fail("message shorter than its fields");
      return false;
    }
    return true;
  }
  std::string_view data_;
  size_t pos_ = 0;
  bool ok_ = true;
  const char* error_ = "";
};

}  // namespace govern::proxy::wire
