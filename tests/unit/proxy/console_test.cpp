// The console's login sessions (SCRAM-verifier passwords, CSRF tokens,
// expiry, throttling) and its record index (filters, pages, stats, exposure).
#include <doctest/doctest.h>

#include <string>

#include "admin/console/console_sessions.h"
#include "admin/console/record_index.h"
#include "auth/scram.h"

using namespace govern::proxy;
using namespace govern::proxy::console;

namespace {

Identities MakeIdentities() {
  Identities ids;
  IdentityEntry ana;
  ana.name = "ana";
  ana.scram = *scram::MakeVerifier("s3cret");
  ana.groups = {"dba"};
  ana.kind = "human";
  ids.Put(ana);
  IdentityEntry bot;
  bot.name = "bot";
  bot.scram = *scram::MakeVerifier("b0t");
  bot.kind = "agent";
  ids.Put(bot);
  return ids;
}

std::string Statement(const std::string& ts, const std::string& env, const std::string& user, int stmt,
                      const std::string& decision, const std::string& sql, const std::string& tag = "") {
  std::string exposed = tag.empty() ? "[]"
                                    : R"([{"output":"email","position":0,"columns":["public.c.email"],"tags":[")" + tag +
                                          R"("],"sources":[{"column":"public.c.email","tags":[")" + tag +
                                          R"("]}],"masked":false}])";
  return R"({"v":1,"type":"statement","seq":1,"prev":"0","ts":")" + ts + R"(","proxy":")" + env + R"(-1","env":")" +
         env + R"(","session":"s","stmt":)" + std::to_string(stmt) + R"(,"identity":{"user":")" + user +
         R"("},"kind":"select","fingerprint":"f","sql":")" + sql + R"(","decision":")" + decision +
         R"(","enforced":true,"rules":[{"id":"pii.r","effect":"deny","message":"m"}],"reads":[],"writes":[],"exposed":)" +
         exposed + R"(,"hash":"h"})";
}

std::string Outcome(const std::string& env, int stmt, int rows, int duration_us) {
  return R"({"v":1,"type":"outcome","seq":2,"prev":"0","ts":"2026-03-01T00:00:01Z","proxy":")" + env +
         R"(-1","env":")" + env + R"(","session":"s","stmt":)" + std::to_string(stmt) + R"(,"status":"ok","rows":)" +
         std::to_string(rows) + R"(,"duration_us":)" + std::to_string(duration_us) + R"(,"bytes":1,"hash":"h"})";
}

size_t Count(const std::string& haystack, const std::string& needle) {
  size_t n = 0;
  for (size_t pos = haystack.find(needle); pos != std::string::npos; pos = haystack.find(needle, pos + 1)) ++n;
  return n;
}

}  // namespace

TEST_CASE("passwords are checked against the SCRAM verifier") {
  std::string v = *scram::MakeVerifier("s3cret");
  CHECK(VerifyPassword(v, "s3cret"));
  CHECK_FALSE(VerifyPassword(v, "s3cre"));
  CHECK_FALSE(VerifyPassword("garbage", "s3cret"));
}

TEST_CASE("login, session lookup, CSRF token, logout and expiry") {
  Identities ids = MakeIdentities();
  ConsoleSessions sessions;
  auto now = ConsoleSessions::Clock::now();
  auto bad = sessions.Login(ids, "ana", "wrong", now);
  REQUIRE_FALSE(bad.ok());
  CHECK(bad.status().message() == "invalid user or password");
  CHECK(sessions.Login(ids, "nobody", "s3cret", now).status().message() == "invalid user or password");
  CHECK(sessions.Login(ids, "bot", "b0t", now).status().message() == "only human identities may log in to the console");
  auto token = sessions.Login(ids, "ana", "s3cret", now);
  REQUIRE(token.ok());
  CHECK(token->size() == 43);  // 256 bits, base64url
  auto s = sessions.Find(*token, now);
  REQUIRE(s);
  CHECK(s->user == "ana");
  CHECK(s->csrf.size() == 43);
  CHECK(s->csrf != *token);
  CHECK(ConsoleSessions::SameToken(s->csrf, s->csrf));
  CHECK_FALSE(ConsoleSessions::SameToken(s->csrf, ""));
  CHECK_FALSE(ConsoleSessions::SameToken("", ""));
  CHECK_FALSE(sessions.Find(*token + "x", now));
  // Idle expiry.
  CHECK_FALSE(sessions.Find(*token, now + ConsoleSessions::kIdle + std::chrono::seconds(1)));
  auto again = sessions.Login(ids, "ana", "s3cret", now);
  sessions.Logout(*again);
  CHECK_FALSE(sessions.Find(*again, now));
  // Removed from the identities file: its sessions go.
  auto third = sessions.Login(ids, "ana", "s3cret", now);
  sessions.Retain(Identities());
  CHECK_FALSE(sessions.Find(*third, now));
}

TEST_CASE("failed logins are throttled per name") {
  Identities ids = MakeIdentities();
  ConsoleSessions sessions;
  auto now = ConsoleSessions::Clock::now();
  for (int i = 0; i < 10; ++i) CHECK_FALSE(sessions.Login(ids, "ana", "guess", now).ok());
  auto r = sessions.Login(ids, "ana", "s3cret", now);
  REQUIRE_FALSE(r.ok());
  CHECK(r.status().message() == "too many failed logins; try again later");
  CHECK(sessions.Login(ids, "ana", "s3cret", now + std::chrono::minutes(2)).ok());
}

TEST_CASE("record index: filters, newest-first pages, outcome join, stats, facets, exposure") {
  RecordIndex index;
  index.AddLine(Statement("2026-03-01T00:00:00Z", "dev", "ana", 1, "allow", "SELECT 1"));
  index.AddLine(Statement("2026-03-01T00:00:02Z", "prod", "bob", 1, "deny", "DELETE FROM t"));
  index.AddLine(Statement("2026-03-01T00:00:01Z", "prod", "ana", 2, "allow", "SELECT email FROM c", "pii.email"));
  index.AddLine(Outcome("prod", 2, 7, 1500));
  index.AddLine("not json");
  index.AddLine(R"({"v":1,"type":"statement","ts":"yesterday"})");
  index.AddLine(R"({"v":1,"type":"login_failed","ts":"2026-03-01T00:00:00Z"})");
  CHECK(index.statements() == 3);
  CHECK(index.skipped() == 1);  // the statement with a bad time; other lines are not statement/outcome records

  std::string all = index.PageJson({}, PageCursor{}, 50);
  // Newest first, whatever the arrival order.
  CHECK(all.find("DELETE FROM t") < all.find("SELECT email"));
  CHECK(all.find("SELECT email") < all.find("SELECT 1"));
  CHECK(all.find(R"("outcome":{"status":"ok","rows":7,"duration_us":1500,"bytes":1})") != std::string::npos);
  CHECK(all.find(R"("matched":3,"next":null)") != std::string::npos);

  RecordFilter prod;
  prod.env = "prod";
  CHECK(Count(index.PageJson(prod, PageCursor{}, 50), "\"env\":\"prod\"") == 2);
  CHECK(Count(index.PageJson(prod, PageCursor{}, 50), "\"env\":\"dev\"") == 0);
  RecordFilter tag;
  tag.tag = "pii.*";
  CHECK(index.PageJson(tag, PageCursor{}, 50).find(R"("matched":1)") != std::string::npos);
  RecordFilter unknown;
  unknown.identity = "nobody";
  CHECK(index.PageJson(unknown, PageCursor{}, 50).find(R"("records":[],"matched":0)") != std::string::npos);
  RecordFilter text;
  text.text = "DELETE";
  CHECK(index.PageJson(text, PageCursor{}, 50).find(R"("matched":1)") != std::string::npos);

  // Keyset pages: 1 + 1 + 1.
  std::string page1 = index.PageJson({}, PageCursor{}, 1);
  size_t at = page1.find(R"("next":")");
  REQUIRE(at != std::string::npos);
  std::string next = page1.substr(at + 8, page1.find('"', at + 8) - at - 8);
  PageCursor cursor;
  REQUIRE(RecordIndex::ParseCursor(next, &cursor));
  std::string page2 = index.PageJson({}, cursor, 1);
  CHECK(page2.find("SELECT email") != std::string::npos);
  CHECK(page2.find("DELETE") == std::string::npos);
  CHECK_FALSE(RecordIndex::ParseCursor("1.", &cursor));
  CHECK_FALSE(RecordIndex::ParseCursor("x.1", &cursor));
  CHECK_FALSE(RecordIndex::ParseCursor("123456789012345678901.1", &cursor));

  std::string stats = index.StatsJson({}, 3);
  CHECK(stats.find(R"({"env":"prod","decision":"deny","counts":[0,0,1]})") != std::string::npos);
  CHECK(stats.find(R"({"env":"dev","decision":"allow","counts":[1,0,0]})") != std::string::npos);
  CHECK(stats.find(R"("p50_us":1500)") != std::string::npos);

  std::string facets = index.FacetsJson();
  CHECK(facets.find(R"("envs":[{"value":"dev","count":1},{"value":"prod","count":2}])") != std::string::npos);
  CHECK(facets.find(R"("tags":[{"value":"pii.email","count":1}])") != std::string::npos);

  std::string exposure = index.ExposureJson("", "pii.*", "");
  CHECK(exposure.find(R"("identity":"ana","env":"prod","column":"public.c.email","tag":"pii.email","masked":false,"statements":1,"rows":7)") !=
        std::string::npos);
  CHECK(index.ExposureJson("bob", "", "").find(R"({"exposure":[]})") == 0);
}
