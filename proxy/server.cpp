#include "server.h"

#include "stages/mask_key.h"

#include <asio/io_context.hpp>
#include <asio/ip/tcp.hpp>
#include <asio/signal_set.hpp>
#include <asio/ssl/context.hpp>
#include <asio/ssl/host_name_verification.hpp>
#include <asio/steady_timer.hpp>
#include <cerrno>
#include <cstring>
#include <fstream>
#include <sstream>
#include <thread>
#include <vector>

#include <unistd.h>

#include "admin/admin_server.h"
#include "approvals/approval_service.h"
#include "stages/audit_approvals.h"
#include "stages/origin_resolver.h"
#include "catalog/loaders.h"
#include "auth/scram.h"
#include "log.h"
#include "session/connection.h"
#include "session/decider.h"
#include "shared.h"
#include "stages/audit_statements.h"
#include "audit/record.h"
#include "bundle/crypto.h"

namespace govern::proxy {
namespace {

Expected<std::string> ReadPasswordFile(const std::string& path) {
  if (path.empty()) return std::string();
  std::ifstream in(path, std::ios::binary);
  if (!in) return Status::Error("cannot read upstream.password_file " + path + ": " + std::strerror(errno));
  std::stringstream ss;
  ss << in.rdbuf();
  std::string pw = ss.str();
  while (!pw.empty() && (pw.back() == '\n' || pw.back() == '\r')) pw.pop_back();
  return pw;
}

Expected<asio::ip::tcp::endpoint> Resolve(const HostPort& hp) {
  asio::io_context io;
  asio::ip::tcp::resolver resolver(io);
  std::error_code ec;
  auto results = resolver.resolve(hp.host, std::to_string(hp.port), ec);
  if (ec || results.empty()) return Status::Error("cannot resolve " + hp.host + ": " + ec.message());
  return results.begin()->endpoint();
}

// SIGHUP: proxy.toml's [approvals] read again and applied to what starts from
// now on (ApprovalService::Reconfigure). "reloaded", or why the running
// settings were kept; "" without approvals.
std::string ReloadApprovals(const ProxyConfig& config, ApprovalService* service) {
  if (service == nullptr && !config.approvals.enabled) return "";
  auto fresh = LoadProxyConfig(config.file);
  Status s = !fresh                                    ? fresh.status()
             : !fresh->approvals.enabled || !service ? Status::Error("adding or removing [approvals] takes a restart")
                                                       : service->Reconfigure(fresh->approvals);
  if (!s.ok()) {
    Log("error", "approvals_reload_failed", {{"error", s.message()}, {"kept", "previous"}});
    return "kept: " + s.message();
  }
  const ApprovalsConfig& a = fresh->approvals;
  Log("info", "approvals_reloaded", {Num("ttl_ms", static_cast<uint64_t>(a.ttl_ms)), {"mode", a.hold ? "hold" : "reject"},
                                     Num("hold_timeout_ms", static_cast<uint64_t>(a.hold_timeout_ms)),
                                     Flag("webhook", !a.webhook.empty())});
  return "reloaded";
}

// The reload record's "approvals" member (none without approvals).
std::string ApprovalsReloadField(const std::string& result) {
  return result.empty() ? std::string() : audit::Fields().Str("approvals", result).Take();
}

// [approvals]: the store (and webhook); null without the section.
Expected<std::unique_ptr<ApprovalService>> OpenApprovals(const ProxyConfig& config) {
  if (!config.approvals.enabled) return std::unique_ptr<ApprovalService>();
  std::string admin = config.admin_listen.port == 0
                          ? std::string()
                          : "http://" + config.admin_listen.host + ":" + std::to_string(config.admin_listen.port);
  return ApprovalService::Open(config.approvals, config.listen.host + ":" + std::to_string(config.listen.port), admin);
}

struct Loop {
  asio::io_context io{1};
  std::unique_ptr<Decider> decider;
  std::unique_ptr<StatementDescriber> describer;  // with [audit]
};

// SHA-256 (hex) of the bundle file in use ("" for [policies] sources).
std::string BundleSha256(const ProxyConfig& config) {
  if (config.bundle.empty()) return "";
  std::ifstream in(config.bundle, std::ios::binary);
  std::stringstream ss;
  ss << in.rdbuf();
  auto digest = Sha256(ss.str());
  return HexLower(digest.data(), digest.size());
}

}  // namespace

ProxyShared::~ProxyShared() = default;

namespace {
std::string ConnInfoValue(std::string_view v) {
  std::string out = "'";
  for (char c : v) {
    if (c == '\\' || c == '\'') out.push_back('\\');
    out.push_back(c);
  }
  out.push_back('\'');
  return out;
}
}  // namespace

std::string UpstreamConnInfo(const ProxyConfig& config, std::string_view password, std::string_view application) {
  std::string conninfo = "host=" + ConnInfoValue(config.upstream.host) + " port=" + std::to_string(config.upstream.port) +
                         " dbname=" + ConnInfoValue(config.database) + " user=" + ConnInfoValue(config.user) +
                         " sslmode=" + (config.upstream_tls == "disable" ? "disable" : config.upstream_tls) +
                         " connect_timeout=10 application_name=" + ConnInfoValue(application);
  if (!config.upstream_ca.empty()) conninfo += " sslrootcert=" + ConnInfoValue(config.upstream_ca);
  if (!password.empty()) conninfo += " password=" + ConnInfoValue(password);
  return conninfo;
}

Expected<EngineOptions> EngineOptionsFor(const ProxyConfig& config, std::string* pulled) {
  EngineOptions options;
  options.verify_key_path = config.verify_key;
  options.catalog_paths = config.catalog_sources;
  pulled->clear();
  if (!config.catalog_pull) return options;
  auto password = ReadPasswordFile(config.password_file);
  if (!password) return password.status();
  auto catalog = PullCatalog(UpstreamConnInfo(config, *password, "govern proxy catalog pull"));  // its errors never carry the conninfo
  if (!catalog) return Status::Error("[catalog] pull: " + catalog.status().message());
  char path[] = "/tmp/govern-proxy-catalog-XXXXXX";
  int fd = ::mkstemp(path);
  if (fd < 0) return Status::Error(std::string("[catalog] pull: cannot create a temporary file: ") + std::strerror(errno));
  std::string json = SaveCatalogJson(*catalog);
  bool written = ::write(fd, json.data(), json.size()) == static_cast<ssize_t>(json.size());
  ::close(fd);
  // The temporary file needs a .json name to be read as a JSON catalog.
  std::string named = std::string(path) + ".json";
  if (!written || ::rename(path, named.c_str()) != 0) {
    ::unlink(path);
    return Status::Error("[catalog] pull: cannot write the pulled catalog");
  }
  *pulled = named;
  options.catalog_paths.insert(options.catalog_paths.begin(), named);
  return options;
}

Expected<std::unique_ptr<Engine>> LoadBundleEngine(const ProxyConfig& config) {
  if (config.bundle.empty()) return Status::Error("[policies] sources need the govern CLI to compile them; use bundle");
  std::string pulled;
  auto options = EngineOptionsFor(config, &pulled);
  if (!options) return options.status();
  auto engine = Engine::Load(config.bundle, *options);
  if (!pulled.empty()) ::unlink(pulled.c_str());
  if (!engine) return Status::Error(config.bundle + ": " + engine.status().message());
  return std::move(*engine);
}

Expected<std::shared_ptr<asio::ssl::context>> MakeTlsContext(const ProxyConfig& config) {
  if (config.tls_cert.empty()) return std::shared_ptr<asio::ssl::context>();
  auto ctx = std::make_shared<asio::ssl::context>(asio::ssl::context::tls_server);
  std::error_code ec;
  ctx->set_options(asio::ssl::context::default_workarounds | asio::ssl::context::no_sslv2 |
                       asio::ssl::context::no_sslv3 | asio::ssl::context::no_tlsv1 | asio::ssl::context::no_tlsv1_1,
                   ec);
  if (!ec) ctx->use_certificate_chain_file(config.tls_cert, ec);
  if (ec) return Status::Error("tls.cert " + config.tls_cert + ": " + ec.message());
  ctx->use_private_key_file(config.tls_key, asio::ssl::context::pem, ec);
  if (ec) return Status::Error("tls.key " + config.tls_key + ": " + ec.message());
  if (!config.tls_client_ca.empty()) {
    // A client may present a certificate (then it must chain to client_ca,
    // or the handshake fails); one that presents none logs in with SCRAM.
    ctx->load_verify_file(config.tls_client_ca, ec);
    if (ec) return Status::Error("tls.client_ca " + config.tls_client_ca + ": " + ec.message());
    ctx->set_verify_mode(asio::ssl::verify_peer, ec);
    static const unsigned char kSessionContext[] = "govern-proxy";
    SSL_CTX_set_session_id_context(ctx->native_handle(), kSessionContext, sizeof(kSessionContext) - 1);
  }
  return ctx;
}

Expected<std::shared_ptr<asio::ssl::context>> MakeUpstreamTlsContext(const ProxyConfig& config) {
  if (config.upstream_tls == "disable") return std::shared_ptr<asio::ssl::context>();
  auto ctx = std::make_shared<asio::ssl::context>(asio::ssl::context::tls_client);
  std::error_code ec;
  if (config.upstream_tls == "verify-ca" || config.upstream_tls == "verify-full") {
    ctx->load_verify_file(config.upstream_ca, ec);
    if (ec) return Status::Error("upstream.ca_file " + config.upstream_ca + ": " + ec.message());
    ctx->set_verify_mode(asio::ssl::verify_peer, ec);
    if (config.upstream_tls == "verify-full") ctx->set_verify_callback(asio::ssl::host_name_verification(config.upstream.host), ec);
  } else {
    // libpq's sslmode=require/prefer: encrypted, the server certificate is not verified.
    ctx->set_verify_mode(asio::ssl::verify_none, ec);
  }
  if (ec) return Status::Error("upstream tls: " + ec.message());
  return ctx;
}

Status CheckProxy(const ProxyConfig& config, const EngineFactory& factory) {
  auto tls = MakeTlsContext(config);
  if (!tls) return tls.status();
  auto upstream_tls = MakeUpstreamTlsContext(config);
  if (!upstream_tls) return upstream_tls.status();
  auto engine = factory(config);
  if (!engine) return engine.status();
  auto identities = Identities::Load(config.identities_file);
  if (!identities) return identities.status();
  auto password = ReadPasswordFile(config.password_file);
  if (!password) return password.status();
  auto key = LoadHashKey(config, (*engine)->program());
  if (!key) return key.status();
  auto approvals = OpenApprovals(config);
  if (!approvals) return approvals.status();
  return Status::Ok();
}

int RunProxy(const ProxyConfig& config, const EngineFactory& factory) {
  auto shared = std::make_unique<ProxyShared>();
  shared->config = config;
  auto engine = factory(config);
  if (!engine) {
    Log("error", "start_failed", {{"error", engine.status().message()}});
    return 2;
  }
  for (const std::string& w : (*engine)->warnings()) Log("warn", "engine_warning", {{"warning", w}});
  auto hash_key = LoadHashKey(config, (*engine)->program());
  if (!hash_key) {
    Log("error", "start_failed", {{"error", hash_key.status().message()}});
    return 2;
  }
  shared->hash_key = std::move(*hash_key);
  auto identities = Identities::Load(config.identities_file);
  if (!identities) {
    Log("error", "start_failed", {{"error", identities.status().message()}});
    return 2;
  }
  shared->slot.Set(std::shared_ptr<const Engine>(std::move(*engine)),
                   std::make_shared<const Identities>(std::move(*identities)));
  auto password = ReadPasswordFile(config.password_file);
  if (!password) {
    Log("error", "start_failed", {{"error", password.status().message()}});
    return 2;
  }
  shared->upstream_password = std::move(*password);
  shared->origins =
      std::make_unique<OriginResolver>(UpstreamConnInfo(config, shared->upstream_password, "govern proxy origins"),
                                       std::chrono::milliseconds(config.origin_recheck_ms));
  // Views replaced behind the proxy's back are followed within recheck
  // (stages/origin_resolver.h), whatever reads them.
  shared->origins->SweepViews([shared = shared.get()] { return shared->slot.engine(); });
  auto upstream = Resolve(config.upstream);
  if (!upstream) {
    Log("error", "start_failed", {{"error", upstream.status().message()}});
    return 2;
  }
  shared->upstream_endpoint = *upstream;
  auto approvals = OpenApprovals(config);
  if (!approvals) {
    Log("error", "start_failed", {{"error", approvals.status().message()}});
    return 2;
  }
  shared->approvals = std::move(*approvals);
  shared->decoy_secret = scram::RandomBytes(32);
  shared->throttle = std::make_unique<LoginThrottle>(static_cast<uint32_t>(config.max_failed_logins), std::chrono::minutes(1));
  auto tls = MakeTlsContext(config);
  if (!tls) {
    Log("error", "start_failed", {{"error", tls.status().message()}});
    return 2;
  }
  shared->tls_context = *tls;
  auto upstream_tls = MakeUpstreamTlsContext(config);
  if (!upstream_tls) {
    Log("error", "start_failed", {{"error", upstream_tls.status().message()}});
    return 2;
  }
  shared->upstream_tls_context = *upstream_tls;

  if (!config.audit.dir.empty()) {
    auto trail = AuditTrail::Open(config);
    if (!trail) {
      Log("error", "start_failed", {{"error", trail.status().message()}});
      return 2;
    }
    shared->audit = std::move(*trail);
    audit::Fields f;
    f.Str("version", GOVERN_PROXY_VERSION).Str("mode", config.shadow ? "shadow" : "enforce");
    f.Str("bundle_sha256", BundleSha256(config));
    shared->audit->Record("proxy_start", f.Take());
    // Approval events become `approval` records of the same chain.
    if (shared->approvals) shared->approvals->AddSink(std::make_shared<AuditApprovals>(*shared->audit));
  }

  int threads = config.threads > 0 ? config.threads : static_cast<int>(std::max(1u, std::thread::hardware_concurrency()));
  std::vector<std::unique_ptr<Loop>> loops;
  for (int i = 0; i < threads; ++i) {
    loops.push_back(std::make_unique<Loop>());
    loops.back()->decider = std::make_unique<Decider>(shared->slot);
    if (shared->audit) loops.back()->describer = std::make_unique<StatementDescriber>(shared->slot);
  }
  asio::io_context& main_io = loops[0]->io;

  auto listen = Resolve(config.listen);
  if (!listen) {
    Log("error", "start_failed", {{"error", listen.status().message()}});
    return 2;
  }
  asio::ip::tcp::acceptor acceptor(main_io);
  std::error_code ec;
  acceptor.open(listen->protocol(), ec);
  if (!ec) acceptor.set_option(asio::ip::tcp::acceptor::reuse_address(true), ec);
  if (!ec) acceptor.bind(*listen, ec);
  if (!ec) acceptor.listen(asio::socket_base::max_listen_connections, ec);
  if (ec) {
    Log("error", "start_failed", {{"error", "cannot listen on " + config.listen.host + ":" +
                                                std::to_string(config.listen.port) + ": " + ec.message()}});
    return 2;
  }

  std::unique_ptr<AdminServer> admin;
  if (config.admin_listen.port != 0) {
    auto admin_ep = Resolve(config.admin_listen);
    if (!admin_ep) {
      Log("error", "start_failed", {{"error", admin_ep.status().message()}});
      return 2;
    }
    admin = std::make_unique<AdminServer>(main_io, *shared);
    if (Status s = admin->Listen(*admin_ep); !s.ok()) {
      Log("error", "start_failed", {{"error", s.message()}});
      return 2;
    }
  }

  size_t next = 0;
  std::function<void()> accept = [&] {
    Loop& loop = *loops[next++ % loops.size()];
    acceptor.async_accept(loop.io, [&](std::error_code aec, asio::ip::tcp::socket socket) {
      if (aec) {
        if (aec == asio::error::operation_aborted) return;
        Log("warn", "accept_failed", {{"error", aec.message()}});
      } else {
        // Hand the socket to its loop; the connection lives on that thread.
        asio::post(loop.io, [&shared, &loop, s = std::make_shared<asio::ip::tcp::socket>(std::move(socket))]() mutable {
          std::make_shared<Connection>(loop.io, std::move(*s), *shared, *loop.decider, loop.describer.get())->Start();
        });
      }
      if (!shared->draining.load()) accept();
    });
  };
  accept();

  // Work guards keep every loop alive while draining.
  std::vector<asio::executor_work_guard<asio::io_context::executor_type>> guards;
  for (auto& l : loops) guards.push_back(asio::make_work_guard(l->io));

  asio::signal_set signals(main_io, SIGTERM, SIGINT);
  asio::signal_set hangup(main_io, SIGHUP);
  asio::steady_timer drain_timer(main_io);
  std::function<void()> poll_drain;
  auto stop_all = [&] {
    if (admin) admin->Stop();
    std::error_code ignored;
    hangup.cancel(ignored);
    for (auto& g : guards) g.reset();
    for (auto& l : loops) l->io.stop();
  };
  auto deadline = std::chrono::steady_clock::now();
  poll_drain = [&] {
    if (shared->metrics.connections_active.load() == 0 || std::chrono::steady_clock::now() >= deadline) {
      Log("info", "stopped", {Num("open_connections", static_cast<uint64_t>(std::max<int64_t>(
                                                         0, shared->metrics.connections_active.load())))});
      stop_all();
      return;
    }
    drain_timer.expires_after(std::chrono::milliseconds(50));
    drain_timer.async_wait([&](std::error_code) { poll_drain(); });
  };
  signals.async_wait([&](std::error_code sec, int signo) {
    if (sec) return;
    Log("info", "draining", {Num("signal", static_cast<uint64_t>(signo)),
                             Num("open_connections", static_cast<uint64_t>(std::max<int64_t>(
                                                         0, shared->metrics.connections_active.load())))});
    shared->draining = true;
    std::error_code ignored;
    acceptor.close(ignored);
    deadline = std::chrono::steady_clock::now() + std::chrono::milliseconds(config.drain_timeout_ms);
    poll_drain();
  });

  // SIGHUP: reload bundle, catalog and identities; swap only when all loaded
  // and verified, else keep serving with the old ones.
  std::function<void()> wait_hangup = [&] {
    hangup.async_wait([&](std::error_code hec, int) {
      if (hec) return;
      std::string approvals = ReloadApprovals(config, shared->approvals.get());
      auto fresh = factory(config);
      auto fresh_ids = fresh ? Identities::Load(config.identities_file) : Expected<Identities>(fresh.status());
      // The hash key is read once at start: a bundle that needs one it lacks is not taken.
      auto key = fresh && shared->hash_key.empty() ? LoadHashKey(config, (*fresh)->program()) : Expected<std::string>("");
      if (!fresh || !fresh_ids || !key) {
        std::string error = !fresh ? fresh.status().message() : !fresh_ids ? fresh_ids.status().message() : key.status().message();
        Log("error", "reload_failed", {{"error", error}, {"kept", "previous"}});
        if (shared->audit)
          shared->audit->Record("reload", audit::Fields().Str("result", "failed").Str("error", error).Take() +
                                              ApprovalsReloadField(approvals));
      } else {
        shared->slot.Set(std::shared_ptr<const Engine>(std::move(*fresh)),
                         std::make_shared<const Identities>(std::move(*fresh_ids)));
        Log("info", "reloaded", {Num("version", shared->slot.version())});
        if (shared->audit)
          shared->audit->Record(
              "reload", audit::Fields().Str("result", "reloaded").Str("bundle_sha256", BundleSha256(config)).Take() +
                            ApprovalsReloadField(approvals));
      }
      wait_hangup();
    });
  };
  wait_hangup();

  Log("info", "listening", {{"listen", config.listen.host + ":" + std::to_string(config.listen.port)},
                            {"env", config.env},
                            {"mode", config.shadow ? "shadow" : "enforce"},
                            Num("threads", static_cast<uint64_t>(threads))});
  std::vector<std::thread> workers;
  for (size_t i = 1; i < loops.size(); ++i) workers.emplace_back([&, i] { loops[i]->io.run(); });
  main_io.run();
  for (auto& l : loops) l->io.stop();
  for (std::thread& t : workers) t.join();
  // Its worker posts to the loops and records to the audit: stop it before both go.
  shared->approvals.reset();
  if (shared->audit) {
    shared->audit->Record("proxy_stop", audit::Fields().Str("reason", "signal").Take());
    shared->audit->Close("shutdown");
  }
  shared->origins.reset();  // its worker's answers hold connections: stop it before the loops go
  return 0;
}

}  // namespace govern::proxy
