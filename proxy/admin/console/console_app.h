// ConsoleApp: the web console's HTTP routes (docs/console.md), served by the
// proxy's admin listener and by `govern console`.
//
//   GET  /console/                 the page (assets/index.html); / redirects here
//   GET  /console/assets/NAME      app.js, app.css (embedded; ETag)
//   POST /api/console/login        {"user","password"} -> session cookie + {"user","groups","csrf"}
//   GET  /api/console/session      {"user","groups","csrf"} or 401
//   POST /api/console/logout
//   GET  /api/console/records      ?env&identity&decision&rule&tag&q&before&limit  (newest first)
//   GET  /api/console/stats        same filters + buckets
//   GET  /api/console/facets       values each filter takes
//   GET  /api/console/exposure     ?identity&tag&env
//   GET  /api/console/approvals    pending requests
//   POST /api/console/approvals/ID/approve | /reject
//
// Every /api/console route but login needs a session cookie. Every POST needs
// Content-Type application/json, a same-origin Origin (when the browser sends
// one) and, but login, the session's CSRF token in X-CSRF-Token.
#pragma once

#include <chrono>
#include <functional>
#include <memory>
#include <string>

#include "admin/console/console_sessions.h"
#include "admin/console/record_feed.h"
#include "admin/console/record_index.h"
#include "admin/http/http_request.h"
#include "admin/http/http_response.h"
#include "auth/identities.h"

namespace govern::proxy::console {

// What the console does with approvals: the approvals API's own answers
// (admin/approvals_api.h, the same code `govern approvals` reaches), for the
// logged-in identity. Built by admin/console_approvals.h from an ApprovalService.
struct ApprovalsBackend {
  // GET /api/approvals as `who`: {"requests":[...]}, pending requests they may decide or made.
  std::function<http::HttpResponse(const IdentityEntry& who)> list;
  // POST /api/approvals/ID/approve|reject as `who`: the decided request, or
  // 403 (not a member of the rule's group, or their own request), 404, 409 (not pending).
  std::function<http::HttpResponse(const std::string& id, const IdentityEntry& who, bool approve)> decide;
};

struct ConsoleOptions {
  std::function<std::shared_ptr<const Identities>()> identities;  // the current identities file
  RecordIndex* index = nullptr;
  FeedThread* feed = nullptr;                // for its last error (may be null)
  ApprovalsBackend approvals;                // empty: the approvals pane says approvals are not configured
  std::function<std::string()> local_latency_json;  // this proxy's decision-latency histogram (may be null)
  std::string source;                        // shown on the page: where the records come from
  bool secure_cookie = false;                // add Secure (the listener is behind TLS)
};

class ConsoleApp {
 public:
  explicit ConsoleApp(ConsoleOptions options) : options_(std::move(options)) {}
  // False when the path is not the console's.
  bool Handle(const http::HttpRequest& request, http::HttpResponse* response);

 private:
  http::HttpResponse Asset(const http::HttpRequest& request, std::string_view name) const;
  http::HttpResponse Login(const http::HttpRequest& request);
  http::HttpResponse Api(const http::HttpRequest& request, const ConsoleSession& session, std::string_view route);
  http::HttpResponse SessionJson(const ConsoleSession& session) const;

  ConsoleOptions options_;
  ConsoleSessions sessions_;
};

// Reads the filter parameters of a records/stats request.
RecordFilter FilterFromQuery(const http::HttpRequest& request);

// A console with its record index fed from an audit directory or store: what
// the proxy's admin listener and `govern console` serve.
struct ConsoleHost {
  RecordIndex index;
  std::unique_ptr<FeedThread> feed;
  std::unique_ptr<ConsoleApp> app;
  // Feeds from `dsn` when set, else from `dir`, polling at once and then every `interval`.
  static std::unique_ptr<ConsoleHost> Start(const std::string& dir, const std::string& dsn, ConsoleOptions options,
                                            std::chrono::milliseconds interval = std::chrono::milliseconds(500));
};

}  // namespace govern::proxy::console
