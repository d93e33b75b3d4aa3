// The admin listener's HTTP request parser: complete, partial and malformed
// requests, limits, query strings and cookies.
#include <doctest/doctest.h>

#include "admin/http/http_request.h"

using namespace govern::proxy::http;

namespace {
ParseResult Parse(std::string_view data, HttpRequest* req, HttpLimits limits = kDefaultHttpLimits) {
  return ParseHttpRequest(data, limits, req);
}
}  // namespace

TEST_CASE("a GET with a query string and cookies") {
  HttpRequest req;
  std::string raw =
      "GET /api/console/records?env=prod&tag=pii.%2A&q=a+b HTTP/1.1\r\nHost: x:1\r\n"
      "Cookie: a=1; govern_console=tok\"en ; z=\"q\"\r\nX-Empty:\r\n\r\n";
  auto r = Parse(raw, &req);
  REQUIRE(r.state == ParseState::kComplete);
  CHECK(r.consumed == raw.size());
  CHECK(req.method == "GET");
  CHECK(req.path == "/api/console/records");
  CHECK(req.Query("env") == "prod");
  CHECK(req.Query("tag") == "pii.*");
  CHECK(req.Query("q") == "a b");
  CHECK(req.Query("missing").empty());
  CHECK(req.Header("host") == "x:1");
  CHECK(req.Cookie("govern_console") == "tok\"en");
  CHECK(req.Cookie("z") == "q");
  CHECK(req.Cookie("gov").empty());
}

TEST_CASE("a POST body arrives in pieces") {
  std::string raw = "POST /api/console/login HTTP/1.1\r\nContent-Type: application/json\r\nContent-Length: 11\r\n\r\n{\"a\":\"bc\"}!";
  HttpRequest req;
  for (size_t n = 0; n < raw.size(); ++n) CHECK(Parse(std::string_view(raw).substr(0, n), &req).state == ParseState::kIncomplete);
  auto r = Parse(raw + "next", &req);
  REQUIRE(r.state == ParseState::kComplete);
  CHECK(req.body == "{\"a\":\"bc\"}!");
  CHECK(r.consumed == raw.size());
}

TEST_CASE("malformed requests are errors with the status to answer") {
  struct Case {
    const char* raw;
    int status;
  } cases[] = {
      {"GET\r\n\r\n", 400},
      {"GET /x\r\n\r\n", 400},
      {"GET /x HTTP/2.0\r\n\r\n", 505},
      {"GET /x HTTX/1.1\r\n\r\n", 400},
      {"GET x HTTP/1.1\r\n\r\n", 400},
      {"GET http://evil/ HTTP/1.1\r\n\r\n", 400},
      {"G(T /x HTTP/1.1\r\n\r\n", 400},
      {"GET /x%zz HTTP/1.1\r\n\r\n", 400},
      {"GET /x%00 HTTP/1.1\r\n\r\n", 400},
      {"GET /x?a=%4 HTTP/1.1\r\n\r\n", 400},
      {"GET /x HTTP/1.1\r\nNoColon\r\n\r\n", 400},
      {"GET /x HTTP/1.1\r\nA: b\r\n folded\r\n\r\n", 400},
      {"GET /x HTTP/1.1\r\nBad Name: b\r\n\r\n", 400},
      {"GET /x HTTP/1.1\r\nA: b\x01\r\n\r\n", 400},
      {"POST /x HTTP/1.1\r\nTransfer-Encoding: chunked\r\n\r\n", 501},
      {"POST /x HTTP/1.1\r\nContent-Length: -1\r\n\r\n", 400},
      {"POST /x HTTP/1.1\r\nContent-Length: 1\r\nContent-Length: 2\r\n\r\n", 400},
      {"POST /x HTTP/1.1\r\nContent-Length: 99999999999999999999\r\n\r\n", 400},
      {"POST /x HTTP/1.1\r\nContent-Length: 70000\r\n\r\n", 413},
  };
  for (const Case& c : cases) {
    HttpRequest req;
    auto r = Parse(c.raw, &req);
    CAPTURE(c.raw);
    CHECK(r.state == ParseState::kError);
    CHECK(r.status == c.status);
  }
}

TEST_CASE("limits: header size and header count") {
  HttpRequest req;
  std::string big = "GET /x HTTP/1.1\r\nA: " + std::string(9000, 'a');
  auto r = Parse(big, &req);
  CHECK(r.state == ParseState::kError);
  CHECK(r.status == 431);
  std::string many = "GET /x HTTP/1.1\r\n";
  for (int i = 0; i < 70; ++i) many += "H" + std::to_string(i) + ": v\r\n";
  r = Parse(many + "\r\n", &req);
  CHECK(r.state == ParseState::kError);
  CHECK(r.status == 431);
}

TEST_CASE("percent-decoding and form bodies") {
  std::string out;
  CHECK(PercentDecode("a%20b+c", false, &out));
  CHECK(out == "a b+c");
  CHECK(PercentDecode("a%20b+c", true, &out));
  CHECK(out == "a b c");
  CHECK_FALSE(PercentDecode("%", true, &out));
  CHECK_FALSE(PercentDecode("%a", true, &out));
  std::vector<std::pair<std::string, std::string>> kv;
  CHECK(ParseUrlEncoded("a=1&&b&c=%3D", &kv));
  REQUIRE(kv.size() == 3);
  CHECK(kv[1].first == "b");
  CHECK(kv[1].second.empty());
  CHECK(kv[2].second == "=");
}
