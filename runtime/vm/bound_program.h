// BoundProgram: a verified program bound to a catalog. Selectors are resolved
// once here into bitsets over the catalog's column ids, and rules are indexed
// by statement kind, so a decision only tests bits and runs rules that can fire.
#pragma once

#include <array>
#include <cstdint>
#include <memory>
#include <span>
#include <string>
#include <vector>

#include "bundle/program.h"
#include "bytecode/opcode.h"
#include "catalog/catalog.h"
#include "core/status.h"
#include "facts/facts.h"

namespace govern {

class BoundProgram {
 public:
  // REQUIRES: VerifyProgram(data) is ok. `catalog` may be null; it must
  // outlive the BoundProgram, and facts must carry ids from the same catalog.
  BoundProgram(ProgramData data, const Catalog* catalog);

  const ProgramData& data() const { return data_; }
  const Catalog* catalog() const { return catalog_; }
  std::span<const uint32_t> RulesFor(StatementKind kind) const {
    return rules_by_kind_[static_cast<size_t>(kind) & 63];
  }
  bool SelectorMatches(uint32_t selector, const ColumnFact& column) const noexcept;
  // Whether selectors match `column` by its catalog id (else by its name).
  bool MatchesById(const ColumnFact& column) const noexcept {
    return catalog_ && column.column_id >= 0 && static_cast<size_t>(column.column_id) < catalog_->column_count();
  }
  // The catalog columns a selector matches, as bit (id % 64) of each (0
  // without a catalog): the selector's bitset folded to one word.
  uint64_t SelectorFold(uint32_t selector) const noexcept;
  // How many catalog columns a selector matches (0 without a catalog).
  size_t SelectorCatalogMatches(uint32_t selector) const;
  // The tag selectors when none of them can match a column of the catalog
  // (no catalog, or none of its columns carries a matching tag): every rule
  // written on tags would then never fire. Empty when the program has no tag
  // selector or when one of them matches.
  std::vector<uint32_t> UnmatchableTagSelectors() const;
  // The ids ("policy.rule") of the rules whose condition or mask uses a selector.
  std::vector<std::string> RulesUsingSelector(uint32_t selector) const;
  // Whether any condition or message reads a context or statement attribute
  // (front ends warn when an attribute the policies test is left empty).
  bool ReadsAttribute(Attr attr) const;

 private:
  ProgramData data_;
  const Catalog* catalog_;
  std::vector<std::vector<uint64_t>> selector_bits_;  // [selector][column_id / 64]
  std::array<std::vector<uint32_t>, 64> rules_by_kind_;
};

}  // namespace govern
