#include "admin/http/http_server.h"

#include <asio/post.hpp>
#include <asio/steady_timer.hpp>
#include <asio/write.hpp>
#include <exception>
#include <memory>

namespace govern::proxy::http {

class HttpServer::Connection : public std::enable_shared_from_this<HttpServer::Connection> {
 public:
  Connection(HttpServer& server, asio::ip::tcp::socket socket)
      : server_(server), socket_(std::move(socket)), timer_(server.io_) {}
  ~Connection() { server_.open_.fetch_sub(1); }

  void Start() {
    std::error_code ec;
    auto remote = socket_.remote_endpoint(ec);
    if (!ec) peer_ = remote.address().to_string() + ":" + std::to_string(remote.port());
    timer_.expires_after(server_.request_timeout);
    timer_.async_wait([self = shared_from_this()](std::error_code tec) {
      if (!tec) self->Close();  // too slow: a client that never finishes its request
    });
    Read();
  }

 private:
  void Read() {
    socket_.async_read_some(asio::buffer(chunk_), [self = shared_from_this()](std::error_code ec, size_t n) {
      if (ec) return self->Close();
      self->buffer_.append(self->chunk_.data(), n);
      HttpRequest request;
      ParseResult r = ParseHttpRequest(self->buffer_, self->server_.limits, &request);
      switch (r.state) {
        case ParseState::kIncomplete:
          return self->Read();
        case ParseState::kError: {
          HttpResponse response = HttpResponse::Text(r.status, std::string(r.reason) + "\n");
          return self->Write(response.Serialize());
        }
        case ParseState::kComplete: {
          bool head = request.method == "HEAD";
          auto reply = [self, head](HttpResponse response) {
            response.head_only = head;
            asio::post(self->server_.io_, [self, bytes = response.Serialize()]() mutable { self->Write(std::move(bytes)); });
          };
          try {
            self->server_.handler_(request, self->peer_, reply);
          } catch (const std::exception&) {
            reply(HttpResponse::Text(500, "internal error\n"));
          }
          return;
        }
      }
    });
  }

  void Write(std::string bytes) {
    out_ = std::move(bytes);
    asio::async_write(socket_, asio::buffer(out_), [self = shared_from_this()](std::error_code, size_t) { self->Close(); });
  }

  void Close() {
    std::error_code ignored;
    timer_.cancel();
    socket_.shutdown(asio::ip::tcp::socket::shutdown_both, ignored);
    socket_.close(ignored);
  }

  HttpServer& server_;
  asio::ip::tcp::socket socket_;
  asio::steady_timer timer_;
  std::array<char, 4096> chunk_{};
  std::string buffer_, out_, peer_;
};

Status HttpServer::Listen(const asio::ip::tcp::endpoint& endpoint) {
  std::error_code ec;
  acceptor_.open(endpoint.protocol(), ec);
  if (!ec) acceptor_.set_option(asio::ip::tcp::acceptor::reuse_address(true), ec);
  if (!ec) acceptor_.bind(endpoint, ec);
  if (!ec) acceptor_.listen(64, ec);
  if (ec)
    return Status::Error("cannot listen on " + endpoint.address().to_string() + ":" + std::to_string(endpoint.port()) +
                         ": " + ec.message());
  port_ = acceptor_.local_endpoint(ec).port();
  Accept();
  thread_ = std::thread([this] { io_.run(); });
  return Status::Ok();
}

void HttpServer::Stop() {
  if (!thread_.joinable()) return;
  asio::post(io_, [this] {
    std::error_code ignored;
    acceptor_.close(ignored);
    io_.stop();
  });
  thread_.join();
}

void HttpServer::Accept() {
  acceptor_.async_accept([this](std::error_code ec, asio::ip::tcp::socket socket) {
    if (ec == asio::error::operation_aborted || !acceptor_.is_open()) return;
    if (!ec) {
      if (open_.fetch_add(1) >= max_connections) {
        open_.fetch_sub(1);
        std::error_code ignored;
        socket.close(ignored);
      } else {
        std::make_shared<Connection>(*this, std::move(socket))->Start();
      }
    }
    Accept();
  });
}

}  // namespace govern::proxy::http
