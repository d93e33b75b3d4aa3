"""Drives govern proxy with psycopg 3 against a real PostgreSQL 15.

usage: proxy_test.py PROXY_PORT PG_PORT CORPUS   (env: PROXY_LOG, ADMIN_PORT)
The proxy serves database `postgres`, env prod, standard policies; identities
dev, trainer, analyst, bot (password "pw-NAME"). Prints ok/FAIL per check and
exits 1 on any failure.
"""
import os
import socket
import struct
import sys
import threading
import time
import urllib.request

import psycopg
from psycopg import pq

PROXY_PORT, PG_PORT, CORPUS = int(sys.argv[1]), int(sys.argv[2]), sys.argv[3]
failures = 0


def check(ok, what, detail=""):
    global failures
    print(("ok   " if ok else "FAIL ") + what + ("" if ok or not detail else f"\n     {detail}"))
    if not ok:
        failures += 1


def connect(user, **kw):
    return psycopg.connect(host="127.0.0.1", port=PROXY_PORT, dbname="postgres", user=user,
                           password=f"pw-{user}", autocommit=kw.pop("autocommit", True), **kw)


def direct():
    return psycopg.connect(host="127.0.0.1", port=PG_PORT, dbname="postgres", user="postgres", autocommit=True)


def simple(conn, sql):
    """Runs `sql` with the simple protocol (one Query message): (sqlstate|None, message)."""
    res = conn.pgconn.exec_(sql.encode())
    if res.status in (pq.ExecStatus.TUPLES_OK, pq.ExecStatus.COMMAND_OK, pq.ExecStatus.EMPTY_QUERY,
                      pq.ExecStatus.COPY_OUT, pq.ExecStatus.COPY_IN):
        return None, ""
    state = res.error_field(pq.DiagnosticField.SQLSTATE)
    msg = res.error_field(pq.DiagnosticField.MESSAGE_PRIMARY)
    return (state.decode() if state else "?"), (msg.decode() if msg else "")


def extended(conn, sql):
    """Runs `sql` as a server-side prepared statement (Parse/Bind/Execute)."""
    try:
        with conn.cursor() as cur:
            cur.execute(sql, prepare=True)
        return None, ""
    except psycopg.Error as e:
        return (e.sqlstate or "?"), (e.diag.message_primary or str(e))


# ------------------------------------------------------------------ corpus

def load_corpus(path):
    cases, cur = [], None
    for line in open(path, encoding="utf-8"):
        line = line.rstrip("\n")
        if line.startswith("=== "):
            cur = {"name": line[4:], "user": "dev", "protocol": "both", "expect": None, "sql": []}
            cases.append(cur)
        elif cur is None or (line.startswith("#") and not cur["sql"]):
            continue
        elif not cur["sql"] and line.startswith(("user: ", "protocol: ", "expect: ")):
            key, value = line.split(": ", 1)
            cur[key] = value
        elif line.strip() or cur["sql"]:
            cur["sql"].append(line)
    for c in cases:
        c["sql"] = "\n".join(c["sql"]).strip()
    return cases


def run_corpus():
    cases = load_corpus(CORPUS)
    check(len(cases) >= 20, f"corpus has {len(cases)} cases")
    for case in cases:
        protocols = ["simple", "extended"] if case["protocol"] == "both" else [case["protocol"]]
        for proto in protocols:
            with connect(case["user"]) as conn:
                state, msg = (simple if proto == "simple" else extended)(conn, case["sql"])
                expect = case["expect"].split()
                if expect[0] == "allow":
                    ok = state is None
                else:
                    ok = state == expect[1] and msg.startswith(expect[2] + ": ")
                check(ok, f"corpus [{proto}] {case['name']}", f"got {state} {msg!r}, expected {case['expect']}")
                # The session stays usable after every refusal.
                check(simple(conn, "SELECT 1")[0] is None, f"corpus [{proto}] {case['name']}: session usable after")


# ------------------------------------------------------------------ classes driven here

def test_login():
    for user, password in (("dev", "wrong"), ("nobody", "pw-nobody")):
        try:
            psycopg.connect(host="127.0.0.1", port=PROXY_PORT, dbname="postgres", user=user, password=password)
            check(False, f"login {user} with a bad password refused")
        except psycopg.OperationalError as e:
            check(f'password authentication failed for user "{user}"' in str(e),
                  f"login {user}: same 28P01 message for wrong password and unknown user", str(e))
    try:
        psycopg.connect(host="127.0.0.1", port=PROXY_PORT, dbname="other", user="dev", password="pw-dev")
        check(False, "a database the proxy does not serve is refused")
    except psycopg.OperationalError as e:
        check("is not served by this proxy" in str(e), "a database the proxy does not serve is refused", str(e))


def test_login_throttle():
    # max_failed_logins = 5 per name and minute: five wrong guesses in parallel,
    # then even the right password is refused for that name (others are not).
    def guess():
        try:
            psycopg.connect(host="127.0.0.1", port=PROXY_PORT, dbname="postgres", user="locked", password="wrong")
        except psycopg.OperationalError:
            pass
    threads = [threading.Thread(target=guess) for _ in range(5)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    try:
        psycopg.connect(host="127.0.0.1", port=PROXY_PORT, dbname="postgres", user="locked", password="pw-locked")
        check(False, "login throttle: the right password is refused after 5 failures in a minute")
    except psycopg.OperationalError as e:
        check("password authentication failed" in str(e),
              "login throttle: the right password is refused after 5 failures in a minute (same 28P01)", str(e))
    with connect("dev") as conn:
        check(conn.execute("SELECT 1").fetchone()[0] == 1, "login throttle: other identities unaffected")


def test_multi_statement_atomic():
    d = direct()
    d.execute("TRUNCATE probe")
    with connect("dev") as conn:
        state, _ = simple(conn, "INSERT INTO probe VALUES (1); DELETE FROM orders; INSERT INTO probe VALUES (2)")
        check(state == "42501", "multi-statement Query with a refused statement is refused")
    n = d.execute("SELECT count(*) FROM probe").fetchone()[0]
    check(n == 0, "no statement of a refused multi-statement Query ran (decided before any of it runs)", f"{n} rows")


def test_deny_inside_transaction():
    d = direct()
    for proto in ("simple", "extended"):
        d.execute("TRUNCATE probe")
        with connect("dev") as conn:
            run = simple if proto == "simple" else extended
            check(run(conn, "BEGIN")[0] is None, f"[{proto}] BEGIN")
            check(run(conn, "INSERT INTO probe VALUES (1)")[0] is None, f"[{proto}] INSERT in the block")
            state, msg = run(conn, "DELETE FROM orders")
            check(state == "42501" and msg.startswith("destructive.unbounded_write: "),
                  f"[{proto}] refused inside the block", f"{state} {msg}")
            check(conn.pgconn.transaction_status == pq.TransactionStatus.INERROR,
                  f"[{proto}] client sees a failed transaction block after the refusal",
                  str(conn.pgconn.transaction_status))
            state, _ = run(conn, "SELECT 1")
            check(state == "25P02", f"[{proto}] server agrees: the block is aborted", str(state))
            res = conn.pgconn.exec_(b"COMMIT")
            check(res.command_status == b"ROLLBACK", f"[{proto}] COMMIT after the refusal rolls back",
                  str(res.command_status))
            check(conn.pgconn.transaction_status == pq.TransactionStatus.IDLE, f"[{proto}] idle after COMMIT")
        n = d.execute("SELECT count(*) FROM probe").fetchone()[0]
        check(n == 0, f"[{proto}] work done before the refused statement was not committed", f"{n} rows")


def test_prepared_and_pipeline():
    with connect("dev", prepare_threshold=0) as conn:
        ok = True
        for i in range(10):
            ok = ok and conn.execute("SELECT id FROM orders WHERE id = %s", (i,)).fetchall() == []
        check(ok, "psycopg prepared statement (prepare_threshold=0) executed 10 times")
        try:
            conn.execute("DELETE FROM orders WHERE id > %s OR true", (0,))
            check(False, "refused prepared statement")
        except psycopg.errors.InsufficientPrivilege as e:
            check(str(e).startswith("destructive.unbounded_write: "), "psycopg prepared: WHERE true refused", str(e))
        # A pipelined batch: psycopg sends Parse/Bind/Describe/Execute per query and one Sync.
        results = []
        try:
            with conn.pipeline():
                c1 = conn.execute("SELECT 1")
                c2 = conn.execute("DELETE FROM orders")
                c3 = conn.execute("SELECT 3")
        except psycopg.errors.InsufficientPrivilege as e:
            results.append(str(e))
        check(results and results[0].startswith("destructive.unbounded_write: "),
              "psycopg pipeline: the refused statement raises 42501", str(results))
        check(conn.execute("SELECT 4").fetchone()[0] == 4, "psycopg: session usable after the pipeline")
        with conn.pipeline():
            rows = [conn.execute("SELECT %s::int", (i,)) for i in range(50)]
        check([r.fetchone()[0] for r in rows] == list(range(50)), "psycopg pipeline of 50 allowed statements")


def test_copy():
    d = direct()
    d.execute("TRUNCATE probe")
    with connect("dev") as conn:
        with conn.cursor() as cur:
            with cur.copy("COPY probe (x) FROM STDIN") as copy:
                for i in range(1000):
                    copy.write_row((i,))
            out = []
            with cur.copy("COPY (SELECT x FROM probe ORDER BY x LIMIT 3) TO STDOUT") as copy:
                for row in copy.rows():
                    out.append(row)
        check(out == [("0",), ("1",), ("2",)], "COPY FROM STDIN and TO STDOUT through the proxy", str(out))
    check(d.execute("SELECT count(*) FROM probe").fetchone()[0] == 1000, "COPY data forwarded (1000 rows)")


def test_search_path():
    with connect("trainer") as conn:
        q = "SELECT email FROM customers"
        check(simple(conn, q)[0] == "42501", "search_path: default path resolves customers to public (refused)")
        check(simple(conn, "SET search_path TO other")[0] is None, "SET search_path TO other")
        state, msg = simple(conn, q)
        check(state is None, "same text after SET search_path is decided again (other.customers)", f"{state} {msg}")
        check(simple(conn, "SELECT email FROM public.customers")[0] == "42501", "qualified name still refused")
        simple(conn, "RESET search_path")
        check(simple(conn, q)[0] == "42501", "same text after RESET search_path is refused again (cache keyed by path)")
        # A statement prepared under one path and executed under another is decided again.
        simple(conn, "SET search_path TO other")
        check(extended(conn, q)[0] is None, "prepared under search_path=other: allowed")
        simple(conn, "SET search_path TO public")
        with conn.cursor() as cur:
            try:
                cur.execute(q, prepare=True)
                check(False, "re-decided on Bind after SET search_path")
            except psycopg.errors.InsufficientPrivilege:
                check(True, "re-decided on Bind after SET search_path")
        simple(conn, "RESET search_path")
        simple(conn, "SELECT pg_catalog.set_config('search_path', 'other', false)")
        check(simple(conn, q)[0] is None, "set_config('search_path', ...) is tracked")
        simple(conn, "DISCARD ALL")
        check(simple(conn, q)[0] == "42501", "DISCARD ALL resets the tracked path")
    # Startup options stand for SETs and are decided and tracked the same way.
    with connect("trainer", options="-c search_path=other") as conn:
        check(simple(conn, "SELECT email FROM customers")[0] is None, "startup -c search_path=other is tracked")
        check(simple(conn, "SHOW search_path")[0] is None, "SHOW search_path allowed")


def test_startup_refusals():
    try:
        psycopg.connect(host="127.0.0.1", port=PROXY_PORT, dbname="postgres", user="dev", password="pw-dev",
                        replication="database")
        check(False, "replication connection refused")
    except psycopg.OperationalError as e:
        check("replication connections are not supported" in str(e), "replication connection refused", str(e))
    try:
        psycopg.connect(host="127.0.0.1", port=PROXY_PORT, dbname="postgres", user="dev", password="pw-dev",
                        options="-d 5")
        check(False, "startup options other than -c refused")
    except psycopg.OperationalError as e:
        check("only -c name=value" in str(e), "startup options other than -c refused", str(e))


def raw_connect():
    s = socket.create_connection(("127.0.0.1", PROXY_PORT), timeout=5)
    return s


def read_all(s, limit=5.0):
    s.settimeout(limit)
    data = b""
    try:
        while True:
            chunk = s.recv(65536)
            if not chunk:
                return data, True
            data += chunk
    except socket.timeout:
        return data, False


def test_garbage_and_framing():
    # Garbage instead of a startup packet: an error and a closed connection.
    s = raw_connect()
    s.sendall(b"\xff\xff\xff\xffGARBAGE")
    data, closed = read_all(s)
    check(closed and b"08P01" in data, "garbage startup packet: 08P01 and closed", repr(data[:80]))
    # SSLRequest answered N.
    s = raw_connect()
    s.sendall(struct.pack(">II", 8, 80877103))
    data = s.recv(1)
    check(data == b"N", "SSLRequest answered N", repr(data))
    s.close()
    # Bytes sent behind an SSLRequest, before its answer, are refused (they could not be trusted after TLS).
    s = raw_connect()
    s.sendall(struct.pack(">II", 8, 80877103) + b"\x00\x00\x00\x08\x04\xd2\x16\x2f")
    data, closed = read_all(s)
    check(closed and b"08P01" in data, "bytes buffered before the encryption answer are refused", repr(data[:80]))
    # GSSENCRequest answered N.
    s = raw_connect()
    s.sendall(struct.pack(">II", 8, 80877104))
    check(s.recv(1) == b"N", "GSSENCRequest answered N")
    s.close()
    # Protocol 3.1 and an unknown _pq_ option: NegotiateProtocolVersion (3.0, the option), then SCRAM.
    s = raw_connect()
    body = struct.pack(">I", 196609) + b"user\0dev\0_pq_.frobnicate\0on\0\0"
    s.sendall(struct.pack(">I", len(body) + 4) + body)
    data, _ = read_all(s, 1)
    ok = data[:1] == b"v" and struct.unpack(">I", data[5:9])[0] == 196608 and b"_pq_.frobnicate\0" in data
    n = struct.unpack(">I", data[1:5])[0] + 1 if len(data) >= 5 else 0
    check(ok and data[n:n + 1] == b"R", "protocol 3.1 + _pq_ option: NegotiateProtocolVersion, then authentication",
          repr(data[:60]))
    s.close()
    # A startup that never completes is closed after startup_timeout_ms.
    s = raw_connect()
    s.sendall(b"\x00\x00")
    start = time.time()
    data, closed = read_all(s, 10)
    check(closed and time.time() - start < 5, "incomplete startup closed by the startup timeout",
          f"closed={closed} after {time.time() - start:.1f}s")
    # Garbage bytes mid-session (after login): an error and a closed connection, the proxy lives on.
    conn = connect("dev")
    os.write(conn.pgconn.socket, b"\x01\x00\x00\x00\x05garbage")
    try:
        conn.execute("SELECT 1")
        check(False, "garbage mid-session closes the connection")
    except psycopg.OperationalError as e:
        check(True, "garbage mid-session closes the connection")
    conn.close()
    conn = connect("dev")
    # An oversized message length mid-session.
    os.write(conn.pgconn.socket, b"Q\x7f\xff\xff\xf0")
    try:
        conn.execute("SELECT 1")
        check(False, "oversized message length closes the connection")
    except psycopg.OperationalError:
        check(True, "oversized message length closes the connection")
    conn.close()
    with connect("dev") as conn:
        check(conn.execute("SELECT 1").fetchone()[0] == 1, "proxy still serves after protocol errors")


def test_cancel():
    with connect("dev") as conn:
        def cancel_later():
            time.sleep(0.5)
            conn.cancel()
        t = threading.Thread(target=cancel_later)
        t.start()
        start = time.time()
        try:
            conn.execute("SELECT pg_sleep(10)")
            check(False, "CancelRequest through the proxy's own key")
        except psycopg.errors.QueryCanceled:
            check(time.time() - start < 5, "CancelRequest through the proxy's own key cancels the query")
        t.join()
        key = conn.pgconn.backend_pid
        upstream = conn.execute("SELECT pg_backend_pid()").fetchone()[0]
        check(key != upstream, "the client sees the proxy's BackendKeyData, not the upstream's",
              f"{key} vs {upstream}")


def test_admin():
    port = os.environ.get("ADMIN_PORT")
    if not port:
        return
    body = urllib.request.urlopen(f"http://127.0.0.1:{port}/healthz", timeout=5).read()
    check(body == b"ok\n", "/healthz ok")
    metrics = urllib.request.urlopen(f"http://127.0.0.1:{port}/metrics", timeout=5).read().decode()
    check('govern_proxy_statements_total{decision="deny"}' in metrics, "/metrics has statements by decision")
    denied = [l for l in metrics.splitlines() if l.startswith('govern_proxy_statements_total{decision="deny"}')]
    check(denied and int(denied[0].split()[-1]) > 0, "/metrics counted refusals", str(denied))
    check('govern_proxy_refusals_total{decision="deny",rule="destructive.unbounded_write"}' in metrics,
          "/metrics counts refusals by rule")
    count = [l for l in metrics.splitlines() if l.startswith("govern_proxy_decision_seconds_count ")]
    check(count and int(count[0].split()[-1]) > 100, "/metrics has the decision latency histogram", str(count))


def test_log():
    path = os.environ.get("PROXY_LOG")
    if not path:
        return
    import json
    lines = [json.loads(l) for l in open(path, encoding="utf-8") if l.startswith("{")]
    check(all("ts" in l and "event" in l for l in lines), f"every log line is JSON with ts and event ({len(lines)})")
    denies = [l for l in lines if l["event"] == "deny"]
    check(any(l.get("rule") == "destructive.unbounded_write" for l in denies), "deny logged with its rule")
    text = open(path, encoding="utf-8").read()
    check("pw-dev" not in text and "upstream-secret" not in text, "no password in the log")


def test_masked_oracle_never_runs():
    # The CASE 1/0 oracle on a masked column is refused by the policy before
    # it reaches the server: the sequence its WHERE would advance (sequences
    # are not rolled back, so even a division error would leave a trace)
    # stays untouched, and the client sees the rule, not division_by_zero.
    d = direct()
    d.execute("CREATE SEQUENCE IF NOT EXISTS oracle_probe")
    d.execute("INSERT INTO customers (id, email) VALUES (7, 'sam@example.com') ON CONFLICT (id) DO NOTHING")
    before = d.execute("SELECT last_value, is_called FROM oracle_probe").fetchone()
    # 1/(id - id), not 1/0: PostgreSQL folds a constant 1/0 while planning,
    # so only a division evaluated per row answers the question.
    sql = ("SELECT CASE WHEN email LIKE 's%' THEN 1/(id - id) END FROM customers "
           "WHERE id = 7 AND nextval('oracle_probe') > 0")
    try:
        for proto, run in (("simple", simple), ("extended", extended)):
            with connect("analyst") as conn:
                state, msg = run(conn, sql)
                check(state == "42501" and msg.startswith("pii.no_filter_on_masked: "),
                      f"[{proto}] CASE ... 1/(id - id) on a masked column refused by the policy", f"{state} {msg!r}")
        after = d.execute("SELECT last_value, is_called FROM oracle_probe").fetchone()
        check(after == before, "the refused oracle never reached the server (sequence untouched)", f"{before} -> {after}")
        # Control: the same statement does run for an identity without masks
        # (so the probe would have seen it).
        with connect("dev") as conn:
            state, _ = simple(conn, sql)
        check(state == "22012", "control: unmasked identity runs it and gets division_by_zero", str(state))
        moved = d.execute("SELECT last_value, is_called FROM oracle_probe").fetchone()
        check(moved != before, "control: the probe sees a statement that ran", f"{before} -> {moved}")
    finally:
        d.execute("DELETE FROM customers WHERE id = 7")


run_corpus()
test_login()
test_login_throttle()
test_multi_statement_atomic()
test_deny_inside_transaction()
test_prepared_and_pipeline()
test_copy()
test_search_path()
test_startup_refusals()
test_garbage_and_framing()
test_cancel()
test_admin()
test_log()
test_masked_oracle_never_runs()
print(f"proxy_test.py: {failures} failure(s)")
sys.exit(1 if failures else 0)
