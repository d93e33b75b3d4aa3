// govern's own AST for policy files. ANTLR types never appear here: the
// front end (parser.cpp) converts its parse tree at one choke point, which
// attaches a Span to every node. Nodes live in an Arena.
#pragma once

#include <cstdint>
#include <memory_resource>
#include <string_view>
#include <vector>

#include "bundle/program.h"
#include "diag/source.h"

namespace govern::compiler {

enum class ExprKind : uint8_t { kString, kNumber, kBool, kSet, kPath, kCall, kSelector, kNot, kBinary };

enum class BinaryOp : uint8_t { kEq, kNe, kLt, kLe, kGt, kGe, kIn, kNotIn, kMatches, kAnd, kOr };

std::string_view BinaryOpText(BinaryOp op);

struct Expr {
  ExprKind kind;
  Span span;
  explicit Expr(ExprKind k, Span s) : kind(k), span(s) {}
};

struct StringExpr : Expr {
  std::string_view value;  // unescaped
  StringExpr(Span s, std::string_view v) : Expr(ExprKind::kString, s), value(v) {}
};

struct NumberExpr : Expr {
  int64_t value;
  NumberExpr(Span s, int64_t v) : Expr(ExprKind::kNumber, s), value(v) {}
};

struct BoolExpr : Expr {
  bool value;
  BoolExpr(Span s, bool v) : Expr(ExprKind::kBool, s), value(v) {}
};

struct SetExpr : Expr {
  std::pmr::vector<Expr*> items;
  SetExpr(Span s, std::pmr::vector<Expr*> i) : Expr(ExprKind::kSet, s), items(std::move(i)) {}
};

// identity.purpose, env, statement.kind, or a bare statement kind (delete).
struct PathExpr : Expr {
  std::pmr::vector<std::string_view> parts;
  PathExpr(Span s, std::pmr::vector<std::string_view> p) : Expr(ExprKind::kPath, s), parts(std::move(p)) {}
};

struct CallExpr : Expr {
  std::string_view name;
  Span name_span;
  std::pmr::vector<Expr*> args;
  CallExpr(Span s, std::string_view n, Span ns, std::pmr::vector<Expr*> a)
      : Expr(ExprKind::kCall, s), name(n), name_span(ns), args(std::move(a)) {}
};

struct SelectorExpr : Expr {
  SelectorKind selector;
  std::string_view pattern;
  Span pattern_span;
  SelectorExpr(Span s, SelectorKind k, std::string_view p, Span ps)
      : Expr(ExprKind::kSelector, s), selector(k), pattern(p), pattern_span(ps) {}
};

struct NotExpr : Expr {
  Expr* operand;
  NotExpr(Span s, Expr* o) : Expr(ExprKind::kNot, s), operand(o) {}
};

struct BinaryExpr : Expr {
  BinaryOp op;
  Expr* lhs;
  Expr* rhs;
  BinaryExpr(Span s, BinaryOp o, Expr* l, Expr* r) : Expr(ExprKind::kBinary, s), op(o), lhs(l), rhs(r) {}
};

// A message with interpolations: "text {expr} text".
struct MessagePart {
  std::string_view text;  // literal text (unescaped), when expr is null
  Expr* expr = nullptr;
};

struct Message {
  Span span;
  std::pmr::vector<MessagePart> parts;
  explicit Message(std::pmr::memory_resource* r) : parts(r) {}
};

struct Effect {
  EffectType type = EffectType::kDeny;
  Span span;
  Message* message = nullptr;  // deny/warn/approval message, audit label
  std::string_view group;      // approval
  Span group_span;
  SelectorExpr* selector = nullptr;  // mask
  std::string_view method;           // mask
  Span method_span;
};

struct Rule {
  std::string_view name;
  Span span;
  Span name_span;
  std::string_view description;
  Expr* when = nullptr;  // null: always
  std::pmr::vector<Effect> effects;
  explicit Rule(std::pmr::memory_resource* r) : effects(r) {}
};

struct Policy {
  std::string_view name;
  Span span;
  Span name_span;
  std::string_view description;
  std::pmr::vector<Rule*> rules;
  explicit Policy(std::pmr::memory_resource* r) : rules(r) {}
};

struct TestField {
  std::string_view key;  // "user", "groups", "attr.team", "database"
  Span span;
  std::pmr::vector<std::string_view> values;  // one for a string, n for a set
  bool is_set = false;
  explicit TestField(std::pmr::memory_resource* r) : values(r) {}
};

enum class ExpectKind : uint8_t { kVerdict, kMask, kNoMask };

struct Expectation {
  ExpectKind kind = ExpectKind::kVerdict;
  Span span;
  std::string_view verdict;  // allow, deny, require_approval, warn
  std::pmr::vector<std::string_view> rules;  // "policy.rule"
  std::pmr::vector<Span> rule_spans;
  std::string_view column;  // mask expectations: the result column name
  std::string_view method;
  explicit Expectation(std::pmr::memory_resource* r) : rules(r), rule_spans(r) {}
};

struct TestCase {
  std::string_view name;
  Span span;
  std::pmr::vector<TestField*> identity;
  std::pmr::vector<TestField*> session;
  std::string_view env;
  std::string_view sql;
  Span sql_span;
  std::pmr::vector<std::string_view> catalogs;  // paths relative to the policy file
  std::pmr::vector<Expectation*> expectations;
  explicit TestCase(std::pmr::memory_resource* r) : identity(r), session(r), catalogs(r), expectations(r) {}
};

struct FileAst {
  uint32_t file = 0;
  bool syntax_errors = false;  // the checker skips the file: its errors would be cascades
  bool default_deny = false;
  Span default_span;
  std::pmr::vector<Policy*> policies;
  std::pmr::vector<TestCase*> tests;
  explicit FileAst(std::pmr::memory_resource* r) : policies(r), tests(r) {}
};

}  // namespace govern::compiler
