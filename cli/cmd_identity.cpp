// govern identity add NAME --file identities.toml (--password-stdin | --cert) [--groups a,b]
//   [--roles r] [--purpose p] [--kind human|service|agent] [--attr k=v]...
// Stores a SCRAM-SHA-256 verifier for NAME (never the password) and/or allows
// a client-certificate login (CN = NAME), with the identity attributes the
// proxy's decisions see.
#include <iostream>
#include <memory>

#include "auth/identities.h"
#include "commands.h"
#include "common.h"

namespace govern::cli {
namespace {

struct IdentityArgs {
  std::string name, file, groups, roles, purpose, kind;
  std::vector<std::string> attrs;
  bool password_stdin = false, cert = false;
};

}  // namespace

void RegisterIdentity(CLI::App& app, int* exit_code) {
  CLI::App* cmd = app.add_subcommand("identity", "Manage the proxy's identities file");
  cmd->require_subcommand(1);
  auto args = std::make_shared<IdentityArgs>();
  CLI::App* add = cmd->add_subcommand("add", "Add or replace an identity (stores a SCRAM-SHA-256 verifier, never the password)");
  add->add_option("name", args->name, "Identity (the user name clients log in with)")->required();
  add->add_option("--file", args->file, "identities.toml (created when absent)")->required();
  add->add_flag("--password-stdin", args->password_stdin, "Read the password from the first line of stdin");
  add->add_flag("--cert", args->cert,
                "Allow login with a client certificate whose CN is NAME (needs [tls] client_ca in proxy.toml)");
  add->add_option("--groups", args->groups, "Comma-separated groups (identity.groups)");
  add->add_option("--roles", args->roles, "Comma-separated roles (identity.roles)");
  add->add_option("--purpose", args->purpose, "identity.purpose");
  add->add_option("--kind", args->kind, "identity.kind")->check(CLI::IsMember({"human", "service", "agent"}));
  add->add_option("--attr", args->attrs, "identity.attr.K = V (repeat)")->take_all();
  add->callback([args, exit_code] {
    *exit_code = 2;
    if (!args->password_stdin && !args->cert) {
      std::fprintf(stderr, "govern: error: give --password-stdin, --cert, or both\n");
      return;
    }
    std::string password;
    if (args->password_stdin) {
      if (!std::getline(std::cin, password) || password.empty()) {
        std::fprintf(stderr, "govern: error: no password on stdin\n");
        return;
      }
      if (!password.empty() && password.back() == '\r') password.pop_back();
    }
    auto identities = proxy::Identities::LoadOrEmpty(args->file);
    if (!identities) {
      std::fprintf(stderr, "govern: error: %s\n", identities.status().message().c_str());
      return;
    }
    proxy::IdentityEntry e;
    e.name = args->name;
    if (args->password_stdin) {
      auto verifier = proxy::scram::MakeVerifier(password);
      std::fill(password.begin(), password.end(), '\0');
      if (!verifier) {
        std::fprintf(stderr, "govern: error: %s\n", verifier.status().message().c_str());
        return;
      }
      e.scram = *verifier;
    }
    e.cert = args->cert;
    e.groups = SplitCommas(args->groups);
    e.roles = SplitCommas(args->roles);
    e.purpose = args->purpose;
    e.kind = args->kind;
    for (const std::string& a : args->attrs) {
      size_t eq = a.find('=');
      if (eq == std::string::npos || eq == 0) {
        std::fprintf(stderr, "govern: error: --attr %s: expected KEY=VALUE\n", a.c_str());
        return;
      }
      e.attrs.emplace_back(a.substr(0, eq), a.substr(eq + 1));
    }
    identities->Put(std::move(e));
    if (Status s = identities->Save(args->file); !s.ok()) {
      std::fprintf(stderr, "govern: error: %s\n", s.message().c_str());
      return;
    }
    std::printf("%s: identity %s stored (%s)\n", args->file.c_str(), args->name.c_str(),
                args->password_stdin && args->cert ? "SCRAM-SHA-256 verifier, client certificate"
                : args->cert                       ? "client certificate"
                                                   : "SCRAM-SHA-256 verifier");
    *exit_code = 0;
  });
}

}  // namespace govern::cli
