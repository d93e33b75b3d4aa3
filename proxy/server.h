// The proxy process: N event loops (one io_context per thread, no thread per
// connection), a listener that hands accepted sockets to the loops in turn,
// SIGTERM/SIGINT drain, and the admin endpoint.
#pragma once

#include <functional>
#include <memory>

#include "config.h"
#include "govern/govern.h"

namespace govern::proxy {

// Builds the engine for a config; the CLI passes one that can also compile
// [policies] sources (the proxy itself links the runtime only).
using EngineFactory = std::function<Expected<std::unique_ptr<Engine>>(const ProxyConfig&)>;

// The runtime-only factory: [policies] bundle (+ verify_key) and [catalog]
// sources (+ pull).
Expected<std::unique_ptr<Engine>> LoadBundleEngine(const ProxyConfig& config);

// A libpq connection string for the proxy's own upstream login (catalog pull,
// origin lookups); holds the password: never log it.
std::string UpstreamConnInfo(const ProxyConfig& config, std::string_view password, std::string_view application);

// The engine options of a config: catalog sources, and with [catalog] pull =
// true the live catalog read from upstream with the proxy's own login (written
// to a temporary JSON file first in the list; *pulled names it, to be removed
// once the engine is loaded).
Expected<EngineOptions> EngineOptionsFor(const ProxyConfig& config, std::string* pulled);

// Everything `govern proxy --check` verifies: the config, the bundle or
// policies, the catalog, the identities file, the upstream password file.
Status CheckProxy(const ProxyConfig& config, const EngineFactory& factory);

// Runs until SIGTERM/SIGINT; returns the process exit code.
int RunProxy(const ProxyConfig& config, const EngineFactory& factory);

}  // namespace govern::proxy
