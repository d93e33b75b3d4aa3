// libFuzzer target: any bytes as what a client sends the admin listener
// (proxy/admin/http/http_request.h): the parser must answer complete,
// incomplete or an error status, never read past the input, and a complete
// request's accessors (headers, query, cookies) must work on what it kept.
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string_view>

#include "admin/http/http_request.h"

using namespace govern::proxy::http;

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  std::string_view input(reinterpret_cast<const char*>(data), size);
  HttpLimits limits;
  limits.max_header_bytes = 2048;
  limits.max_body_bytes = 1024;
  limits.max_headers = 16;
  HttpRequest request;
  ParseResult r = ParseHttpRequest(input, limits, &request);
  switch (r.state) {
    case ParseState::kIncomplete:
      if (size >= limits.max_header_bytes + limits.max_body_bytes + 4) std::abort();  // must have given up by now
      break;
    case ParseState::kError:
      if (r.status < 400 || r.status > 599 || r.reason.empty()) std::abort();
      break;
    case ParseState::kComplete:
      if (r.consumed > size || request.path.empty() || request.path[0] != '/') std::abort();
      if (request.body.size() > limits.max_body_bytes || request.headers.size() > limits.max_headers) std::abort();
      (void)request.Cookie("govern_console");
      (void)request.Header("content-type");
      (void)request.Query("before");
      break;
  }
  // Form bodies go through the same decoder.
  std::vector<std::pair<std::string, std::string>> kv;
  (void)ParseUrlEncoded(input.substr(0, 512), &kv);
  return 0;
}
