// String literals of the policy language: unescaping with a map back to
// source offsets (so errors inside messages point at the right column), and
// splitting messages into literal text and `{expr}` interpolations.
#pragma once

#include <string>
#include <string_view>
#include <vector>

namespace govern::compiler {

struct UnescapedString {
  std::string text;
  std::vector<uint32_t> offsets;  // source byte offset of each byte of text (+1 past the end)
  std::vector<bool> escaped;      // the byte came from an escape (\{ is a literal brace)
  std::string error;              // non-empty when the literal is malformed
  uint32_t error_offset = 0;
};

// `raw` is the literal with its quotes; `base` its source offset.
UnescapedString Unescape(std::string_view raw, uint32_t base);

struct MessageSegment {
  bool is_expr = false;
  uint32_t begin = 0;  // byte range in UnescapedString::text (for an expr: inside the braces)
  uint32_t end = 0;
};

// Splits on unescaped `{ ... }` (nesting and quoted strings inside are
// respected). Returns false and sets *error_at on an unterminated brace.
bool SplitMessage(const UnescapedString& s, std::vector<MessageSegment>* out, uint32_t* error_at, std::string* error);

}  // namespace govern::compiler
