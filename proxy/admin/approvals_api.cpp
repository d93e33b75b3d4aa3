#include "admin/approvals_api.h"

#include <asio/post.hpp>
#include <asio/steady_timer.hpp>
#include <memory>

#include "approvals/approval_service.h"
#include "auth/scram.h"
#include "core/json.h"
#include "log.h"

namespace govern::proxy {
namespace {

constexpr std::string_view kPrefix = kApprovalsApiPrefix;

using http::HttpResponse;

HttpResponse Unauthorized(std::string_view message) {
  HttpResponse r = HttpResponse::JsonError(401, message);
  r.headers.emplace_back("WWW-Authenticate", "Basic realm=\"govern\", charset=\"UTF-8\"");
  return r;
}

// "Basic base64(user:password)" -> user, password.
bool ParseBasic(const std::string& header, std::string* user, std::string* password) {
  constexpr std::string_view kBasic = "Basic ";
  if (header.size() <= kBasic.size() || header.compare(0, kBasic.size(), kBasic) != 0) return false;
  std::string raw;
  if (!scram::Base64Decode(std::string_view(header).substr(kBasic.size()), &raw)) return false;
  size_t colon = raw.find(':');
  if (colon == std::string::npos || colon == 0) return false;
  *user = raw.substr(0, colon);
  *password = raw.substr(colon + 1);
  std::fill(raw.begin(), raw.end(), '\0');
  return true;
}

bool InGroup(const IdentityEntry& who, const std::string& group) {
  for (const std::string& g : who.groups)
    if (g == group) return true;
  return false;
}

}  // namespace

HttpResponse AnswerApprovals(ApprovalService& service, ApprovalStore& store, const IdentityEntry& who,
                             const std::string& method, const std::string& path, bool all) {
  std::string rest = path.substr(kPrefix.size());
  int64_t now = NowMs();
  if (rest.empty() || rest == "/") {
    if (method != "GET") return HttpResponse::JsonError(405, "use GET to list requests");
    auto list = store.List(all, now, 500);
    if (!list) return HttpResponse::JsonError(503, list.status().message());
    std::string body = "{\"requests\":[";
    bool first = true;
    for (const ApprovalRequest& r : *list) {
      if (!MaySee(who, r)) continue;
      if (!first) body += ",";
      first = false;
      body += RequestJson(r, now);
    }
    return HttpResponse::Json(200, body + "]}");
  }
  // /ID or /ID/approve or /ID/reject
  std::string id = rest.substr(1), action;
  if (size_t slash = id.find('/'); slash != std::string::npos) action = id.substr(slash + 1), id = id.substr(0, slash);
  auto got = store.Get(id);
  if (!got) return HttpResponse::JsonError(503, got.status().message());
  // Someone who may not decide a request does not read it either (but is told why a decision is refused).
  if (!got->has_value() || (action.empty() && !MaySee(who, **got)))
    return HttpResponse::JsonError(404, "no approval request " + id);
  const ApprovalRequest& r = **got;
  if (action.empty()) {
    if (method != "GET") return HttpResponse::JsonError(405, "use GET to read a request");
    return HttpResponse::Json(200, RequestJson(r, now));
  }
  if (action != "approve" && action != "reject") return HttpResponse::JsonError(404, "unknown action " + action);
  if (method != "POST") return HttpResponse::JsonError(405, "use POST to " + action);
  std::string why;
  if (!MayDecide(who, r, &why)) return HttpResponse::JsonError(403, why);
  bool approve = action == "approve";
  auto decided = store.Decide(id, approve, who.name, now, service.config()->ttl_ms);
  if (!decided) return HttpResponse::JsonError(503, decided.status().message());
  if (!decided->has_value()) {
    std::string state(ApprovalStateName(r.state));
    if (r.state == ApprovalState::kPending) state = "expired";
    return HttpResponse::JsonError(409, "request " + id + " is " + state + ", not pending");
  }
  service.Emit(approve ? ApprovalEvent::Kind::kApproved : ApprovalEvent::Kind::kRejected, **decided);
  return HttpResponse::Json(200, RequestJson(**decided, now));
}

bool IsApprovalsTarget(std::string_view path) {
  return path.substr(0, kPrefix.size()) == kPrefix && (path.size() == kPrefix.size() || path[kPrefix.size()] == '/');
}

bool MayDecide(const IdentityEntry& who, const ApprovalRequest& r, std::string* why) {
  if (who.name == r.identity) {
    *why = "an identity cannot approve or reject its own request";
    return false;
  }
  if (!InGroup(who, r.group)) {
    *why = "only members of group \"" + r.group + "\" may decide this request (rule " + r.rule + ")";
    return false;
  }
  return true;
}

bool MaySee(const IdentityEntry& who, const ApprovalRequest& r) {
  return who.name == r.identity || InGroup(who, r.group);
}

void HandleApprovalsApi(asio::io_context& io, ProxyShared& shared, const http::HttpRequest& request,
                        std::function<void(HttpResponse)> reply) {
  ApprovalService* service = shared.approvals.get();
  if (service == nullptr) {
    reply(HttpResponse::JsonError(404, "approvals are not configured on this proxy ([approvals] in proxy.toml)"));
    return;
  }
  std::string user, password;
  if (!ParseBasic(std::string(request.Header("authorization")), &user, &password)) {
    reply(Unauthorized("authenticate with HTTP Basic as an identity of the identities file"));
    return;
  }
  std::shared_ptr<const Identities> identities = shared.slot.identities();
  service->Submit([&io, &shared, service, identities, user, password = std::move(password), method = request.method,
                   path = request.path, all = request.Query("all") == "1",
                   reply = std::move(reply)](ApprovalStore& store) mutable {
    auto now = LoginThrottle::Clock::now();
    const IdentityEntry* who = identities->Find(user);
    bool throttled = !shared.throttle->Allowed(user, now);
    bool ok = false;
    if (!throttled && who != nullptr) {
      auto verifier = scram::ParseVerifier(who->scram);
      ok = verifier && scram::CheckPassword(*verifier, password);
    }
    std::fill(password.begin(), password.end(), '\0');
    if (!ok) {
      if (!throttled) shared.throttle->Failed(user, now);
      shared.metrics.logins_failed.fetch_add(1, std::memory_order_relaxed);
      Log("warn", "admin_login_failed", {{"user", user}, Flag("throttled", throttled)});
      asio::post(io, [&io, reply = std::move(reply)]() mutable {
        // As on the wire: a failed login is answered after a second.
        auto timer = std::make_shared<asio::steady_timer>(io, std::chrono::seconds(1));
        timer->async_wait([timer, reply = std::move(reply)](std::error_code) {
          reply(Unauthorized("authentication failed"));
        });
      });
      return;
    }
    shared.throttle->Succeeded(user);
    reply(AnswerApprovals(*service, store, *who, method, path, all));
  });
}

}  // namespace govern::proxy
