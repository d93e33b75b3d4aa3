// FactsStore: owns every byte StatementFacts point into (strings in an arena,
// fact arrays in vectors). One per thread, reused: Clear() keeps capacity, so
// a warm store analyses without allocating in the steady state.
#pragma once

#include <cstddef>
#include <memory>
#include <string_view>
#include <vector>

#include "facts/facts.h"

namespace govern {

namespace sql {
class Walker;
}

class FactsStore {
 public:
  FactsStore();
  ~FactsStore();
  FactsStore(const FactsStore&) = delete;
  FactsStore& operator=(const FactsStore&) = delete;

  // Forgets all facts (views handed out before become dangling); keeps memory.
  void Clear();
  // Copies `s` into the arena; the view lives until Clear().
  std::string_view Intern(std::string_view s);
  // Concatenates the parts into the arena.
  std::string_view Concat(std::initializer_list<std::string_view> parts);

  // Bytes held by the arena (for tests that check reuse).
  size_t arena_capacity() const;

 private:
  friend class sql::Walker;
  friend class Analyzer;

  char* Allocate(size_t n);

  std::vector<std::unique_ptr<char[]>> chunks_;
  std::vector<size_t> chunk_sizes_;
  size_t chunk_index_ = 0;
  size_t chunk_used_ = 0;

  std::vector<ColumnFact> reads_;
  std::vector<ColumnFact> writes_;
  std::vector<ColumnFact> output_sources_;
  std::vector<ColumnFact> write_sources_;
  std::vector<OutputFact> outputs_;
  std::vector<TableFact> tables_;
  std::vector<std::string_view> targets_;
  std::vector<std::string_view> functions_;
  std::vector<uint32_t> function_locations_;  // parallel to functions_
  std::vector<UnresolvedFact> unresolved_;
};

}  // namespace govern
