#include "vm/bound_program.h"

#include <algorithm>
#include <bit>

#include "core/glob.h"

namespace govern {
namespace {

std::string_view TableOf(std::string_view column_qname) {
  size_t dot = column_qname.rfind('.');
  return dot == std::string_view::npos ? std::string_view() : column_qname.substr(0, dot);
}

bool MatchByName(const ProgramData& p, const SelectorMeta& s, std::string_view qname) {
  switch (s.kind) {
    case SelectorKind::kAll: return true;
    case SelectorKind::kTag: return false;  // tags live in the catalog only
    case SelectorKind::kColumn: return GlobMatch(p.strings[s.glob], qname);
    case SelectorKind::kTable: return GlobMatch(p.strings[s.glob], TableOf(qname));
    case SelectorKind::kUnion:
      for (uint32_t m : p.selector_lists[s.glob])
        if (MatchByName(p, p.selectors[m], qname)) return true;
      return false;
  }
  return false;
}

}  // namespace

BoundProgram::BoundProgram(ProgramData data, const Catalog* catalog)
    : data_(std::move(data)), catalog_(catalog) {
  for (uint32_t r = 0; r < data_.rules.size(); ++r) {
    uint64_t mask = data_.rules[r].kind_mask;
    for (size_t k = 0; k < 64; ++k)
      if (mask & (uint64_t{1} << k)) rules_by_kind_[k].push_back(r);
  }
  if (!catalog_) return;
  size_t words = (catalog_->column_count() + 63) / 64;
  selector_bits_.assign(data_.selectors.size(), std::vector<uint64_t>(words, 0));
  for (size_t s = 0; s < data_.selectors.size(); ++s) {
    const SelectorMeta& sel = data_.selectors[s];
    if (sel.kind == SelectorKind::kUnion) {  // members come first: their bits are ready
      for (uint32_t m : data_.selector_lists[sel.glob])
        for (size_t w = 0; w < words; ++w) selector_bits_[s][w] |= selector_bits_[m][w];
      continue;
    }
    std::string_view glob = data_.strings[sel.glob];
    for (size_t c = 0; c < catalog_->column_count(); ++c) {
      const Catalog::Column& col = catalog_->column(static_cast<int32_t>(c));
      if (col.dropped) continue;
      bool hit = false;
      if (sel.kind == SelectorKind::kTag) {
        for (uint32_t tag : col.tags) hit = hit || GlobMatch(glob, catalog_->TagName(tag));
      } else {
        hit = MatchByName(data_, sel, col.qname);
      }
      if (hit) selector_bits_[s][c / 64] |= uint64_t{1} << (c % 64);
    }
  }
}

bool BoundProgram::SelectorMatches(uint32_t selector, const ColumnFact& column) const noexcept {
  if (MatchesById(column)) {
    auto id = static_cast<size_t>(column.column_id);
    return (selector_bits_[selector][id / 64] >> (id % 64)) & 1;
  }
  return MatchByName(data_, data_.selectors[selector], column.name);
}

uint64_t BoundProgram::SelectorFold(uint32_t selector) const noexcept {
  uint64_t fold = 0;
  if (selector < selector_bits_.size())
    for (uint64_t word : selector_bits_[selector]) fold |= word;
  return fold;
}

std::vector<uint32_t> BoundProgram::UnmatchableTagSelectors() const {
  std::vector<uint32_t> tags;
  for (uint32_t s = 0; s < data_.selectors.size(); ++s) {
    if (data_.selectors[s].kind != SelectorKind::kTag) continue;
    if (SelectorCatalogMatches(s) > 0) return {};
    tags.push_back(s);
  }
  return tags;
}

std::vector<std::string> BoundProgram::RulesUsingSelector(uint32_t selector) const {
  std::vector<std::string> users;
  // A union that lists the selector uses it too.
  auto refers = [&](uint32_t s) {
    if (s == selector) return true;
    if (data_.selectors[s].kind != SelectorKind::kUnion) return false;
    const auto& members = data_.selector_lists[data_.selectors[s].glob];
    return std::find(members.begin(), members.end(), selector) != members.end();
  };
  for (const RuleMeta& r : data_.rules) {
    bool uses = false;
    for (const uint32_t chunk : {r.condition}) {
      if (chunk == kNoChunk) continue;
      for (uint32_t pc = data_.chunks[chunk].begin; pc < data_.chunks[chunk].end && !uses; ++pc)
        uses = FindOpInfo(OpcodeOf(data_.code[pc]))->operand == OperandKind::kSel && refers(OperandOf(data_.code[pc]));
    }
    for (uint32_t x = r.first_effect; x < r.first_effect + r.effect_count && !uses; ++x)
      uses = data_.effects[x].type == EffectType::kMask && data_.effects[x].selector == selector;
    if (uses) users.push_back(data_.strings[r.id]);
  }
  return users;
}

bool BoundProgram::ReadsAttribute(Attr attr) const {
  auto id = static_cast<uint32_t>(attr);
  for (uint32_t word : data_.code) {
    switch (static_cast<Op>(OpcodeOf(word))) {
      case Op::LOAD_STR: case Op::LOAD_SET: case Op::LOAD_BOOL:
        if (OperandOf(word) == id) return true;
        break;
      case Op::ATTR_EQ: case Op::ATTR_NE:
        if (AttrOf(OperandOf(word)) == id) return true;
        break;
      case Op::LOAD_KIND:
      case Op::KIND_IN:
        if (attr == Attr::kStatementKind) return true;
        break;
      default: break;
    }
  }
  return false;
}

size_t BoundProgram::SelectorCatalogMatches(uint32_t selector) const {
  if (!catalog_) return 0;
  size_t n = 0;
  for (uint64_t w : selector_bits_[selector]) n += static_cast<size_t>(std::popcount(w));
  return n;
}

}  // namespace govern
