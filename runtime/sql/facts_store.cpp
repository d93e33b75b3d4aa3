#include "sql/facts_store.h"

#include <cstring>

namespace govern {
namespace {
constexpr size_t kFirstChunk = 16 * 1024;
}

FactsStore::FactsStore() = default;
FactsStore::~FactsStore() = default;

void FactsStore::Clear() {
  chunk_index_ = 0;
  chunk_used_ = 0;
  reads_.clear();
  writes_.clear();
  output_sources_.clear();
  write_sources_.clear();
  outputs_.clear();
  tables_.clear();
  targets_.clear();
  functions_.clear();
  function_locations_.clear();
  unresolved_.clear();
}

char* FactsStore::Allocate(size_t n) {
  while (chunk_index_ < chunks_.size()) {
    if (chunk_used_ + n <= chunk_sizes_[chunk_index_]) {
      char* p = chunks_[chunk_index_].get() + chunk_used_;
      chunk_used_ += n;
      return p;
    }
    ++chunk_index_;
    chunk_used_ = 0;
  }
  size_t size = chunks_.empty() ? kFirstChunk : chunk_sizes_.back() * 2;
  while (size < n) size *= 2;
  chunks_.push_back(std::make_unique_for_overwrite<char[]>(size));  // not zeroed: every byte is written before it is read
  chunk_sizes_.push_back(size);
  chunk_index_ = chunks_.size() - 1;
  chunk_used_ = n;
  return chunks_.back().get();
}

std::string_view FactsStore::Intern(std::string_view s) {
  if (s.empty()) return {};
  char* p = Allocate(s.size());
  std::memcpy(p, s.data(), s.size());
  return {p, s.size()};
}

std::string_view FactsStore::Concat(std::initializer_list<std::string_view> parts) {
  size_t n = 0;
  for (auto part : parts) n += part.size();
  if (n == 0) return {};
  char* p = Allocate(n);
  size_t at = 0;
  for (auto part : parts) {
    if (!part.empty()) std::memcpy(p + at, part.data(), part.size());
    at += part.size();
  }
  return {p, n};
}

size_t FactsStore::arena_capacity() const {
  size_t n = 0;
  for (size_t s : chunk_sizes_) n += s;
  return n;
}

}  // namespace govern
