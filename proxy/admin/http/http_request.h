// One HTTP/1.x request read from the admin listener (GET, HEAD and POST with
// a Content-Length body; no chunked bodies, no pipelining). The parser takes
// untrusted bytes: every limit is checked before anything is copied, and a
// malformed request is an error with the status to answer, never a crash.
// tests/fuzz/fuzz_http.cpp feeds it arbitrary bytes.
//
//   HttpRequest req;
//   switch (ParseHttpRequest(buffer, kDefaultHttpLimits, &req).state) { ... }
#pragma once

#include <cstddef>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace govern::proxy::http {

struct HttpLimits {
  size_t max_header_bytes = 8192;  // request line + headers + the blank line
  size_t max_body_bytes = 65536;
  size_t max_headers = 64;
};
inline constexpr HttpLimits kDefaultHttpLimits{};

struct HttpRequest {
  std::string method;  // as sent (methods are case-sensitive)
  std::string target;  // the request target as sent: /path?query
  std::string path;    // percent-decoded path (no query)
  std::vector<std::pair<std::string, std::string>> query;    // decoded, in order
  std::vector<std::pair<std::string, std::string>> headers;  // names lower-cased, values trimmed
  std::string body;
  int minor_version = 1;  // HTTP/1.x

  // The first header of that (lower-case) name, or empty.
  std::string_view Header(std::string_view lower_name) const;
  // The first query parameter of that name, or empty.
  std::string_view Query(std::string_view name) const;
  // The value of cookie `name` from the Cookie header(s), or empty.
  std::string_view Cookie(std::string_view name) const;
};

enum class ParseState { kIncomplete, kComplete, kError };

struct ParseResult {
  ParseState state = ParseState::kIncomplete;
  size_t consumed = 0;         // kComplete: bytes of this request (head + body)
  int status = 0;              // kError: the status to answer (400, 405, 411, 413, 431, 501, 505)
  std::string_view reason;     // kError: a short lower-case reason for the body
};

// Parses one request from the start of `data`. kIncomplete: read more (the
// limits are already enforced on what is there, so a caller never buffers more
// than max_header_bytes + max_body_bytes).
ParseResult ParseHttpRequest(std::string_view data, const HttpLimits& limits, HttpRequest* out);

// Percent-decoding ("+" is a space only when `plus_is_space`, as in a query
// string or a form body). False on a malformed escape or a decoded NUL.
bool PercentDecode(std::string_view in, bool plus_is_space, std::string* out);
// a=1&b=2 (application/x-www-form-urlencoded). False when an escape is malformed.
bool ParseUrlEncoded(std::string_view in, std::vector<std::pair<std::string, std::string>>* out);

}  // namespace govern::proxy::http
