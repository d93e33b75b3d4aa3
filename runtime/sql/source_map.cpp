#include "sql/source_map.h"

#include <algorithm>
#include <cstring>

#include "sql/pg_node.h"

namespace govern::sql {

void LineIndex::Reset(std::string_view text) {
  line_starts_.clear();
  line_starts_.push_back(0);
  size_ = static_cast<uint32_t>(text.size());
  const char* begin = text.data();
  const char* end = begin + text.size();
  for (const char* p = begin; p < end; ++p) {
    p = static_cast<const char*>(std::memchr(p, '\n', static_cast<size_t>(end - p)));
    if (p == nullptr) break;
    line_starts_.push_back(static_cast<uint32_t>(p - begin + 1));
  }
}

void LineIndex::Locate(uint32_t offset, uint32_t* line, uint32_t* column) const {
  offset = std::min(offset, size_);
  auto it = std::upper_bound(line_starts_.begin(), line_starts_.end(), offset);
  size_t index = static_cast<size_t>(it - line_starts_.begin()) - 1;
  *line = static_cast<uint32_t>(index + 1);
  *column = offset - line_starts_[index] + 1;
}

uint32_t CharPosToByteOffset(std::string_view text, int cursorpos) {
  if (cursorpos <= 1) return 0;
  int chars = 1;
  for (size_t i = 0; i < text.size(); ++i) {
    auto c = static_cast<unsigned char>(text[i]);
    if ((c & 0xC0) != 0x80) {  // start of a character
      if (chars == cursorpos) return static_cast<uint32_t>(i);
      ++chars;
    }
  }
  return static_cast<uint32_t>(text.size());
}

}  // namespace govern::sql
