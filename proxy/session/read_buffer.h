// ReadBuffer: bytes read from one socket and not consumed yet. Grows without
// zero-filling, and gives its memory back as soon as it is empty, so an idle
// connection holds no read buffer at all.
#pragma once

#include <cstddef>
#include <cstring>
#include <memory>
#include <string_view>

namespace govern::proxy {

class ReadBuffer {
 public:
  std::string_view view() const { return {data_.get(), len_}; }
  size_t size() const { return len_; }
  // A writable tail of at least `n` bytes after the unconsumed ones.
  char* Tail(size_t n) {
    if (cap_ - len_ < n) {
      size_t cap = len_ + n;
      std::unique_ptr<char[]> grown(new char[cap]);
      if (len_ > 0) std::memcpy(grown.get(), data_.get(), len_);
      data_ = std::move(grown);
      cap_ = cap;
    }
    return data_.get() + len_;
  }
  size_t tail_size() const { return cap_ - len_; }
  void Commit(size_t n) { len_ += n; }
  // Drops the first `n` bytes; an empty buffer frees its memory.
  void Consume(size_t n) {
    if (n == 0) return;
    len_ -= n;
    if (len_ == 0) {
      data_.reset();
      cap_ = 0;
    } else {
      std::memmove(data_.get(), data_.get() + n, len_);
    }
  }

 private:
  std::unique_ptr<char[]> data_;
  size_t len_ = 0, cap_ = 0;
};

}  // namespace govern::proxy
