// govern decide (--bundle B | --policy P) [--catalog C] --identity JSON|@file
//   --env ENV (--sql S | FILE | -): the decision for each statement, as JSON.
#include <memory>

#include "commands.h"
#include "common.h"
#include "engine/decision_json.h"
#include "engine/statement_order.h"

namespace govern::cli {

bool ParseIdentityArg(const std::string& arg, OwnedContext* out) {
  std::string text = arg;
  if (!arg.empty() && arg[0] == '@') {
    auto file = ReadFile(arg.substr(1));
    if (!file) {
      std::fprintf(stderr, "govern: error: %s\n", file.status().message().c_str());
      return false;
    }
    text = *file;
  }
  if (text.empty()) text = "{}";
  auto identity = ParseIdentityJson(text);
  if (!identity) {
    std::fprintf(stderr, "govern: error: %s\n", identity.status().message().c_str());
    return false;
  }
  *out = *identity;
  return true;
}

void RegisterDecide(CLI::App& app, int* exit_code) {
  struct Opts {
    EngineArgs engine;
    std::string identity, env, sql, file;
  };
  auto opts = std::make_shared<Opts>();
  CLI::App* cmd = app.add_subcommand("decide", "Decide SQL for an identity and environment; print the decision as JSON");
  opts->engine.Register(cmd);
  cmd->add_option("--identity", opts->identity,
                  "Identity as JSON or @file: {\"user\",\"groups\",\"roles\",\"purpose\",\"kind\",\"attr\"}");
  cmd->add_option("--env", opts->env, "Environment (dev, staging, prod, ...)");
  auto* sql = cmd->add_option("--sql", opts->sql, "SQL text");
  cmd->add_option("file", opts->file, "SQL file ('-' or none: stdin)")->excludes(sql);
  cmd->footer("Exit status: 0 when a decision was made (whatever it is), 2 on usage, policy or bundle errors.\n"
              "A statement that does not parse is denied (fail closed).");
  cmd->callback([opts, sql, exit_code] {
    *exit_code = 2;
    OwnedContext identity;
    if (!ParseIdentityArg(opts->identity, &identity)) return;
    identity.SetEnv(opts->env);
    std::string text;
    if (!ReadSqlInput(opts->sql, sql->count() > 0, opts->file, &text)) return;
    auto engine = LoadEngine(opts->engine);
    if (!engine) return;
    Session session(*engine);
    const Context& ctx = identity.view();
    DecisionJsonWriter json;
    ForEachInSourceOrder(
        session.Analyze(text),
        [&](size_t index, const StatementFacts& facts) {
          json.AddStatement(session, index, facts, session.Decide(facts, ctx), ctx);
        },
        [&](size_t index, const ParseDiagnostic& e) { json.AddError(index, e); });
    std::fputs(json.Finish().c_str(), stdout);
    *exit_code = 0;
  });
}

}  // namespace govern::cli
