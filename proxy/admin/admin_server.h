// AdminServer: a minimal HTTP/1.0 endpoint on admin_listen: GET /healthz
// (200 "ok" while serving, 503 while draining), GET /metrics (Prometheus
// text format) and the approvals API (admin/approvals_api.h). One request per
// connection, no request body; requests over 8 KiB are refused.
#pragma once

#include <asio/io_context.hpp>
#include <asio/ip/tcp.hpp>
#include <string>

#include "core/status.h"
#include "shared.h"

namespace govern::proxy {

class AdminServer {
 public:
  AdminServer(asio::io_context& io, ProxyShared& shared) : io_(io), acceptor_(io), shared_(shared) {}
  Status Listen(const asio::ip::tcp::endpoint& endpoint);
  void Stop();
  // The body of GET /metrics.
  static std::string MetricsText(const ProxyShared& shared);

 private:
  void Accept();
  asio::io_context& io_;
  asio::ip::tcp::acceptor acceptor_;
  ProxyShared& shared_;
};

}  // namespace govern::proxy
