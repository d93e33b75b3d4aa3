// govern console (--dir DIR | --dsn URL) --identities FILE [--listen HOST:PORT] [--approvals-dsn URL]
// The web console on its own, for the fleet view: every proxy's records from
// a shared audit directory or the PostgreSQL audit store (docs/console.md).
#include <csignal>
#include <cstdio>
#include <filesystem>
#include <memory>
#include <mutex>

#include "admin/console/console_app.h"
#include "admin/http/http_server.h"
#include "commands.h"
#include "server.h"  // proxy/config.h: ParseHostPort
// After server.h: approval_service.h's "config.h" must be the proxy's (cli/ sees another one first).
#include "admin/console_approvals.h"
#include "approvals/approval_service.h"

namespace govern::cli {
namespace {

struct ConsoleArgs {
  std::string dir, dsn, identities, listen = "127.0.0.1:6490";
  std::string approvals_dsn, approval_ttl = "15m";
  bool secure_cookie = false;
};

// The identities file, re-read when it changes (so `govern identity add` needs no restart).
class IdentitiesFile {
 public:
  explicit IdentitiesFile(std::string path) : path_(std::move(path)) {}
  std::shared_ptr<const proxy::Identities> Get() {
    std::lock_guard<std::mutex> lock(mutex_);
    std::error_code ec;
    auto mtime = std::filesystem::last_write_time(path_, ec);
    if (!ec && (!current_ || mtime != mtime_)) {
      auto loaded = proxy::Identities::Load(path_);
      if (loaded) {
        current_ = std::make_shared<const proxy::Identities>(std::move(*loaded));
        mtime_ = mtime;
      } else {
        std::fprintf(stderr, "govern console: %s (keeping the previous identities)\n",
                     loaded.status().message().c_str());
      }
    }
    return current_;
  }

 private:
  std::string path_;
  std::mutex mutex_;
  std::shared_ptr<const proxy::Identities> current_;
  std::filesystem::file_time_type mtime_;
};

int RunConsole(const ConsoleArgs& args) {
  if (args.dir.empty() == args.dsn.empty()) {
    std::fprintf(stderr, "govern: error: give one of --dir or --dsn\n");
    return 2;
  }
  auto identities = std::make_shared<IdentitiesFile>(args.identities);
  if (!identities->Get()) {
    auto check = proxy::Identities::Load(args.identities);
    std::fprintf(stderr, "govern: error: %s\n", check.status().message().c_str());
    return 2;
  }
  // HOST:0 asks for any free port (tests); ParseHostPort wants a real one.
  bool any_port = args.listen.size() > 2 && args.listen.compare(args.listen.size() - 2, 2, ":0") == 0;
  auto hp = proxy::ParseHostPort(any_port ? args.listen.substr(0, args.listen.size() - 2) + ":1" : args.listen);
  if (hp && any_port) hp->port = 0;
  if (!hp) {
    std::fprintf(stderr, "govern: error: --listen: %s\n", hp.status().message().c_str());
    return 2;
  }
  std::error_code ec;
  auto address = asio::ip::make_address(hp->host, ec);
  if (ec) {
    std::fprintf(stderr, "govern: error: --listen: %s is not an IP address\n", hp->host.c_str());
    return 2;
  }
  // Block the stop signals before any thread starts, then wait for one here.
  sigset_t stop;
  sigemptyset(&stop);
  sigaddset(&stop, SIGINT);
  sigaddset(&stop, SIGTERM);
  pthread_sigmask(SIG_BLOCK, &stop, nullptr);

  // Approvers answer from the fleet console on the proxies' shared PostgreSQL approvals store.
  std::unique_ptr<proxy::ApprovalService> approvals;
  if (!args.approvals_dsn.empty()) {
    proxy::ApprovalsConfig config;
    config.enabled = true;
    config.dsn = args.approvals_dsn;
    if (!proxy::ParseDurationMs(args.approval_ttl, &config.ttl_ms) || config.ttl_ms <= 0) {
      std::fprintf(stderr, "govern: error: --approval-ttl: expected a duration like \"15m\"\n");
      return 2;
    }
    // Expiry is left to the proxies' sweeps, so their audit trails record it.
    auto opened = proxy::ApprovalService::Open(config, "console", "", false);
    if (!opened) {
      std::fprintf(stderr, "govern: error: --approvals-dsn: %s\n", opened.status().message().c_str());
      return 2;
    }
    approvals = std::move(*opened);
  }

  proxy::console::ConsoleOptions options;
  options.identities = [identities] { return identities->Get(); };
  options.secure_cookie = args.secure_cookie;
  if (approvals) options.approvals = proxy::ConsoleApprovals(*approvals);
  auto host = proxy::console::ConsoleHost::Start(args.dir, args.dsn, std::move(options));
  proxy::http::HttpServer server([&host](const proxy::http::HttpRequest& request, const std::string&,
                                         proxy::http::HttpServer::Reply reply) {
    proxy::http::HttpResponse response;
    if (!host->app->Handle(request, &response)) response = proxy::http::HttpResponse::Text(404, "not found\n");
    reply(std::move(response));
  });
  if (Status s = server.Listen(asio::ip::tcp::endpoint(address, hp->port)); !s.ok()) {
    std::fprintf(stderr, "govern: error: %s\n", s.message().c_str());
    return 2;
  }
  std::fprintf(stderr, "govern console: listening on http://%s:%u/console/ (%s)\n", hp->host.c_str(),
               static_cast<unsigned>(server.port()), host->feed ? "records from the audit" : "");
  std::fflush(stderr);
  int sig = 0;
  sigwait(&stop, &sig);
  server.Stop();
  approvals.reset();
  return 0;
}

}  // namespace

void RegisterConsole(CLI::App& app, int* exit_code) {
  auto args = std::make_shared<ConsoleArgs>();
  CLI::App* cmd = app.add_subcommand(
      "console", "Serve the web console over an audit trail: statements of every env, approvals, exposure");
  cmd->add_option("--dir", args->dir, "Audit directory (segments of one or more proxies)");
  cmd->add_option("--dsn", args->dsn, "PostgreSQL audit store (the table govern_audit_records, docs/audit.md)");
  cmd->add_option("--identities", args->identities, "Identities file: who may log in (password checked against its SCRAM verifier)")
      ->required();
  cmd->add_option("--listen", args->listen, "HOST:PORT to serve on (default 127.0.0.1:6490; port 0: any free port)");
  cmd->add_option("--approvals-dsn", args->approvals_dsn,
                  "PostgreSQL approvals store the proxies share ([approvals] dsn): approve and reject from the console");
  cmd->add_option("--approval-ttl", args->approval_ttl,
                  "How long an approval given here stays usable (default 15m; as the proxies' [approvals] ttl)");
  cmd->add_flag("--secure-cookie", args->secure_cookie,
                "Mark the session cookie Secure (when a TLS-terminating proxy serves the console)");
  cmd->footer(
      "Open http://HOST:PORT/console/ and log in as an identity of the identities file.\n"
      "Records are read at start and then every 500 ms (new lines of the segments, new rows of the store).\n"
      "Exit status: 0 after SIGINT/SIGTERM; 2 on usage errors. See docs/console.md.");
  cmd->callback([args, exit_code] { *exit_code = RunConsole(*args); });
}

}  // namespace govern::cli
