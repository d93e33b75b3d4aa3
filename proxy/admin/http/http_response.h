// An HTTP response from the admin listener. Every response carries the same
// hardening headers: a Content-Security-Policy that allows scripts, styles,
// images and fetches from the listener itself only (no inline script, no
// eval, no framing), nosniff, no referrer, and no caching of API answers.
#pragma once

#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace govern::proxy::http {

inline constexpr std::string_view kContentSecurityPolicy =
    "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self'; connect-src 'self'; "
    "base-uri 'none'; form-action 'none'; frame-ancestors 'none'";

struct HttpResponse {
  int status = 200;
  std::string content_type = "text/plain; charset=utf-8";
  std::vector<std::pair<std::string, std::string>> headers;  // extra headers (Set-Cookie, ETag, ...)
  std::string body;
  bool cacheable = false;  // static assets: Cache-Control with revalidation instead of no-store
  bool head_only = false;  // HEAD: headers with the body's length, no body

  static HttpResponse Text(int status, std::string body);
  static HttpResponse Json(int status, std::string body);
  // {"error":"..."} with the message JSON-escaped.
  static HttpResponse JsonError(int status, std::string_view message);

  // The full response (status line, headers, body) for HTTP/1.0 or 1.1, Connection: close.
  std::string Serialize() const;
};

std::string_view ReasonPhrase(int status);

}  // namespace govern::proxy::http
