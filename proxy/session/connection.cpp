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

#include <asio/connect.hpp>
#include <asio/write.hpp>
#include <cstring>

#include "log.h"

namespace govern::proxy {
namespace {

constexpr size_t kReadChunk = 16 * 1024;
constexpr size_t kHighWater = 256 * 1024;
constexpr size_t kMaxUpstreamLoginMessage = 64 * 1024;
constexpr size_t kMaxServerMessage = 1u << 30;  // PostgreSQL's own limit on a message

wire::ErrorInfo Fatal(std::string sqlstate, std::string message) {
  wire::ErrorInfo e;
  e.severity = "FATAL";
  e.sqlstate = std::move(sqlstate);
  e.message = std::move(message);
  return e;
}
wire::ErrorInfo Error(std::string sqlstate, std::string message) {
  wire::ErrorInfo e;
  e.sqlstate = std::move(sqlstate);
  e.message = std::move(message);
  return e;
}

// E'...' with every byte that could end the literal or the DO block's dollar
// quote escaped.
std::string ELiteral(std::string_view s) {
  std::string out = "E'";
  for (char c : s) {
    if (c == '\\') out += "\\\\";
    else if (c == '\'') out += "\\'";
    else if (c == '$') out += "\\x24";
    else out.push_back(c);
  }
  out.push_back('\'');
  return out;
}

std::string RaiseSql(const wire::ErrorInfo& e) {
  std::string sql = "DO $govern$BEGIN RAISE EXCEPTION USING ERRCODE = '" + e.sqlstate + "', MESSAGE = " + ELiteral(e.message);
  if (!e.detail.empty()) sql += ", DETAIL = " + ELiteral(e.detail);
  sql += "; END$govern$";
  return sql;
}

std::string QuoteIdent(std::string_view s) {
  std::string out = "\"";
  for (char c : s) {
    if (c == '"') out.push_back('"');
    out.push_back(c);
  }
  out.push_back('"');
  return out;
}
std::string QuoteLiteral(std::string_view s) {
  std::string out = "'";
  for (char c : s) {
    if (c == '\'') out.push_back('\'');
    out.push_back(c);
  }
  out.push_back('\'');
  return out;
}

// PostgreSQL's pg_split_opts: whitespace separates, a backslash escapes the
// next byte. Only -c name=value, -cname=value and --name=value are accepted.
bool ParseStartupOptions(std::string_view options, std::vector<std::pair<std::string, std::string>>* out,
                         std::string* error) {
  std::vector<std::string> words;
  std::string word;
  bool in_word = false;
  for (size_t i = 0; i < options.size(); ++i) {
    char c = options[i];
    if (c == ' ' || c == '\t' || c == '\n' || c == '\r') {
      if (in_word) words.push_back(word), word.clear(), in_word = false;
      continue;
    }
    if (c == '\\' && i + 1 < options.size()) c = options[++i];
    word.push_back(c);
    in_word = true;
  }
  if (in_word) words.push_back(word);
  for (size_t i = 0; i < words.size(); ++i) {
    std::string setting;
    if (words[i] == "-c" && i + 1 < words.size()) {
      setting = words[++i];
    } else if (words[i].rfind("-c", 0) == 0 && words[i].size() > 2) {
      setting = words[i].substr(2);
    } else if (words[i].rfind("--", 0) == 0 && words[i].size() > 2) {
      setting = words[i].substr(2);
    } else {
      *error = "govern proxy accepts only -c name=value in the startup options";
      return false;
    }
    size_t eq = setting.find('=');
    if (eq == std::string::npos || eq == 0) {
      *error = "startup option -c " + setting + " is not name=value";
      return false;
    }
    std::string name = setting.substr(0, eq);
    for (char& ch : name)
      if (ch == '-') ch = '_';
    out->emplace_back(name, setting.substr(eq + 1));
  }
  return true;
}

// Whether `sql` mentions set_config (any case): a call can hide in any statement.
bool MentionsSetConfig(std::string_view sql) {
  constexpr std::string_view kName = "set_config";
  for (size_t i = 0; i + kName.size() <= sql.size(); ++i) {
    size_t k = 0;
    while (k < kName.size()) {
      char c = sql[i + k];
      if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
      if (c != kName[k]) break;
      ++k;
    }
    if (k == kName.size()) return true;
  }
  return false;
}

}  // namespace

Connection::Connection(asio::io_context& io, asio::ip::tcp::socket client, ProxyShared& shared, Decider& decider)
    : io_(io),
      client_(std::move(client)),
      server_(io),
      startup_timer_(io),
      shared_(shared),
      decider_(decider),
      state_(shared.config.user) {
  shared_.metrics.connections_total.fetch_add(1, std::memory_order_relaxed);
  shared_.metrics.connections_active.fetch_add(1, std::memory_order_relaxed);
  std::error_code ec;
  auto ep = client_.remote_endpoint(ec);
  if (!ec) peer_ = ep.address().to_string() + ":" + std::to_string(ep.port());
  client_.set_option(asio::ip::tcp::no_delay(true), ec);
}

Connection::~Connection() {
  shared_.metrics.connections_active.fetch_sub(1, std::memory_order_relaxed);
  if (key_registered_) shared_.cancels.Unregister(proxy_key_);
}

void Connection::Start() {
  if (shared_.metrics.connections_active.load(std::memory_order_relaxed) > shared_.config.max_connections) {
    FatalToClient(Fatal("53300", "sorry, too many clients already"), "max_connections");
    return;
  }
  startup_timer_.expires_after(std::chrono::milliseconds(shared_.config.startup_timeout_ms));
  startup_timer_.async_wait([self = shared_from_this()](std::error_code ec) {
    if (ec || self->phase_ == Phase::kReady || self->phase_ == Phase::kClosed) return;
    self->FatalToClient(Fatal("08P01", "startup did not complete in time"), "startup timeout");
  });
  ReadClient();
}

// ---------------------------------------------------------------- I/O

void Connection::ReadClient() {
  if (client_reading_ || handshaking_ || phase_ == Phase::kClosed || phase_ == Phase::kUpstream || close_after_flush_)
    return;
  if (to_server_.size() > kHighWater || to_client_.size() > kHighWater) return;  // resumed by OnDrained
  client_reading_ = true;
  auto buffer = asio::buffer(cin_.Tail(kReadChunk), cin_.tail_size());
  auto handler = [self = shared_from_this()](std::error_code ec, size_t n) {
                            self->client_reading_ = false;
                            if (self->phase_ == Phase::kClosed) return;
                            if (ec) {
                              self->Close(ec == asio::error::eof ? "client closed the connection" : "client read error");
                              return;
                            }
                            self->cin_.Commit(n);
                            self->shared_.metrics.bytes_from_clients.fetch_add(n, std::memory_order_relaxed);
                            self->ProcessClient();
                            self->ReadClient();
  };
  if (tls_) tls_->async_read_some(buffer, std::move(handler));
  else client_.async_read_some(buffer, std::move(handler));
}

void Connection::ReadServer() {
  if (server_reading_ || up_phase_ == UpPhase::kNone || phase_ == Phase::kClosed || close_after_flush_) return;
  if (to_client_.size() > kHighWater) return;  // resumed by OnDrained
  server_reading_ = true;
  server_.async_read_some(asio::buffer(sin_.Tail(kReadChunk), sin_.tail_size()),
                          [self = shared_from_this()](std::error_code ec, size_t n) {
                            self->server_reading_ = false;
                            if (self->phase_ == Phase::kClosed) return;
                            if (ec) {
                              // Tell the client why, as PostgreSQL would, unless it is leaving anyway.
                              self->FatalToClient(Fatal("08006", "the upstream database closed the connection"),
                                                  "upstream closed");
                              return;
                            }
                            self->sin_.Commit(n);
                            self->shared_.metrics.bytes_from_upstream.fetch_add(n, std::memory_order_relaxed);
                            self->ProcessServer();
                            self->ReadServer();
                          });
}

void Connection::Flush(bool to_client) {
  Outbox& box = to_client ? to_client_ : to_server_;
  if (box.writing) return;
  if (box.pending.empty()) {
    if (close_after_flush_ && to_client && to_client_.size() == 0) Close(nullptr);
    return;
  }
  box.inflight.swap(box.pending);
  box.pending.clear();
  box.writing = true;
  auto done = [self = shared_from_this(), &box, to_client](std::error_code ec, size_t) {
                      box.writing = false;
                      std::string().swap(box.inflight);  // an idle connection holds no write buffer
                      if (ec) {
                        self->Close(to_client ? "client write error" : "upstream write error");
                        return;
                      }
                      self->Flush(to_client);
                      self->OnDrained(to_client);
  };
  if (to_client && tls_) asio::async_write(*tls_, asio::buffer(box.inflight), std::move(done));
  else asio::async_write(to_client ? client_ : server_, asio::buffer(box.inflight), std::move(done));
}

void Connection::StartTls() {
  handshaking_ = true;
  tls_ = std::make_unique<asio::ssl::stream<asio::ip::tcp::socket&>>(client_, *shared_.tls_context);
  tls_->async_handshake(asio::ssl::stream_base::server, [self = shared_from_this()](std::error_code ec) {
    self->handshaking_ = false;
    if (self->phase_ == Phase::kClosed) return;
    if (ec) {
      Log("info", "tls_handshake_failed", {{"peer", self->peer_}, {"error", ec.message()}});
      self->Close("TLS handshake failed");
      return;
    }
    self->ReadClient();
  });
}

void Connection::OnDrained(bool to_client) {
  if (phase_ == Phase::kClosed) return;
  if (to_client) {
    if (to_client_.size() <= kHighWater) ReadServer();
    if (to_client_.size() <= kHighWater && cin_.size() > 0) ProcessClient();
    ReadClient();
  } else if (to_server_.size() <= kHighWater) {
    if (cin_.size() > 0) ProcessClient();
    ReadClient();
  }
}

void Connection::Close(const char* why) {
  if (phase_ == Phase::kClosed && !client_.is_open() && !server_.is_open()) return;
  phase_ = Phase::kClosed;
  std::error_code ec;
  startup_timer_.cancel();
  client_.shutdown(asio::ip::tcp::socket::shutdown_both, ec);
  client_.close(ec);
  if (server_.is_open()) {
    // A polite Terminate is not needed: closing the socket ends the upstream session.
    server_.close(ec);
  }
  if (key_registered_) {
    shared_.cancels.Unregister(proxy_key_);
    key_registered_ = false;
  }
  if (why != nullptr) Log("info", "disconnect", {{"peer", peer_}, {"user", user_}, {"reason", why}});
}

void Connection::FatalToClient(const wire::ErrorInfo& e, const char* why) {
  if (phase_ == Phase::kClosed) return;
  Log("info", "disconnect", {{"peer", peer_}, {"user", user_}, {"reason", why}, {"sqlstate", e.sqlstate}});
  wire::AppendError(&to_client_.pending, e);
  phase_ = Phase::kClosed;
  close_after_flush_ = true;
  std::error_code ec;
  startup_timer_.cancel();
  if (server_.is_open()) server_.close(ec);
  Flush(true);
}

// ---------------------------------------------------------------- client side

void Connection::ProcessClient() {
  size_t pos = 0;
  while (phase_ != Phase::kClosed && phase_ != Phase::kUpstream && !close_after_flush_) {
    if (phase_ == Phase::kReady && (to_server_.size() > kHighWater || to_client_.size() > kHighWater)) break;
    std::string_view avail = cin_.view().substr(pos);
    wire::Frame f;
    std::string error;
    wire::FrameStatus st = phase_ == Phase::kStartup
                               ? wire::NextStartupFrame(avail, &f, &error)
                               : wire::NextFrame(avail, shared_.config.max_message_bytes, &f, &error);
    if (st == wire::FrameStatus::kNeedMore) break;
    if (st == wire::FrameStatus::kError) {
      shared_.metrics.protocol_errors.fetch_add(1, std::memory_order_relaxed);
      FatalToClient(Fatal("08P01", "invalid frontend message: " + error), "protocol error");
      break;
    }
    pos += f.size;
    bool go_on;
    if (phase_ == Phase::kStartup) {
      bool trailing = avail.size() > f.size;
      if (trailing && (f.code == wire::kSslRequestCode || f.code == wire::kGssEncRequestCode)) {
        FatalToClient(Fatal("08P01", "data received before the encryption request was answered"), "protocol error");
        break;
      }
      go_on = HandleStartupPacket(f);
    } else if (phase_ == Phase::kSaslInitial || phase_ == Phase::kSaslFinal) {
      go_on = HandleSasl(f);
    } else {
      go_on = HandleReady(f);
    }
    if (!go_on) break;
  }
  if (phase_ != Phase::kClosed) cin_.Consume(pos);
  Flush(false);
  Flush(true);
}

bool Connection::HandleStartupPacket(const wire::Frame& f) {
  const wire::MessageSpec* spec = wire::FindStartup(f.code);
  if (spec == nullptr) {
    FatalToClient(Fatal("0A000", "unsupported frontend protocol " + std::to_string(f.code >> 16) + "." +
                                     std::to_string(f.code & 0xffff) + ": server supports 3.0"),
                  "protocol error");
    return false;
  }
  if (f.code == wire::kSslRequestCode || f.code == wire::kGssEncRequestCode) {
    if (!f.body.empty() || ++negotiations_ > 2 || tls_) {
      FatalToClient(Fatal("08P01", "invalid encryption request"), "protocol error");
      return false;
    }
    if (f.code == wire::kSslRequestCode && shared_.tls_context) {
      // 'S' goes out alone before the handshake (nothing else is pending at startup).
      std::error_code ec;
      asio::write(client_, asio::buffer("S", 1), ec);
      if (ec) {
        Close("client write error");
        return false;
      }
      StartTls();
      return false;  // the rest arrives encrypted
    }
    to_client_.pending.push_back('N');  // GSSAPI is not offered, TLS only with [tls]: the client may continue in plain text
    return true;
  }
  if (f.code == wire::kCancelRequestCode) {
    wire::CancelMsg m;
    if (wire::DecodeCancel(f.body, &m).ok()) {
      if (auto upstream = shared_.cancels.Lookup({m.pid, m.secret})) {
        auto socket = std::make_shared<asio::ip::tcp::socket>(io_);
        auto packet = std::make_shared<std::string>();
        wire::AppendCancel(packet.get(), upstream->pid, upstream->secret);
        socket->async_connect(shared_.upstream_endpoint, [socket, packet](std::error_code ec) {
          if (ec) return;
          asio::async_write(*socket, asio::buffer(*packet), [socket, packet](std::error_code, size_t) {
            std::error_code ignored;
            socket->close(ignored);
          });
        });
      }
    }
    Close("cancel request");  // no reply, whether or not the key was known
    return false;
  }
  if (shared_.tls_context && shared_.config.tls_required && !tls_) {
    FatalToClient(Fatal("28000", "this proxy requires TLS (sslmode=require)"), "TLS required");
    return false;
  }
  wire::StartupMsg m;
  if (Status s = wire::DecodeStartup(f.code, f.body, &m); !s.ok()) {
    FatalToClient(Fatal("08P01", "invalid startup packet: " + s.message()), "protocol error");
    return false;
  }
  std::string database;
  std::vector<std::string> unsupported;
  for (const auto& [name, value] : m.params) {
    if (name == "user") {
      user_ = std::string(value);
    } else if (name == "database") {
      database = std::string(value);
    } else if (name == "replication") {
      if (value != "false" && value != "off" && value != "no" && value != "0") {
        FatalToClient(Fatal("0A000", "replication connections are not supported by govern proxy"), "replication refused");
        return false;
      }
    } else if (name == "options") {
      std::string error;
      if (!ParseStartupOptions(value, &settings_, &error)) {
        FatalToClient(Fatal("0A000", error), "startup options refused");
        return false;
      }
    } else if (name.substr(0, 5) == "_pq_.") {
      unsupported.emplace_back(name);
    } else {
      settings_.emplace_back(std::string(name), std::string(value));
      if (name == "application_name") application_ = std::string(value);
    }
  }
  if (m.minor > 0 || !unsupported.empty()) wire::AppendNegotiateProtocolVersion(&to_client_.pending, 0, unsupported);
  if (user_.empty()) {
    FatalToClient(Fatal("28000", "no PostgreSQL user name specified in startup packet"), "no user");
    return false;
  }
  if (!database.empty() && database != shared_.config.database) {
    FatalToClient(Fatal("3D000", "database \"" + database + "\" is not served by this proxy"), "unknown database");
    return false;
  }
  identities_ = shared_.slot.identities();
  identity_entry_ = identities_->Find(user_);
  scram::Verifier verifier;
  if (identity_entry_ != nullptr) {
    auto parsed = scram::ParseVerifier(identity_entry_->scram);
    if (parsed.ok()) verifier = *parsed;
    else identity_entry_ = nullptr;
  }
  if (identity_entry_ == nullptr) {
    // An unknown user gets the same exchange as a known one (a salt that is
    // stable per name, keys nobody knows) and the same failure at the end.
    scram::Verifier decoy = scram::DeriveVerifier(shared_.decoy_secret, user_, 1);  // a keyed hash of the name
    verifier.salt = std::string(reinterpret_cast<const char*>(decoy.stored_key.data()), 16);
    verifier.iterations = scram::kDefaultIterations;
    std::string random = scram::RandomBytes(64);
    std::memcpy(verifier.stored_key.data(), random.data(), 32);
    std::memcpy(verifier.server_key.data(), random.data() + 32, 32);
  }
  sasl_.emplace(std::move(verifier));
  wire::AppendAuth(&to_client_.pending, 10, std::string_view("SCRAM-SHA-256\0\0", 15));
  phase_ = Phase::kSaslInitial;
  return true;
}

bool Connection::HandleSasl(const wire::Frame& f) {
  if (f.tag != 'p') {
    FatalToClient(Fatal("08P01", "expected a SASL response message"), "protocol error");
    return false;
  }
  if (phase_ == Phase::kSaslInitial) {
    wire::SaslInitialMsg m;
    if (Status s = wire::Decode(f.body, &m); !s.ok()) {
      FatalToClient(Fatal("08P01", "invalid SASL initial response"), "protocol error");
      return false;
    }
    if (m.mechanism != "SCRAM-SHA-256") {
      FatalToClient(Fatal("28000", "SASL authentication mechanism not supported (use SCRAM-SHA-256)"), "sasl mechanism");
      return false;
    }
    std::string server_first;
    if (!sasl_->ClientFirst(m.data, &server_first)) {
      FatalToClient(Fatal("08P01", "malformed SCRAM message (channel binding is not supported)"), "protocol error");
      return false;
    }
    wire::AppendAuth(&to_client_.pending, 11, server_first);
    phase_ = Phase::kSaslFinal;
    return true;
  }
  std::string server_final;
  auto now = LoginThrottle::Clock::now();
  bool throttled = !shared_.throttle->Allowed(user_, now);
  bool ok = !throttled && sasl_->ClientFinal(f.body, &server_final) && identity_entry_ != nullptr;
  sasl_.reset();
  if (!ok) {
    shared_.metrics.logins_failed.fetch_add(1, std::memory_order_relaxed);
    if (!throttled) shared_.throttle->Failed(user_, now);
    Log("warn", "login_failed", {{"peer", peer_}, {"user", user_}, Flag("throttled", throttled)});
    // Rate limit: the answer to a failed login comes after a second, so one
    // connection cannot try more than one password a second.
    phase_ = Phase::kClosed;
    startup_timer_.cancel();
    auto timer = std::make_shared<asio::steady_timer>(io_, std::chrono::seconds(1));
    timer->async_wait([self = shared_from_this(), timer](std::error_code) {
      self->phase_ = Phase::kSaslFinal;
      self->FatalToClient(Fatal("28P01", "password authentication failed for user \"" + self->user_ + "\""),
                          "authentication failed");
    });
    return false;
  }
  shared_.throttle->Succeeded(user_);
  wire::AppendAuth(&to_client_.pending, 12, server_final);
  wire::AppendAuth(&to_client_.pending, 0);
  LoginSucceeded();
  return false;  // the rest waits for the upstream session
}

void Connection::LoginSucceeded() {
  const IdentityEntry& e = *identity_entry_;
  identity_.user = e.name;
  identity_.groups = e.groups;
  identity_.roles = e.roles;
  identity_.purpose = e.purpose;
  identity_.kind = e.kind;
  identity_.attrs = e.attrs;
  identity_.env = shared_.config.env;
  identity_.database = shared_.config.database;
  identity_.application = application_;
  Log("info", "login", {{"peer", peer_}, {"user", user_}});
  if (!DecideStartupSettings()) return;
  phase_ = Phase::kUpstream;
  ConnectUpstream();
}

bool Connection::DecideStartupSettings() {
  for (const auto& [name, value] : settings_) {
    // Each startup setting is decided as the SET it stands for.
    ProxyVerdict v = DecideText("SET " + QuoteIdent(name) + " TO " + QuoteLiteral(value));
    if (!Permit(v, "startup")) {
      wire::ErrorInfo e = RefusalOf(v);
      e.severity = "FATAL";
      FatalToClient(e, "startup setting refused");
      return false;
    }
    for (const SessionChange& c :
         SessionChanges("SELECT pg_catalog.set_config(" + QuoteLiteral(name) + ", " + QuoteLiteral(value) + ", false)"))
      state_.Apply(c);
  }
  return true;
}

bool Connection::Stale(const Prepared& p) {
  return p.epoch != state_.epoch() || p.engine_version != decider_.version();
}

void Connection::Redecide(Prepared& p, std::string_view where) {
  ProxyVerdict v = DecideText(p.text);
  p.epoch = state_.epoch();
  p.engine_version = decider_.version();
  p.allowed = Permit(v, where);
  if (!p.allowed) p.error = RefusalOf(v);
}

ProxyVerdict Connection::DecideText(std::string_view sql) {
  auto start = std::chrono::steady_clock::now();
  ProxyVerdict v = decider_.Decide(sql, state_.EffectivePath(), identity_.view());
  auto ns = std::chrono::duration_cast<std::chrono::nanoseconds>(std::chrono::steady_clock::now() - start).count();
  shared_.metrics.ObserveDecision(static_cast<uint64_t>(ns));
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
    e.detail = "this statement requires an approval; approvals are not available in this version of govern proxy, "
               "so it is refused";
    return e;
  }
  return Error("42501", v.ErrorText());
}

Connection::SyncPoint& Connection::OpenBatch() {
  if (syncs_.empty() || syncs_.back().closed) syncs_.emplace_back();
  return syncs_.back();
}

void Connection::CloseBatchWithSyncPoint() {
  // A Query or FunctionCall ends any open batch with its own ReadyForQuery.
  OpenBatch().closed = true;
}

std::vector<SessionChange> Connection::ChangesOf(std::string_view sql, const ProxyVerdict& v) {
  // Only SET/RESET/DISCARD statements and set_config calls change the state;
  // the text is parsed once more only then.
  if (!v.sets_session && !MentionsSetConfig(sql)) return {};
  return SessionChanges(sql);
}

void Connection::RefuseSimple(const wire::ErrorInfo& e) {
  if (syncs_.empty() && txn_status_ != 'T') {
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
  if (syncs_.empty() && txn_status_ != 'T') {
    wire::AppendError(&to_client_.pending, discard_error_);
    wire::AppendReadyForQuery(&to_client_.pending, txn_status_);
    return;
  }
  InjectRefusal(discard_error_, true);
}

void Connection::InjectRefusal(const wire::ErrorInfo& e, bool extended) {
  std::string sql = RaiseSql(e);
  if (extended) {
    SyncPoint& batch = OpenBatch();
    batch.inject = true;
    wire::AppendParse(&to_server_.pending, "", sql);
    wire::AppendBind(&to_server_.pending, "", "");
    wire::AppendExecute(&to_server_.pending, "", 0);
    wire::AppendSync(&to_server_.pending);
    batch.closed = true;
    prepared_.erase("");
    portals_.erase("");
  } else {
    CloseBatchWithSyncPoint();
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
      OpenBatch().closed = true;
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
      OpenBatch();
      to_server_.pending.append(raw);
      return true;
    }
    case 'D': {
      wire::DescribeMsg m;
      if (!wire::DecodeDescribe(f.body, &m).ok()) {
        FatalToClient(Fatal("08P01", "invalid Describe message"), "protocol error");
        return false;
      }
      OpenBatch();
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
      CloseBatchWithSyncPoint();
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
  if (!Permit(v, "query")) {
    RefuseSimple(RefusalOf(v));
    return true;
  }
  for (const SessionChange& c : ChangesOf(q.sql, v)) state_.Apply(c);
  CloseBatchWithSyncPoint();
  to_server_.pending.append(f.body.data() - 5, f.size);
  return true;
}

bool Connection::HandleParse(const wire::Frame& f) {
  wire::ParseMsg p;
  if (!wire::Decode(f.body, &p).ok()) {
    FatalToClient(Fatal("08P01", "invalid Parse message"), "protocol error");
    return false;
  }
  ProxyVerdict v = DecideText(p.query);
  std::string name(p.name);
  if (!Permit(v, "parse")) {
    prepared_.erase(name);
    EnterDiscard(RefusalOf(v));
    return true;
  }
  Prepared& st = prepared_[name];
  st.text = std::string(p.query);
  st.epoch = state_.epoch();
  st.engine_version = decider_.version();
  st.allowed = true;
  st.changes = ChangesOf(p.query, v);
  OpenBatch().client_parses++;
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
  portals_[std::string(b.portal)] = Portal{std::string(b.statement)};
  OpenBatch().client_binds++;
  to_server_.pending.append(f.body.data() - 5, f.size);
  return true;
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
  if (!s.changes.empty()) {
    for (const SessionChange& c : s.changes) state_.Apply(c);
    // What the statement changed moves the epoch; this statement itself stays decided.
    s.epoch = state_.epoch();
  }
  OpenBatch();
  to_server_.pending.append(f.body.data() - 5, f.size);
  return true;
}

// ---------------------------------------------------------------- upstream side

void Connection::ConnectUpstream() {
  server_.async_connect(shared_.upstream_endpoint, [self = shared_from_this()](std::error_code ec) {
    if (self->phase_ == Phase::kClosed) return;
    if (ec) {
      Log("error", "upstream_connect_failed", {{"user", self->user_}, {"error", ec.message()}});
      self->FatalToClient(Fatal("08006", "govern proxy cannot reach the upstream database"), "upstream unreachable");
      return;
    }
    std::error_code ignored;
    self->server_.set_option(asio::ip::tcp::no_delay(true), ignored);
    std::vector<std::pair<std::string, std::string>> params = {{"user", self->shared_.config.user},
                                                               {"database", self->shared_.config.database}};
    for (const auto& s : self->settings_) params.push_back(s);
    wire::AppendStartup(&self->to_server_.pending, params);
    self->up_phase_ = UpPhase::kLogin;
    self->Flush(false);
    self->ReadServer();
  });
}

bool Connection::HandleUpstreamLogin(const wire::Frame& f) {
  auto fail = [&](const std::string& why) {
    Log("error", "upstream_login_failed", {{"user", user_}, {"reason", why}});
    FatalToClient(Fatal("08006", "govern proxy could not log in to the upstream database"), "upstream login failed");
    return false;
  };
  const std::string& password = shared_.upstream_password;
  switch (f.tag) {
    case 'R': {
      wire::AuthMsg a;
      if (!wire::Decode(f.body, &a).ok()) return fail("malformed authentication request");
      switch (a.code) {
        case 0:
          return true;
        case 3:
          wire::AppendPassword(&to_server_.pending, password);
          return true;
        case 5:
          if (a.data.size() != 4) return fail("malformed md5 salt");
          wire::AppendPassword(&to_server_.pending, scram::Md5Password(shared_.config.user, password, a.data));
          return true;
        case 10: {
          if (a.data.find(std::string_view("SCRAM-SHA-256\0", 14)) != 0 &&
              a.data.find(std::string_view("\0SCRAM-SHA-256\0", 15)) == std::string_view::npos)
            return fail("upstream offers no SCRAM-SHA-256");
          upstream_sasl_.emplace(password);
          wire::AppendSaslInitial(&to_server_.pending, "SCRAM-SHA-256", upstream_sasl_->ClientFirst());
          return true;
        }
        case 11: {
          if (!upstream_sasl_) return fail("unexpected SASL continue");
          auto final_message = upstream_sasl_->ServerFirst(a.data);
          if (!final_message) return fail(final_message.status().message());
          wire::AppendSaslResponse(&to_server_.pending, *final_message);
          return true;
        }
        case 12: {
          if (!upstream_sasl_) return fail("unexpected SASL final");
          if (Status s = upstream_sasl_->ServerFinal(a.data); !s.ok()) return fail(s.message());
          upstream_sasl_.reset();
          return true;
        }
        default:
          return fail("unsupported upstream authentication method " + std::to_string(a.code));
      }
    }
    case 'S':
    case 'N':
      to_client_.pending.append(f.body.data() - 5, f.size);
      return true;
    case 'K': {
      wire::BackendKeyMsg k;
      if (!wire::Decode(f.body, &k).ok()) return fail("malformed BackendKeyData");
      upstream_key_ = {k.pid, k.secret};
      proxy_key_ = shared_.cancels.Register(upstream_key_);
      key_registered_ = true;
      wire::AppendBackendKey(&to_client_.pending, proxy_key_.pid, proxy_key_.secret);
      return true;
    }
    case 'E': {
      wire::FieldsMsg m;
      std::string reason = "upstream refused the login";
      if (wire::DecodeFields(*wire::FindBackend('E'), f.body, &m).ok())
        reason = std::string(m.Get('C')) + " " + std::string(m.Get('M'));
      return fail(reason);
    }
    case 'Z': {
      if (f.body.size() != 1) return fail("malformed ReadyForQuery");
      txn_status_ = f.body[0];
      to_client_.pending.append(f.body.data() - 5, f.size);
      up_phase_ = UpPhase::kReady;
      phase_ = Phase::kReady;
      startup_timer_.cancel();
      Log("info", "session_start", {{"peer", peer_}, {"user", user_}});
      return true;
    }
    default:
      return fail(std::string("unexpected upstream message '") + f.tag + "' during login");
  }
}

void Connection::ProcessServer() {
  size_t pos = 0;
  bool became_ready = false;
  while (pos < sin_.size() && phase_ != Phase::kClosed) {
    if (server_passthrough_ > 0) {
      size_t n = std::min(server_passthrough_, sin_.size() - pos);
      to_client_.pending.append(sin_.view().substr(pos, n));
      pos += n;
      server_passthrough_ -= n;
      continue;
    }
    std::string_view avail = sin_.view().substr(pos);
    wire::Frame f;
    std::string error;
    size_t need = 0;
    size_t limit = up_phase_ == UpPhase::kLogin ? kMaxUpstreamLoginMessage : kMaxServerMessage;
    wire::FrameStatus st = wire::NextFrame(avail, limit, &f, &error, &need);
    if (st == wire::FrameStatus::kError) {
      Log("error", "upstream_protocol_error", {{"user", user_}, {"error", error}});
      FatalToClient(Fatal("08006", "invalid message from the upstream database"), "upstream protocol error");
      return;
    }
    if (st == wire::FrameStatus::kNeedMore) {
      // A large message the proxy does not look into streams through by length.
      if (up_phase_ == UpPhase::kReady && avail.size() >= 5 && need > kReadChunk && avail[0] != 'Z' &&
          avail[0] != '1' && avail[0] != '2') {
        to_client_.pending.append(avail);
        server_passthrough_ = need - avail.size();
        pos = sin_.size();
      }
      break;
    }
    pos += f.size;
    if (up_phase_ == UpPhase::kLogin) {
      if (!HandleUpstreamLogin(f)) return;
      if (phase_ == Phase::kReady) became_ready = true;
      continue;
    }
    switch (f.tag) {
      case 'Z':
        if (f.body.size() != 1 || (f.body[0] != 'I' && f.body[0] != 'T' && f.body[0] != 'E')) {
          FatalToClient(Fatal("08006", "invalid ReadyForQuery from the upstream database"), "upstream protocol error");
          return;
        }
        txn_status_ = f.body[0];
        if (!syncs_.empty()) syncs_.pop_front();
        if (txn_status_ == 'I') state_.EndTransaction();
        break;
      case '1':
        if (!syncs_.empty()) {
          SyncPoint& s = syncs_.front();
          if (s.inject && ++s.seen_parses > s.client_parses) continue;  // the proxy's own Parse
        }
        break;
      case '2':
        if (!syncs_.empty()) {
          SyncPoint& s = syncs_.front();
          if (s.inject && ++s.seen_binds > s.client_binds) continue;  // the proxy's own Bind
        }
        break;
      default:
        break;
    }
    to_client_.pending.append(f.body.data() - 5, f.size);
  }
  if (phase_ == Phase::kClosed) return;
  sin_.Consume(pos);
  Flush(false);
  Flush(true);
  if (became_ready) {
    ProcessClient();
    ReadClient();
  }
}

}  // namespace govern::proxy
