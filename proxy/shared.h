// ProxyShared: what every connection of one proxy process reads: the config,
// the engine (bundle + catalog), identities, the cancel map, counters.
// Immutable after start except the atomics and the cancel registry.
#pragma once

#include <asio/ip/tcp.hpp>
#include <asio/ssl/context.hpp>
#include <array>
#include <atomic>
#include <map>
#include <memory>
#include <mutex>
#include <string>

#include "auth/identities.h"
#include "auth/login_throttle.h"
#include "config.h"
#include "engine_slot.h"
#include "govern/govern.h"
#include "session/cancel_registry.h"
#include "stages/audit_trail.h"

namespace govern::proxy {

class ApprovalService;
class OriginResolver;

struct Metrics {
  std::atomic<uint64_t> connections_total{0};
  std::atomic<int64_t> connections_active{0};
  std::atomic<uint64_t> logins_failed{0};
  std::atomic<uint64_t> statements_allowed{0};
  std::atomic<uint64_t> statements_denied{0};
  std::atomic<uint64_t> statements_approval{0};
  std::atomic<uint64_t> shadow_would_deny{0};
  std::atomic<uint64_t> protocol_errors{0};
  std::atomic<uint64_t> bytes_from_clients{0};
  std::atomic<uint64_t> bytes_from_upstream{0};

  // Decision latency (analysis + decision of one text, cache hits included).
  static constexpr std::array<uint64_t, 11> kLatencyBoundsNs = {1000,   2000,   5000,    10000,   20000,  50000,
                                                                100000, 200000, 500000, 1000000, 5000000};
  std::array<std::atomic<uint64_t>, kLatencyBoundsNs.size() + 1> latency_buckets{};
  std::atomic<uint64_t> latency_sum_ns{0};
  std::atomic<uint64_t> latency_count{0};
  void ObserveDecision(uint64_t ns) {
    size_t i = 0;
    while (i < kLatencyBoundsNs.size() && ns > kLatencyBoundsNs[i]) ++i;
    latency_buckets[i].fetch_add(1, std::memory_order_relaxed);
    latency_sum_ns.fetch_add(ns, std::memory_order_relaxed);
    latency_count.fetch_add(1, std::memory_order_relaxed);
  }

  // Refusals by decision and rule (rare: a lock is fine).
  mutable std::mutex rules_mutex;
  std::map<std::pair<std::string, std::string>, uint64_t> refusals;  // (decision, rule) -> count
  void CountRefusal(const std::string& decision, const std::string& rule) {
    std::lock_guard<std::mutex> lock(rules_mutex);
    ++refusals[{decision, rule}];
  }
};

struct ProxyShared {
  ProxyConfig config;
  std::string upstream_password;  // never logged
  std::string hash_key;           // [masking] hash_key_file: the `hash` masks' HMAC key; never logged
  EngineSlot slot;  // engine (bundle + catalog) and identities; SIGHUP swaps them
  CancelRegistry cancels;
  Metrics metrics;
  asio::ip::tcp::endpoint upstream_endpoint;
  std::shared_ptr<asio::ssl::context> tls_context;  // [tls]: client connections may (or must) use TLS
  std::shared_ptr<asio::ssl::context> upstream_tls_context;  // [upstream] tls other than disable
  std::string decoy_secret;
  std::unique_ptr<LoginThrottle> throttle;  // salts for unknown users' decoy SCRAM exchanges
  std::atomic<bool> draining{false};
  std::unique_ptr<ApprovalService> approvals;  // [approvals]; null: approvals refused
  std::unique_ptr<OriginResolver> origins;     // RowDescription origins of masked results (stages/origin_resolver.h)
  // Connections with DDL forwarded and not yet settled (committed or rolled
  // back, and published to the catalog): while any, masked results look
  // their relations up afresh instead of from the resolver's cache (an
  // implicit transaction's DDL commits before the proxy hears of it, and a
  // statement it blocked can answer first).
  std::atomic<int> ddl_in_flight{0};
  ~ProxyShared();
  std::unique_ptr<AuditTrail> audit;  // [audit]; null without
};

}  // namespace govern::proxy
