// The checked IR: typed expression trees with every name resolved (attribute
// ids, selector ids, kind masks), rules with their effects, and test cases.
// Passes (fold.cpp, kind_index.cpp) rewrite it; codegen turns it into bytecode;
// the reference evaluator (reference_eval.h) interprets it directly.
#pragma once

#include <array>
#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "bundle/program.h"
#include "diag/source.h"

namespace govern::compiler {

enum class IrOp : uint8_t {
  kConstBool, kConstNum, kConstStr, kConstSet,  // literals
  kKindIn,                                      // statement.kind in mask
  kLoadStr, kLoadSet, kLoadBool, kLoadKind,     // attributes
  kIdentityAttr,                                // identity.attr.NAME (str = NAME)
  kReads, kWrites, kOutputs, kFilters, kComputes, kStar,  // selector sets (selector = id)
  kCalls,                                       // calls("glob") (str = glob)
  kStrEq, kStrNe, kStrMatches, kStrIn,
  kNumEq, kNumNe, kNumLt, kNumLe, kNumGt, kNumGe,
  kBoolEq, kBoolNe,
  kSetAny, kSetCount,
  kNot, kAnd, kOr,
};

struct IrExpr {
  IrOp op = IrOp::kConstBool;
  uint8_t type = kTypeBool;  // result type letter
  Span span;
  bool b = false;
  int64_t n = 0;
  std::string str;
  std::vector<std::string> set;  // kConstSet: sorted, unique
  uint64_t mask = 0;             // kKindIn
  uint32_t attr = 0;             // kLoad*
  uint32_t selector = 0;         // selector sets
  std::vector<std::unique_ptr<IrExpr>> kids;

  bool is_const() const {
    return op == IrOp::kConstBool || op == IrOp::kConstNum || op == IrOp::kConstStr || op == IrOp::kConstSet;
  }
};

using IrExprPtr = std::unique_ptr<IrExpr>;

struct IrSelector {
  SelectorKind kind = SelectorKind::kAll;
  std::string glob;
  std::vector<uint32_t> members;  // kUnion: ids of earlier plain selectors, sorted, unique
  Span span;
  bool operator==(const IrSelector& o) const { return kind == o.kind && glob == o.glob && members == o.members; }
};

struct IrTemplatePart {
  std::string text;  // literal, when expr is null
  IrExprPtr expr;
};

struct IrEffect {
  EffectType type = EffectType::kDeny;
  MaskMethod method = MaskMethod::kRedact;
  uint32_t selector = 0;
  bool has_text = false;
  std::vector<IrTemplatePart> text;
  std::string group;
  Span span;
};

struct IrRule {
  std::string id;  // "policy.rule"
  std::string description;  // `rule NAME "description"`, "" when none
  uint32_t policy = 0;
  uint32_t source = 0;
  LineCol pos;
  std::string condition_text;
  IrExprPtr condition;  // null: always
  // The checked condition before any pass, kept for the reference evaluator
  // so that it also validates folding and kind indexing.
  std::shared_ptr<const IrExpr> checked_condition;
  uint64_t kind_mask = ~uint64_t{0};
  std::vector<IrEffect> effects;
  Span span;
};

struct IrPolicy {
  std::string name;
  std::string description;
};

struct IrSource {
  std::string path;
  std::array<uint8_t, 32> sha256{};
};

struct IrTestField {
  std::string key;
  std::vector<std::string> values;
  bool is_set = false;
};

struct IrExpectation {
  enum Kind : uint8_t { kVerdict, kMask, kNoMask } kind = kVerdict;
  std::string verdict;             // allow, deny, require_approval, warn
  std::vector<std::string> rules;  // "policy.rule"
  std::string column;
  std::string method;
  Span span;
};

struct IrTest {
  std::string name;
  uint32_t source = 0;
  Span span;
  std::vector<IrTestField> identity;
  std::vector<IrTestField> session;
  std::string env;
  std::string sql;
  std::vector<std::string> catalogs;  // paths as written (relative to the policy file)
  std::vector<IrExpectation> expectations;
};

struct IrModule {
  bool default_deny = false;
  std::vector<IrSelector> selectors;
  std::vector<IrPolicy> policies;
  std::vector<IrRule> rules;
  std::vector<IrSource> sources;
  std::vector<IrTest> tests;

  uint32_t InternSelector(IrSelector s) {
    for (uint32_t i = 0; i < selectors.size(); ++i)
      if (selectors[i] == s) return i;
    selectors.push_back(std::move(s));
    return static_cast<uint32_t>(selectors.size() - 1);
  }
};

IrExprPtr CloneExpr(const IrExpr& e);

// Passes.
void FoldConstants(IrModule& module);       // fold.cpp
void IndexRulesByKind(IrModule& module);    // kind_index.cpp
uint64_t AllKindsMask();

}  // namespace govern::compiler
