// The connection's life and I/O: reading and writing both sockets with
// backpressure, TLS, closing. What is done with the messages: connection_login
// (startup, SCRAM, upstream login), connection_statements (every client
// message in the ready phase), connection_responses (the server's answers).
#include "session/connection.h"

#include <asio/write.hpp>
#include <openssl/ssl.h>
#include <openssl/x509.h>

#include "log.h"
#include "session/errors.h"

namespace govern::proxy {
namespace {

// The subject CN of the client's certificate when it presented one that
// chains to [tls] client_ca; "" otherwise.
std::string VerifiedPeerName(SSL* ssl) {
  X509* cert = SSL_get1_peer_certificate(ssl);
  if (cert == nullptr) return "";
  std::string name;
  if (SSL_get_verify_result(ssl) == X509_V_OK) {
    X509_NAME* subject = X509_get_subject_name(cert);
    int i = X509_NAME_get_index_by_NID(subject, NID_commonName, -1);
    // Exactly one CN, without embedded NULs.
    if (i >= 0 && X509_NAME_get_index_by_NID(subject, NID_commonName, i) < 0) {
      const ASN1_STRING* cn = X509_NAME_ENTRY_get_data(X509_NAME_get_entry(subject, i));
      const char* data = reinterpret_cast<const char*>(ASN1_STRING_get0_data(cn));
      std::string value(data, static_cast<size_t>(ASN1_STRING_length(cn)));
      if (value.find('\0') == std::string::npos) name = std::move(value);
    }
  }
  X509_free(cert);
  return name;
}

}  // namespace

Connection::Connection(asio::io_context& io, asio::ip::tcp::socket client, ProxyShared& shared, Decider& decider,
                       StatementDescriber* describer)
    : io_(io),
      client_(std::move(client)),
      server_(io),
      startup_timer_(io),
      shared_(shared),
      decider_(decider),
      describer_(describer),
      state_(shared.config.user),
      approval_timer_(io) {
  shared_.metrics.connections_total.fetch_add(1, std::memory_order_relaxed);
  shared_.metrics.connections_active.fetch_add(1, std::memory_order_relaxed);
  std::error_code ec;
  auto ep = client_.remote_endpoint(ec);
  if (!ec) peer_ = ep.address().to_string() + ":" + std::to_string(ep.port());
  client_.set_option(asio::ip::tcp::no_delay(true), ec);
}

Connection::~Connection() {
  DdlInFlight(false);
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
  if (client_reading_ || handshaking_ || phase_ == Phase::kClosed || phase_ == Phase::kUpstream || close_after_flush_ ||
      approval_)
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
                            if (self->audit_) self->audit_->CountIn(n);
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
  if (origin_waiting_) return;                 // resumed by OnOrigins
  server_reading_ = true;
  auto buffer = asio::buffer(sin_.Tail(kReadChunk), sin_.tail_size());
  auto handler = [self = shared_from_this()](std::error_code ec, size_t n) {
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
  };
  if (up_tls_) up_tls_->async_read_some(buffer, std::move(handler));
  else server_.async_read_some(buffer, std::move(handler));
}

void Connection::Flush(bool to_client) {
  Outbox& box = to_client ? to_client_ : to_server_;
  if (box.writing) return;
  if (!to_client && audit_waiting_ > 0) return;  // write-ahead: statement records first (AuditDurable)
  if (box.pending.empty()) {
    if (close_after_flush_ && to_client && to_client_.size() == 0) Close(nullptr);
    return;
  }
  box.inflight.swap(box.pending);
  box.pending.clear();
  if (to_client && audit_) audit_->CountOut(box.inflight.size());
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
  else if (!to_client && up_tls_) asio::async_write(*up_tls_, asio::buffer(box.inflight), std::move(done));
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
    self->cert_name_ = VerifiedPeerName(self->tls_->native_handle());
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
  AuditEnd(why);
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
  AuditEnd(why);
  close_after_flush_ = true;
  std::error_code ec;
  startup_timer_.cancel();
  if (server_.is_open()) server_.close(ec);
  Flush(true);
}

// ---------------------------------------------------------------- client side

void Connection::ProcessClient() {
  size_t pos = 0;
  while (phase_ != Phase::kClosed && phase_ != Phase::kUpstream && !close_after_flush_ && !approval_) {
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

}  // namespace govern::proxy
