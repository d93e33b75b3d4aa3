#include "syntax/parser.h"

#include <antlr4-runtime.h>

#include <charconv>
#include <set>

#include "PolicyLexer.h"
#include "PolicyParser.h"
#include "syntax/strings.h"

namespace govern::compiler {
namespace {

using P = govern_antlr::PolicyParser;

// Maps ANTLR's code-point indices to source byte offsets.
using OffsetMap = std::vector<uint32_t>;

OffsetMap MapUtf8(std::string_view text, uint32_t base, const std::vector<uint32_t>* inner = nullptr) {
  OffsetMap map;
  for (uint32_t i = 0; i < text.size(); ++i) {
    auto byte = static_cast<unsigned char>(text[i]);
    if ((byte & 0xC0) == 0x80) continue;  // continuation byte
    map.push_back(inner ? (*inner)[i] : base + i);
  }
  map.push_back(inner ? inner->back() : base + static_cast<uint32_t>(text.size()));
  return map;
}

std::string CleanAntlrMessage(std::string msg) {
  // "mismatched input 'x' expecting {A, B}" is ANTLR's voice; keep it but
  // name end of input plainly.
  for (auto [from, to] : {std::pair<std::string, std::string>{"'<EOF>'", "end of input"},
                          {"<EOF>", "end of input"}}) {
    for (size_t at; (at = msg.find(from)) != std::string::npos;) msg.replace(at, from.size(), to);
  }
  // Long token sets read better as what they mean.
  size_t at = msg.find("expecting {");
  if (at != std::string::npos) {
    std::string set = msg.substr(at + 10);
    std::string what;
    if (set.find("NUMBER") != std::string::npos && set.find("STRING") != std::string::npos)
      what = "an expression";
    else if (set.find("'deny'") != std::string::npos && set.find("'audit'") != std::string::npos)
      what = set.find("'when'") != std::string::npos ? "`when` or an effect (deny, warn, require approval, mask, allow, audit)"
                                                     : "an effect (deny, warn, require approval, mask, allow, audit) or `}`";
    if (!what.empty()) msg = msg.substr(0, at) + "expecting " + what;
  }
  return msg;
}

// The token before `token` in the parser's stream (null at the start).
antlr4::Token* PreviousToken(antlr4::Recognizer* recognizer, antlr4::Token* token, size_t back = 1) {
  auto* parser = dynamic_cast<antlr4::Parser*>(recognizer);
  if (!parser || !token || token->getTokenIndex() < back) return nullptr;
  return parser->getTokenStream()->get(token->getTokenIndex() - back);
}

class ErrorListener : public antlr4::BaseErrorListener {
 public:
  ErrorListener(Diagnostics& diag, uint32_t file, const OffsetMap& map) : diag_(diag), file_(file), map_(map) {}
  void syntaxError(antlr4::Recognizer* recognizer, antlr4::Token* token, size_t, size_t, const std::string& antlr_msg,
                   std::exception_ptr) override {
    if (++count_ > 20) return;  // no cascades: the first errors are the useful ones
    Span span{file_, 0, 0};
    if (token && token->getType() != antlr4::Token::EOF && token->getStartIndex() < map_.size()) {
      span.begin = map_[token->getStartIndex()];
      size_t stop = std::min<size_t>(token->getStopIndex() + 1, map_.size() - 1);
      span.end = map_[stop];
    } else if (token) {
      span.begin = span.end = map_.back();
    }
    std::string msg = antlr_msg;
    std::string help;
    if (token && token->getType() == govern_antlr::PolicyLexer::UNTERMINATED_STRING) {
      span.end = span.begin + 1;  // the opening quote
      diag_.Error(span, "unterminated string",
                  "a string ends on the line it starts on: close it with `\"`, and write \\n for a line break");
      return;
    }
    // "expecting STRING" alone: say what a string looks like, with the
    // user's own word quoted as the example (`env prod` -> `env "prod"`).
    if (token && msg.size() > 16 && msg.compare(msg.size() - 16, 16, "expecting STRING") == 0) {
      msg.replace(msg.size() - 6, 6, "a string in double quotes");
      antlr4::Token* before = PreviousToken(recognizer, token);
      if (token->getType() == govern_antlr::PolicyLexer::ID || token->getType() == govern_antlr::PolicyLexer::NUMBER) {
        msg += ", e.g. `" + (before ? before->getText() + " " : std::string()) + "\"" + token->getText() + "\"`";
      }
    }
    antlr4::Token* before = PreviousToken(recognizer, token);
    antlr4::Token* before2 = PreviousToken(recognizer, token, 2);
    bool after_expect = (before && before->getType() == govern_antlr::PolicyLexer::EXPECT) ||
                        (before2 && before2->getType() == govern_antlr::PolicyLexer::EXPECT);
    if (after_expect)
      help = "expectations: expect allow | deny | require_approval | warn [by policy.rule, ...], "
             "expect mask \"column\" with METHOD, expect no mask \"column\"";
    bool block_keyword = token && (token->getType() == govern_antlr::PolicyLexer::RULE ||
                                   token->getType() == govern_antlr::PolicyLexer::POLICY ||
                                   token->getType() == govern_antlr::PolicyLexer::TEST);
    if (block_keyword && (msg.find("`}`") != std::string::npos || msg.find("'}'") != std::string::npos))
      help = "a `}` is missing before `" + token->getText() + "`: the block above is not closed";
    if (token && token->getType() == govern_antlr::PolicyLexer::ERROR_CHAR) {
      std::string text = token->getText();
      help = text == "=" ? "compare with `==`"
             : text == "!" ? "write `not` or `!=`"
             : text == "&" || text == "|" ? "write `and` / `or`"
                                          : "this character is not part of the language";
    } else if (token && help.empty()) {
      static const std::set<std::string> kEffects = {"deny", "warn", "require", "mask", "allow", "audit"};
      size_t expecting = msg.find("expecting");
      if (kEffects.count(token->getText()) && expecting != std::string::npos &&
          msg.find("'deny'", expecting) == std::string::npos)
        help = "the `when` condition ends early: an operand is missing before `" + token->getText() + "`";
    }
    diag_.Error(span, CleanAntlrMessage(msg), help);
  }
  void set_map(const OffsetMap& map) { map_ = map; }

 private:
  Diagnostics& diag_;
  uint32_t file_;
  OffsetMap map_;
  int count_ = 0;
};

// Error recovery that stays inside the block where the error is. ANTLR's
// default resynchronises on the follow set, which is often the `}` closing
// the rule: the enclosing policy then takes that brace for its own and every
// following `rule` reads as a new error. Here an error inside a rule, test or
// policy skips to the `}` that closes that block (brace-aware), or to the
// next `rule`/`policy`/`test` keyword, and parsing goes on after it.
class BlockErrorStrategy : public antlr4::DefaultErrorStrategy {
 public:
  void recover(antlr4::Parser* parser, std::exception_ptr e) override {
    antlr4::ParserRuleContext* ctx = parser->getContext();
    antlr4::ParserRuleContext* block = nullptr;
    for (antlr4::tree::ParseTree* c = ctx; c && !block; c = c->parent) {
      if (dynamic_cast<P::RuleDeclContext*>(c) || dynamic_cast<P::TestDeclContext*>(c) ||
          dynamic_cast<P::PolicyDeclContext*>(c))
        block = static_cast<antlr4::ParserRuleContext*>(c);
    }
    antlr4::TokenStream* tokens = parser->getTokenStream();
    int depth = 0;
    if (block && block->getStart())
      for (size_t i = block->getStart()->getTokenIndex(); i < tokens->index(); ++i) {
        size_t type = tokens->get(i)->getType();
        depth += type == govern_antlr::PolicyLexer::LBRACE ? 1 : type == govern_antlr::PolicyLexer::RBRACE ? -1 : 0;
      }
    if (!block || depth <= 0) {  // not inside a block's braces: ANTLR's own recovery
      antlr4::DefaultErrorStrategy::recover(parser, e);
      return;
    }
    // The block's own code caught the error: it will not match its closing
    // brace, so the brace is skipped here. From deeper inside, the block goes
    // on after recovery and matches the brace itself.
    bool own = block == ctx;
    bool policy_level = own && dynamic_cast<P::PolicyDeclContext*>(block) != nullptr;
    for (;;) {
      size_t type = tokens->LA(1);
      if (type == antlr4::Token::EOF || type == govern_antlr::PolicyLexer::POLICY ||
          type == govern_antlr::PolicyLexer::TEST || (type == govern_antlr::PolicyLexer::RULE && !policy_level))
        break;
      if (type == govern_antlr::PolicyLexer::LBRACE) ++depth;
      if (type == govern_antlr::PolicyLexer::RBRACE && --depth == 0) {
        if (own) parser->consume();
        break;
      }
      parser->consume();
    }
  }

 protected:
  // ANTLR's resynchronisation inside loops (a stray word among a rule's
  // effects, a misspelled `rule`) consumes up to a token of `set`: skip
  // whole `{ ... }` groups on the way, so a stray block's own `}` is not
  // taken for the enclosing one.
  void consumeUntil(antlr4::Parser* parser, const antlr4::misc::IntervalSet& set) override {
    int depth = 0;
    for (size_t type = parser->getInputStream()->LA(1); type != antlr4::Token::EOF;
         type = parser->getInputStream()->LA(1)) {
      bool keyword = type == govern_antlr::PolicyLexer::RULE || type == govern_antlr::PolicyLexer::POLICY ||
                     type == govern_antlr::PolicyLexer::TEST;
      if (set.contains(type) && (depth == 0 || keyword)) return;
      if (type == govern_antlr::PolicyLexer::LBRACE) ++depth;
      if (type == govern_antlr::PolicyLexer::RBRACE && depth > 0) --depth;
      parser->consume();
    }
  }
};

// Rejects input whose nesting would make the recursive-descent parser or the
// later passes recurse too deeply.
bool CheckNesting(antlr4::CommonTokenStream& tokens, const OffsetMap& map, uint32_t file, Diagnostics& diag) {
  int depth = 0, nots = 0;
  for (antlr4::Token* t : tokens.getTokens()) {
    size_t type = t->getType();
    if (type == govern_antlr::PolicyLexer::LPAREN || type == govern_antlr::PolicyLexer::LBRACE) ++depth;
    if (type == govern_antlr::PolicyLexer::RPAREN || type == govern_antlr::PolicyLexer::RBRACE) --depth;
    nots = type == govern_antlr::PolicyLexer::NOT ? nots + 1 : 0;
    if (depth > kMaxNesting || nots > kMaxNesting) {
      uint32_t at = t->getStartIndex() < map.size() ? map[t->getStartIndex()] : map.back();
      diag.Error({file, at, at + 1}, "nesting is deeper than " + std::to_string(kMaxNesting) + " levels",
                 "split the condition into several rules");
      return false;
    }
  }
  return true;
}

class Builder {
 public:
  // `input` is the text ANTLR parsed (the file, or an interpolation's
  // unescaped text); `map` sends its code points to source offsets.
  Builder(const SourceFile& source, uint32_t file, Arena& arena, Diagnostics& diag, std::string_view input,
          OffsetMap map)
      : source_(source), file_(file), arena_(arena), diag_(diag), input_(input),
        input_bytes_(MapUtf8(input, 0)), map_(std::move(map)) {}

  FileAst* File(P::FileContext* ctx) {
    auto* ast = arena_.Make<FileAst>(arena_.resource());
    ast->file = file_;
    if (auto* d = ctx->defaultDecl()) {
      ast->default_deny = d->DENY() != nullptr;
      ast->default_span = SpanOf(d);
    }
    for (auto* p : ctx->policyDecl()) ast->policies.push_back(PolicyDecl(p));
    for (auto* t : ctx->testDecl()) ast->tests.push_back(TestDecl(t));
    return ast;
  }

  Expr* ExprOf(P::ExprContext* ctx, int depth = 0) {
    if (!ctx) return Error();
    if (depth > kMaxNesting) {
      diag_.Error(SpanOf(ctx), "expression nests deeper than " + std::to_string(kMaxNesting) + " levels",
                  "split the condition into several rules");
      return Error();
    }
    if (auto* c = dynamic_cast<P::PrimaryExprContext*>(ctx)) return Primary(c->primary(), depth + 1);
    if (auto* c = dynamic_cast<P::NotExprContext*>(ctx))
      return arena_.Make<NotExpr>(SpanOf(ctx), ExprOf(c->expr(), depth + 1));
    BinaryOp op;
    P::ExprContext *l = nullptr, *r = nullptr;
    if (auto* c = dynamic_cast<P::CompareExprContext*>(ctx)) {
      l = c->left, r = c->right;
      std::string t = c->op ? c->op->getText() : "==";
      op = t == "==" ? BinaryOp::kEq : t == "!=" ? BinaryOp::kNe : t == "<" ? BinaryOp::kLt
         : t == "<=" ? BinaryOp::kLe : t == ">" ? BinaryOp::kGt : BinaryOp::kGe;
    } else if (auto* c = dynamic_cast<P::InExprContext*>(ctx)) {
      l = c->left, r = c->right;
      op = c->NOT() ? BinaryOp::kNotIn : BinaryOp::kIn;
    } else if (auto* c = dynamic_cast<P::MatchesExprContext*>(ctx)) {
      l = c->left, r = c->right, op = BinaryOp::kMatches;
    } else if (auto* c = dynamic_cast<P::AndExprContext*>(ctx)) {
      l = c->left, r = c->right, op = BinaryOp::kAnd;
    } else if (auto* c = dynamic_cast<P::OrExprContext*>(ctx)) {
      l = c->left, r = c->right, op = BinaryOp::kOr;
    } else {
      return Error();
    }
    return arena_.Make<BinaryExpr>(SpanOf(ctx), op, ExprOf(l, depth + 1), ExprOf(r, depth + 1));
  }

 private:
  Span SpanOf(antlr4::ParserRuleContext* ctx) const {
    if (!ctx || !ctx->getStart()) return {file_, 0, 0};
    return TokenRange(ctx->getStart(), ctx->getStop() ? ctx->getStop() : ctx->getStart());
  }
  Span SpanOf(antlr4::Token* t) const { return TokenRange(t, t); }
  Span TokenRange(antlr4::Token* first, antlr4::Token* last) const {
    auto at = [&](size_t i) { return i < map_.size() ? map_[i] : map_.back(); };
    if (first->getType() == antlr4::Token::EOF) return {file_, map_.back(), map_.back()};
    size_t stop = std::max(first->getStartIndex(), last->getStopIndex() + 1);
    if (last->getType() == antlr4::Token::EOF) stop = first->getStopIndex() + 1;
    return {file_, at(first->getStartIndex()), at(stop)};
  }
  std::string_view Text(antlr4::Token* t) const {
    if (!t || t->getStartIndex() >= input_bytes_.size() || t->getStopIndex() + 1 >= input_bytes_.size()) return {};
    uint32_t begin = input_bytes_[t->getStartIndex()], end = input_bytes_[t->getStopIndex() + 1];
    return begin <= end ? input_.substr(begin, end - begin) : std::string_view();
  }
  // The text of a parse-tree range in the parse input.
  std::string_view Text(antlr4::ParserRuleContext* ctx) const {
    if (!ctx || !ctx->getStart() || !ctx->getStop()) return {};
    size_t a = ctx->getStart()->getStartIndex(), b = ctx->getStop()->getStopIndex() + 1;
    if (a >= input_bytes_.size() || b >= input_bytes_.size() || a > b) return {};
    return input_.substr(input_bytes_[a], input_bytes_[b] - input_bytes_[a]);
  }
  std::string_view Ident(P::IdentContext* ctx) const {
    if (!ctx || !ctx->getStart()) return {};
    return Text(ctx->getStart());
  }
  static antlr4::Token* Sym(antlr4::tree::TerminalNode* node) { return node ? node->getSymbol() : nullptr; }
  Expr* Error() { return arena_.Make<BoolExpr>(Span{file_, 0, 0}, false); }

  // A string literal's value (escapes resolved), reporting malformed escapes.
  std::string_view StringValue(antlr4::Token* t) {
    if (!t) return {};
    Span s = SpanOf(t);
    UnescapedString u = Unescape(Text(t), s.begin);
    if (!u.error.empty()) diag_.Error({file_, u.error_offset, u.error_offset + 2}, u.error);
    return arena_.Copy(u.text);
  }

  Message* MessageOf(antlr4::Token* t) {
    auto* msg = arena_.Make<Message>(arena_.resource());
    if (!t) return msg;
    Span span = SpanOf(t);
    msg->span = span;
    UnescapedString u = Unescape(Text(t), span.begin);
    if (!u.error.empty()) {
      diag_.Error({file_, u.error_offset, u.error_offset + 2}, u.error);
      return msg;
    }
    std::vector<MessageSegment> segments;
    uint32_t error_at = 0;
    std::string error;
    if (!SplitMessage(u, &segments, &error_at, &error)) {
      diag_.Error({file_, error_at, error_at + 1}, error);
      return msg;
    }
    for (const MessageSegment& seg : segments) {
      std::string_view piece = std::string_view(u.text).substr(seg.begin, seg.end - seg.begin);
      if (!seg.is_expr) {
        msg->parts.push_back({arena_.Copy(piece), nullptr});
        continue;
      }
      std::vector<uint32_t> inner(u.offsets.begin() + seg.begin, u.offsets.begin() + seg.end + 1);
      msg->parts.push_back({{}, ParseInterpolation(piece, inner)});
    }
    return msg;
  }

  Expr* ParseInterpolation(std::string_view text, const std::vector<uint32_t>& offsets);

  SelectorExpr* Selector(P::SelectorContext* ctx) {
    SelectorKind kind = SelectorKind::kTag;
    if (ctx->kind) {
      std::string k = ctx->kind->getText();
      kind = k == "tag" ? SelectorKind::kTag : k == "column" ? SelectorKind::kColumn : SelectorKind::kTable;
    }
    std::string_view pattern = StringValue(ctx->pattern);
    return arena_.Make<SelectorExpr>(SpanOf(ctx), kind, pattern, ctx->pattern ? SpanOf(ctx->pattern) : SpanOf(ctx));
  }

  Expr* Primary(P::PrimaryContext* ctx, int depth) {
    if (!ctx) return Error();
    Span span = SpanOf(ctx);
    if (auto* c = dynamic_cast<P::ParenPrimaryContext*>(ctx)) return ExprOf(c->expr(), depth + 1);
    if (auto* c = dynamic_cast<P::StringPrimaryContext*>(ctx))
      return arena_.Make<StringExpr>(span, StringValue(Sym(c->STRING())));
    if (dynamic_cast<P::NumberPrimaryContext*>(ctx)) {
      int64_t v = 0;
      std::string_view text = Text(ctx->getStart());
      auto [ptr, ec] = std::from_chars(text.data(), text.data() + text.size(), v);
      if (ec != std::errc()) diag_.Error(span, "number out of range");
      return arena_.Make<NumberExpr>(span, v);
    }
    if (auto* c = dynamic_cast<P::BoolPrimaryContext*>(ctx)) return arena_.Make<BoolExpr>(span, c->TRUE() != nullptr);
    if (auto* c = dynamic_cast<P::SetPrimaryContext*>(ctx)) {
      auto items = arena_.Vector<Expr*>();
      for (auto* e : c->expr()) items.push_back(ExprOf(e, depth + 1));
      return arena_.Make<SetExpr>(span, std::move(items));
    }
    if (auto* c = dynamic_cast<P::CallPrimaryContext*>(ctx)) {
      auto args = arena_.Vector<Expr*>();
      for (auto* a : c->arg()) {
        if (a->selector()) args.push_back(Selector(a->selector()));
        else args.push_back(ExprOf(a->expr(), depth + 1));
      }
      return arena_.Make<CallExpr>(span, Ident(c->name), SpanOf(c->name), std::move(args));
    }
    if (auto* c = dynamic_cast<P::PathPrimaryContext*>(ctx)) {
      auto parts = arena_.Vector<std::string_view>();
      for (auto* i : c->ident()) parts.push_back(Ident(i));
      return arena_.Make<PathExpr>(span, std::move(parts));
    }
    return Error();
  }

  Policy* PolicyDecl(P::PolicyDeclContext* ctx) {
    auto* p = arena_.Make<Policy>(arena_.resource());
    p->name = Ident(ctx->name);
    p->span = SpanOf(ctx);
    p->name_span = ctx->name ? SpanOf(ctx->name) : p->span;
    p->description = StringValue(ctx->description);
    for (auto* r : ctx->ruleDecl()) p->rules.push_back(RuleDecl(r));
    return p;
  }

  Rule* RuleDecl(P::RuleDeclContext* ctx) {
    auto* r = arena_.Make<Rule>(arena_.resource());
    r->name = Ident(ctx->name);
    r->span = SpanOf(ctx);
    r->name_span = ctx->name ? SpanOf(ctx->name) : r->span;
    r->description = StringValue(ctx->description);
    if (auto* w = ctx->whenClause()) r->when = ExprOf(w->expr());
    for (auto* e : ctx->effect()) r->effects.push_back(EffectOf(e));
    if (r->effects.empty() && !syntax_errors_)  // after a syntax error this is a cascade
      diag_.Error(r->name_span, "rule `" + std::string(r->name) + "` has no effect",
                  "add deny \"...\", warn \"...\", require approval from \"group\", mask ..., allow or audit \"...\"");
    return r;
  }

  Effect EffectOf(P::EffectContext* ctx) {
    Effect e;
    e.span = SpanOf(ctx);
    if (auto* c = dynamic_cast<P::DenyEffectContext*>(ctx)) {
      e.type = EffectType::kDeny;
      e.message = MessageOf(c->message);
    } else if (auto* c = dynamic_cast<P::WarnEffectContext*>(ctx)) {
      e.type = EffectType::kWarn;
      e.message = MessageOf(c->message);
    } else if (auto* c = dynamic_cast<P::ApprovalEffectContext*>(ctx)) {
      e.type = EffectType::kApproval;
      e.group = StringValue(c->group);
      e.group_span = c->group ? SpanOf(c->group) : e.span;
      e.message = c->message ? MessageOf(c->message) : nullptr;
    } else if (auto* c = dynamic_cast<P::MaskEffectContext*>(ctx)) {
      e.type = EffectType::kMask;
      e.selector = c->selector() ? Selector(c->selector()) : nullptr;
      e.method = Ident(c->method);
      e.method_span = c->method ? SpanOf(c->method) : e.span;
    } else if (dynamic_cast<P::AllowEffectContext*>(ctx)) {
      e.type = EffectType::kAllow;
    } else if (auto* c = dynamic_cast<P::AuditEffectContext*>(ctx)) {
      e.type = EffectType::kAudit;
      e.message = MessageOf(c->label);
    }
    return e;
  }

  TestField* Field(P::FieldContext* ctx) {
    auto* f = arena_.Make<TestField>(arena_.resource());
    f->span = SpanOf(ctx);
    auto idents = ctx->ident();
    if (!idents.empty()) {
      f->key = Text(ctx->key);
      for (size_t i = 1; i < idents.size(); ++i)
        f->key = arena_.Copy(std::string(f->key) + "." + std::string(Text(idents[i])));
    }
    if (auto* v = ctx->fieldValue()) {
      f->is_set = v->LBRACE() != nullptr;
      for (auto* s : v->STRING()) f->values.push_back(StringValue(s->getSymbol()));
    }
    return f;
  }

  TestCase* TestDecl(P::TestDeclContext* ctx) {
    auto* t = arena_.Make<TestCase>(arena_.resource());
    t->name = StringValue(ctx->name);
    t->span = SpanOf(ctx);
    for (auto* item : ctx->testItem()) {
      if (auto* c = dynamic_cast<P::IdentityItemContext*>(item)) {
        for (auto* f : c->field()) t->identity.push_back(Field(f));
      } else if (auto* c = dynamic_cast<P::SessionItemContext*>(item)) {
        for (auto* f : c->field()) t->session.push_back(Field(f));
      } else if (auto* c = dynamic_cast<P::EnvItemContext*>(item)) {
        t->env = StringValue(Sym(c->STRING()));
      } else if (auto* c = dynamic_cast<P::SqlItemContext*>(item)) {
        t->sql = StringValue(Sym(c->STRING()));
        if (auto* tok = Sym(c->STRING())) t->sql_span = SpanOf(tok);
      } else if (auto* c = dynamic_cast<P::CatalogItemContext*>(item)) {
        t->catalogs.push_back(StringValue(Sym(c->STRING())));
      } else if (auto* c = dynamic_cast<P::ExpectItemContext*>(item)) {
        auto* x = arena_.Make<Expectation>(arena_.resource());
        x->kind = ExpectKind::kVerdict;
        x->span = SpanOf(c);
        x->verdict = Text(c->verdict());
        for (auto* r : c->ruleRef()) {
          x->rules.push_back(Text(r));
          x->rule_spans.push_back(SpanOf(r));
        }
        t->expectations.push_back(x);
      } else if (auto* c = dynamic_cast<P::ExpectMaskItemContext*>(item)) {
        auto* x = arena_.Make<Expectation>(arena_.resource());
        x->kind = ExpectKind::kMask;
        x->span = SpanOf(c);
        x->column = StringValue(c->column);
        x->method = Ident(c->method);
        t->expectations.push_back(x);
      } else if (auto* c = dynamic_cast<P::ExpectNoMaskItemContext*>(item)) {
        auto* x = arena_.Make<Expectation>(arena_.resource());
        x->kind = ExpectKind::kNoMask;
        x->span = SpanOf(c);
        x->column = StringValue(c->column);
        t->expectations.push_back(x);
      }
    }
    return t;
  }

  const SourceFile& source_;
  uint32_t file_;
  Arena& arena_;
  Diagnostics& diag_;
  std::string_view input_;
  OffsetMap input_bytes_;
  OffsetMap map_;

 public:
  bool syntax_errors_ = false;
};

// Everything ANTLR needs for one parse, kept alive together.
struct AntlrSession {
  antlr4::ANTLRInputStream input;
  govern_antlr::PolicyLexer lexer;
  antlr4::CommonTokenStream tokens;
  govern_antlr::PolicyParser parser;
  ErrorListener listener;
  AntlrSession(const std::string& text, Diagnostics& diag, uint32_t file, const OffsetMap& map)
      : input(text), lexer(&input), tokens(&lexer), parser(&tokens), listener(diag, file, map) {
    lexer.removeErrorListeners();
    parser.removeErrorListeners();
    parser.addErrorListener(&listener);
    parser.setErrorHandler(std::make_shared<BlockErrorStrategy>());
    tokens.fill();
  }
};

Expr* Builder::ParseInterpolation(std::string_view text, const std::vector<uint32_t>& offsets) {
  OffsetMap map = MapUtf8(text, 0, &offsets);
  Span whole{file_, offsets.front(), offsets.back()};
  if (text.find_first_not_of(" \t\n") == std::string_view::npos) {
    diag_.Error(whole, "empty interpolation `{}` in message", "write \\{ for a literal brace");
    return Error();
  }
  AntlrSession s(std::string(text), diag_, file_, map);
  if (!CheckNesting(s.tokens, map, file_, diag_)) return Error();
  size_t before = diag_.error_count();
  P::ExprContext* tree = s.parser.expr();
  if (s.tokens.LA(1) != antlr4::Token::EOF && diag_.error_count() == before) {
    antlr4::Token* extra = s.tokens.LT(1);
    uint32_t at = extra->getStartIndex() < map.size() ? map[extra->getStartIndex()] : whole.end;
    diag_.Error({file_, at, at + 1}, "unexpected `" + extra->getText() + "` in interpolation");
  }
  if (diag_.error_count() != before) return Error();
  Builder inner(source_, file_, arena_, diag_, arena_.Copy(text), map);
  return inner.ExprOf(tree);
}

// Offset of the first byte that is not valid UTF-8, or npos. ANTLR's input
// stream throws on invalid UTF-8, so the text is checked first.
size_t InvalidUtf8At(std::string_view s) {
  size_t i = 0;
  while (i < s.size()) {
    auto c = static_cast<unsigned char>(s[i]);
    size_t n = c < 0x80 ? 1 : (c >> 5) == 0x6 ? 2 : (c >> 4) == 0xE ? 3 : (c >> 3) == 0x1E ? 4 : 0;
    if (n == 0 || i + n > s.size()) return i;
    for (size_t k = 1; k < n; ++k)
      if ((static_cast<unsigned char>(s[i + k]) & 0xC0) != 0x80) return i;
    uint32_t cp = n == 1 ? c : n == 2 ? c & 0x1F : n == 3 ? c & 0x0F : c & 0x07;
    for (size_t k = 1; k < n; ++k) cp = (cp << 6) | (static_cast<unsigned char>(s[i + k]) & 0x3F);
    if ((n == 2 && cp < 0x80) || (n == 3 && cp < 0x800) || (n == 4 && cp < 0x10000) || cp > 0x10FFFF ||
        (cp >= 0xD800 && cp <= 0xDFFF))
      return i;  // overlong, out of range or a surrogate
    i += n;
  }
  return std::string_view::npos;
}

}  // namespace

std::string_view BinaryOpText(BinaryOp op) {
  switch (op) {
    case BinaryOp::kEq: return "==";
    case BinaryOp::kNe: return "!=";
    case BinaryOp::kLt: return "<";
    case BinaryOp::kLe: return "<=";
    case BinaryOp::kGt: return ">";
    case BinaryOp::kGe: return ">=";
    case BinaryOp::kIn: return "in";
    case BinaryOp::kNotIn: return "not in";
    case BinaryOp::kMatches: return "matches";
    case BinaryOp::kAnd: return "and";
    case BinaryOp::kOr: return "or";
  }
  return "?";
}

FileAst* ParseFile(const SourceSet& sources, uint32_t file, Arena& arena, Diagnostics& diagnostics) {
  const SourceFile& source = sources.file(file);
  if (size_t bad = InvalidUtf8At(source.text()); bad != std::string_view::npos) {
    auto at = static_cast<uint32_t>(bad);
    diagnostics.Error({file, at, at + 1}, "the file is not valid UTF-8");
    return arena.Make<FileAst>(arena.resource());
  }
  OffsetMap map = MapUtf8(source.text(), 0);
  try {
    AntlrSession s(source.text(), diagnostics, file, map);
    if (!CheckNesting(s.tokens, map, file, diagnostics)) return arena.Make<FileAst>(arena.resource());
    size_t before = diagnostics.error_count();
    P::FileContext* tree = s.parser.file();
    Builder builder(source, file, arena, diagnostics, source.text(), map);
    builder.syntax_errors_ = diagnostics.error_count() > before;
    FileAst* ast = builder.File(tree);
    ast->syntax_errors = builder.syntax_errors_;
    return ast;
  } catch (const std::exception& e) {
    // ANTLR reports errors through the listener; anything thrown is a bug
    // of ours or of the runtime, reported instead of crashing.
    diagnostics.Error({file, 0, 0}, std::string("internal parser error: ") + e.what());
    return arena.Make<FileAst>(arena.resource());
  }
}

}  // namespace govern::compiler
