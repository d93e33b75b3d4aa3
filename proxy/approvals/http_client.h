// A small blocking HTTP/1.1 client (one request per connection, http:// and
// https://, a timeout on every step): what `govern approvals` sends to the
// admin API and what the proxy's webhook thread POSTs. Never on an event loop.
#pragma once

#include <string>
#include <utility>
#include <vector>

#include "core/status.h"

namespace govern::proxy {

struct HttpUrl {
  bool tls = false;
  std::string host, port, path;  // path starts with '/'
};
Expected<HttpUrl> ParseHttpUrl(const std::string& url);

struct HttpResponse {
  int status = 0;
  std::string body;
};

// `headers`: extra "Name: value" pairs. The body is sent with Content-Length.
Expected<HttpResponse> HttpRequest(const std::string& method, const HttpUrl& url, const std::string& path_and_query,
                                   const std::vector<std::pair<std::string, std::string>>& headers,
                                   const std::string& body, int timeout_ms);

}  // namespace govern::proxy
