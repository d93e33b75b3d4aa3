// The approvals API on the admin listener (docs/proxy.md "Approvals API"):
//   GET  /api/approvals[?all=1]        requests the caller may decide or made
//   GET  /api/approvals/ID
//   POST /api/approvals/ID/approve     only members of the group the rule names,
//   POST /api/approvals/ID/reject      never the identity that made the request
// Every call authenticates with HTTP Basic as an identity of the identities
// file; the password is checked against its SCRAM verifier on the approval
// worker (never on an event loop). A failed login is answered after a second
// and counts against the proxy's per-identity login throttle.
#pragma once

#include <asio/io_context.hpp>
#include <functional>
#include <string>

#include "admin/http/http_request.h"
#include "admin/http/http_response.h"
#include "approvals/approval_request.h"
#include "auth/identities.h"
#include "shared.h"

namespace govern::proxy {

class ApprovalService;
class ApprovalStore;

inline constexpr std::string_view kApprovalsApiPrefix = "/api/approvals";

// True for paths this API serves.
bool IsApprovalsTarget(std::string_view path);

// Answers one request: `reply` is called once, from the approval worker (or
// from `io`, the admin listener's loop, after a failed login's delay).
void HandleApprovalsApi(asio::io_context& io, ProxyShared& shared, const http::HttpRequest& request,
                        std::function<void(http::HttpResponse)> reply);

// The answer to a call by `who` (already authenticated): `method` and `path`
// (/api/approvals, /api/approvals/ID, /api/approvals/ID/approve|reject), on
// the approval worker (a task of service.Submit). Approve/reject emit their
// event. Shared with the web console (admin/console_approvals.h).
http::HttpResponse AnswerApprovals(ApprovalService& service, ApprovalStore& store, const IdentityEntry& who,
                                   const std::string& method, const std::string& path, bool all);

// Whether `who` may approve or reject `r` (false with the reason).
bool MayDecide(const IdentityEntry& who, const ApprovalRequest& r, std::string* why);
// Whether `who` sees `r` in a list: a request they may decide or made.
bool MaySee(const IdentityEntry& who, const ApprovalRequest& r);

}  // namespace govern::proxy
