#include "approvals/http_client.h"

#include <netdb.h>
#include <openssl/err.h>
#include <openssl/ssl.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <cctype>
#include <cerrno>
#include <cstdlib>
#include <chrono>
#include <cstring>
#include <fcntl.h>
#include <memory>

namespace govern::proxy {
namespace {

using Clock = std::chrono::steady_clock;

struct Conn {
  int fd = -1;
  SSL_CTX* ctx = nullptr;
  SSL* ssl = nullptr;
  Clock::time_point deadline;
  ~Conn() {
    if (ssl) SSL_free(ssl);
    if (ctx) SSL_CTX_free(ctx);
    if (fd >= 0) ::close(fd);
  }
  int Left() const {
    auto ms = std::chrono::duration_cast<std::chrono::milliseconds>(deadline - Clock::now()).count();
    return ms > 0 ? static_cast<int>(ms) : 0;
  }
  bool Wait(short events) const {
    pollfd p{fd, events, 0};
    return ::poll(&p, 1, Left()) > 0;
  }
  // Non-blocking socket; TLS retries wait for the direction OpenSSL asks for.
  bool Write(const std::string& data) {
    size_t off = 0;
    while (off < data.size()) {
      ssize_t n;
      if (ssl) {
        int r = SSL_write(ssl, data.data() + off, static_cast<int>(data.size() - off));
        if (r <= 0) {
          int e = SSL_get_error(ssl, r);
          if ((e == SSL_ERROR_WANT_READ && Wait(POLLIN)) || (e == SSL_ERROR_WANT_WRITE && Wait(POLLOUT))) continue;
          return false;
        }
        n = r;
      } else {
        n = ::send(fd, data.data() + off, data.size() - off, MSG_NOSIGNAL);
        if (n < 0) {
          if ((errno == EAGAIN || errno == EINTR) && Wait(POLLOUT)) continue;
          return false;
        }
      }
      off += static_cast<size_t>(n);
    }
    return true;
  }
  // Appends what arrives; 0 at the end of the stream, -1 on error or timeout.
  int Read(std::string* out) {
    char buf[16384];
    for (;;) {
      if (ssl) {
        int r = SSL_read(ssl, buf, sizeof buf);
        if (r > 0) {
          out->append(buf, static_cast<size_t>(r));
          return r;
        }
        int e = SSL_get_error(ssl, r);
        if (e == SSL_ERROR_ZERO_RETURN) return 0;
        if ((e == SSL_ERROR_WANT_READ && Wait(POLLIN)) || (e == SSL_ERROR_WANT_WRITE && Wait(POLLOUT))) continue;
        return e == SSL_ERROR_SYSCALL && ERR_peek_error() == 0 ? 0 : -1;
      }
      ssize_t n = ::recv(fd, buf, sizeof buf, 0);
      if (n > 0) {
        out->append(buf, static_cast<size_t>(n));
        return static_cast<int>(n);
      }
      if (n == 0) return 0;
      if ((errno == EAGAIN || errno == EINTR) && Wait(POLLIN)) continue;
      return -1;
    }
  }
};

Status Connect(Conn* c, const HttpUrl& url) {
  addrinfo hints{};
  hints.ai_socktype = SOCK_STREAM;
  addrinfo* res = nullptr;
  if (int rc = ::getaddrinfo(url.host.c_str(), url.port.c_str(), &hints, &res); rc != 0)
    return Status::Error("cannot resolve " + url.host + ": " + gai_strerror(rc));
  std::unique_ptr<addrinfo, decltype(&::freeaddrinfo)> hold(res, ::freeaddrinfo);
  std::string last = "no address";
  for (addrinfo* a = res; a != nullptr; a = a->ai_next) {
    int fd = ::socket(a->ai_family, a->ai_socktype | SOCK_NONBLOCK | SOCK_CLOEXEC, a->ai_protocol);
    if (fd < 0) continue;
    if (::connect(fd, a->ai_addr, a->ai_addrlen) == 0 || errno == EINPROGRESS) {
      c->fd = fd;
      int err = 0;
      socklen_t len = sizeof err;
      if (c->Wait(POLLOUT) && ::getsockopt(fd, SOL_SOCKET, SO_ERROR, &err, &len) == 0 && err == 0) break;
      last = err ? std::strerror(err) : "timed out";
      c->fd = -1;
    } else {
      last = std::strerror(errno);
    }
    ::close(fd);
  }
  if (c->fd < 0) return Status::Error("cannot connect to " + url.host + ":" + url.port + ": " + last);
  if (!url.tls) return Status::Ok();
  c->ctx = SSL_CTX_new(TLS_client_method());
  if (c->ctx == nullptr) return Status::Error("TLS: cannot create a context");
  SSL_CTX_set_default_verify_paths(c->ctx);
  SSL_CTX_set_verify(c->ctx, SSL_VERIFY_PEER, nullptr);
  c->ssl = SSL_new(c->ctx);
  SSL_set_fd(c->ssl, c->fd);
  SSL_set_tlsext_host_name(c->ssl, url.host.c_str());
  SSL_set1_host(c->ssl, url.host.c_str());
  for (;;) {
    int r = SSL_connect(c->ssl);
    if (r == 1) return Status::Ok();
    int e = SSL_get_error(c->ssl, r);
    if ((e == SSL_ERROR_WANT_READ && c->Wait(POLLIN)) || (e == SSL_ERROR_WANT_WRITE && c->Wait(POLLOUT))) continue;
    return Status::Error("TLS handshake with " + url.host + " failed (certificate not trusted, or timed out)");
  }
}

}  // namespace

Expected<HttpUrl> ParseHttpUrl(const std::string& url) {
  HttpUrl u;
  std::string rest;
  if (url.rfind("http://", 0) == 0) rest = url.substr(7);
  else if (url.rfind("https://", 0) == 0) rest = url.substr(8), u.tls = true;
  else return Status::Error("`" + url + "` is not an http:// or https:// URL");
  size_t slash = rest.find('/');
  std::string hostport = rest.substr(0, slash);
  u.path = slash == std::string::npos ? "/" : rest.substr(slash);
  if (hostport.find('@') != std::string::npos) return Status::Error("credentials in a URL are not accepted");
  size_t colon = hostport.rfind(':');
  if (colon != std::string::npos && hostport.find(']', colon) == std::string::npos) {
    u.host = hostport.substr(0, colon);
    u.port = hostport.substr(colon + 1);
  } else {
    u.host = hostport;
    u.port = u.tls ? "443" : "80";
  }
  if (u.host.size() > 2 && u.host.front() == '[' && u.host.back() == ']') u.host = u.host.substr(1, u.host.size() - 2);
  if (u.host.empty() || u.port.empty()) return Status::Error("`" + url + "`: no host");
  return u;
}

Expected<HttpResponse> HttpRequest(const std::string& method, const HttpUrl& url, const std::string& path_and_query,
                                   const std::vector<std::pair<std::string, std::string>>& headers,
                                   const std::string& body, int timeout_ms) {
  Conn c;
  c.deadline = Clock::now() + std::chrono::milliseconds(timeout_ms);
  if (Status s = Connect(&c, url); !s.ok()) return s;
  std::string request = method + " " + path_and_query + " HTTP/1.1\r\nHost: " + url.host + ":" + url.port +
                        "\r\nConnection: close\r\nContent-Length: " + std::to_string(body.size()) + "\r\n";
  for (const auto& [name, value] : headers) request += name + ": " + value + "\r\n";
  request += "\r\n" + body;
  if (!c.Write(request)) return Status::Error("cannot send to " + url.host + ":" + url.port);
  std::string in;
  int r;
  while ((r = c.Read(&in)) > 0) {
    if (in.size() > (16u << 20)) return Status::Error("response too large");
  }
  if (r < 0 && in.find("\r\n\r\n") == std::string::npos)
    return Status::Error("no response from " + url.host + ":" + url.port + " (timed out or reset)");
  HttpResponse out;
  size_t end = in.find("\r\n\r\n");
  if (in.rfind("HTTP/1.", 0) != 0 || end == std::string::npos || in.size() < 12)
    return Status::Error("malformed HTTP response from " + url.host + ":" + url.port);
  out.status = std::atoi(in.c_str() + 9);
  out.body = in.substr(end + 4);
  // Chunked bodies (HTTP/1.1 servers may send them even with Connection: close).
  std::string head = in.substr(0, end);
  for (char& ch : head) ch = static_cast<char>(std::tolower(static_cast<unsigned char>(ch)));
  if (head.find("transfer-encoding: chunked") != std::string::npos) {
    std::string raw = std::move(out.body), decoded;
    size_t pos = 0;
    while (pos < raw.size()) {
      size_t eol = raw.find("\r\n", pos);
      if (eol == std::string::npos) break;
      size_t n = std::strtoul(raw.substr(pos, eol - pos).c_str(), nullptr, 16);
      if (n == 0 || eol + 2 + n > raw.size()) break;
      decoded += raw.substr(eol + 2, n);
      pos = eol + 2 + n + 2;
    }
    out.body = std::move(decoded);
  }
  return out;
}

}  // namespace govern::proxy
