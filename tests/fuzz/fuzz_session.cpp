// libFuzzer target for the proxy's whole session state machine: every input
// is what a logged-in client sends after a real SCRAM login, through a real
// Connection on loopback TCP, in front of a small fake upstream that answers
// the login and every Query/Sync/FunctionCall with ReadyForQuery. After the
// input the client half-closes; the proxy must close the session within two
// seconds (a hang aborts), and nothing may crash (ASan/UBSan).
#include <arpa/inet.h>
#include <netinet/in.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <asio/io_context.hpp>
#include <asio/ip/tcp.hpp>
#include <asio/read.hpp>
#include <asio/write.hpp>
#include <atomic>
#include <chrono>
#include <cstdint>
#include <cstdlib>
#include <cstring>
#include <memory>
#include <string>
#include <thread>

#include "auth/scram.h"
#include "log.h"
#include "session/connection.h"
#include "session/decider.h"
#include "shared.h"
#include "wire/codec.h"

using namespace govern;
using namespace govern::proxy;
using asio::ip::tcp;

namespace {

// The fake upstream: login, then ReadyForQuery for every Query, Sync and FunctionCall.
class FakeUpstream : public std::enable_shared_from_this<FakeUpstream> {
 public:
  explicit FakeUpstream(tcp::socket s) : socket_(std::move(s)) {}
  void Start() {
    auto self = shared_from_this();
    header_.resize(8);
    asio::async_read(socket_, asio::buffer(header_), [self](std::error_code ec, size_t) {
      if (ec) return;
      uint32_t len = wire::ReadU32(self->header_.data());
      if (len < 8 || len > 10000) return;
      self->body_.resize(len - 8);
      asio::async_read(self->socket_, asio::buffer(self->body_), [self](std::error_code ec2, size_t) {
        if (ec2) return;
        std::string out;
        wire::AppendAuth(&out, 0);
        wire::AppendParameterStatus(&out, "server_version", "15.0");
        wire::AppendBackendKey(&out, 4242, 99);
        wire::AppendReadyForQuery(&out, 'I');
        self->Write(std::move(out));
        self->Read();
      });
    });
  }

 private:
  void Write(std::string bytes) {
    auto data = std::make_shared<std::string>(std::move(bytes));
    asio::async_write(socket_, asio::buffer(*data), [data, self = shared_from_this()](std::error_code, size_t) {});
  }
  void Read() {
    auto self = shared_from_this();
    buf_.resize(8192);
    socket_.async_read_some(asio::buffer(buf_), [self](std::error_code ec, size_t n) {
      if (ec) return;
      self->pending_.append(self->buf_.data(), n);
      std::string out;
      while (self->pending_.size() >= 5) {
        uint32_t len = wire::ReadU32(self->pending_.data() + 1);
        if (len < 4 || self->pending_.size() < len + 1) break;
        char tag = self->pending_[0];
        if (tag == 'Q' || tag == 'S' || tag == 'F') wire::AppendReadyForQuery(&out, 'I');
        self->pending_.erase(0, len + 1);
      }
      if (!out.empty()) self->Write(std::move(out));
      self->Read();
    });
  }
  tcp::socket socket_;
  std::string header_, body_, buf_, pending_;
};

struct World {
  asio::io_context io{1};
  std::unique_ptr<ProxyShared> shared = std::make_unique<ProxyShared>();
  std::unique_ptr<Decider> decider;
  tcp::acceptor proxy{io}, upstream{io};
  uint16_t proxy_port = 0;

  World() {
    SetLogQuiet(true);
    auto engine = Engine::Load(GOVERN_SOURCE_DIR "/tests/fuzz/corpus/bundle/example.bundle", EngineOptions{});
    if (!engine) std::abort();
    Identities ids;
    IdentityEntry e;
    e.name = "fz";
    e.scram = scram::FormatVerifier(scram::DeriveVerifier("pw", "saltsaltsaltsalt", 1));
    e.groups = {"analyst"};
    ids.Put(e);
    shared->config.env = "prod";
    shared->config.database = "db";
    shared->config.user = "up";
    shared->config.startup_timeout_ms = 2000;
    shared->config.max_message_bytes = 1 << 16;
    shared->slot.Set(std::shared_ptr<const Engine>(std::move(*engine)), std::make_shared<const Identities>(ids));
    shared->throttle = std::make_unique<LoginThrottle>(0, std::chrono::minutes(1));
    shared->decoy_secret = "decoy";
    decider = std::make_unique<Decider>(shared->slot);
    tcp::endpoint any(asio::ip::make_address("127.0.0.1"), 0);
    proxy.open(any.protocol());
    proxy.bind(any);
    proxy.listen();
    upstream.open(any.protocol());
    upstream.bind(any);
    upstream.listen();
    proxy_port = proxy.local_endpoint().port();
    shared->upstream_endpoint = upstream.local_endpoint();
  }
  void AcceptOne() {
    proxy.async_accept([this](std::error_code ec, tcp::socket s) {
      if (!ec) std::make_shared<Connection>(io, std::move(s), *shared, *decider)->Start();
    });
    upstream.async_accept([](std::error_code ec, tcp::socket s) {
      if (!ec) std::make_shared<FakeUpstream>(std::move(s))->Start();
    });
  }
};

bool SendAll(int fd, const std::string& s) {
  size_t done = 0;
  while (done < s.size()) {
    ssize_t n = ::send(fd, s.data() + done, s.size() - done, MSG_NOSIGNAL);
    if (n <= 0) return false;
    done += static_cast<size_t>(n);
  }
  return true;
}

// Reads one backend message (blocking, 2 s); false on EOF or timeout.
bool ReadMessage(int fd, char* tag, std::string* body) {
  auto read_exact = [fd](char* p, size_t n) {
    while (n > 0) {
      pollfd pfd{fd, POLLIN, 0};
      if (::poll(&pfd, 1, 2000) <= 0) return false;
      ssize_t r = ::recv(fd, p, n, 0);
      if (r <= 0) return false;
      p += r;
      n -= static_cast<size_t>(r);
    }
    return true;
  };
  char header[5];
  if (!read_exact(header, 5)) return false;
  *tag = header[0];
  uint32_t len = wire::ReadU32(header + 1);
  if (len < 4 || len > (1u << 20)) return false;
  body->resize(len - 4);
  return read_exact(body->data(), body->size());
}

// The client: SCRAM login, the fuzz bytes, half-close, read until EOF.
// Returns false when the proxy did not close within 2 s after the input.
bool Client(uint16_t port, const uint8_t* data, size_t size) {
  int fd = ::socket(AF_INET, SOCK_STREAM, 0);
  sockaddr_in addr{};
  addr.sin_family = AF_INET;
  addr.sin_port = htons(port);
  addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  if (::connect(fd, reinterpret_cast<sockaddr*>(&addr), sizeof addr) != 0) std::abort();
  std::string out;
  wire::AppendStartup(&out, {{"user", "fz"}, {"database", "db"}});
  SendAll(fd, out);
  char tag = 0;
  std::string body;
  bool logged_in = false;
  scram::ClientExchange client("pw");
  while (ReadMessage(fd, &tag, &body)) {
    if (tag == 'R' && body.size() >= 4) {
      uint32_t code = wire::ReadU32(body.data());
      out.clear();
      if (code == 10) wire::AppendSaslInitial(&out, "SCRAM-SHA-256", client.ClientFirst());
      if (code == 11) {
        auto final_message = client.ServerFirst(std::string_view(body).substr(4));
        if (!final_message) std::abort();
        wire::AppendSaslResponse(&out, *final_message);
      }
      if (!out.empty()) SendAll(fd, out);
    } else if (tag == 'Z') {
      logged_in = true;
      break;
    } else if (tag == 'E') {
      break;
    }
  }
  if (!logged_in) std::abort();  // the harness's own login must work
  SendAll(fd, std::string(reinterpret_cast<const char*>(data), size));
  ::shutdown(fd, SHUT_WR);
  bool closed = false;
  char buf[4096];
  auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(2);
  while (std::chrono::steady_clock::now() < deadline) {
    pollfd pfd{fd, POLLIN, 0};
    if (::poll(&pfd, 1, 100) <= 0) continue;
    ssize_t r = ::recv(fd, buf, sizeof buf, 0);
    if (r <= 0) {
      closed = true;
      break;
    }
  }
  ::close(fd);
  return closed;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  static World* world = new World();  // lives for the process
  world->AcceptOne();
  std::atomic<bool> done{false};
  bool closed = false;
  std::thread client([&] {
    closed = Client(world->proxy_port, data, size);
    done = true;
  });
  while (!done) world->io.run_for(std::chrono::milliseconds(5));
  client.join();
  // Let the connection's handlers finish (sockets close, objects go).
  world->io.run_for(std::chrono::milliseconds(5));
  world->io.restart();
  if (!closed) std::abort();  // the session hung after the client left
  return 0;
}
