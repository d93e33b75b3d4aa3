// The connection state machine. In the ready phase every client message is
// handled before a byte of it reaches the server:
//
//   Query        each statement decided; refused -> ErrorResponse 42501 (+ ReadyForQuery)
//   Parse        decided; refused -> the rest of the batch is discarded up to Sync
//   Bind         statement must have been prepared through the proxy; decided
//                again when the session state changed since its Parse
//   Execute      portal must have been bound through the proxy; decided again
//                when the session state changed since
//   FunctionCall refused (what it calls cannot be decided by name here)
//   Describe, Close, Flush, Sync, CopyData/CopyDone/CopyFail, Terminate: forwarded
//
// A refusal is answered by the proxy alone when the server has nothing
// outstanding and no transaction block is open. Otherwise it is raised on the
// server (a DO block that RAISEs the same SQLSTATE and message), so the
// server's transaction is aborted too (a later COMMIT rolls back), responses
// keep their order, and client and server agree on the transaction state.
#include "session/connection.h"

#include "log.h"
#include "session/errors.h"
#include "session/sql_text.h"

namespace govern::proxy {

bool Connection::Stale(const Prepared& p) {
  return p.epoch != state_.epoch() || p.engine_version != decider_.version() ||
         p.catalog_generation != decider_.catalog_generation(own_.get());
}

void Connection::Redecide(Prepared& p, std::string_view where) {
  // Read before deciding: a catalog published meanwhile makes the next
  // Execute decide again, never keeps a plan of the older one for good.
  const uint64_t generation = decider_.catalog_generation(own_.get());
  const uint64_t version = decider_.version();
  ProxyVerdict v = DecideText(p.text);
  p.epoch = state_.epoch();
  p.engine_version = version;
  p.catalog_generation = generation;
  p.plan = v.plans.empty() ? nullptr : v.plans.front();
  p.allowed = Admit(v, where);
  p.verdict = v.kind;
  p.rule = v.rule;
  p.needs_approval = !p.allowed && Approvable(v);  // allowed at Bind, through an approval
  if (p.needs_approval) p.allowed = true, p.approval = v;
  if (!p.allowed) {
    p.error = RefusalOf(v);
    AuditStatements(p.text, where, v, false, p.error.sqlstate);
  }
}

ProxyVerdict Connection::DecideText(std::string_view sql) {
  auto start = std::chrono::steady_clock::now();
  ProxyVerdict v = decider_.Decide(sql, state_.EffectivePath(), identity_.last_view(), own_.get());
  auto ns = std::chrono::duration_cast<std::chrono::nanoseconds>(std::chrono::steady_clock::now() - start).count();
  shared_.metrics.ObserveDecision(static_cast<uint64_t>(ns));
  v.decide_ns = static_cast<uint64_t>(ns);
  if (state_.path_unknown() && v.kind != ProxyVerdict::Kind::kDeny &&
      !(v.statements == 1 && (v.first_kind == StatementKind::k_set || v.first_kind == StatementKind::k_transaction ||
                              v.first_kind == StatementKind::k_show))) {
    // Names would be resolved with a path the server may not have: fail closed
    // until the client sets it again (session/session_state.h).
    v.kind = ProxyVerdict::Kind::kDeny;
    v.rule = "govern.search_path_unknown";
    v.message = "search_path was changed by a set_config the proxy cannot follow (a computed value, or a call that "
                "may not have run), so names cannot be resolved as the server will; run SET search_path TO ... or "
                "RESET search_path first";
  }
  return v;
}

bool Connection::Permit(const ProxyVerdict& v, std::string_view where) {
  if (v.kind == ProxyVerdict::Kind::kAllow) {
    shared_.metrics.statements_allowed.fetch_add(v.statements ? v.statements : 1, std::memory_order_relaxed);
    if (shared_.config.log_statements)
      Log("info", "allow", {{"user", user_}, {"at", std::string(where)}, {"kind", std::string(StatementKindName(v.first_kind))}});
    return true;
  }
  bool deny = v.kind == ProxyVerdict::Kind::kDeny;
  (deny ? shared_.metrics.statements_denied : shared_.metrics.statements_approval).fetch_add(1, std::memory_order_relaxed);
  bool shadow = shared_.config.shadow;
  shared_.metrics.CountRefusal(deny ? "deny" : "require_approval", v.rule);
  if (shadow) shared_.metrics.shadow_would_deny.fetch_add(1, std::memory_order_relaxed);
  Log("warn", shadow ? (deny ? "would_deny" : "would_require_approval") : (deny ? "deny" : "require_approval"),
      {{"user", user_},
       {"at", std::string(where)},
       {"kind", std::string(StatementKindName(v.first_kind))},
       {"rule", v.rule},
       {"message", v.message},
       Flag("shadow", shadow)});
  return shadow;
}

wire::ErrorInfo Connection::RefusalOf(const ProxyVerdict& v) const {
  if (v.kind == ProxyVerdict::Kind::kApproval) {
    wire::ErrorInfo e = Error("VG001", v.ErrorText());
    e.detail = "this statement requires an approval and approvals are not configured on this proxy ([approvals] in "
               "proxy.toml), so it is refused";
    return e;
  }
  return Error("42501", v.ErrorText());
}

void Connection::ExpectQuery(const ProxyVerdict& v, const std::vector<uint64_t>& audit) {
  // An empty text is answered by one EmptyQueryResponse.
  uint32_t n = std::max<uint32_t>(v.top_level, 1);
  for (uint32_t i = 0; i < n; ++i) {
    if (i < v.plans.size()) Forwarding(v.plans[i]);
    responses_.Push(Awaited::Kind::kStatement, i < v.plans.size() ? v.plans[i] : nullptr,
                    i < audit.size() ? audit[i] : 0);
  }
  responses_.Push(Awaited::Kind::kEnd);
}

std::vector<SessionChange> Connection::ChangesOf(std::string_view sql, const ProxyVerdict& v) {
  // Only SET/RESET/DISCARD statements, set_config calls and savepoints change
  // the state; the text is parsed once more only then.
  bool savepoints = v.statements > 1 ? MentionsSavepointStatement(sql) : v.first_kind == StatementKind::k_transaction;
  if (!v.sets_session && !savepoints && !MentionsSetConfig(sql)) return {};
  return SessionChanges(sql);
}

void Connection::RefuseSimple(const wire::ErrorInfo& e) {
  if (responses_.empty() && txn_status_ != 'T') {
    wire::AppendError(&to_client_.pending, e);
    wire::AppendReadyForQuery(&to_client_.pending, txn_status_);
    return;
  }
  InjectRefusal(e, false);
}

void Connection::EnterDiscard(const wire::ErrorInfo& e) {
  discarding_ = true;
  discard_error_ = e;
}

void Connection::FinishDiscard() {
  discarding_ = false;
  if (responses_.empty() && txn_status_ != 'T') {
    wire::AppendError(&to_client_.pending, discard_error_);
    wire::AppendReadyForQuery(&to_client_.pending, txn_status_);
    return;
  }
  InjectRefusal(discard_error_, true);
}

void Connection::InjectRefusal(const wire::ErrorInfo& e, bool extended) {
  std::string sql = RaiseSql(e);
  if (extended) {
    wire::AppendParse(&to_server_.pending, "", sql);
    wire::AppendBind(&to_server_.pending, "", "");
    wire::AppendExecute(&to_server_.pending, "", 0);
    wire::AppendSync(&to_server_.pending);
    responses_.Push(Awaited::Kind::kOwnParse);
    responses_.Push(Awaited::Kind::kOwnBind);
    responses_.PushInjected(Awaited::Kind::kExecute);
    responses_.Push(Awaited::Kind::kSync);
    prepared_.erase("");
    portals_.erase("");
  } else {
    responses_.PushInjected(Awaited::Kind::kStatement);
    responses_.Push(Awaited::Kind::kEnd);
    wire::AppendQuery(&to_server_.pending, sql);
  }
}

bool Connection::HandleReady(const wire::Frame& f) {
  std::string_view raw(f.body.data() - 5, f.size);
  const wire::MessageSpec* spec = wire::FindFrontend(f.tag);
  if (spec == nullptr || f.tag == 'p') {
    shared_.metrics.protocol_errors.fetch_add(1, std::memory_order_relaxed);
    FatalToClient(Fatal("08P01", std::string("invalid frontend message type ") + std::to_string(static_cast<uint8_t>(f.tag))),
                  "protocol error");
    return false;
  }
  if (f.tag != 'd') {  // CopyData is forwarded by length: its bytes are the client's data
    if (Status s = wire::Validate(*spec, f.body); !s.ok()) {
      shared_.metrics.protocol_errors.fetch_add(1, std::memory_order_relaxed);
      FatalToClient(Fatal("08P01", s.message()), "protocol error");
      return false;
    }
  }
  if (f.tag == 'X') {
    Close("client terminated");  // closing the upstream socket ends the server session
    return false;
  }
  if (discarding_ && f.tag != 'S') return true;  // skipped up to Sync, as the server would
  switch (f.tag) {
    case 'Q':
      return HandleQuery(f);
    case 'P':
      return HandleParse(f);
    case 'B':
      return HandleBind(f);
    case 'E':
      return HandleExecute(f);
    case 'S':
      if (discarding_) {
        FinishDiscard();
        return true;
      }
      responses_.Push(Awaited::Kind::kSync);
      to_server_.pending.append(raw);
      return true;
    case 'C': {
      wire::DescribeMsg m;
      if (!wire::DecodeClose(f.body, &m).ok()) {
        FatalToClient(Fatal("08P01", "invalid Close message"), "protocol error");
        return false;
      }
      if (m.kind == 'S') prepared_.erase(std::string(m.name));
      else portals_.erase(std::string(m.name));
      responses_.Push(Awaited::Kind::kClose);
      to_server_.pending.append(raw);
      return true;
    }
    case 'D': {
      wire::DescribeMsg m;
      if (!wire::DecodeDescribe(f.body, &m).ok()) {
        FatalToClient(Fatal("08P01", "invalid Describe message"), "protocol error");
        return false;
      }
      std::shared_ptr<const StatementPlan> plan;
      if (m.kind == 'S') {
        if (auto it = prepared_.find(std::string(m.name)); it != prepared_.end()) plan = it->second.plan;
      } else if (auto it = portals_.find(std::string(m.name)); it != portals_.end()) {
        plan = it->second.plan;
      }
      responses_.Push(Awaited::Kind::kDescribe, std::move(plan));
      to_server_.pending.append(raw);
      return true;
    }
    case 'F': {
      ProxyVerdict v;
      v.kind = ProxyVerdict::Kind::kDeny;
      v.rule = "govern.function_call";
      v.message = "the FunctionCall protocol message is refused (call functions from SQL, where policies see them)";
      v.statements = 1;
      if (!Permit(v, "function_call")) {
        RefuseSimple(RefusalOf(v));
        return true;
      }
      responses_.Push(Awaited::Kind::kFunction);
      responses_.Push(Awaited::Kind::kEnd);
      to_server_.pending.append(raw);
      return true;
    }
    case 'H':
    case 'd':
    case 'c':
    case 'f':
      to_server_.pending.append(raw);
      return true;
    default:
      FatalToClient(Fatal("08P01", "unexpected message " + std::string(spec->name) + " from the client"), "protocol error");
      return false;
  }
}

bool Connection::HandleQuery(const wire::Frame& f) {
  wire::QueryMsg q;
  if (!wire::Decode(f.body, &q).ok()) {
    FatalToClient(Fatal("08P01", "invalid Query message"), "protocol error");
    return false;
  }
  ProxyVerdict v = DecideText(q.sql);
  std::string_view raw(f.body.data() - 5, f.size);
  if (!Admit(v, "query")) {
    if (Approvable(v)) {
      AwaitApproval('Q', raw, q.sql, v, NoParametersHash());
      return false;  // the client is read again once the store answered
    }
    wire::ErrorInfo e = RefusalOf(v);
    AuditStatements(q.sql, "query", v, false, e.sqlstate);
    RefuseSimple(e);
    return true;
  }
  ForwardQuery(q.sql, v, raw);
  return true;
}

void Connection::ForwardQuery(std::string_view sql, const ProxyVerdict& v, std::string_view raw) {
  for (const SessionChange& c : ChangesOf(sql, v)) state_.Apply(c);
  NoteMasks(v);
  ExpectQuery(v, AuditStatements(sql, "query", v, true));
  to_server_.pending.append(raw);
}

bool Connection::HandleParse(const wire::Frame& f) {
  wire::ParseMsg p;
  if (!wire::Decode(f.body, &p).ok()) {
    FatalToClient(Fatal("08P01", "invalid Parse message"), "protocol error");
    return false;
  }
  // Read before deciding (as in Redecide).
  const uint64_t generation = decider_.catalog_generation(own_.get());
  const uint64_t version = decider_.version();
  ProxyVerdict v = DecideText(p.query);
  std::string name(p.name);
  bool permitted = Admit(v, "parse");
  bool approval = !permitted && Approvable(v);  // prepared now, held at each Bind
  if (!permitted && !approval) {
    prepared_.erase(name);
    wire::ErrorInfo e = RefusalOf(v);
    AuditStatements(p.query, "parse", v, false, e.sqlstate);
    EnterDiscard(e);
    return true;
  }
  Prepared& st = prepared_[name];
  st.text = std::string(p.query);
  st.epoch = state_.epoch();
  st.engine_version = version;
  st.catalog_generation = generation;
  st.allowed = true;
  st.verdict = v.kind;
  st.rule = v.rule;
  st.plan = v.plans.empty() ? nullptr : v.plans.front();
  st.needs_approval = approval;
  st.approval = approval ? v : ProxyVerdict();
  st.changes = ChangesOf(p.query, v);
  responses_.Push(Awaited::Kind::kParse);
  to_server_.pending.append(f.body.data() - 5, f.size);
  return true;
}

bool Connection::HandleBind(const wire::Frame& f) {
  wire::BindMsg b;
  if (!wire::Decode(f.body, &b).ok()) {
    FatalToClient(Fatal("08P01", "invalid Bind message"), "protocol error");
    return false;
  }
  auto it = prepared_.find(std::string(b.statement));
  if (it == prepared_.end()) {
    EnterDiscard(Error("26000", "govern.unknown_statement: prepared statement \"" + std::string(b.statement) +
                                    "\" was not prepared through govern proxy, so it cannot be decided"));
    return true;
  }
  Prepared& st = it->second;
  if (Stale(st)) Redecide(st, "bind");
  if (!st.allowed) {
    EnterDiscard(st.error);
    return true;
  }
  std::string_view raw(f.body.data() - 5, f.size);
  if (st.needs_approval) {
    std::string params;
    if (!HashBindParameters(f.body, &params)) {
      FatalToClient(Fatal("08P01", "invalid Bind message"), "protocol error");
      return false;
    }
    AwaitApproval('B', raw, st.text, st.approval, std::move(params));
    return false;  // the client is read again once the store answered
  }
  ForwardBind(b.portal, b.statement, raw, "");
  return true;
}

void Connection::ForwardBind(std::string_view portal, std::string_view statement, std::string_view raw,
                             std::string approval) {
  auto st = prepared_.find(std::string(statement));
  portals_[std::string(portal)] =
      Portal{std::string(statement), st == prepared_.end() ? nullptr : st->second.plan, std::move(approval)};
  responses_.Push(Awaited::Kind::kBind);
  to_server_.pending.append(raw);
}

bool Connection::HandleExecute(const wire::Frame& f) {
  wire::ExecuteMsg e;
  if (!wire::Decode(f.body, &e).ok()) {
    FatalToClient(Fatal("08P01", "invalid Execute message"), "protocol error");
    return false;
  }
  auto portal = portals_.find(std::string(e.portal));
  auto st = portal == portals_.end() ? prepared_.end() : prepared_.find(portal->second.statement);
  if (portal == portals_.end() || st == prepared_.end()) {
    EnterDiscard(Error("34000", "govern.unknown_portal: portal \"" + std::string(e.portal) +
                                    "\" was not bound through govern proxy, so it cannot be decided"));
    return true;
  }
  Prepared& s = st->second;
  if (Stale(s)) Redecide(s, "execute");
  if (!s.allowed) {
    EnterDiscard(s.error);
    return true;
  }
  if (s.needs_approval && portal->second.approval.empty()) {  // the session changed since Bind: approve a new Bind
    wire::ErrorInfo refusal = Error("VG001", s.approval.ErrorText());
    refusal.detail = "this portal was bound before its statement needed an approval; bind it again";
    EnterDiscard(refusal);
    return true;
  }
  ProxyVerdict v;
  v.kind = s.verdict;
  v.rule = s.rule;
  v.approval = portal->second.approval;
  if (audit_ && audit_->MustRefuse()) {
    v.kind = ProxyVerdict::Kind::kDeny;
    v.rule = AuditConnection::kRefusalRule;
    v.message = AuditConnection::kRefusalMessage;
    wire::ErrorInfo err = RefusalOf(v);
    AuditStatements(s.text, "execute", v, false, err.sqlstate);
    EnterDiscard(err);
    return true;
  }
  if (!s.changes.empty()) {
    for (const SessionChange& c : s.changes) state_.Apply(c);
    // What the statement changed moves the epoch; this statement itself stays decided.
    s.epoch = state_.epoch();
  }
  if (s.plan && (s.plan->mask || (s.plan->cursor_op == CursorStatement::Op::kFetch && CursorMasked(s.plan->cursor)))) {
    // Masked: the portal's RowDescription (types, and Bind's result formats)
    // is fetched by the proxy's own Describe before every Execute of it.
    masked_session_ = true;
    std::string describe(1, 'P');
    describe.append(e.portal);
    describe.push_back('\0');
    wire::AppendMessage(&to_server_.pending, 'D', describe);
    responses_.Push(Awaited::Kind::kOwnDescribe, s.plan);
  }
  std::vector<uint64_t> audit = AuditStatements(s.text, "execute", v, true);
  Forwarding(s.plan);
  responses_.Push(Awaited::Kind::kExecute, s.plan, audit.empty() ? 0 : audit.front());
  to_server_.pending.append(f.body.data() - 5, f.size);
  return true;
}

}  // namespace govern::proxy
