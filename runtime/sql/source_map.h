// LineIndex: byte offset -> 1-based line and column over one input text.
#pragma once

#include <cstdint>
#include <string_view>
#include <vector>

namespace govern::sql {

class LineIndex {
 public:
  // Rebuilds the index for `text` (reuses its buffer).
  void Reset(std::string_view text);
  // 1-based line and byte column of `offset` (clamped to the text).
  void Locate(uint32_t offset, uint32_t* line, uint32_t* column) const;

 private:
  std::vector<uint32_t> line_starts_;
  uint32_t size_ = 0;
};

// Byte offset of the `cursorpos`-th character (1-based, as PostgreSQL counts
// UTF-8 characters in error positions) of `text`.
uint32_t CharPosToByteOffset(std::string_view text, int cursorpos);

}  // namespace govern::sql
