// govern explain: the decision, the facts and the rules that fired, for a person.
#include <memory>

#include "commands.h"
#include "common.h"
#include "engine/explain.h"
#include "engine/statement_order.h"

namespace govern::cli {


void RegisterExplain(CLI::App& app, int* exit_code) {
  struct Opts {
    DecisionRequest request;
    bool all = false;
  };
  auto opts = std::make_shared<Opts>();
  CLI::App* cmd = app.add_subcommand("explain", "Explain a decision: the facts, each rule, each condition's value");
  opts->request.Register(cmd);
  cmd->add_flag("--all-rules", opts->all, "Also list rules that are not indexed for the statement's kind");
  cmd->footer(IdentityHelp());
  cmd->callback([opts, exit_code] {
    *exit_code = 2;
    OwnedContext identity;
    std::string text;
    auto engine = opts->request.Load(&identity, &text);
    if (!engine) return;
    Session session(*engine);
    const Context& ctx = identity.view();
    ExplainOptions options;
    options.color = StdoutIsTty();
    options.all_rules = opts->all;
    const AnalysisResult& result = session.Analyze(text);
    std::string out;
    ForEachInSourceOrder(
        result,
        [&](size_t index, const StatementFacts& facts) { out += ExplainStatement(session, index, facts, ctx, options); },
        [&](size_t index, const ParseDiagnostic& e) {
          out += "statement " + std::to_string(index) + " (line " + std::to_string(e.pos.line) + ", column " +
                 std::to_string(e.pos.column) + "): does not parse -> deny\n  " + e.message + "\n";
        });
    std::fputs(out.c_str(), stdout);
    *exit_code = 0;
  });
}

}  // namespace govern::cli
