#include "session/decider.h"

namespace govern::proxy {

Decider::Decider(const EngineSlot& slot) : slot_(slot) { version(); }

uint64_t Decider::version() {
  uint64_t v = slot_.version();
  if (v != version_ || engine_ == nullptr) {
    sessions_.clear();  // they refer to the old engine
    engine_ = slot_.engine();
    version_ = v;
  }
  return version_;
}

namespace {

std::string PathKey(const std::vector<std::string>& search_path) {
  std::string key;
  for (const std::string& s : search_path) {
    key += s;
    key.push_back('\0');
  }
  return key;
}

}  // namespace

std::unique_ptr<Session> Decider::MakeSession(const std::vector<std::string>& search_path) const {
  AnalyzerOptions options = engine_->analyzer_options();
  if (!search_path.empty()) options.search_path = search_path;
  return std::make_unique<Session>(*engine_, options);
}

Session& Decider::SessionFor(const std::vector<std::string>& search_path) {
  std::string key = PathKey(search_path);
  auto it = sessions_.find(key);
  if (it != sessions_.end()) return *it->second;
  if (sessions_.size() >= kMaxSessions) sessions_.clear();  // bounded: many distinct paths start over
  auto session = MakeSession(search_path);
  session->EnableDecisionCache();
  return *sessions_.emplace(key, std::move(session)).first->second;
}

Session& Decider::Own(OwnSession& own, const std::vector<std::string>& search_path) {
  std::string key = PathKey(search_path);
  if (own.session && own.path_key == key && own.engine_version == version_) return *own.session;
  // A new path or a new engine: the temporary relations are made again in a
  // session for them.
  own.session = MakeSession(search_path);
  own.path_key = std::move(key);
  own.engine_version = version_;
  for (const std::string& sql : own.temporary) {
    const AnalysisResult& r = own.session->Analyze(sql);
    if (!r.statements.empty() && r.errors.empty()) (void)own.session->Executed(r.statements.front(), sql, "session");
  }
  own.session->EnableDecisionCache();
  return *own.session;
}

void Decider::Executed(const StatementPlan& plan, std::unique_ptr<OwnSession>* own, std::string_view where) {
  version();
  std::unique_ptr<Session> scratch;
  Session* session;
  if (*own) {
    session = &Own(**own, plan.search_path);
  } else {
    // The pooled sessions never hold temporary relations: the statement is
    // reported through a session of its own, kept if it made one.
    scratch = MakeSession(plan.search_path);
    session = scratch.get();
  }
  const AnalysisResult& r = session->Analyze(plan.sql);
  if (r.statements.empty() || !r.errors.empty()) return;
  Session::CatalogChange change = session->Executed(r.statements.front(), plan.sql, where);
  if ((static_cast<uint8_t>(change) & static_cast<uint8_t>(Session::CatalogChange::kSession)) == 0) return;
  if (!*own) {
    *own = std::make_unique<OwnSession>();
    (*own)->path_key = PathKey(plan.search_path);
    (*own)->engine_version = version_;
    scratch->EnableDecisionCache();
    (*own)->session = std::move(scratch);
  }
  (*own)->temporary.push_back(plan.sql);
}

uint64_t Decider::catalog_generation(const OwnSession* own) {
  version();
  // Shared generations are unique in the process; the count of temporary
  // statements is mixed into the high bits.
  return engine_->shared_generation() + (own ? static_cast<uint64_t>(own->temporary.size()) << 40 : 0);
}

void Decider::Plan(ProxyVerdict* out, StatementKind kind, bool changes_catalog, std::string_view sql,
                   const std::vector<std::string>& search_path, std::shared_ptr<const MaskPlan> mask) {
  uint32_t index = out->top_level++;
  CursorStatement cursor;
  if (kind == StatementKind::k_utility) cursor = ParseCursorStatement(sql);
  if (!changes_catalog && !mask && cursor.op == CursorStatement::Op::kNone) {
    if (!out->plans.empty()) out->plans.push_back(nullptr);
    return;
  }
  if (out->plans.size() < index) out->plans.resize(index);
  auto plan = std::make_shared<StatementPlan>();
  plan->kind = kind;
  if (changes_catalog) {
    plan->changes_catalog = true;
    plan->sql = std::string(sql);
    plan->search_path = search_path;
  }
  plan->mask = std::move(mask);
  plan->cursor_op = cursor.op;
  plan->cursor = std::move(cursor.name);
  plan->cursor_hold = cursor.hold;
  if (cursor.op == CursorStatement::Op::kDeclare) plan->cursor_query = std::string(cursor.query);
  out->plans.push_back(std::move(plan));
}

void Decider::DecideCursors(ProxyVerdict* out, const std::vector<std::string>& search_path, const Context& context,
                            OwnSession* own) {
  for (auto& p : out->plans) {
    if (!p || p->cursor_op != CursorStatement::Op::kDeclare) continue;
    auto plan = std::const_pointer_cast<StatementPlan>(p);  // made by Plan above, not shared yet
    std::string query = std::move(plan->cursor_query);
    plan->cursor_query.clear();
    ProxyVerdict inner = DecideStatements(query, search_path, context, own);
    if (inner.statements != 1 || inner.top_level != 1) {
      inner.kind = ProxyVerdict::Kind::kDeny;
      inner.rule = "govern.parse_error";
      inner.message = "the query of a DECLARE cannot be analysed as one statement, so it is refused";
    }
    if (!inner.plans.empty() && inner.plans.front()) plan->cursor_mask = inner.plans.front()->mask;
    bool stronger = inner.kind == ProxyVerdict::Kind::kDeny ||
                    (inner.kind == ProxyVerdict::Kind::kApproval && out->kind == ProxyVerdict::Kind::kAllow);
    if (stronger && out->kind != ProxyVerdict::Kind::kDeny) {
      out->kind = inner.kind;
      out->rule = std::move(inner.rule);
      out->message = std::move(inner.message);
      out->group = std::move(inner.group);
    }
  }
}

ProxyVerdict Decider::Decide(std::string_view sql, const std::vector<std::string>& search_path, const Context& context,
                             OwnSession* own) {
  ProxyVerdict out = DecideStatements(sql, search_path, context, own);
  std::shared_ptr<const CatalogView> catalog = last_view_;
  DecideCursors(&out, search_path, context, own);
  for (auto& p : out.plans) {
    if (!p) continue;
    auto plan = std::const_pointer_cast<StatementPlan>(p);  // made by Plan, not shared yet
    plan->catalog = catalog;
    plan->engine_version = version_;
  }
  return out;
}

std::unique_ptr<const MaskPlan> Decider::Masks(ProxyVerdict* out, Session& session, const StatementFacts& facts,
                                               const Decision& d, std::string_view statement_sql) {
  if (d.verdict == Verdict::kDeny) return nullptr;
  MaskPlanResult r = PlanMasks(*session.view().program, facts, d, statement_sql);
  if (!r.masked) return nullptr;
  if (!r.refusal.empty()) {
    if (out->kind != ProxyVerdict::Kind::kDeny) {
      out->kind = ProxyVerdict::Kind::kDeny;
      out->rule = std::string(kMaskRefusalRule);
      out->message = r.refusal;
      out->first_kind = facts.kind;
    }
    return nullptr;
  }
  // SHOW and EXPLAIN of a masked identity: nothing to check or rewrite.
  if (!r.plan.check_shape && r.plan.masks.empty()) return nullptr;
  return std::make_unique<const MaskPlan>(std::move(r.plan));
}

uint64_t Decider::cache_hits() const {
  uint64_t hits = 0;
  for (const auto& [k, s] : sessions_)
    if (s->decision_cache() != nullptr) hits += s->decision_cache()->stats().hits;
  return hits;
}

namespace {

// The first effect of `type` that fired, with its rule id and message.
bool FirstOf(const BoundProgram& program, const Decision& d, EffectType type, uint32_t* rule, uint32_t* effect) {
  for (const FiredEffect& f : d.fired) {
    if (program.data().effects[f.effect].type == type) {
      *rule = f.rule;
      *effect = f.effect;
      return true;
    }
  }
  return false;
}

}  // namespace

void Decider::Take(ProxyVerdict* out, Session& session, const Decision& d, const StatementFacts& facts,
                   const Context& ctx) {
  if (out->statements++ == 0) out->first_kind = facts.kind;
  if (facts.kind == StatementKind::k_set || facts.kind == StatementKind::k_utility) out->sets_session = true;
  if (out->kind == ProxyVerdict::Kind::kDeny) return;
  if (d.verdict == Verdict::kAllow) return;
  if (d.verdict == Verdict::kRequireApproval && out->kind == ProxyVerdict::Kind::kApproval) return;
  const BoundProgram& program = session.engine().program();
  uint32_t rule = 0, effect = 0;
  EffectType type = d.verdict == Verdict::kDeny ? EffectType::kDeny : EffectType::kApproval;
  out->kind = d.verdict == Verdict::kDeny ? ProxyVerdict::Kind::kDeny : ProxyVerdict::Kind::kApproval;
  out->first_kind = facts.kind;
  if (FirstOf(program, d, type, &rule, &effect)) {
    out->rule = program.data().strings[program.data().rules[rule].id];
    out->message = session.Message(FiredEffect{rule, effect}, facts, ctx);
    if (type == EffectType::kApproval) out->group = program.data().strings[program.data().effects[effect].group];
  } else {
    out->rule = "default";
    out->message = "default deny: no allow rule matched";
  }
}

ProxyVerdict Decider::DecideStatements(std::string_view sql, const std::vector<std::string>& search_path,
                                       const Context& context, OwnSession* own) {
  ProxyVerdict out;
  version();
  Session& session = own ? Own(*own, search_path) : SessionFor(search_path);
  // Whichever way this returns: the view it decided on (DecideText and
  // Analyze move to the newest one).
  struct NoteView {
    Decider* decider;
    Session& session;
    ~NoteView() { decider->last_view_ = session.view_shared(); }
  } note{this, session};
  if (const StatementDecision* d = session.DecideText(sql, context)) {
    out.statements = 1;
    out.first_kind = d->kind;
    out.sets_session = d->kind == StatementKind::k_set || d->kind == StatementKind::k_utility;
    if (d->decision.verdict != Verdict::kDeny && MaskEffectFired(session.engine().program(), d->decision)) {
      // Masks apply: plan them on the facts (a cached decision has none).
      bool may_change_catalog = d->may_change_catalog;
      StatementKind kind = d->kind;
      Verdict verdict = d->decision.verdict;
      auto memo = mask_memo_.find(d);
      if (memo == mask_memo_.end() || memo->second.serial != d->serial || d->serial == 0) {
        MaskMemo planned;
        planned.serial = d->serial;
        const AnalysisResult& r = session.Analyze(sql);
        const StatementFacts* top = nullptr;  // the one top-level statement (bodies of DO and functions aside)
        size_t tops = 0;
        for (const StatementFacts& f : r.statements)
          if (f.enclosing < 0 && tops++ == 0) top = &f;
        if (tops == 1 && r.errors.empty()) {
          ProxyVerdict refusal;
          planned.mask = Masks(&refusal, session, *top, session.Decide(*top, context), sql);
          if (refusal.kind == ProxyVerdict::Kind::kDeny) planned.refusal = std::move(refusal.message);
        } else {
          planned.refusal = "masks apply to this identity and the statement could not be planned again";
        }
        if (mask_memo_.size() >= kMaxMaskMemo) mask_memo_.clear();
        memo = mask_memo_.insert_or_assign(d, std::move(planned)).first;
      }
      if (!memo->second.refusal.empty()) {
        out.kind = ProxyVerdict::Kind::kDeny;
        out.rule = std::string(kMaskRefusalRule);
        out.message = memo->second.refusal;
      }
      Plan(&out, kind, may_change_catalog, sql, search_path, memo->second.mask);
      if (out.kind == ProxyVerdict::Kind::kDeny || verdict == Verdict::kAllow) return out;
      d = session.DecideText(sql, context);  // the approval's rule and message below
    } else {
      Plan(&out, d->kind, d->may_change_catalog, sql, search_path);
    }
    if (d->decision.verdict == Verdict::kAllow) return out;
    EffectType type = d->decision.verdict == Verdict::kDeny ? EffectType::kDeny : EffectType::kApproval;
    out.kind = d->decision.verdict == Verdict::kDeny ? ProxyVerdict::Kind::kDeny : ProxyVerdict::Kind::kApproval;
    const BoundProgram& program = session.engine().program();
    for (size_t i = 0; i < d->decision.fired.size(); ++i) {
      const FiredEffect& f = d->decision.fired[i];
      if (program.data().effects[f.effect].type != type) continue;
      out.rule = program.data().strings[program.data().rules[f.rule].id];
      out.message = std::string(d->messages[i]);
      if (type == EffectType::kApproval) out.group = program.data().strings[program.data().effects[f.effect].group];
      return out;
    }
    out.rule = "default";
    out.message = "default deny: no allow rule matched";
    return out;
  }
  // Several statements or a parse error: DecideText left the analysis.
  const AnalysisResult& result = session.analysis();
  if (!result.errors.empty()) {
    out.kind = ProxyVerdict::Kind::kDeny;
    out.rule = "govern.parse_error";
    out.message = "the statement cannot be analysed, so it is refused: " + result.errors.front().message;
    out.statements = result.statements.size() + result.errors.size();
    return out;
  }
  // Copy the facts' decisions one by one (Decide reuses its buffer).
  for (const StatementFacts& facts : result.statements) {
    const Decision& d = session.Decide(facts, context);
    if (facts.enclosing < 0) {
      size_t length = facts.pos.length ? facts.pos.length : sql.size() - std::min<size_t>(facts.pos.offset, sql.size());
      std::string_view text = sql.substr(std::min<size_t>(facts.pos.offset, sql.size()), length);
      Plan(&out, facts.kind, session.MayChangeCatalog(facts), text, search_path, Masks(&out, session, facts, d, text));
    }
    Take(&out, session, d, facts, context);
  }
  return out;
}

}  // namespace govern::proxy
