#include "vm/specialize.h"

#include <algorithm>
#include <bit>

#include "bytecode/opcode.h"
#include "core/glob.h"
#include "vm/vm.h"
#include "vm/witness.h"

namespace govern {
namespace {

// Whether an instruction reads nothing but constants, the context and its
// operands: a subexpression made of such instructions only has the same
// value for every statement.
bool ContextOnly(uint32_t word) {
  OpReads reads = ReadsOf(word);
  return reads == OpReads::kNothing || reads == OpReads::kContext;
}

// Relative cost of an instruction at decision time: set views walk the
// statement's columns, everything else is a load or a compare.
uint32_t Weight(uint32_t word) {
  if (IsFactSetOp(word)) return 16;
  auto op = static_cast<Op>(OpcodeOf(word));
  return op == Op::LOAD_SET || op == Op::STR_MATCHES ? 4 : 1;
}

bool IsJump(uint32_t word) {
  auto op = static_cast<Op>(OpcodeOf(word));
  return op == Op::JUMP_IF_FALSE || op == Op::JUMP_IF_TRUE;
}

// A condition's expression tree, recovered from its bytecode: the compiler
// emits postfix code, with `a and b` as `a JUMP_IF_FALSE(end) b` and `or`
// with JUMP_IF_TRUE. Each node covers the code range that computes it.
struct Node {
  enum class Kind : uint8_t { kOp, kAnd, kOr };
  Kind kind = Kind::kOp;
  uint32_t begin = 0, end = 0;
  int32_t left = -1, right = -1;  // kAnd/kOr operands; NOT: left is its operand
  char type = 0;                  // result type letter
  bool context_only = false;
};

class Decompiler {
 public:
  explicit Decompiler(const ProgramData& p) : p_(p) {}
  std::vector<Node> nodes;

  // The node for [b, e), which must compute exactly one value; -1 when the
  // code is not shaped as the compiler emits it.
  int32_t Parse(uint32_t b, uint32_t e, int depth) {
    if (depth > 256) return -1;
    std::vector<int32_t> stack;
    uint32_t pc = b;
    while (pc < e) {
      uint32_t word = p_.code[pc];
      const OpInfo* info = FindOpInfo(OpcodeOf(word));
      if (info == nullptr || info->op == Op::RET) return -1;
      if (IsJump(word)) {
        uint32_t target = OperandOf(word);
        if (target <= pc || target > e || stack.empty()) return -1;
        int32_t left = stack.back();
        stack.pop_back();
        int32_t right = Parse(pc + 1, target, depth + 1);
        if (right < 0) return -1;
        Node n;
        n.kind = info->op == Op::JUMP_IF_FALSE ? Node::Kind::kAnd : Node::Kind::kOr;
        n.begin = nodes[left].begin;
        n.end = target;
        n.left = left;
        n.right = right;
        n.type = kTypeBool;
        n.context_only = nodes[left].context_only && nodes[right].context_only;
        stack.push_back(Add(n));
        pc = target;
        continue;
      }
      size_t pops = info->pops.size();
      if (stack.size() < pops || info->push.size() != 1) return -1;
      Node n;
      n.begin = pops ? nodes[stack[stack.size() - pops]].begin : pc;
      n.end = pc + 1;
      n.type = info->push[0];
      n.context_only = ContextOnly(word);
      for (size_t i = stack.size() - pops; i < stack.size(); ++i) n.context_only = n.context_only && nodes[stack[i]].context_only;
      if (info->op == Op::NOT) n.left = stack.back();
      stack.resize(stack.size() - pops);
      stack.push_back(Add(n));
      ++pc;
    }
    return stack.size() == 1 ? stack[0] : -1;
  }

 private:
  int32_t Add(const Node& n) {
    nodes.push_back(n);
    return static_cast<int32_t>(nodes.size() - 1);
  }
  const ProgramData& p_;
};

// The residual of a condition: program code kept as is (kCopy), or and / or
// / not over residuals.
struct Residual {
  enum class Kind : uint8_t { kCopy, kAnd, kOr, kNot };
  Kind kind = Kind::kCopy;
  uint32_t begin = 0, end = 0;  // kCopy: the program's code range
  std::vector<int32_t> kids;
  uint32_t cost = 0;
};

class PartialEvaluator {
 public:
  PartialEvaluator(const BoundProgram& program, const Context& context, const Decompiler& dec)
      : program_(program), p_(program.data()), context_(context), dec_(dec) {}

  enum : int32_t { kFalse = -1, kTrue = -2 };
  std::vector<Residual> residuals;

  // kFalse, kTrue, or the index of the node's residual.
  int32_t Fold(int32_t n) {
    const Node& node = dec_.nodes[n];
    if (node.type != kTypeBool) return Copy(node.begin, node.end);
    if (node.context_only) return Evaluate(node.begin, node.end) ? kTrue : kFalse;
    switch (node.kind) {
      case Node::Kind::kAnd:
      case Node::Kind::kOr: {
        const bool is_and = node.kind == Node::Kind::kAnd;
        const int32_t absorbing = is_and ? kFalse : kTrue;  // false and x, true or x
        const int32_t neutral = is_and ? kTrue : kFalse;
        int32_t l = Fold(node.left);
        if (l == absorbing) return absorbing;
        int32_t r = Fold(node.right);  // no side effects, no errors: operands commute
        if (r == absorbing) return absorbing;
        if (l == neutral) return r;
        if (r == neutral) return l;
        Residual out;
        out.kind = is_and ? Residual::Kind::kAnd : Residual::Kind::kOr;
        for (int32_t k : {l, r}) {
          if (residuals[k].kind == out.kind) {
            out.kids.insert(out.kids.end(), residuals[k].kids.begin(), residuals[k].kids.end());
          } else {
            out.kids.push_back(k);
          }
        }
        for (int32_t k : out.kids) out.cost += residuals[k].cost;
        return Add(std::move(out));
      }
      case Node::Kind::kOp:
        if (OpcodeOf(p_.code[node.end - 1]) == static_cast<uint8_t>(Op::NOT)) {
          int32_t k = Fold(node.left);
          if (k == kTrue) return kFalse;
          if (k == kFalse) return kTrue;
          Residual out;
          out.kind = Residual::Kind::kNot;
          out.kids.push_back(k);
          out.cost = residuals[k].cost + 1;
          return Add(std::move(out));
        }
        return Copy(node.begin, node.end);
    }
    return Copy(node.begin, node.end);
  }

  int32_t Copy(uint32_t begin, uint32_t end) {
    Residual out;
    out.begin = begin;
    out.end = end;
    for (uint32_t pc = begin; pc < end; ++pc) out.cost += Weight(p_.code[pc]);
    return Add(std::move(out));
  }

  // Appends residual r to `code`: operands of and / or cheapest first.
  void Emit(int32_t r, std::vector<uint32_t>* code) const {
    const Residual& res = residuals[r];
    switch (res.kind) {
      case Residual::Kind::kCopy: AppendRelocated(res.begin, res.end, code); return;
      case Residual::Kind::kNot:
        Emit(res.kids[0], code);
        code->push_back(Encode(Op::NOT, 0));
        return;
      case Residual::Kind::kAnd:
      case Residual::Kind::kOr: {
        std::vector<int32_t> kids = res.kids;
        std::stable_sort(kids.begin(), kids.end(),
                         [&](int32_t a, int32_t b) { return residuals[a].cost < residuals[b].cost; });
        const Op jump = res.kind == Residual::Kind::kAnd ? Op::JUMP_IF_FALSE : Op::JUMP_IF_TRUE;
        std::vector<size_t> jumps;
        for (size_t i = 0; i < kids.size(); ++i) {
          Emit(kids[i], code);
          if (i + 1 == kids.size()) break;
          jumps.push_back(code->size());
          code->push_back(0);
        }
        for (size_t at : jumps) (*code)[at] = Encode(jump, static_cast<uint32_t>(code->size()));
        return;
      }
    }
  }

  // A necessary condition of residual r (vm/fact_signature.h).
  Guard GuardOf(int32_t r) const {
    const Residual& res = residuals[r];
    Guard g;
    switch (res.kind) {
      case Residual::Kind::kCopy: {
        // `SET_OP(operand) SET_ANY`: a fact set as a truth value.
        if (res.end - res.begin != 2 || OpcodeOf(p_.code[res.begin + 1]) != static_cast<uint8_t>(Op::SET_ANY)) return g;
        uint32_t word = p_.code[res.begin];
        uint32_t operand = OperandOf(word);
        switch (static_cast<Op>(OpcodeOf(word))) {
          case Op::READS: case Op::WRITES: case Op::OUTPUTS: case Op::FILTERS_ON: case Op::COMPUTES_ON: case Op::STAR_READS:
            g.active = g.has_columns = true;
            g.columns = program_.SelectorFold(operand);
            return g;
          case Op::CALLS:
            if (!GlobIsLiteral(p_.strings[operand])) return g;
            g.active = true;
            g.functions = NameBit(p_.strings[operand]);
            return g;
          default: return g;
        }
      }
      case Residual::Kind::kAnd: {  // any operand's guard; the one with the fewest bits
        int best = 65 * 2;
        for (int32_t k : res.kids) {
          Guard kid = GuardOf(k);
          int bits = std::popcount(kid.columns) + std::popcount(kid.functions) + (kid.has_columns ? 1 : 0);
          if (kid.active && bits < best) g = kid, best = bits;
        }
        return g;
      }
      case Residual::Kind::kOr: {  // every operand needs one
        g.active = true;
        for (int32_t k : res.kids) {
          Guard kid = GuardOf(k);
          if (!kid.active) return Guard{};
          g.has_columns = g.has_columns || kid.has_columns;
          g.columns |= kid.columns;
          g.functions |= kid.functions;
        }
        return g;
      }
      case Residual::Kind::kNot: return g;
    }
    return g;
  }

  // Copies [begin, end) of the program's code to the end of `code`, moving
  // its jumps (which target inside the range or its end) along.
  void AppendRelocated(uint32_t begin, uint32_t end, std::vector<uint32_t>* code) const {
    auto base = static_cast<uint32_t>(code->size());
    for (uint32_t pc = begin; pc < end; ++pc) {
      uint32_t word = p_.code[pc];
      if (IsJump(word)) word = Encode(static_cast<Op>(OpcodeOf(word)), OperandOf(word) - begin + base);
      code->push_back(word);
    }
  }

 private:
  int32_t Add(Residual r) {
    residuals.push_back(std::move(r));
    return static_cast<int32_t>(residuals.size() - 1);
  }

  // The value of a context-only bool subexpression, computed by the VM.
  bool Evaluate(uint32_t begin, uint32_t end) {
    scratch_.clear();
    AppendRelocated(begin, end, &scratch_);
    scratch_.push_back(Encode(Op::RET, 0));
    static const StatementFacts kNoFacts;  // never read: the code reads only the context
    return RunBoolCode(program_, scratch_.data(), 0, kNoFacts, context_);
  }

  const BoundProgram& program_;
  const ProgramData& p_;
  const Context& context_;
  const Decompiler& dec_;
  std::vector<uint32_t> scratch_;
};

}  // namespace

Specialization::Specialization(const BoundProgram& program, const Context& context) : program_(&program) {
  const ProgramData& p = program.data();
  rules_.resize(p.rules.size());
  Decompiler dec(p);
  for (uint32_t r = 0; r < p.rules.size(); ++r) {
    RuleEntry& entry = rules_[r];
    const uint32_t cond = p.rules[r].condition;
    if (cond == kNoChunk) {
      entry.state = RuleState::kAlways;
      continue;
    }
    const Chunk& chunk = p.chunks[cond];
    const uint32_t last = chunk.end - 1;  // the RET
    dec.nodes.clear();
    int32_t root = chunk.result == kTypeBool ? dec.Parse(chunk.begin, last, 0) : -1;
    PartialEvaluator pe(program, context, dec);
    int32_t folded = root < 0 ? pe.Copy(chunk.begin, last) : pe.Fold(root);
    if (folded == PartialEvaluator::kFalse) {
      entry.state = RuleState::kSkipped;
    } else if (folded == PartialEvaluator::kTrue) {
      entry.state = RuleState::kAlways;
    } else {
      entry.begin = static_cast<uint32_t>(code_.size());
      entry.guard = pe.GuardOf(folded);
      guarded_ += entry.guard.active;
      pe.Emit(folded, &code_);
      code_.push_back(Encode(Op::RET, 0));
    }
  }
  for (size_t k = 0; k < 64; ++k) {
    kind_begin_[k] = static_cast<uint32_t>(by_kind_.size());
    for (uint32_t r : program.RulesFor(static_cast<StatementKind>(k)))
      if (rules_[r].state != RuleState::kSkipped) by_kind_.push_back(r);
  }
  kind_begin_[64] = static_cast<uint32_t>(by_kind_.size());
  for (const RuleEntry& e : rules_) {
    survivors_ += e.state != RuleState::kSkipped;
    always_ += e.state == RuleState::kAlways;
  }
}

}  // namespace govern
