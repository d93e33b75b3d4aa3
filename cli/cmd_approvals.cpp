// govern approvals list|show ID|approve ID|reject ID --admin URL --user APPROVER --password-stdin
//   [--all] [--format text|json]
// Thin glue over the approvals API client (proxy/approvals/approvals_client.h).
// Exit: 0 done, 1 refused by the proxy (not a member, own request, not
// pending, unknown id, wrong password), 2 usage or connection errors.
#include <iostream>
#include <memory>

#include "approvals/approvals_client.h"
#include "commands.h"

namespace govern::cli {
namespace {

struct ApprovalsArgs {
  std::string admin, user, id, format = "text";
  bool password_stdin = false, all = false;
};

void Run(const ApprovalsArgs& a, const std::string& action, int* exit_code) {
  *exit_code = 2;
  proxy::ApprovalsClientOptions o;
  o.admin_url = a.admin;
  o.user = a.user;
  if (!std::getline(std::cin, o.password) || o.password.empty()) {
    std::fprintf(stderr, "govern: error: no password on stdin\n");
    return;
  }
  if (o.password.back() == '\r') o.password.pop_back();
  auto reply = proxy::CallApprovalsApi(o, action, a.id, a.all);
  std::fill(o.password.begin(), o.password.end(), '\0');
  if (!reply) {
    std::fprintf(stderr, "govern: error: %s\n", reply.status().message().c_str());
    return;
  }
  if (!reply->error.empty()) {
    std::fprintf(stderr, "govern: %s\n", reply->error.c_str());
    *exit_code = reply->http_status >= 500 ? 2 : 1;
    return;
  }
  if (a.format == "json") std::printf("%s\n", reply->json.c_str());
  else if (action == "approve" || action == "reject")
    std::printf("request %s %s\n", a.id.c_str(), action == "approve" ? "approved" : "rejected");
  else std::fputs(proxy::FormatApprovals(reply->json).c_str(), stdout);
  *exit_code = 0;
}

}  // namespace

void RegisterApprovals(CLI::App& app, int* exit_code) {
  CLI::App* cmd = app.add_subcommand(
      "approvals",
      "List, approve or reject statements a proxy holds for approval (via its admin API, as an identity)");
  cmd->require_subcommand(1);
  cmd->footer("Authenticates with HTTP Basic as an identity of the proxy's identities file (docs/proxy.md, Approvals).\n"
              "Exit status: 0 done; 1 refused by the proxy (wrong password, not a member of the rule's group, your own\n"
              "request, not pending, unknown id); 2 usage or connection errors.");
  auto args = std::make_shared<ApprovalsArgs>();
  auto common = [&](CLI::App* sub) {
    sub->add_option("--admin", args->admin, "The proxy's admin URL, e.g. http://127.0.0.1:6480 ([proxy] admin_listen)")
        ->required();
    sub->add_option("--user", args->user, "Your identity (identities file)")->required();
    sub->add_flag("--password-stdin", args->password_stdin, "Read your password from the first line of stdin")
        ->required();
    sub->add_option("--format", args->format, "text or json")->check(CLI::IsMember({"text", "json"}));
  };
  CLI::App* list = cmd->add_subcommand("list", "Pending requests you may decide, and your own");
  common(list);
  list->add_flag("--all", args->all, "Every state (approved, rejected, expired, used), newest first");
  list->callback([args, exit_code] { Run(*args, "list", exit_code); });
  struct Action {
    const char* name;
    const char* help;
  };
  for (Action act : {Action{"show", "One request"},
                     Action{"approve", "Approve a pending request (members of the group its rule names; not your own)"},
                     Action{"reject", "Reject a pending request (members of the group its rule names; not your own)"}}) {
    CLI::App* sub = cmd->add_subcommand(act.name, act.help);
    sub->add_option("id", args->id, "Request ID (from the client's error detail or `approvals list`)")->required();
    common(sub);
    std::string action = act.name;
    sub->callback([args, exit_code, action] { Run(*args, action, exit_code); });
  }
}

}  // namespace govern::cli
