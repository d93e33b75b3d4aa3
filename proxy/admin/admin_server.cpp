#include "admin/admin_server.h"

#include "admin/approvals_api.h"

#include <asio/read_until.hpp>
#include <asio/streambuf.hpp>
#include <asio/write.hpp>
#include <cstdio>
#include <memory>

namespace govern::proxy {

Status AdminServer::Listen(const asio::ip::tcp::endpoint& endpoint) {
  std::error_code ec;
  acceptor_.open(endpoint.protocol(), ec);
  if (!ec) acceptor_.set_option(asio::ip::tcp::acceptor::reuse_address(true), ec);
  if (!ec) acceptor_.bind(endpoint, ec);
  if (!ec) acceptor_.listen(64, ec);
  if (ec) return Status::Error("cannot listen on admin " + endpoint.address().to_string() + ":" +
                               std::to_string(endpoint.port()) + ": " + ec.message());
  Accept();
  return Status::Ok();
}

void AdminServer::Stop() {
  std::error_code ec;
  acceptor_.close(ec);
}

std::string AdminServer::MetricsText(const ProxyShared& s) {
  const Metrics& m = s.metrics;
  std::string out;
  auto metric = [&](const char* name, const char* type, const char* help, const std::string& samples) {
    out += std::string("# HELP ") + name + " " + help + "\n# TYPE " + name + " " + type + "\n" + samples;
  };
  auto one = [](const char* name, uint64_t v) { return std::string(name) + " " + std::to_string(v) + "\n"; };
  metric("govern_proxy_connections_total", "counter", "Client connections accepted.",
         one("govern_proxy_connections_total", m.connections_total.load()));
  metric("govern_proxy_connections_active", "gauge", "Client connections open now.",
         one("govern_proxy_connections_active", static_cast<uint64_t>(std::max<int64_t>(0, m.connections_active.load()))));
  metric("govern_proxy_logins_failed_total", "counter", "Failed client logins.",
         one("govern_proxy_logins_failed_total", m.logins_failed.load()));
  metric("govern_proxy_statements_total", "counter", "Statements decided, by decision.",
         "govern_proxy_statements_total{decision=\"allow\"} " + std::to_string(m.statements_allowed.load()) +
             "\ngovern_proxy_statements_total{decision=\"deny\"} " + std::to_string(m.statements_denied.load()) +
             "\ngovern_proxy_statements_total{decision=\"require_approval\"} " +
             std::to_string(m.statements_approval.load()) + "\n");
  metric("govern_proxy_shadow_would_block_total", "counter", "Refusals not enforced because mode is shadow.",
         one("govern_proxy_shadow_would_block_total", m.shadow_would_deny.load()));
  metric("govern_proxy_protocol_errors_total", "counter", "Connections closed for malformed client messages.",
         one("govern_proxy_protocol_errors_total", m.protocol_errors.load()));
  if (s.audit)
    metric("govern_audit_write_failures_total", "counter", "Audit batches that could not be written (docs/audit.md).",
           one("govern_audit_write_failures_total", s.audit->failures()));
  metric("govern_proxy_bytes_total", "counter", "Bytes read, by side.",
         "govern_proxy_bytes_total{from=\"client\"} " + std::to_string(m.bytes_from_clients.load()) +
             "\ngovern_proxy_bytes_total{from=\"upstream\"} " + std::to_string(m.bytes_from_upstream.load()) + "\n");
  std::string buckets;
  uint64_t cumulative = 0;
  for (size_t i = 0; i < Metrics::kLatencyBoundsNs.size(); ++i) {
    cumulative += m.latency_buckets[i].load();
    char le[32];
    std::snprintf(le, sizeof le, "%g", static_cast<double>(Metrics::kLatencyBoundsNs[i]) / 1e9);
    buckets += "govern_proxy_decision_seconds_bucket{le=\"" + std::string(le) + "\"} " + std::to_string(cumulative) + "\n";
  }
  cumulative += m.latency_buckets.back().load();
  buckets += "govern_proxy_decision_seconds_bucket{le=\"+Inf\"} " + std::to_string(cumulative) + "\n";
  char sum[48];
  std::snprintf(sum, sizeof sum, "%.9f", static_cast<double>(m.latency_sum_ns.load()) / 1e9);
  buckets += "govern_proxy_decision_seconds_sum " + std::string(sum) + "\n";
  buckets += "govern_proxy_decision_seconds_count " + std::to_string(m.latency_count.load()) + "\n";
  metric("govern_proxy_decision_seconds", "histogram", "Time to decide one text (analysis and decision, cache hits included).",
         buckets);
  std::string rules;
  {
    std::lock_guard<std::mutex> lock(m.rules_mutex);
    for (const auto& [key, count] : m.refusals)
      rules += "govern_proxy_refusals_total{decision=\"" + key.first + "\",rule=\"" + key.second + "\"} " +
               std::to_string(count) + "\n";
  }
  metric("govern_proxy_refusals_total", "counter", "Refusals (or shadow would-refusals) by decision and rule.", rules);
  return out;
}

namespace {

using Socket = std::shared_ptr<asio::ip::tcp::socket>;

void Respond(const Socket& sock, const std::string& status, const std::string& type, const std::string& body,
             const std::string& extra_headers = "") {
  auto response = std::make_shared<std::string>("HTTP/1.0 " + status + "\r\nContent-Type: " + type +
                                                "\r\nContent-Length: " + std::to_string(body.size()) + "\r\n" +
                                                extra_headers + "Connection: close\r\n\r\n" + body);
  asio::async_write(*sock, asio::buffer(*response), [sock, response](std::error_code, size_t) {
    std::error_code ignored;
    sock->shutdown(asio::ip::tcp::socket::shutdown_both, ignored);
    sock->close(ignored);
  });
}

// The value of header `name` (lower case) in the request head, or "".
std::string Header(const std::string& request, std::string_view name) {
  size_t pos = request.find("\r\n");
  while (pos != std::string::npos && pos + 2 < request.size()) {
    size_t end = request.find("\r\n", pos + 2);
    if (end == std::string::npos) break;
    std::string_view line(request.data() + pos + 2, end - pos - 2);
    size_t colon = line.find(':');
    if (colon == name.size()) {
      bool same = true;
      for (size_t i = 0; i < colon && same; ++i) same = (line[i] | 0x20) == name[i];
      if (same) {
        std::string_view v = line.substr(colon + 1);
        while (!v.empty() && v.front() == ' ') v.remove_prefix(1);
        return std::string(v);
      }
    }
    pos = end;
  }
  return "";
}

}  // namespace

void AdminServer::Accept() {
  acceptor_.async_accept([this](std::error_code ec, asio::ip::tcp::socket socket) {
    if (ec) return;  // closed
    auto sock = std::make_shared<asio::ip::tcp::socket>(std::move(socket));
    auto buf = std::make_shared<asio::streambuf>(8192);
    asio::async_read_until(*sock, *buf, "\r\n\r\n", [this, sock, buf](std::error_code rec, size_t) {
      std::string status = "200 OK", body, type = "text/plain; version=0.0.4";
      if (rec) {
        status = "400 Bad Request";
        body = "bad request\n";
      } else {
        std::string request(asio::buffers_begin(buf->data()), asio::buffers_end(buf->data()));
        std::string line = request.substr(0, request.find("\r\n"));
        size_t sp1 = line.find(' '), sp2 = line.rfind(' ');
        std::string method = line.substr(0, sp1);
        std::string target = sp1 < sp2 ? line.substr(sp1 + 1, sp2 - sp1 - 1) : "";
        if (line.rfind("GET /healthz ", 0) == 0) {
          if (shared_.draining.load()) status = "503 Service Unavailable", body = "draining\n";
          else body = "ok\n";
        } else if (line.rfind("GET /metrics ", 0) == 0) {
          body = MetricsText(shared_);
        } else if (IsApprovalsTarget(target)) {
          HandleApprovalsApi(io_, shared_, method, target, Header(request, "authorization"), [sock](AdminReply r) {
            Respond(sock, r.status, "application/json", r.body + "\n",
                    r.challenge ? "WWW-Authenticate: Basic realm=\"govern\", charset=\"UTF-8\"\r\n" : "");
          });
          return;
        } else {
          status = "404 Not Found";
          body = "not found\n";
        }
      }
      Respond(sock, status, type, body);
    });
    Accept();
  });
}

}  // namespace govern::proxy
