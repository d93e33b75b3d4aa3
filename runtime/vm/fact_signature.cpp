#include "vm/fact_signature.h"

namespace govern {
namespace {

void AddColumns(const BoundProgram& program, std::span<const ColumnFact> cols, FactSignature* s) noexcept {
  for (const ColumnFact& c : cols) {
    if (program.MatchesById(c)) {
      s->columns |= uint64_t{1} << (static_cast<uint32_t>(c.column_id) & 63);
    } else {
      s->unresolved = true;
    }
  }
}

}  // namespace

uint64_t NameBit(std::string_view name) noexcept {
  uint64_t h = 1469598103934665603ull;
  for (char ch : name) {
    h ^= static_cast<unsigned char>(ch);
    h *= 1099511628211ull;
  }
  return uint64_t{1} << ((h ^ (h >> 32)) & 63);
}

FactSignature SignatureOf(const BoundProgram& program, const StatementFacts& facts) noexcept {
  FactSignature s;
  AddColumns(program, facts.reads, &s);
  AddColumns(program, facts.writes, &s);
  AddColumns(program, facts.output_sources, &s);
  for (std::string_view fn : facts.functions) {
    s.functions |= NameBit(fn);
    // GlobMatchName matches the qualified name or its last part.
    size_t dot = fn.rfind('.');
    if (dot != std::string_view::npos) s.functions |= NameBit(fn.substr(dot + 1));
  }
  return s;
}

}  // namespace govern
