// Approval events and what consumes them, without a proxy: the store's last
// used request (a replay), the `approval` audit record's fields (no constant
// of the text), the service's events and reconfiguration, the console's
// approve/reject through the service, and the cancel registry's hooks.
#include <doctest/doctest.h>

#include <unistd.h>

#include <future>
#include <mutex>

#include "admin/console_approvals.h"
#include "approval_subject.h"
#include "approvals/approval_service.h"
#include "session/cancel_registry.h"
#include "stages/audit_approvals.h"

using namespace govern::proxy;
using govern::Expected;

namespace {

ApprovalRequest Request(std::string_view text, std::string identity = "ana") {
  return MakeRequest(Subject(text, std::move(identity)));
}

std::string TempPath() {
  char tmpl[] = "/tmp/govern-approval-events-XXXXXX";
  int fd = ::mkstemp(tmpl);
  ::close(fd);
  return tmpl;
}

// Records every event's name (and session), from the worker.
struct Recorder : ApprovalEventSink {
  std::mutex mu;
  std::vector<std::string> seen;
  void OnApprovalEvent(const ApprovalEvent& e) override {
    std::lock_guard<std::mutex> lock(mu);
    seen.push_back(std::string(ApprovalEventName(e.kind)) + (e.session.empty() ? "" : "@" + std::string(e.session)));
  }
  std::vector<std::string> Get() {
    std::lock_guard<std::mutex> lock(mu);
    return seen;
  }
};

ApprovalStore::Outcome CheckNow(ApprovalService& service, ApprovalRequest r, std::string session) {
  std::promise<Expected<ApprovalStore::Outcome>> p;
  auto f = p.get_future();
  service.Check(std::move(r), std::move(session), [&p](Expected<ApprovalStore::Outcome> out) { p.set_value(std::move(out)); });
  auto out = f.get();
  REQUIRE_MESSAGE(out.ok(), out.status().message());
  return std::move(*out);
}

IdentityEntry Who(std::string name, std::vector<std::string> groups) {
  IdentityEntry e;
  e.name = std::move(name);
  e.groups = std::move(groups);
  e.kind = "human";
  return e;
}

}  // namespace

TEST_CASE("approval record: normalized SQL, hashes, no constant of the text") {
  ApprovalRequest r = Request("DELETE FROM accounts WHERE secret = 'hunter2'");
  r.id = "0123456789ab";
  r.decided_by = "dora";
  ApprovalRequest replay = r;
  replay.id = "ba9876543210";
  ApprovalEvent e{ApprovalEvent::Kind::kReplayRefused, &r, 0, "5f00.1", &replay};
  std::string f = ApprovalFields(e);
  CHECK(f.find("hunter2") == std::string::npos);
  CHECK(f.find("\"event\":\"replay_refused\"") != std::string::npos);
  CHECK(f.find("\"request\":\"0123456789ab\"") != std::string::npos);
  CHECK(f.find("\"session\":\"5f00.1\"") != std::string::npos);
  CHECK(f.find("\"identity\":{\"user\":\"ana\"}") != std::string::npos);
  CHECK(f.find("\"approver\":\"dora\"") != std::string::npos);
  CHECK(f.find("\"new_request\":\"ba9876543210\"") != std::string::npos);
  CHECK(f.find("\"sql\":\"DELETE FROM accounts WHERE secret = $1\"") != std::string::npos);
  CHECK(f.find("\"text_hash\":\"" + r.text_hash + "\"") != std::string::npos);
  // Text that does not parse: no SQL at all (its constants cannot be told apart).
  ApprovalRequest bad = Request("DELETE FRM accounts WHERE secret = 'hunter2'");
  ApprovalEvent e2{ApprovalEvent::Kind::kRequested, &bad, 0, "", nullptr};
  std::string f2 = ApprovalFields(e2);
  CHECK(f2.find("hunter2") == std::string::npos);
  CHECK(f2.find("\"sql\":\"\"") != std::string::npos);
  CHECK(f2.find("\"session\"") == std::string::npos);
}

TEST_CASE("service: requested, used, replay_refused then requested, notified holds; reconfigure") {
  std::string path = TempPath();
  ApprovalsConfig config;
  config.enabled = true;
  config.store = path;
  auto service = ApprovalService::Open(config, "test", "");
  REQUIRE_MESSAGE(service.ok(), service.status().message());
  auto recorder = std::make_shared<Recorder>();
  (*service)->AddSink(recorder);
  ApprovalRequest r = Request("DROP TABLE orders");
  auto made = CheckNow(**service, r, "s.1");
  CHECK(made.kind == ApprovalStore::Outcome::Kind::kCreated);

  // The console's backend: the requester and non-members may not decide; a member may, once.
  console::ApprovalsBackend console = ConsoleApprovals(**service);
  auto listed = console.list(Who("dora", {"dba"}));
  CHECK(listed.status == 200);
  CHECK(listed.body.find(made.request.id) != std::string::npos);
  CHECK(console.list(Who("eve", {"analyst"})).body == "{\"requests\":[]}");
  CHECK(console.decide(made.request.id, Who("ana", {"dba"}), true).status == 403);
  CHECK(console.decide(made.request.id, Who("eve", {"analyst"}), true).status == 403);
  CHECK(console.decide("nosuchid0000", Who("dora", {"dba"}), true).status == 404);
  CHECK(console.decide(made.request.id, Who("dora", {"dba"}), true).status == 200);
  CHECK(console.decide(made.request.id, Who("dora", {"dba"}), false).status == 409);

  auto used = CheckNow(**service, r, "s.2");
  CHECK(used.kind == ApprovalStore::Outcome::Kind::kClaimed);
  auto replay = CheckNow(**service, r, "s.3");
  CHECK(replay.kind == ApprovalStore::Outcome::Kind::kCreated);
  (*service)->Notify(ApprovalEvent::Kind::kHoldCancelled, replay.request, "s.3");
  CheckNow(**service, Request("SELECT 1"), "");  // a task after the notification: it has been emitted
  std::vector<std::string> want = {"requested@s.1", "approved", "used@s.2", "replay_refused@s.3", "requested@s.3",
                                   "hold_cancelled@s.3", "requested"};
  CHECK(recorder->Get() == want);

  ApprovalsConfig moved = config;
  moved.store = path + ".other";
  CHECK_FALSE((*service)->Reconfigure(moved).ok());
  ApprovalsConfig longer = config;
  longer.ttl_ms = 42'000;
  longer.hold = true;
  REQUIRE((*service)->Reconfigure(longer).ok());
  CHECK((*service)->config()->ttl_ms == 42'000);
  CHECK((*service)->config()->hold);
  auto fresh = CheckNow(**service, Request("DROP TABLE customers"), "");
  CHECK(fresh.request.expires_ms - fresh.request.created_ms == 42'000);
  service->reset();
  ::unlink(path.c_str());
}

TEST_CASE("store: the last used request of a statement") {
  std::string path = TempPath();
  auto db = OpenSqliteDb(path);
  REQUIRE(db.ok());
  auto store = ApprovalStore::Open(std::move(*db));
  REQUIRE(store.ok());
  ApprovalRequest r = Request("TRUNCATE orders");
  auto none = (*store)->LastUsed(r.match_key);
  REQUIRE(none.ok());
  CHECK_FALSE(none->has_value());
  auto made = (*store)->Check(r, 1000, 60'000);
  REQUIRE(made.ok());
  REQUIRE((*store)->Decide(made->request.id, true, "dora", 1001, 60'000).ok());
  CHECK_FALSE((*store)->LastUsed(r.match_key)->has_value());  // approved, not used
  REQUIRE((*store)->Check(r, 1002, 60'000)->kind == ApprovalStore::Outcome::Kind::kClaimed);
  auto last = (*store)->LastUsed(r.match_key);
  REQUIRE(last.ok());
  REQUIRE(last->has_value());
  CHECK((*last)->id == made->request.id);
  ::unlink(path.c_str());
}

TEST_CASE("cancel registry: a key reaches its session's hook until unregistered") {
  CancelRegistry registry;
  int a = 0, b = 0;
  BackendKey ka = registry.Register([&a] { ++a; });
  BackendKey kb = registry.Register([&b] { ++b; });
  CHECK((ka.pid != kb.pid || ka.secret != kb.secret));
  CHECK(ka.pid > 0);
  auto hook = registry.Lookup(ka);
  REQUIRE(hook.has_value());
  (*hook)();
  CHECK((a == 1 && b == 0));
  CHECK_FALSE(registry.Lookup({ka.pid, ka.secret ^ 1}).has_value());  // a guessed secret reaches nothing
  registry.Unregister(ka);
  CHECK_FALSE(registry.Lookup(ka).has_value());
  CHECK(registry.Lookup(kb).has_value());
}
