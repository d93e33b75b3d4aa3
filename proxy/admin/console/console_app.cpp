#include "admin/console/console_app.h"

#include <simdjson.h>

#include <chrono>

#include "admin/console/assets.h"
#include "core/json.h"

namespace govern::proxy::console {
namespace {

using http::HttpRequest;
using http::HttpResponse;

constexpr std::string_view kCookie = "govern_console";

bool StartsWith(std::string_view s, std::string_view prefix) { return s.substr(0, prefix.size()) == prefix; }

// Same-origin check for state-changing requests: a browser sends Origin on
// every cross-origin POST (and Sec-Fetch-Site); a mismatch is refused.
bool SameOrigin(const HttpRequest& request) {
  std::string_view site = request.Header("sec-fetch-site");
  if (!site.empty() && site != "same-origin" && site != "none") return false;
  std::string_view origin = request.Header("origin");
  if (origin.empty()) return true;  // not a browser's cross-origin request
  std::string_view host = request.Header("host");
  if (host.empty()) return false;
  return origin == "http://" + std::string(host) || origin == "https://" + std::string(host);
}

bool IsJson(const HttpRequest& request) {
  std::string_view type = request.Header("content-type");
  return type == "application/json" || StartsWith(type, "application/json;");
}

std::string CookieHeader(std::string_view token, bool secure, bool clear) {
  std::string c = std::string(kCookie) + "=" + std::string(token) + "; Path=/; HttpOnly; SameSite=Strict";
  c += clear ? "; Max-Age=0" : "; Max-Age=43200";
  if (secure) c += "; Secure";
  return c;
}

size_t ParseLimit(std::string_view text, size_t fallback, size_t max) {
  if (text.empty() || text.size() > 6) return fallback;
  size_t v = 0;
  for (char c : text) {
    if (c < '0' || c > '9') return fallback;
    v = v * 10 + static_cast<size_t>(c - '0');
  }
  return std::clamp<size_t>(v, 1, max);
}

}  // namespace

RecordFilter FilterFromQuery(const HttpRequest& request) {
  RecordFilter f;
  f.env = std::string(request.Query("env"));
  f.identity = std::string(request.Query("identity"));
  f.decision = std::string(request.Query("decision"));
  f.rule = std::string(request.Query("rule"));
  f.tag = std::string(request.Query("tag"));
  f.text = std::string(request.Query("q"));
  return f;
}

bool ConsoleApp::Handle(const HttpRequest& request, HttpResponse* response) {
  std::string_view path = request.path;
  bool get = request.method == "GET" || request.method == "HEAD";
  if (path == "/" || path == "/console") {
    *response = HttpResponse::Text(302, "see /console/\n");
    response->headers.emplace_back("Location", "/console/");
    return true;
  }
  if (path == "/console/") {
    *response = get ? Asset(request, "index.html") : HttpResponse::Text(405, "method not allowed\n");
    return true;
  }
  if (StartsWith(path, "/console/assets/")) {
    *response = get ? Asset(request, path.substr(16)) : HttpResponse::Text(405, "method not allowed\n");
    return true;
  }
  if (!StartsWith(path, "/api/console/")) return false;
  std::string_view route = path.substr(13);
  if (request.method == "POST") {
    if (!IsJson(request)) {
      *response = HttpResponse::JsonError(415, "expected Content-Type: application/json");
      return true;
    }
    if (!SameOrigin(request)) {
      *response = HttpResponse::JsonError(403, "cross-origin request refused");
      return true;
    }
  } else if (!get) {
    *response = HttpResponse::JsonError(405, "method not allowed");
    return true;
  }
  if (route == "login") {
    *response = request.method == "POST" ? Login(request) : HttpResponse::JsonError(405, "method not allowed");
    return true;
  }
  std::string_view token = request.Cookie(kCookie);
  auto session = sessions_.Find(token, std::chrono::steady_clock::now());
  if (session) {
    // The identity must still be in the file (SIGHUP may have removed it).
    auto identities = options_.identities ? options_.identities() : nullptr;
    if (!identities || !identities->Find(session->user)) {
      sessions_.Logout(token);
      session.reset();
    }
  }
  if (!session) {
    *response = HttpResponse::JsonError(401, "log in first");
    return true;
  }
  if (request.method == "POST" && !ConsoleSessions::SameToken(request.Header("x-csrf-token"), session->csrf)) {
    *response = HttpResponse::JsonError(403, "missing or wrong CSRF token");
    return true;
  }
  if (route == "logout") {
    if (request.method != "POST") {
      *response = HttpResponse::JsonError(405, "method not allowed");
      return true;
    }
    sessions_.Logout(token);
    *response = HttpResponse::Json(200, "{}");
    response->headers.emplace_back("Set-Cookie", CookieHeader("", options_.secure_cookie, true));
    return true;
  }
  *response = Api(request, *session, route);
  return true;
}

HttpResponse ConsoleApp::Asset(const HttpRequest& request, std::string_view name) const {
  const console::Asset* asset = FindAsset(name);
  if (!asset) return HttpResponse::Text(404, "not found\n");
  if (request.Header("if-none-match") == asset->etag) {
    HttpResponse r = HttpResponse::Text(304, "");
    r.cacheable = true;
    r.headers.emplace_back("ETag", asset->etag);
    return r;
  }
  HttpResponse r;
  r.content_type = asset->content_type;
  r.body.assign(reinterpret_cast<const char*>(asset->data), asset->size);
  r.cacheable = true;
  r.headers.emplace_back("ETag", asset->etag);
  return r;
}

HttpResponse ConsoleApp::SessionJson(const ConsoleSession& session) const {
  std::string body = "{";
  AppendJsonField(&body, "user", session.user, true);
  body += ",\"groups\":[";
  for (size_t i = 0; i < session.groups.size(); ++i) {
    if (i) body += ',';
    AppendJsonString(&body, session.groups[i]);
  }
  body += "]";
  AppendJsonField(&body, "csrf", session.csrf);
  AppendJsonField(&body, "source", options_.source);
  body += options_.approvals.list ? ",\"approvals\":true" : ",\"approvals\":false";
  body += ",\"exposure\":true";
  body += "}";
  return HttpResponse::Json(200, std::move(body));
}

HttpResponse ConsoleApp::Login(const HttpRequest& request) {
  simdjson::dom::parser parser;
  simdjson::dom::element doc;
  std::string_view user, password;
  if (parser.parse(request.body).get(doc) != simdjson::SUCCESS || doc["user"].get(user) != simdjson::SUCCESS ||
      doc["password"].get(password) != simdjson::SUCCESS)
    return HttpResponse::JsonError(400, "expected {\"user\":...,\"password\":...}");
  auto identities = options_.identities ? options_.identities() : nullptr;
  if (!identities) return HttpResponse::JsonError(503, "no identities file");
  auto token = sessions_.Login(*identities, user, password, std::chrono::steady_clock::now());
  if (!token) return HttpResponse::JsonError(401, token.status().message());
  auto session = sessions_.Find(*token, std::chrono::steady_clock::now());
  HttpResponse r = SessionJson(*session);
  r.headers.emplace_back("Set-Cookie", CookieHeader(*token, options_.secure_cookie, false));
  return r;
}

HttpResponse ConsoleApp::Api(const HttpRequest& request, const ConsoleSession& session, std::string_view route) {
  bool get = request.method != "POST";
  if (route == "session" && get) return SessionJson(session);
  if (route == "records" && get) {
    PageCursor before;
    std::string_view cursor = request.Query("before");
    if (!cursor.empty() && !RecordIndex::ParseCursor(cursor, &before))
      return HttpResponse::JsonError(400, "malformed cursor");
    return HttpResponse::Json(200, options_.index->PageJson(FilterFromQuery(request), before,
                                                            ParseLimit(request.Query("limit"), 50, 500)));
  }
  if (route == "stats" && get) {
    std::string body = options_.index->StatsJson(FilterFromQuery(request), ParseLimit(request.Query("buckets"), 60, 500));
    if (options_.local_latency_json) {
      body.pop_back();
      body += ",\"decision_latency\":" + options_.local_latency_json() + "}";
    }
    return HttpResponse::Json(200, std::move(body));
  }
  if (route == "facets" && get) {
    std::string body = options_.index->FacetsJson();
    body.pop_back();
    AppendJsonField(&body, "source", options_.source);
    AppendJsonField(&body, "feed_error", options_.feed ? options_.feed->last_error() : "");
    body += "}";
    return HttpResponse::Json(200, std::move(body));
  }
  if (route == "exposure" && get) {
    return HttpResponse::Json(200, options_.index->ExposureJson(std::string(request.Query("identity")),
                                                                std::string(request.Query("tag")),
                                                                std::string(request.Query("env"))));
  }
  if (route == "approvals" || StartsWith(route, "approvals/")) {
    if (!options_.approvals.list) return HttpResponse::JsonError(404, "approvals are not configured");
    auto identities = options_.identities();
    const IdentityEntry* who = identities ? identities->Find(session.user) : nullptr;
    if (!who) return HttpResponse::JsonError(401, "log in first");
    if (route == "approvals") return get ? options_.approvals.list(*who) : HttpResponse::JsonError(405, "use GET");
    // approvals/ID/approve | approvals/ID/reject
    std::string_view rest = route.substr(10);
    size_t slash = rest.find('/');
    std::string_view action = slash == std::string_view::npos ? std::string_view() : rest.substr(slash + 1);
    if (slash == 0 || (action != "approve" && action != "reject")) return HttpResponse::JsonError(404, "not found");
    if (get) return HttpResponse::JsonError(405, "use POST");
    return options_.approvals.decide(std::string(rest.substr(0, slash)), *who, action == "approve");
  }
  return HttpResponse::JsonError(get ? 404 : 405, get ? "not found" : "method not allowed");
}

std::unique_ptr<ConsoleHost> ConsoleHost::Start(const std::string& dir, const std::string& dsn, ConsoleOptions options,
                                                std::chrono::milliseconds interval) {
  auto host = std::make_unique<ConsoleHost>();
  std::unique_ptr<RecordFeed> feed;
  if (!dsn.empty()) feed = std::make_unique<PgStoreFeed>(dsn);
  else feed = std::make_unique<AuditDirFeed>(dir);
  options.source = feed->Describe();
  host->feed = std::make_unique<FeedThread>(std::move(feed), &host->index, interval);
  options.index = &host->index;
  options.feed = host->feed.get();
  host->app = std::make_unique<ConsoleApp>(std::move(options));
  return host;
}

}  // namespace govern::proxy::console
