// ContextClasses: a bound program's Specializations (vm/specialize.h), one per
// context class, built on first use and kept in a small bounded set.
//
// The key is the decision cache's (engine/context_key.h): the values of the
// context fields the program can read, compared in full, never by hash only.
// A connection or a CI profile keeps its context, so the last class used is
// checked first, by comparing its fields; a hit allocates nothing. When the
// set is full the least recently used class is replaced.
// REQUIRES: one thread per object; Bind before For.
#pragma once

#include <cstddef>
#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "engine/context_key.h"
#include "vm/specialize.h"

namespace govern {

class ContextClasses {
 public:
  explicit ContextClasses(size_t capacity = 64) : capacity_(capacity < 1 ? 1 : capacity) {}

  // Keys the set to a program (its generation identifies it with its
  // catalog): another generation forgets every class.
  void Bind(const BoundProgram& program, uint64_t generation);
  // The Specialization for the class of `context`.
  const Specialization& For(const Context& context);

  size_t size() const { return entries_.size(); }
  size_t capacity() const { return capacity_; }
  uint64_t built() const { return built_; }  // Specializations built (misses)

 private:
  struct Entry {
    std::string key;  // the encoded context (context_key::EncodeContext)
    uint64_t hash = 0;
    uint64_t used = 0;  // tick of the last use
    std::unique_ptr<Specialization> spec;
  };
  bool Matches(const Entry& e, const Context& context) const noexcept;

  size_t capacity_;
  const BoundProgram* program_ = nullptr;
  uint64_t generation_ = 0;
  ContextShape shape_;
  std::vector<Entry> entries_;
  size_t last_ = 0;  // entries_[last_] was used last (when entries_ is not empty)
  uint64_t tick_ = 0;
  uint64_t built_ = 0;
};

}  // namespace govern
