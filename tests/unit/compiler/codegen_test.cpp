// Opcode listings for small policies: prove constant folding and kind
// indexing happened (the folded instructions are absent from the code).
#include <doctest/doctest.h>

#include "bytecode/disassembler.h"
#include "bytecode/opcode.h"
#include "driver/compile.h"
#include "facts/statement_kind.h"

using namespace govern;

namespace {

// The opcode names of rule 0's condition, space-separated ("" when always).
std::string Listing(const std::string& cond) {
  auto r = compiler::CompileText("t.policy", "policy p { rule r { when " + cond + "\n deny \"x\" } }");
  REQUIRE_MESSAGE(r->program.has_value(), r->diagnostics.Render());
  const ProgramData& p = *r->program;
  if (p.rules[0].condition == kNoChunk) return "";
  const Chunk& c = p.chunks[p.rules[0].condition];
  std::string out;
  for (uint32_t pc = c.begin; pc < c.end; ++pc) out += (out.empty() ? "" : " ") + std::string(FindOpInfo(OpcodeOf(p.code[pc]))->name);
  return out;
}

uint64_t Mask(const std::string& cond) {
  auto r = compiler::CompileText("t.policy", "policy p { rule r { when " + cond + "\n deny \"x\" } }");
  REQUIRE(r->program.has_value());
  return r->program->rules[0].kind_mask;
}

uint64_t Bit(StatementKind k) { return uint64_t{1} << static_cast<unsigned>(k); }

}  // namespace

TEST_CASE("constant folding") {
  CHECK(Listing("1 < 2 and env == \"prod\"") == "ATTR_EQ RET");
  CHECK(Listing("\"a\" == \"a\"") == "");  // always: the condition disappears
  CHECK(Listing("not not statement.has_where") == "LOAD_BOOL RET");
  CHECK(Listing("false or statement.opaque") == "LOAD_BOOL RET");
  CHECK(Listing("\"x\" in {\"x\", \"y\"} and statement.opaque") == "LOAD_BOOL RET");
  CHECK(Listing("count({\"a\",\"b\"}) == 2 and statement.opaque") == "LOAD_BOOL RET");
  CHECK(Listing("\"abc\" matches \"a*\" and statement.opaque") == "LOAD_BOOL RET");
}

TEST_CASE("short-circuit code for and / or") {
  CHECK(Listing("statement.opaque and statement.has_where") == "LOAD_BOOL JUMP_IF_FALSE LOAD_BOOL RET");
  CHECK(Listing("statement.opaque or statement.has_where") == "LOAD_BOOL JUMP_IF_TRUE LOAD_BOOL RET");
  CHECK(Listing("reads()") == "READS SET_ANY RET");  // a set's truth value
}

TEST_CASE("kind indexing: the masks and the removed kind tests") {
  CHECK(Mask("statement.kind == delete") == Bit(StatementKind::k_delete));
  CHECK(Listing("statement.kind == delete") == "");  // the index already guarantees it
  CHECK(Mask("statement.kind in {delete, update} and not statement.has_where") ==
        (Bit(StatementKind::k_delete) | Bit(StatementKind::k_update)));
  CHECK(Listing("statement.kind in {delete, update} and not statement.has_where") == "LOAD_BOOL NOT RET");
  CHECK(Mask("statement.kind == delete or env == \"prod\"") == compiler::AllKindsMask());
  CHECK((Mask("statement.kind != select") & Bit(StatementKind::k_select)) == 0);
  CHECK(Mask("statement.kind == delete and statement.kind == update") == 0);
  // Under an `or`, a kind test that the index cannot decide stays.
  CHECK(Listing("statement.kind == delete or env == \"prod\"") == "KIND_IN JUMP_IF_TRUE ATTR_EQ RET");
}

TEST_CASE("superinstruction for attribute == literal") {
  CHECK(Listing("identity.purpose == \"training\"") == "ATTR_EQ RET");
  CHECK(Listing("\"training\" == identity.purpose") == "ATTR_EQ RET");
  CHECK(Listing("identity.kind != \"human\"") == "ATTR_NE RET");
  CHECK(Listing("identity.user == identity.purpose") == "LOAD_STR LOAD_STR STR_EQ RET");
  CHECK(Listing("identity.attr.team == \"risk\"") == "LOAD_IDATTR PUSH_STR STR_EQ RET");
}

TEST_CASE("disassembly names operands") {
  auto r = compiler::CompileText("t.policy", "policy p { rule r { when identity.purpose == \"training\" and reads(tag \"pii.*\")\n deny \"x\" } }");
  REQUIRE(r->program.has_value());
  std::string d = Disassemble(*r->program);
  CHECK(d.find("ATTR_EQ identity.purpose \"training\"") != std::string::npos);
  CHECK(d.find("READS tag \"pii.*\"") != std::string::npos);
  CHECK(d.find("rule p.r") != std::string::npos);
}
