// Source files and spans: every policy node carries a Span (file + byte
// range); line and column are computed from a line index only when printed.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <deque>
#include <vector>

namespace govern::compiler {

struct Span {
  uint32_t file = 0;
  uint32_t begin = 0;  // byte offset
  uint32_t end = 0;    // one past the last byte
};

struct LineCol {
  uint32_t line = 1;    // 1-based
  uint32_t column = 1;  // 1-based, in bytes
};

class SourceFile {
 public:
  SourceFile(std::string path, std::string text);
  const std::string& path() const { return path_; }
  const std::string& text() const { return text_; }
  LineCol Locate(uint32_t offset) const;
  std::string_view Line(uint32_t line) const;  // without the newline
  std::string_view Slice(const Span& span) const {
    return std::string_view(text_).substr(span.begin, span.end - span.begin);
  }

 private:
  std::string path_;
  std::string text_;
  std::vector<uint32_t> line_starts_;
};

class SourceSet {
 public:
  uint32_t Add(std::string path, std::string text);
  const SourceFile& file(uint32_t id) const { return files_[id]; }
  size_t size() const { return files_.size(); }

 private:
  std::deque<SourceFile> files_;  // stable addresses: string_views point into the texts
};

}  // namespace govern::compiler
