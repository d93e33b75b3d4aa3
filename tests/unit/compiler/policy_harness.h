// Compiles policy text, binds it and decides on hand-built facts, checking on
// every decision that the VM and the reference evaluator agree.
#pragma once

#include <doctest/doctest.h>

#include <algorithm>
#include <memory>
#include <string>

#include "driver/compile.h"
#include "ir/reference_eval.h"
#include "support/facts_builder.h"
#include "vm/vm.h"

namespace govern::testing {

struct Compiled {
  std::unique_ptr<compiler::CompileResult> result;
  std::unique_ptr<BoundProgram> program;
  const Catalog* catalog = nullptr;

  bool ok() const { return program != nullptr; }
  std::string diagnostics() const { return result->diagnostics.Render(); }
};

inline Compiled CompilePolicy(const std::string& text, const Catalog* catalog = nullptr) {
  Compiled c;
  c.catalog = catalog;
  c.result = compiler::CompileText("test.policy", text, catalog);
  if (c.result->program) c.program = std::make_unique<BoundProgram>(*c.result->program, catalog);
  return c;
}

struct Outcome {
  Verdict verdict = Verdict::kAllow;
  std::vector<std::string> fired;  // rule ids, unique, in order
  std::vector<std::pair<uint32_t, std::string>> masks;
  std::vector<std::string> messages;  // rendered messages of fired effects that have one
};

inline Outcome Run(const Compiled& c, const StatementFacts& facts, const Context& ctx) {
  REQUIRE_MESSAGE(c.ok(), c.diagnostics());
  Decision d;
  Decide(*c.program, facts, ctx, &d);
  Outcome o;
  o.verdict = d.verdict;
  const ProgramData& p = c.program->data();
  for (const FiredEffect& f : d.fired) {
    std::string id = p.strings[p.rules[f.rule].id];
    if (std::find(o.fired.begin(), o.fired.end(), id) == o.fired.end()) o.fired.push_back(id);
    if (p.effects[f.effect].text != kNoTemplate)
      o.messages.push_back(RenderTemplate(*c.program, p.effects[f.effect].text, facts, ctx));
  }
  for (const MaskAssignment& m : d.masks) o.masks.emplace_back(m.output, std::string(MaskMethodName(m.method)));
  // Verification mode: the reference evaluator over the IR must agree.
  compiler::ReferenceDecision ref = compiler::ReferenceDecide(c.result->module, c.catalog, facts, ctx);
  CHECK(ref.verdict == std::string(VerdictName(d.verdict)));
  CHECK(ref.fired == o.fired);
  auto vm_masks = o.masks, ref_masks = ref.masks;
  std::sort(vm_masks.begin(), vm_masks.end());
  std::sort(ref_masks.begin(), ref_masks.end());
  CHECK(ref_masks == vm_masks);
  // The program specialized for this context decides the same, effect for
  // effect and mask for mask (vm/specialize.h).
  Specialization spec(*c.program, ctx);
  Decision s;
  Decide(spec, facts, ctx, &s);
  CHECK(s.verdict == d.verdict);
  CHECK(s.default_denied == d.default_denied);
  CHECK(s.fired.size() == d.fired.size());
  for (size_t i = 0; i < std::min(s.fired.size(), d.fired.size()); ++i) {
    CHECK(s.fired[i].rule == d.fired[i].rule);
    CHECK(s.fired[i].effect == d.fired[i].effect);
  }
  CHECK(s.masks.size() == d.masks.size());
  for (size_t i = 0; i < std::min(s.masks.size(), d.masks.size()); ++i) {
    CHECK(s.masks[i].output == d.masks[i].output);
    CHECK(s.masks[i].rule == d.masks[i].rule);
    CHECK(s.masks[i].method == d.masks[i].method);
  }
  return o;
}

}  // namespace govern::testing
