// govern audit verify DIR|--dsn DSN [--verify-key PUB] [--format text|json]
// Checks every proxy's hash chain and signed checkpoints (runtime/audit);
// exit 0 only when every chain is intact, 1 when one is broken (the first bad
// record is named), 2 on usage errors or an unreadable source.
#include <memory>

#include "audit/pg_store.h"
#include "audit/verifier.h"
#include "bundle/crypto.h"
#include "commands.h"

namespace govern::cli {

void RegisterAudit(CLI::App& app, int* exit_code) {
  CLI::App* cmd = app.add_subcommand("audit", "The proxy's audit trail (docs/audit.md)");
  cmd->require_subcommand(1);
  struct Opts {
    std::string dir, dsn, verify_key, format = "text";
  };
  auto o = std::make_shared<Opts>();
  CLI::App* v = cmd->add_subcommand(
      "verify",
      "Verify the hash chains and signed checkpoints of an audit directory or store; exit 0 only when every "
      "chain is intact, 1 naming the first bad record (edited, deleted, reordered, inserted, truncated), 2 on errors");
  v->add_option("dir", o->dir, "Audit directory ([audit] dir of proxy.toml)");
  v->add_option("--dsn", o->dsn, "PostgreSQL store ([audit] dsn): verify every proxy's chain in it");
  v->add_option("--verify-key", o->verify_key,
                "Ed25519 public key (PEM) of [audit] signing_key: every checkpoint must carry its valid signature");
  v->add_option("--format", o->format, "text or json")->check(CLI::IsMember({"text", "json"}));
  v->callback([o, exit_code] {
    *exit_code = 2;
    if (o->dir.empty() == o->dsn.empty()) {
      std::fprintf(stderr, "govern: error: give an audit directory or --dsn (one of them)\n");
      return;
    }
    audit::VerifyOptions options;
    if (!o->verify_key.empty()) {
      auto key = LoadEd25519PublicKey(o->verify_key);
      if (!key) {
        std::fprintf(stderr, "govern: error: %s\n", key.status().message().c_str());
        return;
      }
      options.public_key = *key;
    }
    auto chains = o->dsn.empty() ? audit::LoadChainsFromDir(o->dir) : audit::LoadChainsFromStore(o->dsn);
    if (!chains) {
      std::fprintf(stderr, "govern: error: %s\n", chains.status().message().c_str());
      return;
    }
    std::vector<audit::ChainReport> reports;
    bool ok = !chains->empty();
    for (const audit::ChainSource& c : *chains) {
      reports.push_back(audit::VerifyChain(c, options));
      ok = ok && reports.back().ok;
    }
    std::fputs(audit::FormatReports(reports, o->format == "json").c_str(), stdout);
    *exit_code = ok ? 0 : 1;
  });
}

}  // namespace govern::cli
