#include "admin/http/http_request.h"

#include <algorithm>

namespace govern::proxy::http {
namespace {

// RFC 9110 tchar.
bool IsTokenChar(unsigned char c) {
  if (c >= '0' && c <= '9') return true;
  if ((c | 0x20) >= 'a' && (c | 0x20) <= 'z') return true;
  switch (c) {
    case '!': case '#': case '$': case '%': case '&': case '\'': case '*': case '+':
    case '-': case '.': case '^': case '_': case '`': case '|': case '~':
      return true;
    default:
      return false;
  }
}

bool IsToken(std::string_view s) {
  return !s.empty() && std::all_of(s.begin(), s.end(), [](char c) { return IsTokenChar(static_cast<unsigned char>(c)); });
}

// A field value: visible characters, obs-text, spaces and tabs; no other control characters.
bool IsFieldValue(std::string_view s) {
  return std::all_of(s.begin(), s.end(), [](char ch) {
    auto c = static_cast<unsigned char>(ch);
    return c == '\t' || (c >= 0x20 && c != 0x7f);
  });
}

std::string_view Trim(std::string_view s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t')) s.remove_suffix(1);
  return s;
}

std::string Lower(std::string_view s) {
  std::string out(s);
  for (char& c : out)
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
  return out;
}

int HexValue(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

ParseResult Error(int status, std::string_view reason) {
  ParseResult r;
  r.state = ParseState::kError;
  r.status = status;
  r.reason = reason;
  return r;
}

}  // namespace

bool PercentDecode(std::string_view in, bool plus_is_space, std::string* out) {
  out->clear();
  out->reserve(in.size());
  for (size_t i = 0; i < in.size(); ++i) {
    char c = in[i];
    if (c == '%') {
      if (i + 2 >= in.size()) return false;
      int hi = HexValue(in[i + 1]), lo = HexValue(in[i + 2]);
      if (hi < 0 || lo < 0) return false;
      char decoded = static_cast<char>(hi * 16 + lo);
      if (decoded == '\0') return false;
      out->push_back(decoded);
      i += 2;
    } else if (c == '+' && plus_is_space) {
      out->push_back(' ');
    } else {
      out->push_back(c);
    }
  }
  return true;
}

bool ParseUrlEncoded(std::string_view in, std::vector<std::pair<std::string, std::string>>* out) {
  while (!in.empty()) {
    size_t amp = in.find('&');
    std::string_view pair = in.substr(0, amp);
    in = amp == std::string_view::npos ? std::string_view() : in.substr(amp + 1);
    if (pair.empty()) continue;
    size_t eq = pair.find('=');
    std::string key, value;
    if (!PercentDecode(pair.substr(0, eq), true, &key)) return false;
    if (eq != std::string_view::npos && !PercentDecode(pair.substr(eq + 1), true, &value)) return false;
    out->emplace_back(std::move(key), std::move(value));
  }
  return true;
}

std::string_view HttpRequest::Header(std::string_view lower_name) const {
  for (const auto& [name, value] : headers)
    if (name == lower_name) return value;
  return {};
}

std::string_view HttpRequest::Query(std::string_view name) const {
  for (const auto& [key, value] : query)
    if (key == name) return value;
  return {};
}

std::string_view HttpRequest::Cookie(std::string_view name) const {
  for (const auto& [header, value] : headers) {
    if (header != "cookie") continue;
    std::string_view rest = value;
    while (!rest.empty()) {
      size_t semi = rest.find(';');
      std::string_view item = Trim(rest.substr(0, semi));
      rest = semi == std::string_view::npos ? std::string_view() : rest.substr(semi + 1);
      size_t eq = item.find('=');
      if (eq == std::string_view::npos) continue;
      if (Trim(item.substr(0, eq)) != name) continue;
      std::string_view v = Trim(item.substr(eq + 1));
      if (v.size() >= 2 && v.front() == '"' && v.back() == '"') v = v.substr(1, v.size() - 2);
      return v;
    }
  }
  return {};
}

ParseResult ParseHttpRequest(std::string_view data, const HttpLimits& limits, HttpRequest* out) {
  std::string_view window = data.substr(0, std::min(data.size(), limits.max_header_bytes));
  size_t head_end = window.find("\r\n\r\n");
  if (head_end == std::string_view::npos) {
    if (data.size() >= limits.max_header_bytes) return Error(431, "request header too large");
    return {};
  }
  *out = HttpRequest();
  std::string_view head = data.substr(0, head_end);
  size_t line_end = head.find("\r\n");
  std::string_view request_line = head.substr(0, line_end);
  std::string_view header_block = line_end == std::string_view::npos ? std::string_view() : head.substr(line_end + 2);

  // METHOD SP request-target SP HTTP/1.x
  size_t sp1 = request_line.find(' ');
  if (sp1 == std::string_view::npos) return Error(400, "malformed request line");
  size_t sp2 = request_line.find(' ', sp1 + 1);
  if (sp2 == std::string_view::npos || request_line.find(' ', sp2 + 1) != std::string_view::npos)
    return Error(400, "malformed request line");
  std::string_view method = request_line.substr(0, sp1);
  std::string_view target = request_line.substr(sp1 + 1, sp2 - sp1 - 1);
  std::string_view version = request_line.substr(sp2 + 1);
  if (!IsToken(method)) return Error(400, "malformed method");
  if (version.size() != 8 || version.substr(0, 5) != "HTTP/") return Error(400, "malformed version");
  if (version.substr(5) == "1.1") out->minor_version = 1;
  else if (version.substr(5) == "1.0") out->minor_version = 0;
  else return Error(505, "http version not supported");
  if (target.empty() || target.front() != '/') return Error(400, "request target must be a path");
  for (char ch : target) {
    auto c = static_cast<unsigned char>(ch);
    if (c <= 0x20 || c >= 0x7f) return Error(400, "malformed request target");
  }
  out->method = std::string(method);
  out->target = std::string(target);
  size_t qmark = target.find('?');
  if (!PercentDecode(target.substr(0, qmark), false, &out->path)) return Error(400, "malformed path escape");
  if (qmark != std::string_view::npos && !ParseUrlEncoded(target.substr(qmark + 1), &out->query))
    return Error(400, "malformed query string");

  // Headers: name ":" OWS value OWS; no obs-fold.
  bool have_length = false;
  size_t content_length = 0;
  while (!header_block.empty()) {
    size_t eol = header_block.find("\r\n");
    std::string_view line = header_block.substr(0, eol);
    header_block = eol == std::string_view::npos ? std::string_view() : header_block.substr(eol + 2);
    if (line.empty()) return Error(400, "malformed header");
    if (line.front() == ' ' || line.front() == '\t') return Error(400, "folded header lines are not accepted");
    size_t colon = line.find(':');
    if (colon == std::string_view::npos) return Error(400, "malformed header");
    std::string_view name = line.substr(0, colon);
    std::string_view value = Trim(line.substr(colon + 1));
    if (!IsToken(name)) return Error(400, "malformed header name");
    if (!IsFieldValue(value)) return Error(400, "malformed header value");
    if (out->headers.size() >= limits.max_headers) return Error(431, "too many headers");
    std::string lower = Lower(name);
    if (lower == "transfer-encoding") return Error(501, "transfer-encoding is not supported");
    if (lower == "content-length") {
      if (value.empty() || value.size() > 18 ||
          !std::all_of(value.begin(), value.end(), [](char c) { return c >= '0' && c <= '9'; }))
        return Error(400, "malformed content-length");
      size_t n = std::stoull(std::string(value));
      if (have_length && n != content_length) return Error(400, "conflicting content-length");
      have_length = true;
      content_length = n;
    }
    out->headers.emplace_back(std::move(lower), std::string(value));
  }
  if (content_length > limits.max_body_bytes) return Error(413, "request body too large");
  size_t body_start = head_end + 4;
  if (data.size() - body_start < content_length) return {};
  out->body = std::string(data.substr(body_start, content_length));
  ParseResult r;
  r.state = ParseState::kComplete;
  r.consumed = body_start + content_length;
  return r;
}

}  // namespace govern::proxy::http
