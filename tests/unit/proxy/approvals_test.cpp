// Approvals without a proxy: the request's match key and parameter hash, the
// SQLite store's single-use claim, expiry and decisions, who may decide, and
// the [approvals] config section.
#include <doctest/doctest.h>

#include <unistd.h>

#include "admin/approvals_api.h"
#include "approval_subject.h"
#include "approvals/approval_store.h"
#include "config.h"

using namespace govern::proxy;

namespace {

// A Bind body: portal, statement, formats, parameters (nullptr: NULL), no result formats.
std::string Bind(std::vector<int16_t> formats, std::vector<const char*> values) {
  std::string b = std::string("\0s1\0", 4);
  auto u16 = [&](int v) { b.push_back(static_cast<char>((v >> 8) & 255)), b.push_back(static_cast<char>(v & 255)); };
  auto i32 = [&](int32_t v) { for (int s = 24; s >= 0; s -= 8) b.push_back(static_cast<char>((v >> s) & 255)); };
  u16(static_cast<int>(formats.size()));
  for (int16_t f : formats) u16(f);
  u16(static_cast<int>(values.size()));
  for (const char* v : values) {
    if (v == nullptr) {
      i32(-1);
      continue;
    }
    i32(static_cast<int32_t>(std::strlen(v)));
    b += v;
  }
  u16(0);
  return b;
}

struct TempStore {
  std::string path;
  std::unique_ptr<ApprovalStore> store;
  TempStore() {
    char tmpl[] = "/tmp/govern-approvals-test-XXXXXX";
    int fd = ::mkstemp(tmpl);
    ::close(fd);
    path = tmpl;
    auto db = OpenSqliteDb(path);
    REQUIRE_MESSAGE(db.ok(), db.status().message());
    auto s = ApprovalStore::Open(std::move(*db));
    REQUIRE_MESSAGE(s.ok(), s.status().message());
    store = std::move(*s);
  }
  ~TempStore() {
    store.reset();
    for (const char* suffix : {"", "-wal", "-shm"}) ::unlink((path + suffix).c_str());
  }
};

}  // namespace

TEST_CASE("the match key covers identity, exact text, parameters and session context") {
  ApprovalRequest a = MakeRequest(Subject("DROP TABLE orders"));
  CHECK(a.match_key == MakeRequest(Subject("DROP TABLE orders")).match_key);
  CHECK(a.match_key != MakeRequest(Subject("DROP TABLE  orders")).match_key);  // exact text
  CHECK(a.fingerprint == MakeRequest(Subject("DROP TABLE  orders")).fingerprint);  // fingerprint for people
  CHECK(a.match_key != MakeRequest(Subject("DROP TABLE orders", "bob")).match_key);
  ApprovalSubject s = Subject("DROP TABLE orders");
  s.search_path = {"sales"};
  CHECK(a.match_key != MakeRequest(s).match_key);
  s = Subject("DROP TABLE orders");
  s.role = "admin";
  CHECK(a.match_key != MakeRequest(s).match_key);
  s = Subject("DROP TABLE orders");
  s.env = "staging";
  CHECK(a.match_key != MakeRequest(s).match_key);
  s = Subject("ALTER ROLE x PASSWORD 'hunter2'");
  CHECK(MakeRequest(s).statement.find("hunter2") == std::string::npos);
}

TEST_CASE("Bind parameter hashes: values, NULL, formats spelled out per parameter") {
  std::string h1, h2;
  REQUIRE(HashBindParameters(Bind({}, {"1", "x"}), &h1));
  REQUIRE(HashBindParameters(Bind({0}, {"1", "x"}), &h2));
  CHECK(h1 == h2);  // none and one-for-all text are the same formats
  REQUIRE(HashBindParameters(Bind({0, 0}, {"1", "x"}), &h2));
  CHECK(h1 == h2);
  REQUIRE(HashBindParameters(Bind({}, {"2", "x"}), &h2));
  CHECK(h1 != h2);
  REQUIRE(HashBindParameters(Bind({1}, {"1", "x"}), &h2));
  CHECK(h1 != h2);
  REQUIRE(HashBindParameters(Bind({}, {"", "x"}), &h1));
  REQUIRE(HashBindParameters(Bind({}, {nullptr, "x"}), &h2));
  CHECK(h1 != h2);
  REQUIRE(HashBindParameters(Bind({}, {}), &h1));
  CHECK(h1 == NoParametersHash());
  std::string truncated = Bind({}, {"12345"});
  truncated.resize(truncated.size() - 4);
  CHECK_FALSE(HashBindParameters(truncated, &h1));
}

TEST_CASE("SQLite store: a request, its approval, one claim, then nothing") {
  TempStore t;
  ApprovalRequest fresh = MakeRequest(Subject("DROP TABLE orders"));
  int64_t now = 1'000'000;
  auto first = t.store->Check(fresh, now, 60'000);
  REQUIRE(first.ok());
  CHECK(first->kind == ApprovalStore::Outcome::Kind::kCreated);
  std::string id = first->request.id;
  CHECK(id.size() == 12);
  auto again = t.store->Check(fresh, now + 1, 60'000);
  REQUIRE(again.ok());
  CHECK(again->kind == ApprovalStore::Outcome::Kind::kPending);  // the same request, not a second one
  CHECK(again->request.id == id);
  auto approved = t.store->Decide(id, true, "dora", now + 2, 60'000);
  REQUIRE(approved.ok());
  REQUIRE(approved->has_value());
  CHECK((*approved)->state == ApprovalState::kApproved);
  auto twice = t.store->Decide(id, false, "dora", now + 3, 60'000);
  REQUIRE(twice.ok());
  CHECK_FALSE(twice->has_value());  // not pending any more
  ApprovalRequest other = MakeRequest(Subject("DROP TABLE orders", "bob"));
  auto other_out = t.store->Check(other, now + 4, 60'000);
  REQUIRE(other_out.ok());
  CHECK(other_out->kind == ApprovalStore::Outcome::Kind::kCreated);  // another identity: its own request
  auto claimed = t.store->Check(fresh, now + 5, 60'000);
  REQUIRE(claimed.ok());
  CHECK(claimed->kind == ApprovalStore::Outcome::Kind::kClaimed);
  CHECK(claimed->request.id == id);
  auto replay = t.store->Check(fresh, now + 6, 60'000);
  REQUIRE(replay.ok());
  CHECK(replay->kind == ApprovalStore::Outcome::Kind::kCreated);  // used: a replay needs a new approval
  CHECK(replay->request.id != id);
}

TEST_CASE("SQLite store: expiry, rejection and hold-mode polls") {
  TempStore t;
  ApprovalRequest fresh = MakeRequest(Subject("TRUNCATE orders"));
  auto made = t.store->Check(fresh, 1000, 5000);
  REQUIRE(made.ok());
  std::string id = made->request.id;
  auto late = t.store->Decide(id, true, "dora", 7000, 5000);
  REQUIRE(late.ok());
  CHECK_FALSE(late->has_value());  // expired before the approval
  auto expired = t.store->ExpireDue(7000);
  REQUIRE(expired.ok());
  REQUIRE(expired->size() == 1);
  CHECK(expired->front().state == ApprovalState::kExpired);
  CHECK(t.store->ExpireDue(7001)->empty());  // each once

  auto second = t.store->Check(fresh, 8000, 5000);
  REQUIRE(second.ok());
  auto poll = t.store->Poll(second->request.id, 8001);
  REQUIRE(poll.ok());
  CHECK(poll->kind == ApprovalStore::Outcome::Kind::kPending);
  REQUIRE(t.store->Decide(second->request.id, true, "dora", 8002, 5000)->has_value());
  auto past = t.store->Check(fresh, 8002 + 5000, 5000);  // approved, but its ttl ran out
  REQUIRE(past.ok());
  CHECK(past->kind == ApprovalStore::Outcome::Kind::kCreated);
  REQUIRE(t.store->Decide(past->request.id, false, "dora", 13003, 5000)->has_value());
  poll = t.store->Poll(past->request.id, 13004);
  REQUIRE(poll.ok());
  CHECK(poll->kind == ApprovalStore::Outcome::Kind::kPending);
  CHECK(poll->request.state == ApprovalState::kRejected);
  CHECK(poll->request.decided_by == "dora");

  auto third = t.store->Check(fresh, 20000, 5000);
  REQUIRE(t.store->Decide(third->request.id, true, "dora", 20001, 5000)->has_value());
  poll = t.store->Poll(third->request.id, 20002);
  REQUIRE(poll.ok());
  CHECK(poll->kind == ApprovalStore::Outcome::Kind::kClaimed);
  CHECK(t.store->Poll(third->request.id, 20003)->kind == ApprovalStore::Outcome::Kind::kPending);  // used
  auto listed = t.store->List(true, 20004, 10);
  REQUIRE(listed.ok());
  CHECK(listed->size() == 4);
  CHECK(t.store->List(false, 20004, 10)->empty());
}

TEST_CASE("only members of the rule's group decide, never the requester") {
  ApprovalRequest r = MakeRequest(Subject("DROP TABLE orders"));
  auto who = [](std::string name, std::string group) {
    IdentityEntry e;
    e.name = std::move(name);
    e.groups = {std::move(group)};
    return e;
  };
  IdentityEntry dora = who("dora", "dba"), ana = who("ana", "dba"), eve = who("eve", "analyst");
  std::string why;
  CHECK(MayDecide(dora, r, &why));
  CHECK_FALSE(MayDecide(ana, r, &why));
  CHECK(why.find("own request") != std::string::npos);
  CHECK_FALSE(MayDecide(eve, r, &why));
  CHECK(why.find("\"dba\"") != std::string::npos);
  CHECK(MaySee(ana, r));
  CHECK_FALSE(MaySee(eve, r));
}

TEST_CASE("[approvals]: durations, mode, store or dsn") {
  std::string base = R"(
[proxy]
env = "prod"
[upstream]
database = "app"
user = "govern"
[policies]
bundle = "b.bundle"
[identities]
file = "ids.toml"
)";
  auto c = ParseProxyConfig(base + "[approvals]\nttl = \"2m\"\nmode = \"hold\"\nhold_timeout = \"30s\"\n",
                            "/etc/govern/proxy.toml");
  REQUIRE_MESSAGE(c.ok(), c.status().message());
  CHECK(c->approvals.enabled);
  CHECK(c->approvals.ttl_ms == 120000);
  CHECK(c->approvals.hold);
  CHECK(c->approvals.hold_timeout_ms == 30000);
  CHECK(c->approvals.store == "/etc/govern/approvals.db");
  CHECK_FALSE(ParseProxyConfig(base, "p.toml")->approvals.enabled);
  CHECK_FALSE(ParseProxyConfig(base + "[approvals]\nttl = \"15 minutes\"\n", "p.toml").ok());
  CHECK_FALSE(ParseProxyConfig(base + "[approvals]\nmode = \"wait\"\n", "p.toml").ok());
  CHECK_FALSE(ParseProxyConfig(base + "[approvals]\nstore = \"a.db\"\ndsn = \"host=x\"\n", "p.toml").ok());
  CHECK_FALSE(ParseProxyConfig(base + "[approvals]\nttl_seconds = 5\n", "p.toml").ok());
}
