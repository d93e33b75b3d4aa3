"""Masking on the wire through govern proxy, checked with psycopg 3.

usage: masking_test.py PROXY_PORT PG_PORT HASH_KEY_FILE
The proxy decides with tests/integration/proxy/masking/masking.policy; the
identity `masker` (group "masked", password "pw-masker") is masked, `plain`
is not. Expected values are computed here independently (HMAC-SHA-256 from
Python's hmac), for every method x (text, binary) x (simple, extended,
named statement re-executed, COPY text/CSV); then lineage through
expressions, CTEs, views, UNION, aggregates, whole rows; error, notice and
notification scrubbing; and the fail-closed paths.
"""
import csv
import hashlib
import io
import hmac
import json
import sys
import uuid
from decimal import Decimal

import psycopg
from psycopg import pq

from proxy_checks import check_both_formats

PROXY_PORT, PG_PORT = int(sys.argv[1]), int(sys.argv[2])
KEY = open(sys.argv[3], "rb").read().rstrip(b"\r\n\t ")
failures = 0


def check(ok, what, detail=""):
    global failures
    print(("ok   " if ok else "FAIL ") + what + ("" if ok or not detail else f"\n     {detail}"))
    if not ok:
        failures += 1


def connect(user="masker", **kw):
    return psycopg.connect(host="127.0.0.1", port=PROXY_PORT, dbname="postgres", user=user,
                           password=f"pw-{user}", autocommit=True, **kw)


def direct():
    return psycopg.connect(host="127.0.0.1", port=PG_PORT, dbname="postgres", user="postgres", autocommit=True)


def mac(text):
    return hmac.new(KEY, text.encode() if isinstance(text, str) else text, hashlib.sha256).digest()


def hash_int(text, bits):
    return int.from_bytes(mac(text)[:8], "big") >> (64 - bits)


# ------------------------------------------------------------------ expected, as Python values
COLUMNS = ["id", "email", "name", "code", "phone", "card", "small", "amount", "token", "doc", "raw", "born", "note",
           "country"]
EXPECTED = {
    1: [1, "***@shop.io", "A***", "***", "***1234", 1234, hash_int("77", 15), Decimal(hash_int("1234.50", 63)),
        uuid.UUID(bytes=mac("a0eebc99-9c0b-4ef8-bb6d-6bb9bd380a11")[:16]), "***", mac(b"\x01\x02")[:16], None, None,
        "ES"],
    2: [2, "***@mail.example", "É***", "***", "***", None, hash_int("-5", 15), Decimal(hash_int("0.01", 63)),
        uuid.UUID(bytes=mac("00000000-0000-0000-0000-000000000001")[:16]), "***", mac(b"")[:16], None, None, "FR"],
    3: [3, None, None, None, None, None, None, None, None, None, None, None, None, "DE"],
}
ALL = "SELECT " + ", ".join(COLUMNS) + " FROM mask_people ORDER BY id"


def norm(v):
    return bytes(v) if isinstance(v, memoryview) else v


def rows_of(cur):
    return [[norm(v) for v in r] for r in cur.fetchall()]


def check_rows(rows, what):
    want = [EXPECTED[i] for i in (1, 2, 3)]
    for r, w in zip(rows, want):
        for c, got, exp in zip(COLUMNS, r, w):
            if isinstance(got, str) and c == "code":
                got = got.rstrip()
            check(got == exp, f"{what}: {c} of row {w[0]}", f"got {got!r}, expected {exp!r}")
    check(len(rows) == 3, f"{what}: 3 rows", f"got {len(rows)}")


def test_methods_extended():
    with connect() as conn:
        for binary in (False, True):
            fmt = "binary" if binary else "text"
            with conn.cursor(binary=binary) as cur:
                cur.execute(ALL)
                check_rows(rows_of(cur), f"extended [{fmt}]")
            # A named statement, executed three times (the Bind/Execute of a
            # re-executed statement carry no RowDescription).
            with conn.cursor(binary=binary) as cur:
                for i in range(3):
                    cur.execute(ALL + " -- named", prepare=True)
                    check_rows(rows_of(cur), f"named statement [{fmt}] execution {i + 1}")


def test_methods_simple():
    with connect() as conn:
        res = conn.pgconn.exec_(ALL.encode())
        check(res.status == pq.ExecStatus.TUPLES_OK, "simple: query ran", res.error_message)
        got = {res.get_value(r, 0).decode(): [res.get_value(r, c) for c in range(res.nfields)] for r in range(res.ntuples)}
        one = got["1"]
        text = {COLUMNS[c]: (v.decode() if v is not None else None) for c, v in enumerate(one)}
        check(text["email"] == "***@shop.io", "simple [text]: email", text["email"])
        check(text["name"] == "A***", "simple [text]: initial", text["name"])
        check(text["code"] == "***", "simple [text]: redact on char(6)", text["code"])
        check(text["phone"] == "***1234", "simple [text]: last4 on text", text["phone"])
        check(text["card"] == "1234", "simple [text]: last4 on bigint", text["card"])
        check(text["small"] == str(hash_int("77", 15)), "simple [text]: hash on smallint", text["small"])
        check(text["amount"] == str(hash_int("1234.50", 63)), "simple [text]: hash on numeric", text["amount"])
        check(text["token"] == str(uuid.UUID(bytes=mac("a0eebc99-9c0b-4ef8-bb6d-6bb9bd380a11")[:16])),
              "simple [text]: hash on uuid", text["token"])
        check(text["doc"] == '"***"', "simple [text]: redact on jsonb", text["doc"])
        check(text["raw"] == "\\x" + mac(b"\x01\x02")[:16].hex(), "simple [text]: hash on bytea", text["raw"])
        check(text["born"] is None and text["note"] is None, "simple [text]: NULL for date redact and null", str(text))
        check(text["country"] == "ES", "simple [text]: unmasked column untouched", text["country"])
        check(all(v is None for v in got["3"][1:13]), "simple [text]: NULL stays NULL", str(got["3"]))


def test_copy():
    with connect() as conn:
        for opts, sep in (("", "\t"), ("(FORMAT csv, HEADER)", ",")):
            with conn.cursor() as cur:
                lines = []
                with cur.copy(f"COPY (SELECT id, email, card, note, country FROM mask_people ORDER BY id) TO STDOUT {opts}") as copy:
                    for data in copy:
                        lines.append(bytes(data).decode())
            if sep == ",":
                check(lines[0] == "id,email,card,note,country\n", "COPY csv: HEADER line kept", repr(lines[0]))
                lines = lines[1:]
            null = "\\N" if sep == "\t" else ""
            want = [sep.join(["1", "***@shop.io", "1234", null, "ES"]) + "\n",
                    sep.join(["2", "***@mail.example", null, null, "FR"]) + "\n",
                    sep.join(["3", null, null, null, "DE"]) + "\n"]
            check(lines == want, f"COPY {'csv' if sep == ',' else 'text'}: rows masked", f"got {lines!r}")
        # Every method in COPY: the CSV fields equal the simple protocol's text values.
        res = conn.pgconn.exec_(ALL.encode())
        text_rows = [[None if res.get_value(r, c) is None else res.get_value(r, c).decode() for c in range(res.nfields)]
                     for r in range(res.ntuples)]
        with conn.cursor() as cur:
            data = b""
            with cur.copy(f"COPY ({ALL}) TO STDOUT (FORMAT csv)") as copy:
                for chunk in copy:
                    data += bytes(chunk)
        copied = [[v if v != "" else None for v in row] for row in csv.reader(io.StringIO(data.decode()))]
        check(copied == text_rows, "COPY csv: every method as the simple protocol's text", f"{copied!r} vs {text_rows!r}")
        with conn.cursor() as cur:
            lines = []
            with cur.copy("COPY mask_people (id, phone) TO STDOUT") as copy:
                for data in copy:
                    lines.append(bytes(data).decode())
            check(sorted(lines)[0] == "1\t***1234\n", "COPY table (columns) TO STDOUT: masked", repr(lines))
        # COPY over the extended protocol (Parse/Bind/Describe/Execute): the
        # proxy's own Describe answers NoData, the CopyOutResponse is checked.
        pg = conn.pgconn
        res = pg.exec_params(b"COPY (SELECT id, email FROM mask_people WHERE id = 1) TO STDOUT", [])
        rows = []
        if res.status == pq.ExecStatus.COPY_OUT:
            while True:
                n, data = pg.get_copy_data(0)
                if n < 0:
                    break
                rows.append(bytes(data))
            while pg.get_result() is not None:
                pass
        check(rows == [b"1\t***@shop.io\n"], "COPY over the extended protocol: masked", f"{res.status} {rows!r}")
        try:
            with conn.cursor() as cur:
                with cur.copy("COPY mask_people TO STDOUT (FORMAT binary)") as copy:
                    for _ in copy:
                        pass
            check(False, "COPY binary of masked columns refused")
        except psycopg.Error as e:
            check(e.sqlstate == "42501" and "govern.mask" in str(e), "COPY binary of masked columns refused", str(e))


def one(conn, sql, binary=False):
    with conn.cursor(binary=binary) as cur:
        cur.execute(sql)
        return [norm(r[0]) for r in cur.fetchall()]


def test_lineage():
    cases = [
        ("SELECT email AS contact FROM mask_people WHERE id = 1", ["***@shop.io"]),
        ("SELECT country AS email FROM mask_people WHERE id = 1", ["ES"]),  # aliased to a masked name: not masked
        ("SELECT lower(email) FROM mask_people WHERE id = 1", ["***"]),
        ("SELECT email::varchar(40) FROM mask_people WHERE id = 1", ["***@shop.io"]),
        ("SELECT email || '!' FROM mask_people WHERE id = 1", ["***"]),
        ("SELECT substr(email, 1, 3) FROM mask_people WHERE id = 1", ["***"]),
        ("SELECT card::text FROM mask_people WHERE id = 1", ["***1234"]),
        ("WITH x AS (SELECT email FROM mask_people) SELECT email FROM x ORDER BY 1 LIMIT 1", ["***@shop.io"]),
        ("SELECT email FROM mask_people_v WHERE id = 1", ["***@shop.io"]),
        ("SELECT e FROM (SELECT email AS e, id FROM mask_people) s WHERE id = 1", ["***@shop.io"]),
        ("SELECT email FROM mask_people WHERE id = 1 UNION ALL SELECT country FROM mask_people WHERE id = 1", ["***", "***"]),
        ("SELECT string_agg(email, ',') FROM mask_people", ["***"]),
        ("SELECT json_agg(email) FROM mask_people", ["***"]),
        ("SELECT row_to_json(p) FROM mask_people p WHERE id = 1", ["***"]),
        ("SELECT p FROM mask_people p WHERE id = 1", [None]),
        ("SELECT ROW(email, id) FROM mask_people WHERE id = 1", [None]),
        ("SELECT email FROM mask_people WHERE id = 3", [None]),
    ]
    with connect() as conn:
        check_both_formats(check, conn, cases, "lineage", one)
        # Arrays of text: element by element in text format, whole (NULL) in binary.
        for sql, want in (("SELECT array_agg(email ORDER BY id) FROM mask_people", [["***", "***", None]]),
                          ("SELECT ARRAY[email, name] FROM mask_people WHERE id = 1", [["***", "***"]]),
                          ("SELECT array_agg(code ORDER BY id) FROM mask_people", [["***", "***", None]])):
            got = one(conn, sql)
            check(got == want, f"array [text] {sql}", repr(got))
            got = one(conn, sql, True)
            check(got == [None], f"array [binary] {sql}", repr(got))
    with connect("plain") as conn:
        check(one(conn, "SELECT email FROM mask_people WHERE id = 1") == ["ana@shop.io"], "an unmasked identity sees the value")


def test_scrubbing():
    with connect() as conn:
        try:
            one(conn, "SELECT chr(ascii(substr(email, 1, 1)) + 1114112) FROM mask_people WHERE id = 1")
            check(False, "out-of-range code point error raised")
        except psycopg.Error as e:
            check("1114209" not in str(e) and "#" in str(e), "a number derived from a masked value is withheld", str(e))
        try:
            one(conn, "SELECT email::int FROM mask_people WHERE id = 1")
            check(False, "invalid-input error raised")
        except psycopg.Error as e:
            check(e.sqlstate == "22P02" and "ana@shop.io" not in str(e) and '"***"' in str(e),
                  "invalid input echoing a value is scrubbed", str(e))
        try:
            with conn.cursor() as cur:
                cur.execute("UPDATE mask_people SET email = (SELECT email FROM mask_people WHERE id = 1) WHERE id = 2")
            check(False, "unique violation raised")
        except psycopg.Error as e:
            check(e.sqlstate == "23505" and "ana@shop.io" not in str(e) and e.diag.message_detail is not None
                  and "withheld by govern" in e.diag.message_detail, "unique violation detail withheld", repr(e.diag.message_detail))
        notices = []
        conn.add_notice_handler(lambda d: notices.append(d.message_primary))
        with conn.cursor() as cur:
            cur.execute("DO $$ BEGIN RAISE NOTICE 'value \"%\"', (SELECT email FROM mask_people WHERE id = 1); END $$")
        check(notices == ['value "***"'], "NoticeResponse scrubbed", repr(notices))
        got = []
        conn.add_notify_handler(lambda n: got.append(n.payload))
        conn.execute("LISTEN mask_channel")
        with direct() as d:
            d.execute("NOTIFY mask_channel, 'ana@shop.io'")
        for _ in range(20):
            if got:
                break
            conn.execute("SELECT pg_sleep(0.05)")
        check(got == [""], "NotificationResponse payload emptied", repr(got))
    with connect("plain") as conn:
        try:
            one(conn, "SELECT email::int FROM mask_people WHERE id = 1")
        except psycopg.Error as e:
            check("ana@shop.io" in str(e), "unmasked identities keep error text", str(e))


def test_fail_closed():
    with connect() as conn:
        for sql, what in (("SELECT * FROM no_such_table", "unknown lineage refused before it runs"),
                          ("SELECT set_config('x.y', string_agg(email, ','), false) FROM mask_people",
                           "set_config of a value read from the data refused (SHOW would return it unmasked)"),
                          ("SELECT id FROM mask_people WHERE set_config('x.y', email, false) IS NOT NULL",
                           "set_config in WHERE refused too"),
                          ("CREATE TEMP TABLE escaped AS SELECT email FROM mask_people",
                           "a copy of a column-masked column into a new table refused (a column mask does not follow it)"),
                          ("INSERT INTO mask_origin_t SELECT id, email FROM mask_people",
                           "INSERT ... SELECT of a column-masked column refused"),
                          ("UPDATE mask_origin_c o SET note = p.email FROM mask_people p WHERE o.id = p.id",
                           "UPDATE ... SET from a column-masked column refused")):
            try:
                one(conn, sql)
                check(False, what)
            except psycopg.Error as e:
                check(e.sqlstate == "42501" and str(e).startswith("govern.mask: "), what, str(e))
        # FETCH from an SQL cursor: masked with its DECLARE's plan (mask_cursors_test.py has the rest).
        with conn.transaction():
            conn.execute("DECLARE c CURSOR FOR SELECT email FROM mask_people ORDER BY id")
            got = conn.execute("FETCH ALL FROM c").fetchall()
        check(got == [("***@shop.io",), ("***@mail.example",), (None,)], "FETCH from an SQL cursor is masked", repr(got))
        check(one(conn, "SELECT 1") == [1], "session usable after a mask failure")
        check(one(conn, "SELECT current_setting('x.y', true)") in ([None], [""]),
              "nothing was kept in the setting", repr(one(conn, "SELECT current_setting('x.y', true)")))
        # A refusal raised on the server (inside a transaction) is the proxy's
        # own text: never scrubbed.
        try:
            with conn.transaction():
                conn.execute("DELETE FROM mask_bench WHERE id = -1")
            check(False, "refusal inside a transaction")
        except psycopg.Error as e:
            check(e.sqlstate == "42501" and str(e).startswith('masking_refusals.no_delete_bench: deleting from "mask_bench"'),
                  "a refusal raised server-side in a masked session keeps its text", str(e))
        # The database drifts from the catalog govern decides with: a column
        # added behind its back shifts `*`; the statement errors.
        with direct() as d:
            d.execute("ALTER TABLE mask_people ADD COLUMN extra text DEFAULT 'x'")
        try:
            for binary in (False, True):
                try:
                    one(conn, "SELECT * FROM mask_people", binary)
                    check(False, "catalog drift: column count disagrees")
                except psycopg.Error as e:
                    check(e.sqlstate == "42501" and "15 columns where govern planned 14" in str(e),
                          f"catalog drift [{'binary' if binary else 'text'}]: the statement errors", str(e))
            res = conn.pgconn.exec_(b"SELECT * FROM mask_people; SELECT 2")
            check(res.status == pq.ExecStatus.FATAL_ERROR and b"govern.mask" in (res.error_message or b""),
                  "catalog drift [simple]: the statement errors", str(res.error_message))
            check(one(conn, "SELECT 1") == [1], "session usable after catalog drift error")
        finally:
            with direct() as d:
                d.execute("ALTER TABLE mask_people DROP COLUMN extra")


def test_names_agree():
    """Result names are checked against the plan for every statement of a
    masked identity: statements whose columns PostgreSQL names in its own ways
    must not error (a wrong name would be a false refusal, never a leak)."""
    statements = [
        "SELECT 1", "SELECT 'a'::text", "SELECT now()", "SELECT count(*) FROM mask_people",
        "SELECT CASE WHEN true THEN 1 END", "SELECT coalesce(email, '') FROM mask_people",
        'SELECT email AS "Contact" FROM mask_people', "SELECT p.* FROM mask_people p", "SELECT (SELECT 1)",
        "SELECT ARRAY[1]", "SELECT id + 1 FROM mask_people", "SELECT EXISTS(SELECT 1)", "SELECT -id FROM mask_people",
        "SELECT row_number() OVER () FROM mask_people", "SELECT current_user", "SELECT id::text FROM mask_people",
        "SELECT x FROM generate_series(1, 2) x", "SELECT unnest(ARRAY[1])", "SELECT t.id FROM (VALUES (1)) t(id)",
        "SELECT GREATEST(1, 2)", "SELECT NULLIF(1, 2)", "SELECT EXTRACT(year FROM now())", "SELECT interval '1 day'",
        "SELECT position('a' in 'abc')", "SELECT substring('abc' from 1 for 2)", "SELECT trim(' a ')",
        "SELECT json_build_object('a', 1)", "SELECT (1, 2)", "TABLE mask_people", "VALUES (1, 'a')",
        "SELECT email COLLATE \"C\" FROM mask_people", "SELECT CAST(id AS bigint) FROM mask_people",
        "SELECT mask_people.email FROM mask_people", "SELECT current_timestamp", "SELECT session_user",
        "SELECT " + ", ".join(f"{c} AS {'x' * 70}{i}" for i, c in enumerate(("id", "email"))) + " FROM mask_people",
    ]
    with connect() as conn:
        for sql in statements:
            try:
                one(conn, sql)
                check(True, f"names agree: {sql[:60]}")
            except psycopg.Error as e:
                check(False, f"names agree: {sql[:60]}", str(e))


test_names_agree()
test_methods_extended()
test_methods_simple()
test_copy()
test_lineage()
test_scrubbing()
test_fail_closed()
print(f"masking: {failures} failure(s)")
sys.exit(1 if failures else 0)
