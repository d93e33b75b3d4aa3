// govern decide (--bundle B | --policy P) [--catalog C] --identity JSON|@file
//   --env ENV (--sql S | FILE | -): the decision for each statement, as JSON.
#include <memory>

#include "commands.h"
#include "common.h"
#include "engine/decision_json.h"
#include "engine/statement_order.h"

namespace govern::cli {


void RegisterDecide(CLI::App& app, int* exit_code) {
  auto req = std::make_shared<DecisionRequest>();
  CLI::App* cmd = app.add_subcommand("decide", "Decide SQL for an identity and environment; print the decision as JSON");
  req->Register(cmd);
  cmd->footer(IdentityHelp() + "\n\nExit status: 0 when a decision was made (whatever it is), 2 on usage, policy or bundle errors.\n"
              "A statement that does not parse is denied (fail closed).");
  cmd->callback([req, exit_code] {
    *exit_code = 2;
    OwnedContext identity;
    std::string text;
    auto engine = req->Load(&identity, &text);
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
