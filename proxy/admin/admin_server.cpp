#include "admin/admin_server.h"

#include "admin/approvals_api.h"
#include "admin/console_approvals.h"
#include "approvals/approval_service.h"

#include <array>
#include <cstdio>

namespace govern::proxy {

AdminServer::AdminServer(asio::io_context&, ProxyShared& shared)
    : shared_(shared),
      server_([this](const http::HttpRequest& request, const std::string&, http::HttpServer::Reply reply) {
        if (IsApprovalsTarget(request.path)) {  // answered later, from the approval worker
          HandleApprovalsApi(server_.io(), shared_, request, std::move(reply));
          return;
        }
        reply(Handle(request));
      }) {}

AdminServer::~AdminServer() { server_.Stop(); }

Status AdminServer::Listen(const asio::ip::tcp::endpoint& endpoint) {
  const ProxyConfig& config = shared_.config;
  if (!config.audit.dir.empty() && !console_) {
    console::ConsoleOptions options;
    options.identities = [this] { return shared_.slot.identities(); };
    options.local_latency_json = [this] { return LatencyJson(shared_.metrics); };
    if (shared_.approvals) options.approvals = ConsoleApprovals(*shared_.approvals);
    console_ = console::ConsoleHost::Start(config.audit.dir, config.audit.dsn, std::move(options));
  }
  if (Status s = server_.Listen(endpoint); !s.ok()) return Status::Error("admin_listen: " + s.message());
  return Status::Ok();
}

void AdminServer::Stop() { server_.Stop(); }

http::HttpResponse AdminServer::Handle(const http::HttpRequest& request) {
  bool get = request.method == "GET" || request.method == "HEAD";
  if (request.path == "/healthz" && get) {
    if (shared_.draining.load()) return http::HttpResponse::Text(503, "draining\n");
    return http::HttpResponse::Text(200, "ok\n");
  }
  if (request.path == "/metrics" && get) {
    http::HttpResponse r = http::HttpResponse::Text(200, MetricsText(shared_));
    r.content_type = "text/plain; version=0.0.4";
    return r;
  }
  http::HttpResponse response;
  if (console_ && console_->app->Handle(request, &response)) return response;
  return http::HttpResponse::Text(404, "not found\n");
}

std::string AdminServer::LatencyJson(const Metrics& m) {
  std::string bounds, counts;
  uint64_t total = 0;
  std::array<uint64_t, Metrics::kLatencyBoundsNs.size() + 1> c{};
  for (size_t i = 0; i < c.size(); ++i) total += c[i] = m.latency_buckets[i].load();
  uint64_t cumulative = 0, p50 = 0;
  bool found = false;
  for (size_t i = 0; i < c.size(); ++i) {
    if (i < Metrics::kLatencyBoundsNs.size()) bounds += (i ? "," : "") + std::to_string(Metrics::kLatencyBoundsNs[i]);
    counts += (i ? "," : "") + std::to_string(c[i]);
    cumulative += c[i];
    if (!found && total && cumulative * 2 >= total) {
      found = true;
      p50 = i < Metrics::kLatencyBoundsNs.size() ? Metrics::kLatencyBoundsNs[i] : Metrics::kLatencyBoundsNs.back();
    }
  }
  return "{\"bounds_ns\":[" + bounds + "],\"counts\":[" + counts + "],\"count\":" + std::to_string(total) +
         ",\"p50_le_ns\":" + std::to_string(p50) + "}";
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

}  // namespace govern::proxy
