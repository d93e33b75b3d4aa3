"""SQL cursors of a masked identity through govern proxy: DECLARE's query is
decided and its mask plan applies to every FETCH.

usage: mask_cursors_test.py PROXY_PORT PG_PORT PSQL
The proxy decides with tests/integration/proxy/masking/masking.policy; `masker`
is masked, `plain` is not. psycopg's named (server-side) cursors run DECLARE,
FETCH FORWARD n and CLOSE through the extended protocol; psql's FETCH_COUNT
runs them as simple queries.
"""
import os
import subprocess
import sys

import psycopg

from proxy_checks import Checks, simple

checks = Checks(int(sys.argv[1]), int(sys.argv[2]))
check = checks.check
PSQL = sys.argv[3]

EMAILS = ["***@shop.io", "***@mail.example", None]  # mask_people ordered by id, masked with `email`


def test_named_cursors():
    with checks.connect("masker", autocommit=False) as conn:
        for binary in (False, True):
            with conn.cursor("c_named", binary=binary) as cur:
                cur.itersize = 2  # FETCH FORWARD 2, then again
                cur.execute("SELECT id, email, country FROM mask_people ORDER BY id")
                got = [(r[0], r[1], r[2]) for r in cur]
            want = [(1, EMAILS[0], "ES"), (2, EMAILS[1], "FR"), (3, None, "DE")]
            check(got == want, f"psycopg named cursor [{'binary' if binary else 'text'}]: every FETCH masked", repr(got))
            conn.commit()
        with conn.cursor("c_scroll", scrollable=True) as cur:
            cur.execute("SELECT email FROM mask_people ORDER BY id")
            first = cur.fetchone()
            cur.scroll(2, mode="absolute")
            last = cur.fetchall()
            cur.scroll(0, mode="absolute")
            again = cur.fetchmany(1)
        check(first == (EMAILS[0],) and last == [(None,)] and again == [(EMAILS[0],)],
              "scrollable cursor: MOVE ABSOLUTE and FETCH forms masked", repr((first, last, again)))
        conn.commit()
        with conn.cursor("c_hold", withhold=True) as cur:
            cur.execute("SELECT email FROM mask_people_v ORDER BY id")
            conn.commit()  # WITH HOLD: still open after its transaction
            got = cur.fetchall()
        check(got == [(e,) for e in EMAILS], "WITH HOLD cursor fetched after COMMIT is masked", repr(got))
        conn.commit()


def test_sql_cursors():
    with checks.connect("masker") as conn:
        with conn.transaction():
            conn.execute("DECLARE c1 CURSOR FOR SELECT lower(email) AS e, name FROM mask_people ORDER BY id")
            got = conn.execute("FETCH 1 FROM c1").fetchall()
            moved = conn.execute("MOVE NEXT IN c1").rowcount
            rest = conn.execute("FETCH ALL IN c1").fetchall()
            none = conn.execute("FETCH NEXT FROM c1").fetchall()
            conn.execute("CLOSE c1")
        check(got == [("***", "A***")] and moved == 1 and rest == [(None, None)] and none == [],
              "DECLARE / FETCH / MOVE / CLOSE: masked by the query's lineage", repr((got, moved, rest, none)))
        # One Query: DECLARE completes before the FETCH that follows it is answered.
        state, msg = simple(conn, "BEGIN; DECLARE c2 CURSOR FOR SELECT email FROM mask_people ORDER BY id; "
                                  "FETCH 2 FROM c2; COMMIT")
        res = conn.pgconn.exec_(b"BEGIN; DECLARE c3 CURSOR FOR SELECT email FROM mask_people ORDER BY id; "
                                b"FETCH 2 FROM c3")
        values = [res.get_value(i, 0).decode() for i in range(res.ntuples)]
        conn.pgconn.exec_(b"COMMIT")
        check(state is None and values == EMAILS[:2], "DECLARE and FETCH in one simple Query", repr((state, msg, values)))
        # Closed with the transaction: a later FETCH of the same name is unknown.
        with conn.transaction():
            conn.execute('DECLARE "Quoted C" CURSOR FOR SELECT email FROM mask_people ORDER BY id')
            got = conn.execute('FETCH FORWARD 1 FROM "Quoted C"').fetchall()
        check(got == [(EMAILS[0],)], "a quoted cursor name", repr(got))
        # A refused query is a refused DECLARE.
        e = None
        try:
            with conn.transaction():
                conn.execute("DECLARE c4 CURSOR FOR SELECT * FROM no_such_table")
        except psycopg.Error as ex:
            e = ex
        check(e is not None and e.sqlstate == "42501" and "govern.mask" in str(e),
              "DECLARE of an unplannable query refused", str(e))
        # A cursor govern did not see declared: a function opened it.
        with checks.direct() as d:
            d.execute("CREATE OR REPLACE FUNCTION open_emails(c refcursor) RETURNS refcursor LANGUAGE plpgsql AS "
                      "$$ BEGIN OPEN c FOR SELECT email FROM mask_people; RETURN c; END $$")
        e, got = None, None
        try:
            with conn.transaction():
                conn.execute("SELECT open_emails('fc')")
                got = conn.execute("FETCH ALL FROM fc").fetchall()
        except psycopg.Error as ex:
            e = ex
        check(e is not None and e.sqlstate == "42501" and "not declared through govern" in str(e) and "ana@" not in str(e),
              "FETCH from a cursor govern did not see declared errors", str(e) if e else repr(got))
        check(conn.execute("SELECT 1").fetchall() == [(1,)], "session usable afterwards")
    with checks.connect("plain") as conn:
        with conn.transaction():
            conn.execute("DECLARE p1 CURSOR FOR SELECT email FROM mask_people ORDER BY id")
            got = conn.execute("FETCH 1 FROM p1").fetchall()
        check(got == [("ana@shop.io",)], "an unmasked identity's cursor is not masked", repr(got))


def test_psql_fetch_count():
    env = dict(os.environ, PGPASSWORD="pw-masker")
    out = subprocess.run([PSQL, "-X", "-At", "-v", "FETCH_COUNT=1", "-v", "ON_ERROR_STOP=1", "-h", "127.0.0.1",
                          "-p", str(checks.proxy_port), "-U", "masker", "-d", "postgres",
                          "-c", "SELECT id, email FROM mask_people ORDER BY id"],
                         capture_output=True, text=True, env=env, timeout=60)
    check(out.returncode == 0 and out.stdout.split() == ["1|***@shop.io", "2|***@mail.example", "3|"],
          "psql FETCH_COUNT (DECLARE _psql_cursor, FETCH FORWARD 1) masked", out.stdout + out.stderr)
    out = subprocess.run([PSQL, "-X", "-At", "-v", "ON_ERROR_STOP=1", "-h", "127.0.0.1", "-p", str(checks.proxy_port),
                          "-U", "masker", "-d", "postgres", "-c",
                          "BEGIN; DECLARE c BINARY CURSOR FOR SELECT email FROM mask_people ORDER BY id; CLOSE c; "
                          "DECLARE c CURSOR FOR SELECT country AS email FROM mask_people ORDER BY id; FETCH 1 FROM c; COMMIT"],
                         capture_output=True, text=True, env=env, timeout=60)
    lines = out.stdout.splitlines()  # psql prints each statement's tag, and the FETCH's row
    check(out.returncode == 0 and "ES" in lines and "DECLARE CURSOR" in lines and "***" not in out.stdout,
          "psql: a cursor closed and declared again under the same name takes the new plan", out.stdout + out.stderr)


test_named_cursors()
test_sql_cursors()
test_psql_fetch_count()
print(f"mask cursors: {checks.failures} failure(s)")
sys.exit(1 if checks.failures else 0)
