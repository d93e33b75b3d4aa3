// govern bench (--bundle B | --policy P) [--catalog C]... [--identity JSON|@file]
//   [--env ENV] QUERIES.sql [--format text|json] [--iterations N]: per-decision
//   latency (p50 p90 p99 p99.9 max) and throughput of the vm, full and cached paths.
#include <memory>

#include "commands.h"
#include "common.h"
#include "engine/latency_bench.h"

namespace govern::cli {

void RegisterBench(CLI::App& app, int* exit_code) {
  struct Opts {
    EngineArgs engine;
    std::string identity, env, file, format = "text";
    uint32_t iterations = 0;
    double min_seconds = 0.25;
  };
  auto opts = std::make_shared<Opts>();
  CLI::App* cmd = app.add_subcommand("bench", "Measure decision latency and throughput: vm, full and cached paths");
  opts->engine.Register(cmd);
  // One value per --policy / --catalog, so `--catalog C QUERIES.sql` leaves the file positional.
  cmd->get_option("--policy")->expected(1)->multi_option_policy(CLI::MultiOptionPolicy::TakeAll);
  cmd->get_option("--catalog")->expected(1)->multi_option_policy(CLI::MultiOptionPolicy::TakeAll);
  cmd->add_option("--identity", opts->identity, "Identity as JSON or @file (as for decide)");
  auto* env_option = cmd->add_option("--env", opts->env, "Environment (dev, staging, prod, ...)");
  cmd->add_option("file", opts->file, "SQL file of statements to decide")->required();
  cmd->add_option("--format", opts->format, "text or json")->check(CLI::IsMember({"text", "json"}));
  cmd->add_option("--iterations", opts->iterations, "Passes over the statements per path (default: enough for --min-time)");
  cmd->add_option("--min-time", opts->min_seconds, "Seconds per path when --iterations is not given")
      ->check(CLI::PositiveNumber);
  cmd->footer("Paths: vm = the VM on facts extracted beforehand; full = parse + facts + decide per statement;\n"
              "cached = the same statement texts again through the decision cache, for the identity frozen as\n"
              "the proxy freezes a connection's at login. Statements that do not parse\n"
              "are counted, not timed. Exit status: 0, or 2 on usage, policy, bundle or input errors.");
  cmd->callback([opts, exit_code, env_option] {
    *exit_code = 2;
    OwnedContext identity;
    if (!ParseIdentityArg(opts->identity, &identity)) return;
    identity.SetEnv(opts->env);
    std::string text;
    if (!ReadSqlInput("", false, opts->file, &text)) return;
    auto engine = LoadEngine(opts->engine);
    if (!engine) return;
    WarnIfEnvMissing(*engine, env_option->count() > 0);
    LatencyBenchOptions options;
    options.iterations = opts->iterations;
    options.min_seconds = opts->min_seconds;
    auto report = RunLatencyBench(*engine, identity.Freeze(), text, options);
    if (!report) {
      std::fprintf(stderr, "govern: error: %s: %s\n", opts->file.c_str(), report.status().message().c_str());
      return;
    }
    std::string out = opts->format == "json" ? LatencyBenchJson(*report) : LatencyBenchText(*report);
    std::fputs(out.c_str(), stdout);
    *exit_code = 0;
  });
}

}  // namespace govern::cli
