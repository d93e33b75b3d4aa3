// Connection: one client session through the proxy, as one state machine on
// one event loop (no locks: the client socket, its upstream socket and every
// handler run on the same io_context thread).
//
//   startup ──SSLRequest/GSSENCRequest──> 'N' ──> startup
//   startup ──StartupMessage──> SCRAM (client-first, client-final) ──> upstream
//   upstream: connect, StartupMessage, login (SCRAM/md5/cleartext), ParameterStatus,
//             BackendKeyData (replaced by the proxy's own), ReadyForQuery ──> ready
//   ready: every client message is decided before it is forwarded (see .cpp)
//
// Backpressure: a side is read again only when what it produced for the other
// side has mostly been written (kHighWater), so a connection holds at most
// about max_message_bytes + kHighWater per direction.
#pragma once

#include <asio/ip/tcp.hpp>
#include <asio/ssl.hpp>
#include <asio/steady_timer.hpp>
#include <deque>
#include <memory>
#include <optional>
#include <string>
#include <unordered_map>
#include <vector>

#include "approvals/approval_service.h"
#include "auth/scram.h"
#include "session/decider.h"
#include "session/read_buffer.h"
#include "session/responses.h"
#include "session/session_state.h"
#include "stages/audit_connection.h"
#include "stages/mask_stage.h"
#include "stages/origin_resolver.h"
#include "shared.h"
#include "wire/codec.h"
#include "wire/framing.h"

namespace govern::proxy {

// A statement held for an approval (a Query, or a Bind and what follows it).
// At namespace scope: a nested class with default member initializers is not
// default-constructible inside its enclosing class for clang (optional::emplace).
struct PendingApproval {
  char tag = 0;     // 'Q' or 'B'
  std::string raw;  // the whole message
  ProxyVerdict verdict;
  std::string id;   // the request, once the store answered
  ApprovalRequest request;  // as the store last answered
  bool hold = false;  // mode = "hold" when it began (a SIGHUP meanwhile does not change it)
  int64_t poll_ms = 0;
  std::chrono::steady_clock::time_point deadline;  // mode = "hold"
  uint64_t seq = 0;        // answers and timers of an earlier hold are ignored
  bool asking = false;     // a store call is on its way: its answer decides
  bool cancelled = false;  // a CancelRequest came: end with 57014 (unless the answer claims it)
};

// An SQL cursor the session DECLAREd (connection_cursors.cpp); at namespace
// scope for the reason PendingApproval is.
struct SqlCursor {
  std::shared_ptr<const MaskPlan> mask;  // null: its rows are not masked
  bool hold = false;
  bool pending = false;  // declared in the transaction still open
};

class Connection : public std::enable_shared_from_this<Connection> {
 public:
  // `describer`: the loop's audit stage; with [audit] (shared.audit) every
  // statement is recorded (connection_audit.cpp).
  Connection(asio::io_context& io, asio::ip::tcp::socket client, ProxyShared& shared, Decider& decider,
             StatementDescriber* describer = nullptr);
  ~Connection();
  void Start();

 private:
  static constexpr size_t kReadChunk = 16 * 1024;
  static constexpr size_t kHighWater = 256 * 1024;
  static constexpr size_t kMaxUpstreamLoginMessage = 64 * 1024;
  static constexpr size_t kMaxServerMessage = 1u << 30;  // PostgreSQL's own limit on a message

  enum class Phase : uint8_t { kStartup, kSaslInitial, kSaslFinal, kUpstream, kReady, kClosed };
  enum class UpPhase : uint8_t { kNone, kLogin, kReady };

  struct Outbox {
    std::string pending, inflight;
    bool writing = false;
    size_t size() const { return pending.size() + inflight.size(); }
  };
  struct Prepared {
    std::string text;
    uint64_t epoch = 0;
    uint64_t engine_version = 0;
    uint64_t catalog_generation = 0;
    bool allowed = false;
    ProxyVerdict::Kind verdict = ProxyVerdict::Kind::kAllow;  // for the audit (shadow mode runs refusals)
    std::string rule;
    std::shared_ptr<const StatementPlan> plan;  // null: nothing to do once it ran
    std::vector<SessionChange> changes;  // what running it changes in the session state
    wire::ErrorInfo error;
    bool needs_approval = false;  // allowed only through an approval, at each Bind
    ProxyVerdict approval;        // the verdict that asks for it
  };
  struct Portal {
    std::string statement;  // the prepared statement it was bound from
    std::shared_ptr<const StatementPlan> plan;  // that statement's plan when bound
    std::string approval;  // bound through this approval request ("" otherwise)
  };
  // A Query or Bind held for an approval (connection_approvals.cpp).
  // I/O
  void ReadClient();
  void ReadServer();
  void Flush(bool to_client);
  void StartTls();
  void OnDrained(bool to_client);
  void Close(const char* why);
  void FatalToClient(const wire::ErrorInfo& e, const char* why);

  // client side
  void ProcessClient();
  bool HandleStartupPacket(const wire::Frame& f);
  bool HandleSasl(const wire::Frame& f);
  bool HandleReady(const wire::Frame& f);
  bool HandleQuery(const wire::Frame& f);
  bool HandleParse(const wire::Frame& f);
  bool HandleBind(const wire::Frame& f);
  bool HandleExecute(const wire::Frame& f);
  void LoginSucceeded();
  bool DecideStartupSettings();

  // decisions
  ProxyVerdict DecideText(std::string_view sql);
  // True when `p` was decided under another session state or engine.
  bool Stale(const Prepared& p);
  void Redecide(Prepared& p, std::string_view where);
  // Records the verdict (metrics, logs); true when the text may run.
  bool Permit(const ProxyVerdict& v, std::string_view where);
  wire::ErrorInfo RefusalOf(const ProxyVerdict& v) const;
  void RefuseSimple(const wire::ErrorInfo& e);
  void EnterDiscard(const wire::ErrorInfo& e);
  void FinishDiscard();
  void InjectRefusal(const wire::ErrorInfo& e, bool extended);
  // Expects a simple Query's answers: one per top-level statement, then
  // ReadyForQuery; `audit`: their audit statement numbers.
  void ExpectQuery(const ProxyVerdict& v, const std::vector<uint64_t>& audit = {});

  // audit (connection_audit.cpp)
  // Permit, and with a failing audit in on_failure = "deny" a refusal (v is changed to say so).
  bool Admit(ProxyVerdict& v, std::string_view where);
  // Statement records of `sql`; forwarded ones hold the upstream outbox until durable.
  std::vector<uint64_t> AuditStatements(std::string_view sql, std::string_view via, const ProxyVerdict& v,
                                        bool forwarded, std::string_view sqlstate = "");
  void AuditDurable(bool ok);
  // The server's answer `tag` ('C', 'I', 's', 'E', 'Z') to the front entry, before the tracker moves on.
  void AuditAnswer(char tag, std::string_view body);
  void AuditEnd(const char* why);
  // What `sql` (just decided as `v`) changes in the session state.
  static std::vector<SessionChange> ChangesOf(std::string_view sql, const ProxyVerdict& v);

  // approvals (connection_approvals.cpp)
  // A require-approval verdict this proxy handles with requests ([approvals], enforce mode).
  bool Approvable(const ProxyVerdict& v) const;
  // Holds message `raw` (running `text`), stops reading the client, asks the store.
  void AwaitApproval(char tag, std::string_view raw, std::string_view text, const ProxyVerdict& v,
                     std::string params_hash);
  void OnApprovalAnswer(uint64_t seq, Expected<ApprovalStore::Outcome> out);
  ApprovalService::Done Answered();  // posts a store answer back to this connection's loop
  void FinishApproval(bool pass, const wire::ErrorInfo& refusal);
  std::string AuditSessionId() const;  // "" without [audit]

  // CancelRequest (connection_cancel.cpp): ends a hold for an approval (57014)
  // and passes the cancel upstream when something runs there.
  std::function<void()> CancelHook();
  void OnCancelRequest();
  void EndHoldCancelled();
  void CancelUpstream();
  void ForwardQuery(std::string_view sql, const ProxyVerdict& v, std::string_view raw);
  // `approval`: the request it was bound through ("" when none was needed).
  void ForwardBind(std::string_view portal, std::string_view statement, std::string_view raw, std::string approval);

  // upstream side
  void ConnectUpstream();
  void NegotiateUpstreamTls();
  void StartUpstreamLogin();
  void ProcessServer();
  bool HandleUpstreamLogin(const wire::Frame& f);
  // A statement the server completed (CommandComplete `tag`) or failed.
  void Completed(const Awaited& e, std::string_view tag);
  // ReadyForQuery: the transaction state is known; what committed reaches the
  // catalog, what rolled back is undone in the session state.
  void TransactionSettled(char status);

  // masking (connection_masking.cpp): what the client gets of a server
  // message of a masked session; `answered`: the entry it answers (kSync if none).
  void ForwardMasked(const wire::Frame& f, const Awaited& answered);
  // The proxy's own Describe of a masked portal answered ('T' or 'n').
  void OwnDescribed(const wire::Frame& f, const StatementPlan& plan);
  // A masked result cannot be rewritten as planned: the client gets an error
  // instead and nothing more of the server's answer up to ReadyForQuery.
  void MaskFailed(const std::string& why);
  // Notes a verdict's masked statements (errors, notices and notifications
  // are scrubbed from then on).
  void NoteMasks(const ProxyVerdict& v);

  // SQL cursors (connection_cursors.cpp): the mask plans of DECLAREd queries, by cursor name.
  void CursorCompleted(const Awaited& e, std::string_view tag);
  void CursorsSettled(char status);  // ReadyForQuery, before the transaction's flags reset
  // The front entry answers a FETCH or MOVE and `f` is its first row message:
  // its plan becomes the cursor's (or the statement errors, for an unknown
  // cursor in a masked session).
  void ResolveFetch(const wire::Frame& f);
  // Whether FETCH from `name` returns masked rows (as far as the DECLAREs that completed say).
  bool CursorMasked(const std::string& name) const;

  // origins (connection_origins.cpp): RowDescription's table OID and attnum
  // of masked results. False when RowDescription `f` must wait for the
  // plan's relations to be looked up (server messages are not read meanwhile).
  bool OriginsReady(const wire::Frame& f);
  void OnOrigins(Expected<OriginResolver::Relations> found, std::vector<PlanRelation> asked);
  // shape_.origins against `plan`: "" when they agree.
  std::string CheckPlanOrigins(const MaskPlan& plan);
  uint64_t OriginStamp();
  static std::string OriginKey(const PlanRelation& r) { return r.schema + '\x1f' + r.name; }

  asio::io_context& io_;
  asio::ip::tcp::socket client_, server_;
  std::unique_ptr<asio::ssl::stream<asio::ip::tcp::socket&>> tls_;     // client side, after SSLRequest with [tls]
  std::unique_ptr<asio::ssl::stream<asio::ip::tcp::socket&>> up_tls_;  // upstream side, with [upstream] tls
  char up_ssl_answer_ = 0;
  bool handshaking_ = false;
  asio::steady_timer startup_timer_;
  ProxyShared& shared_;
  Decider& decider_;
  StatementDescriber* describer_ = nullptr;
  std::unique_ptr<AuditConnection> audit_;  // after login, with [audit]
  uint32_t audit_waiting_ = 0;  // statement records not yet durable: nothing goes upstream meanwhile
  std::string peer_;

  ReadBuffer cin_, sin_;  // read from the client / from the server, not consumed yet
  bool client_reading_ = false, server_reading_ = false;
  Outbox to_client_, to_server_;
  size_t server_passthrough_ = 0;  // bytes of a large server message still to copy through

  Phase phase_ = Phase::kStartup;
  UpPhase up_phase_ = UpPhase::kNone;
  int negotiations_ = 0;
  bool close_after_flush_ = false;

  // login
  std::string user_, application_;
  std::string cert_name_;  // CN of a verified client certificate ([tls] client_ca), else ""
  std::vector<std::pair<std::string, std::string>> settings_;  // startup GUCs, decided after login
  std::optional<scram::ServerExchange> sasl_;
  std::shared_ptr<const Identities> identities_;  // as of this login (SIGHUP may swap the slot's)
  const IdentityEntry* identity_entry_ = nullptr;
  OwnedContext identity_;  // set and frozen at login (LoginSucceeded); read as identity_.last_view()
  std::optional<scram::ClientExchange> upstream_sasl_;
  BackendKey proxy_key_{}, upstream_key_{};
  bool key_registered_ = false;

  // ready
  SessionState state_;
  char txn_status_ = 'I';
  Responses responses_;  // what the server will answer, in order
  std::unique_ptr<OwnSession> own_;  // the runtime session of this connection's temporary relations
  // Statements that ran and change the catalog, until their transaction ends.
  std::vector<std::shared_ptr<const StatementPlan>> uncommitted_;
  bool saw_error_ = false, saw_rollback_ = false;  // since the last ReadyForQuery
  bool discarding_ = false;  // extended protocol: refused; skip to Sync
  wire::ErrorInfo discard_error_;
  std::unordered_map<std::string, Prepared> prepared_;
  std::unordered_map<std::string, Portal> portals_;
  std::optional<PendingApproval> approval_;  // while set, the client is not read
  uint64_t approval_seq_ = 0;
  asio::steady_timer approval_timer_;

  // masking
  bool masked_session_ = false;  // some statement of this session was masked
  bool mask_failed_ = false;     // swallow the server's answer up to ReadyForQuery
  bool shape_known_ = false;     // shape_ describes the rows of the front statement
  bool copy_header_ = false;     // the next CopyData row is the HEADER line
  ResultShape shape_;
  std::unordered_map<std::string, SqlCursor> cursors_;  // by name (connection_cursors.cpp)
  // The plan relations looked up under origin_stamp_ (the decisions' engine and catalog generation).
  std::unordered_map<std::string, std::shared_ptr<const RelationOid>> origins_;
  uint64_t origin_stamp_ = 0;
  bool origin_waiting_ = false;  // a lookup is under way: the server is not read
  // The lookup for the waiting RowDescription was answered (origins_ holds
  // its answers, made for the generation it was planned with): checked with
  // them, even if a view adopted meanwhile moved the generation.
  bool origin_answered_ = false;
  // This connection counts in shared_.ddl_in_flight (DDL forwarded, its
  // transaction not settled yet).
  bool ddl_counted_ = false;
  void DdlInFlight(bool on);
  // Whether `plan`'s relations changed since it was decided (or the engine did).
  bool PlanStale(const StatementPlan& plan);
  // Counts `plan` in shared_.ddl_in_flight when it is DDL that changes the catalog.
  void Forwarding(const std::shared_ptr<const StatementPlan>& plan);
  std::string origin_error_;     // the last lookup failed: the waiting RowDescription's statement errors
};

}  // namespace govern::proxy
