"""Approvals through govern proxy (run by run_approval_tests.sh).

Environment: GOVERN (the CLI), PGPORT, HOOK_PORT (where the main proxy's
webhook posts), MAIN, SHORT, HOLD, P1, P2 ("PORT:ADMIN_PORT" of each proxy),
IDS (where the request ids that approval_records.py checks in the audit go),
SHORT_PID, SHORT_TOML, SHORT_LOG (the short-ttl proxy: its [approvals] is changed and reloaded with SIGHUP).
Identities log in with password "pw-NAME". Exits 1 when a check fails.
"""
import http.server
import json
import os
import datetime
import re
import signal
import subprocess
import sys
import threading
import time

import psycopg

GOVERN = os.environ["GOVERN"]
PGPORT = os.environ["PGPORT"]
failures = []
ids = {}  # name -> request id, for approval_records.py


def proxy(name):
    port, admin = os.environ[name].split(":")
    return int(port), f"http://127.0.0.1:{admin}"


def check(cond, what):
    print(("ok   " if cond else "FAIL ") + what)
    if not cond:
        failures.append(what)


def connect(port, user):
    return psycopg.connect(host="127.0.0.1", port=port, user=user, password=f"pw-{user}", dbname="postgres",
                           autocommit=True, connect_timeout=10)


def direct():
    return psycopg.connect(host="127.0.0.1", port=PGPORT, user="postgres", dbname="postgres", autocommit=True)


def attempt(conn, sql, params=None):
    """(sqlstate or None, detail) of running sql on conn."""
    try:
        conn.execute(sql, params)
        return None, ""
    except psycopg.Error as e:
        return e.sqlstate, e.diag.message_detail or ""


def run(port, user, sql, params=None):
    with connect(port, user) as conn:
        return attempt(conn, sql, params)


def request_id(detail):
    m = re.search(r"request ([0-9a-f]{12})", detail)
    return m.group(1) if m else None


def cli(admin, user, *args, password=None):
    p = subprocess.run([GOVERN, "approvals", *args, "--admin", admin, "--user", user, "--password-stdin"],
                       input=(password or f"pw-{user}") + "\n", capture_output=True, text=True, timeout=60)
    return p.returncode, p.stdout + p.stderr


def listed(admin, user, all_states=False):
    code, out = cli(admin, user, "list", "--format", "json", *(["--all"] if all_states else []))
    return json.loads(out)["requests"] if code == 0 else None


def table_exists(name):
    with direct() as c:
        return c.execute("SELECT to_regclass(%s) IS NOT NULL", (name,)).fetchone()[0]


# ---------------------------------------------------------------- webhook receiver
hooks = []


class Hook(http.server.BaseHTTPRequestHandler):
    def do_POST(self):
        body = self.rfile.read(int(self.headers.get("Content-Length", "0")))
        hooks.append((self.path, self.headers.get("Content-Type"), body))
        self.send_response(204)
        self.end_headers()

    def log_message(self, *args):
        pass


server = http.server.ThreadingHTTPServer(("127.0.0.1", int(os.environ["HOOK_PORT"])), Hook)
threading.Thread(target=server.serve_forever, daemon=True).start()

# ---------------------------------------------------------------- reject mode, SQLite store
port, admin = proxy("MAIN")
state, detail = run(port, "ana", "DROP TABLE scratch")
rid = request_id(detail)
check(state == "VG001" and rid is not None, f"require approval -> VG001 with the request ID in the detail ({state}: {detail})")
check(table_exists("scratch"), "the statement did not run")
state2, detail2 = run(port, "ana", "DROP TABLE scratch")
check(state2 == "VG001" and request_id(detail2) == rid, "asking again names the same pending request")

for _ in range(100):  # the webhook is asynchronous: wait for its POST (bounded)
    if hooks:
        break
    time.sleep(0.05)
check(len(hooks) == 1, f"one webhook POST for one new request (got {len(hooks)})")
if hooks:
    path, ctype, body = hooks[0]
    payload = json.loads(body)
    req = payload.get("request", {})
    check(path == "/hooks/govern?token=s3cret" and ctype == "application/json", "webhook: POST to the configured URL, JSON")
    check(payload.get("event") == "approval_requested" and req.get("id") == rid and req.get("identity") == "ana"
          and req.get("rule") == "destructive.prod_ddl_needs_approval" and req.get("group") == "dba"
          and req.get("statement") == "DROP TABLE scratch" and req.get("env") == "prod" and req.get("state") == "pending"
          and req.get("expires_at") and f"approve {rid}" in payload.get("approve", ""),
          f"webhook payload describes the request: {payload}")

reqs = listed(admin, "dora")
check(reqs is not None and [r["id"] for r in reqs] == [rid], "a dba lists the pending request")
check(listed(admin, "eve") == [], "a non-member sees nothing")
code, out = cli(admin, "dora", "list", password="wrong")
check(code == 1 and "authentication failed" in out, f"a wrong password is refused ({code}: {out.strip()})")
code, out = cli(admin, "ana", "approve", rid)
check(code == 1 and "own request" in out, f"the requester cannot approve her own request ({out.strip()})")
code, out = cli(admin, "eve", "approve", rid)
check(code == 1 and '"dba"' in out, f"a non-member cannot approve ({out.strip()})")
code, out = cli(admin, "fin", "approve", rid)
check(code == 1, "a member of another group cannot approve")
code, out = cli(admin, "dora", "approve", rid)
check(code == 0 and rid in out, f"a dba approves ({out.strip()})")
code, out = cli(admin, "dora", "reject", rid)
check(code == 1 and "not pending" in out, "a decided request cannot be decided again")

state, _ = run(port, "ana", "DROP TABLE  scratch")
check(state == "VG001" and table_exists("scratch"), "changed text (one more space) is not approved")
state, _ = run(port, "bob", "DROP TABLE scratch")
check(state == "VG001" and table_exists("scratch"), "another identity is not approved")
state, _ = run(port, "ana", "SELECT 1; DROP TABLE scratch")
check(state == "VG001" and table_exists("scratch"), "the statement inside a multi-statement query is not approved")
with connect(port, "ana") as conn:
    conn.execute("SET search_path = other, public")
    other_ctx, _ = attempt(conn, "DROP TABLE scratch")
check(other_ctx == "VG001" and table_exists("scratch"), "another search_path is not approved")
state, _ = run(port, "ana", "DROP TABLE scratch")
check(state is None and not table_exists("scratch"), "the approved statement runs once")
with direct() as c:
    c.execute("CREATE TABLE scratch (x int)")
state, detail = run(port, "ana", "DROP TABLE scratch")
check(state == "VG001" and request_id(detail) not in (None, rid) and table_exists("scratch"),
      "a replay needs a new approval")
ids["drop"], ids["drop_replay"] = rid, request_id(detail)

# Inside a transaction block the refusal aborts the server's transaction too.
with connect(port, "ana") as conn:
    conn.execute("BEGIN")
    conn.execute("INSERT INTO scratch VALUES (7)")
    in_txn, _ = attempt(conn, "DROP TABLE scratch")
    conn.execute("COMMIT")
with direct() as c:
    n7 = c.execute("SELECT count(*) FROM scratch WHERE x = 7").fetchone()[0]
check(in_txn == "VG001" and n7 == 0, f"inside BEGIN: VG001, then COMMIT rolls back ({in_txn}, {n7} rows)")

# Extended protocol: the parameters are part of what is approved.
sql = "UPDATE orders SET status = %s WHERE id = %s"
state, detail = run(port, "ana", sql, ("refunded", 1))
pid = request_id(detail)
check(state == "VG001" and pid is not None, "extended protocol: refused at Bind with a request ID")
code, out = cli(admin, "dora", "approve", pid)
check(code == 1, "a dba cannot approve a rule that names finance")
code, out = cli(admin, "fin", "approve", pid)
check(code == 0, f"finance approves ({out.strip()})")
state, _ = run(port, "ana", sql, ("refunded", 2))
check(state == "VG001", "a changed parameter is not approved")
state, _ = run(port, "ana", sql, ("refunded", 1))
with direct() as c:
    st = dict(c.execute("SELECT id, status FROM orders").fetchall())
check(state is None and st == {1: "refunded", 2: "new"}, f"the approved parameters run once ({state}, {st})")
state, detail = run(port, "ana", sql, ("refunded", 1))
check(state == "VG001", "replaying approved parameters is refused")
ids["update"], ids["update_replay"] = pid, request_id(detail)
alls = listed(admin, "fin", all_states=True)
check(alls is not None and any(r["id"] == pid and r["used"] and r["decided_by"] == "fin" for r in alls),
      "list --all shows the request approved by fin and used")

# ---------------------------------------------------------------- expiry (ttl = 8s)
# Long enough for an approval by the CLI under a sanitizer on a loaded
# machine (2s was not). Each wait runs to just past the expires_at the proxy
# recorded for its request: a wait counted from before the request (a
# sanitized login can take most of a second) may end before the expiry.
SHORT_TTL = 8.0


def iso(t):
    return datetime.datetime.strptime(t, "%Y-%m-%dT%H:%M:%S.%fZ")


def sleep_past_expiry(admin, rid):
    mine = [r for r in listed(admin, "dora", all_states=True) or [] if r["id"] == rid]
    check(bool(mine), f"request {rid} is listed with its expires_at")
    if not mine:
        time.sleep(SHORT_TTL + 1.0)
        return
    expires = iso(mine[0]["expires_at"]).replace(tzinfo=datetime.timezone.utc).timestamp()
    time.sleep(max(0.0, expires + 0.5 - time.time()))


port, admin = proxy("SHORT")
state, detail = run(port, "ana", "TRUNCATE orders")
eid = request_id(detail)
code, _ = cli(admin, "dora", "approve", eid)
check(code == 0, "short ttl: approved")
sleep_past_expiry(admin, eid)
state, _ = run(port, "ana", "TRUNCATE orders")
with direct() as c:
    n = c.execute("SELECT count(*) FROM orders").fetchone()[0]
check(state == "VG001" and n == 2, "an approval past its ttl does not pass")
state, detail = run(port, "bob", "TRUNCATE orders")
lid = request_id(detail)
sleep_past_expiry(admin, lid)
code, out = cli(admin, "dora", "approve", lid)
check(code == 1 and ("expired" in out or "not pending" in out), f"an expired request cannot be approved ({out.strip()})")
ids["expired_approved"], ids["expired_pending"] = eid, lid

# ---------------------------------------------------------------- SIGHUP applies a changed [approvals]
hook_port = os.environ["HOOK_PORT"]
toml_path, log_path, short_pid = os.environ["SHORT_TOML"], os.environ["SHORT_LOG"], int(os.environ["SHORT_PID"])


def reload_approvals(section, event):
    with open(toml_path) as f:
        text = f.read()
    with open(toml_path, "w") as f:
        f.write(text[:text.index("[approvals]")] + section)
    seen = open(log_path).read().count(event)
    os.kill(short_pid, signal.SIGHUP)
    for _ in range(200):
        if open(log_path).read().count(event) > seen:
            return True
        time.sleep(0.05)
    return False


check(reload_approvals(f'''[approvals]
ttl = "20m"
store = "short.db"
mode = "hold"
hold_timeout = "1s"
poll_interval = "50ms"
webhook = "http://127.0.0.1:{hook_port}/hooks/short"
''', '"event":"approvals_reloaded"'), "SIGHUP: the changed [approvals] is reloaded")
state, detail = run(port, "bob", "TRUNCATE race_t")
check(state == "57014" and "hold_timeout" in detail,
      f"after the reload: mode = hold, hold_timeout = 1s -> the client waited, then 57014 ({state}: {detail})")
mine = [r for r in listed(admin, "dora") or [] if r["identity"] == "bob" and r["statement"] == "TRUNCATE race_t"]
ttl = (iso(mine[0]["expires_at"]) - iso(mine[0]["created_at"])).total_seconds() if mine else None
check(ttl == 1200, f"after the reload: a new request expires after the new ttl, 20m ({ttl} s)")
for _ in range(100):
    if any(p == "/hooks/short" for p, _, _ in hooks):
        break
    time.sleep(0.05)
short_hooks = [json.loads(b) for p, _, b in hooks if p == "/hooks/short"]
check(mine and any(h["request"]["id"] == mine[0]["id"] for h in short_hooks),
      f"after the reload: the new webhook is told of the new request ({len(short_hooks)} posts)")
check(reload_approvals('''[approvals]
ttl = "2s"
store = "other.db"
''', '"event":"approvals_reload_failed"'), "SIGHUP: a new store is refused (it takes a restart)")
state, _ = run(port, "bob", "TRUNCATE race_t")
check(state == "57014", f"the refused reload kept the running settings (still hold: {state})")

# ---------------------------------------------------------------- hold mode (one event loop)
port, admin = proxy("HOLD")


def held(user, sql, result, params=None):
    t0 = time.monotonic()
    result["state"], result["detail"] = run(port, user, sql, params)
    result["seconds"] = time.monotonic() - t0


def wait_request(user):
    for _ in range(200):
        reqs = listed(admin, user) or []
        if reqs:
            return reqs[0]["id"]
        time.sleep(0.05)
    return None


result = {}
t = threading.Thread(target=held, args=("ana", "DROP TABLE scratch", result))
t.start()
hid = wait_request("dora")
# While ana waits, another client on the same (only) event loop is served.
with connect(port, "bob") as conn:
    other = conn.execute("SELECT 40 + 2").fetchone()[0]
check(t.is_alive() and other == 42, "hold: the held client waits, another connection is served meanwhile")
code, _ = cli(admin, "dora", "approve", hid)
t.join(30)
check(code == 0 and result.get("state") is None and not table_exists("scratch"),
      f"hold: approved -> the statement runs ({result})")
ids["hold_approved"] = hid

with direct() as c:
    c.execute("CREATE TABLE scratch (x int)")
result = {}
t = threading.Thread(target=held, args=("ana", "DROP TABLE scratch", result))
t.start()
hid = wait_request("dora")
code, _ = cli(admin, "dora", "reject", hid)
t.join(30)
check(result.get("state") == "VG002" and "rejected by dora" in result.get("detail", "") and table_exists("scratch"),
      f"hold: rejected -> VG002 ({result})")
ids["hold_rejected"] = hid

# Extended protocol: held at Bind, then forwarded.
result = {}
t = threading.Thread(target=held, args=("ana", "UPDATE orders SET status = %s WHERE id = %s", result, ("held", 2)))
t.start()
hid = wait_request("fin")
code, _ = cli(admin, "fin", "approve", hid)
t.join(30)
with direct() as c:
    st2 = c.execute("SELECT status FROM orders WHERE id = 2").fetchone()[0]
check(code == 0 and result.get("state") is None and st2 == "held", f"hold at Bind: approved -> runs ({result}, {st2})")

result = {}
held("ana", "DROP TABLE scratch", result)
check(result.get("state") == "57014" and table_exists("scratch"), f"hold: nobody decides -> 57014 ({result})")
reqs = listed(admin, "dora") or []
ids["hold_timeout"] = reqs[0]["id"] if reqs else None


# A CancelRequest (libpq's PQcancel through psycopg, from another thread) ends
# a hold at once: 57014, the request stays pending, the connection goes on.
def cancel_when_pending(conn, user, statement, known, out):
    for _ in range(200):
        new = [r["id"] for r in listed(admin, user) or [] if r["statement"].startswith(statement) and r["id"] not in known]
        if new:
            out["id"] = new[0]
            break
        time.sleep(0.05)
    conn.cancel()


for label, sql, params, approver in [("simple", "TRUNCATE race_t", None, "dora"),
                                     ("extended", "UPDATE orders SET status = %s WHERE id = %s", ("cancel", 1), "fin")]:
    with connect(port, "ana") as conn:
        got = {}
        known = {r["id"] for r in listed(admin, approver) or []}
        canceller = threading.Thread(target=cancel_when_pending, args=(conn, approver, sql.split(" ")[0], known, got))
        canceller.start()
        try:
            conn.execute(sql, params)
            state, detail, message = None, "", ""
        except psycopg.Error as e:
            state, detail, message = e.sqlstate, e.diag.message_detail or "", e.diag.message_primary or ""
        canceller.join(30)
        # A timeout's 57014 says "not approved in time"; the cancel's names the request that stays pending.
        check(state == "57014" and got.get("id") and got["id"] in detail and "stays pending" in detail,
              f"hold ({label}): a CancelRequest ends the hold with 57014 naming the request ({state}: {message}; {detail})")
        after, _ = attempt(conn, "SELECT 1")
        check(after is None, f"hold ({label}): the connection is usable after the cancel ({after})")
        pending = [r["id"] for r in listed(admin, approver) or []]
        check(got.get("id") in pending, f"hold ({label}): the request stays pending after the cancel ({pending})")
        code, _ = cli(admin, approver, "approve", got.get("id") or "none")
        state, _ = attempt(conn, sql, params)
        check(code == 0 and state is None, f"hold ({label}): approved after the cancel, the same statement runs ({state})")
        ids["hold_cancelled_" + label] = got.get("id")

# ---------------------------------------------------------------- two proxies, one PostgreSQL store
p1, admin1 = proxy("P1")
p2, _ = proxy("P2")
for round_ in range(5):
    state, detail = run(p1, "ana", "TRUNCATE race_t")
    rid = request_id(detail)
    code, _ = cli(admin1, "dora", "approve", rid)
    conns = [connect(p1, "ana"), connect(p2, "ana")]
    barrier = threading.Barrier(2)
    outcomes = [None, None]

    def race(i):
        barrier.wait()
        try:
            conns[i].execute("TRUNCATE race_t")
            outcomes[i] = "ran"
        except psycopg.Error as e:
            outcomes[i] = e.sqlstate

    threads = [threading.Thread(target=race, args=(i,)) for i in range(2)]
    for th in threads:
        th.start()
    for th in threads:
        th.join(30)
    for c in conns:
        c.close()
    check(code == 0 and sorted(outcomes) == ["VG001", "ran"],
          f"race {round_ + 1}: of two proxies sharing the store exactly one runs the approved statement ({outcomes})")

with open(os.environ["IDS"], "w") as f:
    json.dump(ids, f)
server.shutdown()
sys.exit(1 if failures else 0)
