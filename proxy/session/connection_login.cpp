// Login, both sides: the client's startup packet and SCRAM exchange against
// the identities file, then the upstream session with the proxy's own
// credentials (the client never sees them).
#include "session/connection.h"

#include <asio/connect.hpp>
#include <asio/read.hpp>
#include <asio/write.hpp>
#include <cstring>
#include <openssl/ssl.h>

#include "log.h"
#include "session/errors.h"
#include "session/sql_text.h"
#include "session/startup_options.h"

namespace govern::proxy {

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
      if (auto cancel = shared_.cancels.Lookup({m.pid, m.secret})) (*cancel)();  // the owning session decides
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
  if (identity_entry_ != nullptr && identity_entry_->cert && !cert_name_.empty() && cert_name_ == user_) {
    // A certificate that chains to [tls] client_ca and names this identity:
    // logged in without a password (as PostgreSQL's cert method).
    shared_.throttle->Succeeded(user_);
    Log("info", "login_certificate", {{"peer", peer_}, {"user", user_}});
    wire::AppendAuth(&to_client_.pending, 0);
    LoginSucceeded();
    return false;  // the rest waits for the upstream session
  }
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
    if (shared_.audit) AuditConnection::LoginFailed(*shared_.audit, peer_, user_, throttled ? "throttled" : "password");
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
  // Fixed for the connection's life: stamped once, so a decision-cache hit
  // knows the context without comparing its fields (Context::stamp).
  identity_.Freeze();
  Log("info", "login", {{"peer", peer_}, {"user", user_}});
  if (shared_.audit && describer_) {
    audit_ = std::make_unique<AuditConnection>(*shared_.audit, *describer_, peer_);
    audit_->Start(identity_, application_, shared_.config.database, tls_ != nullptr);
  }
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
    if (self->shared_.upstream_tls_context) self->NegotiateUpstreamTls();
    else self->StartUpstreamLogin();
  });
}

// [upstream] tls other than "disable": SSLRequest, then a TLS handshake, like
// libpq's sslmode of the same names: "prefer" falls back to plain text,
// "require" encrypts without checking the certificate, "verify-ca" checks it
// chains to ca_file, "verify-full" also that it names [upstream] host.
void Connection::NegotiateUpstreamTls() {
  auto request = std::make_shared<std::string>();
  wire::PutU32(request.get(), 8);
  wire::PutU32(request.get(), wire::kSslRequestCode);
  asio::async_write(server_, asio::buffer(*request), [self = shared_from_this(), request](std::error_code ec, size_t) {
    if (self->phase_ == Phase::kClosed) return;
    if (ec) {
      self->FatalToClient(Fatal("08006", "govern proxy cannot reach the upstream database"), "upstream write error");
      return;
    }
    asio::async_read(self->server_, asio::buffer(&self->up_ssl_answer_, 1), [self](std::error_code rec, size_t) {
      if (self->phase_ == Phase::kClosed) return;
      bool require = self->shared_.config.upstream_tls != "prefer";
      if (rec || (self->up_ssl_answer_ != 'S' && (require || self->up_ssl_answer_ != 'N'))) {
        Log("error", "upstream_login_failed",
            {{"user", self->user_}, {"reason", rec ? rec.message() : "upstream does not offer TLS"}});
        self->FatalToClient(Fatal("08006", "govern proxy could not log in to the upstream database"),
                            "upstream TLS refused");
        return;
      }
      if (self->up_ssl_answer_ == 'N') {  // prefer: plain text
        self->StartUpstreamLogin();
        return;
      }
      self->up_tls_ = std::make_unique<asio::ssl::stream<asio::ip::tcp::socket&>>(self->server_,
                                                                                  *self->shared_.upstream_tls_context);
      // SNI for a host name (not for an address literal).
      const std::string& host = self->shared_.config.upstream.host;
      std::error_code not_address;
      (void)asio::ip::make_address(host, not_address);
      if (not_address) SSL_set_tlsext_host_name(self->up_tls_->native_handle(), host.c_str());
      self->up_tls_->async_handshake(asio::ssl::stream_base::client, [self](std::error_code hec) {
        if (self->phase_ == Phase::kClosed) return;
        if (hec) {
          Log("error", "upstream_login_failed", {{"user", self->user_}, {"reason", "TLS: " + hec.message()}});
          self->FatalToClient(Fatal("08006", "govern proxy could not log in to the upstream database"),
                              "upstream TLS handshake failed");
          return;
        }
        self->StartUpstreamLogin();
      });
    });
  });
}

void Connection::StartUpstreamLogin() {
  std::vector<std::pair<std::string, std::string>> params = {{"user", shared_.config.user},
                                                             {"database", shared_.config.database}};
  for (const auto& s : settings_)
    if (!audit_ || s.first != "application_name") params.push_back(s);
  // The session id travels upstream in application_name (pgaudit lines join the audit records).
  if (audit_) params.emplace_back("application_name", UpstreamApplicationName(audit_->session_id(), application_));
  wire::AppendStartup(&to_server_.pending, params);
  up_phase_ = UpPhase::kLogin;
  Flush(false);
  ReadServer();
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
      proxy_key_ = shared_.cancels.Register(CancelHook());
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

}  // namespace govern::proxy
