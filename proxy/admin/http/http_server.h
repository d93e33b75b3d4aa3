// HttpServer: the admin listener's HTTP loop on its own thread and io_context,
// so nothing the console computes ever delays a client's statements on the
// proxy's event loops. Handlers answer now or later (a worker's callback). One request per connection (Connection: close); a
// request must arrive complete within `request_timeout`; at most
// `max_connections` are open at once (more are closed on accept).
#pragma once

#include <asio/io_context.hpp>
#include <asio/ip/tcp.hpp>
#include <atomic>
#include <chrono>
#include <functional>
#include <string>
#include <thread>

#include "admin/http/http_request.h"
#include "admin/http/http_response.h"
#include "core/status.h"

namespace govern::proxy::http {

class HttpServer {
 public:
  // Sends the response; may be called once, from any thread, now or later.
  using Reply = std::function<void(HttpResponse)>;
  // Runs on the server's thread; `peer` is the client's address "ip:port".
  using Handler = std::function<void(const HttpRequest& request, const std::string& peer, Reply reply)>;

  explicit HttpServer(Handler handler) : handler_(std::move(handler)), acceptor_(io_) {}
  ~HttpServer() { Stop(); }
  HttpServer(const HttpServer&) = delete;
  HttpServer& operator=(const HttpServer&) = delete;

  // Binds and starts the thread.
  Status Listen(const asio::ip::tcp::endpoint& endpoint);
  // The port actually bound (after Listen; useful with port 0).
  uint16_t port() const { return port_; }
  // Closes the listener, ends the thread. Idempotent.
  void Stop();
  asio::io_context& io() { return io_; }

  HttpLimits limits;
  std::chrono::milliseconds request_timeout{10000};
  int max_connections = 256;

 private:
  class Connection;
  void Accept();

  // Connections still queued when the io_context is destroyed touch open_: it is declared first.
  std::atomic<int> open_{0};
  Handler handler_;
  asio::io_context io_{1};
  asio::ip::tcp::acceptor acceptor_;
  std::thread thread_;
  uint16_t port_ = 0;
};

}  // namespace govern::proxy::http
