// ProxyShared: what every connection of one proxy process reads: the config,
// the engine (bundle + catalog), identities, the cancel map, counters.
// Immutable after start except the atomics and the cancel registry.
#pragma once

#include <asio/ip/tcp.hpp>
#include <atomic>
#include <memory>
#include <string>

#include "auth/identities.h"
#include "config.h"
#include "govern/govern.h"
#include "session/cancel_registry.h"

namespace govern::proxy {

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
};

struct ProxyShared {
  ProxyConfig config;
  std::string upstream_password;  // never logged
  std::shared_ptr<const Engine> engine;
  Identities identities;
  CancelRegistry cancels;
  Metrics metrics;
  asio::ip::tcp::endpoint upstream_endpoint;
  std::string decoy_secret;  // salts for unknown users' decoy SCRAM exchanges
  std::atomic<bool> draining{false};
};

}  // namespace govern::proxy
