// govern proxy --config proxy.toml [--check] [--listen H:P] [--env E] [--mode enforce|shadow]
// Runs the PostgreSQL proxy (proxy/); this file only loads policies the
// proxy cannot compile itself ([policies] sources) and overrides keys.
#include <memory>

#include "commands.h"
#include "common.h"
#include "server.h"

namespace govern::cli {
namespace {

struct ProxyArgs {
  std::string config, listen, env, mode;
  bool check = false;
};

Expected<std::unique_ptr<Engine>> LoadProxyEngine(const proxy::ProxyConfig& config) {
  if (config.policy_sources.empty()) return proxy::LoadBundleEngine(config);
  if (!config.verify_key.empty())
    return Status::Error("[policies] verify_key applies to a bundle, not to sources");
  compiler::CompileOptions copts;
  copts.inputs = config.policy_sources;
  auto compiled = compiler::Compile(copts);
  if (!compiled->input_error.empty() || compiled->diagnostics.has_errors() || !compiled->program) {
    PrintDiagnostics(*compiled);
    return Status::Error("the policies in [policies] sources do not compile");
  }
  EngineOptions options;
  options.catalog_paths = config.catalog_sources;
  if (config.catalog_pull) return Status::Error("[catalog] pull = true is not implemented by govern proxy yet");
  return Engine::FromProgram(std::move(*compiled->program), options);
}

}  // namespace

void RegisterProxy(CLI::App& app, int* exit_code) {
  auto args = std::make_shared<ProxyArgs>();
  CLI::App* cmd = app.add_subcommand("proxy", "Run the identity-aware PostgreSQL proxy that decides every statement");
  cmd->add_option("--config", args->config, "proxy.toml (see docs/proxy.md)")->required();
  cmd->add_flag("--check", args->check, "Validate the config, policies, catalog, identities and password file; exit");
  cmd->add_option("--listen", args->listen, "Override [proxy] listen (HOST:PORT)");
  cmd->add_option("--env", args->env, "Override [proxy] env");
  cmd->add_option("--mode", args->mode, "Override [proxy] mode")->check(CLI::IsMember({"enforce", "shadow"}));
  cmd->footer("Exit status: 0 after a clean stop (SIGTERM/SIGINT drain) or a passing --check; 2 on config errors.");
  cmd->callback([args, exit_code] {
    *exit_code = 2;
    auto config = proxy::LoadProxyConfig(args->config);
    if (!config) {
      std::fprintf(stderr, "govern: error: %s\n", config.status().message().c_str());
      return;
    }
    if (!args->listen.empty()) {
      auto hp = proxy::ParseHostPort(args->listen);
      if (!hp) {
        std::fprintf(stderr, "govern: error: --listen: %s\n", hp.status().message().c_str());
        return;
      }
      config->listen = *hp;
    }
    if (!args->env.empty()) config->env = args->env;
    if (!args->mode.empty()) config->shadow = args->mode == "shadow";
    if (args->check) {
      if (Status s = proxy::CheckProxy(*config, LoadProxyEngine); !s.ok()) {
        std::fprintf(stderr, "govern: error: %s\n", s.message().c_str());
        return;
      }
      std::printf("%s: ok\n", args->config.c_str());
      *exit_code = 0;
      return;
    }
    *exit_code = proxy::RunProxy(*config, LoadProxyEngine);
  });
}

}  // namespace govern::cli
