// AdminServer: the HTTP endpoint on admin_listen: GET /healthz (200 "ok"
// while serving, 503 while draining), GET /metrics (Prometheus text format)
// the approvals API (admin/approvals_api.h) and, with [audit], the web console
// over the trail (admin/console/console_app.h). It runs on its own
// thread (http::HttpServer), never on the proxy's event loops.
#pragma once

#include <asio/io_context.hpp>
#include <asio/ip/tcp.hpp>
#include <memory>
#include <string>

#include "admin/console/console_app.h"
#include "admin/http/http_server.h"
#include "core/status.h"
#include "shared.h"

namespace govern::proxy {

class AdminServer {
 public:
  AdminServer(asio::io_context& io, ProxyShared& shared);
  ~AdminServer();
  Status Listen(const asio::ip::tcp::endpoint& endpoint);
  void Stop();
  // The body of GET /metrics.
  static std::string MetricsText(const ProxyShared& shared);
  // The decision-latency histogram as the console's JSON:
  // {"bounds_ns":[...],"counts":[...],"count":N,"p50_le_ns":B}.
  static std::string LatencyJson(const Metrics& metrics);

 private:
  http::HttpResponse Handle(const http::HttpRequest& request);
  ProxyShared& shared_;
  std::unique_ptr<console::ConsoleHost> console_;  // with [audit]: the console over its trail
  http::HttpServer server_;
};

}  // namespace govern::proxy
