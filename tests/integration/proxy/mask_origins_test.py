"""RowDescription origins (table OID, attnum) of masked results, through govern proxy.

usage: mask_origins_test.py PROXY_PORT PG_PORT
The proxy decides with tests/integration/proxy/masking/masking.policy and
masking/schema.sql; `masker` is masked. Run after masking_test.py and the
pgjdbc test: it changes mask_origin_v, mask_origin_t and mask_origin_c behind
the proxy's back (a direct connection), which leaves them failing through
this proxy until it reads the catalog again; so it does to mask_origin_r and
mask_origin_d, views it replaces in place (CREATE OR REPLACE VIEW: the same
OID and attnums), which the proxy must catch by their definitions (its
[masking] recheck is 1s).
"""
import sys
import time

import psycopg
from psycopg import pq

from proxy_checks import Checks, check_both_formats

checks = Checks(int(sys.argv[1]), int(sys.argv[2]))
check = checks.check


def rows(conn, sql, binary=False):
    with conn.cursor(binary=binary) as cur:
        cur.execute(sql)
        return [tuple(r) for r in cur.fetchall()]


def simple_rows(conn, sql):
    """One Query message: rows as text, or the error message."""
    res = conn.pgconn.exec_(sql.encode())
    if res.status != pq.ExecStatus.TUPLES_OK:
        return (res.error_message or b"").decode()
    return [tuple(None if res.get_value(r, c) is None else res.get_value(r, c).decode() for c in range(res.nfields))
            for r in range(res.ntuples)]


def refused(conn, sql, binary, *clear):
    """The statement errors with govern.mask and none of `clear` in the error."""
    try:
        got = rows(conn, sql, binary)
        return False, f"rows {got!r}"
    except psycopg.Error as e:
        ok = e.sqlstate == "42501" and str(e).startswith("govern.mask: ") and not any(c in str(e) for c in clear)
        return ok, str(e)


def test_agree():
    cases = [
        ("SELECT id, contact, region FROM mask_origin_v WHERE id = 1", [(1, "***@shop.io", "ES")]),
        ("SELECT email, email::text AS e2, lower(email) FROM mask_people WHERE id = 1",
         [("***@shop.io", "***@shop.io", "***")]),
        ("SELECT x FROM (SELECT DISTINCT email AS x FROM mask_people) s WHERE x IS NOT NULL ORDER BY 1 LIMIT 1",
         [("***@shop.io",)]),
        ("SELECT p.email, v.region, v.contact FROM mask_people p JOIN mask_origin_v v ON v.id = p.id WHERE p.id = 1",
         [("***@shop.io", "ES", "***@shop.io")]),
        ("WITH c AS (SELECT contact, region FROM mask_origin_v) SELECT region, contact FROM c ORDER BY 1 LIMIT 1",
         [("DE", None)]),
        ("SELECT id, email FROM mask_origin_t", [(1, "***@shop.io")]),
        ("SELECT id, email, note FROM mask_origin_c", [(1, "***@shop.io", "n")]),
    ]
    with checks.connect("masker") as conn:
        check_both_formats(check, conn, cases, "origins agree", rows)
        got = simple_rows(conn, "SELECT contact, region FROM mask_origin_v WHERE id = 1")
        check(got == [("***@shop.io", "ES")], "origins agree [simple]", repr(got))


def test_definitions_agree():
    """Views PostgreSQL stores rewritten (pg_get_viewdef): found equal to the catalog's, not refused."""
    views = ["mask_def_join", "mask_def_natural", "mask_def_builtins", "mask_def_query", "mask_def_union",
             "mask_def_agg", "mask_def_lateral", "mask_def_nested", "mask_def_star"]
    with checks.connect("masker") as conn:
        for v in views:
            for binary in (False, True):
                try:
                    got = rows(conn, f"SELECT * FROM {v} LIMIT 1", binary)
                    check(len(got) <= 1, f"definition agrees: {v} [{'binary' if binary else 'text'}]", repr(got))
                except psycopg.Error as e:
                    check(False, f"definition agrees: {v} [{'binary' if binary else 'text'}]", str(e))


def test_drift():
    with checks.connect("masker") as conn, checks.direct() as d:
        # A named statement prepared before the drift, executed again after it
        # (no RowDescription of its own: the proxy's Describe of the portal is checked).
        prepared = "SELECT contact, region FROM mask_origin_v WHERE id = %s"
        got = [conn.execute(prepared, (1,), prepare=True).fetchall() for _ in range(2)]
        check(got == [[("***@shop.io", "ES")]] * 2, "named statement before the drift", repr(got))
        # A view re-created behind the proxy's back: the same names now come
        # from the other column (region is the email). Not masked as planned.
        d.execute("DROP VIEW mask_origin_v")
        d.execute("CREATE VIEW mask_origin_v AS SELECT id, country AS contact, email AS region FROM mask_people")
        for binary in (False, True):
            ok, why = refused(conn, "SELECT contact, region FROM mask_origin_v WHERE id = 1", binary, "ana@")
            check(ok and "table OID" in why, f"view re-created [{'binary' if binary else 'text'}]: the statement errors", why)
        for binary in (False, True):
            try:
                got = conn.cursor(binary=binary).execute(prepared, (1,), prepare=True).fetchall()
                check(False, f"named statement re-executed after the drift [{'binary' if binary else 'text'}] errors",
                      repr(got))
            except psycopg.Error as e:
                check(e.sqlstate == "42501" and "table OID" in str(e) and "ana@" not in str(e),
                      f"named statement re-executed after the drift [{'binary' if binary else 'text'}] errors", str(e))
        got = simple_rows(conn, "SELECT contact, region FROM mask_origin_v WHERE id = 1")
        check(isinstance(got, str) and "govern.mask" in got and "ana@" not in got, "view re-created [simple]: errors", repr(got))
        ok, why = refused(conn, "SELECT p.id, v.region FROM mask_people p JOIN mask_origin_v v USING (id) WHERE p.id = 1",
                          False, "ana@")
        check(ok, "view re-created, joined: the statement errors", why)
        # A table dropped and created again (another OID).
        d.execute("DROP TABLE mask_origin_t")
        d.execute("CREATE TABLE mask_origin_t (id int, email text)")
        d.execute("INSERT INTO mask_origin_t VALUES (1, 'tess@shop.io')")
        ok, why = refused(conn, "SELECT id, email FROM mask_origin_t", False, "tess@")
        check(ok, "table re-created: the statement errors", why)
        # A column dropped and added again: same names and order, another attnum.
        d.execute("ALTER TABLE mask_origin_c DROP COLUMN note")
        d.execute("ALTER TABLE mask_origin_c ADD COLUMN note text DEFAULT 'n'")
        ok, why = refused(conn, "SELECT id, email, note FROM mask_origin_c", True, "cleo@")
        check(ok and "column 4" in why, "column re-added (attnum moved): the statement errors", why)
        check(rows(conn, "SELECT email FROM mask_people WHERE id = 1") == [("***@shop.io",)],
              "relations that did not change still pass")
        # The unmasked identity is not checked (nothing to mask).
    with checks.connect("plain") as conn:
        check(rows(conn, "SELECT region FROM mask_origin_v WHERE id = 1") == [("ana@shop.io",)],
              "an unmasked identity reads the re-created view")


def first_after_swap(conn, sql, binary, masked, why_has, *clear):
    """The first statement over a view replaced behind the proxy's back: refused
    (the proxy found it: the reason names the view) or, when the resolver's sweep
    followed the database's definition first, masked by it (`masked`); never
    anything in `clear`."""
    try:
        got = rows(conn, sql, binary)
        return got == masked and not any(c in repr(got) for c in clear), f"rows {got!r}"
    except psycopg.Error as e:
        return (e.sqlstate == "42501" and str(e).startswith("govern.mask: ") and why_has in str(e)
                and not any(c in str(e) for c in clear)), str(e)


def test_replaced_in_place():
    """CREATE OR REPLACE VIEW behind the proxy's back: the origins still agree
    (same OID, same attnums), the definition does not. The statement that
    finds it errors; the proxy then follows the database's definition, so the
    next ones are masked by what the view really reads."""
    swap = "CREATE OR REPLACE VIEW {} AS SELECT id, country AS contact, email AS region FROM mask_people"
    plain = "SELECT contact, region FROM {} WHERE id = 1"
    computed = "SELECT upper(region) AS r FROM {} WHERE id = 1"
    with checks.connect("masker") as conn, checks.direct() as d:
        # Replaced after its first lookup: caught once the lookup is made again ([masking] recheck).
        check(rows(conn, plain.format("mask_origin_r")) == [("***@shop.io", "ES")], "view before the swap", "")
        check(rows(conn, computed.format("mask_origin_r")) == [("ES",)], "computed over the view before the swap", "")
        d.execute(swap.format("mask_origin_r"))
        time.sleep(1.5)
        for sql in (plain, computed):
            for binary in (False, True):
                fmt = "binary" if binary else "text"
                ok, why = refused(conn, sql.format("mask_origin_r"), binary, "ana@", "ANA@")
                check(ok and "view public.mask_origin_r column 2 (contact) reads public.mask_people.country in the database"
                      in why, f"view replaced in place: {sql.split()[1]} ... errors [{fmt}]", why)
        got = simple_rows(conn, computed.format("mask_origin_r"))
        check(isinstance(got, str) and "govern.mask" in got and "ANA@" not in got, "view replaced in place [simple]", repr(got))
        # Replaced before its first lookup: caught at once.
        d.execute(swap.format("mask_origin_d"))
        ok, why = refused(conn, computed.format("mask_origin_d"), True, "ANA@")
        check(ok and "mask_origin_d" in why, "view replaced before its first lookup: errors [binary]", why)
        ok, why = refused(conn, "SELECT p.email, d.region FROM mask_people p JOIN mask_origin_d d USING (id) WHERE p.id = 1",
                          False, "ana@")
        check(ok, "joined with the replaced view: errors", why)
        check(rows(conn, "SELECT email FROM mask_people WHERE id = 1") == [("***@shop.io",)],
              "relations that did not change still pass")
    with checks.connect("plain") as conn:
        check(rows(conn, plain.format("mask_origin_r")) == [("ES", "ana@shop.io")],
              "an unmasked identity reads the replaced view", "")


def copy_out(conn, sql):
    """COPY ... TO STDOUT: the rows, or the error."""
    try:
        with conn.cursor() as cur:
            with cur.copy(sql) as copy:
                return [bytes(b) for b in copy]
    except psycopg.Error as e:
        return e


def test_replaced_other_ways():
    """COPY over a replaced view; a masked copy made a computation; a function added."""
    with checks.connect("masker") as conn, checks.direct() as d:
        # COPY reports no origins; the view is still checked.
        d.execute("CREATE OR REPLACE VIEW mask_origin_y AS SELECT id, country AS contact, email AS region FROM mask_people")
        got = copy_out(conn, "COPY (SELECT region FROM mask_origin_y WHERE id = 1) TO STDOUT")
        check(isinstance(got, psycopg.Error) and str(got).startswith("govern.mask: ") and "ana@" not in str(got)
              and "mask_origin_y" in str(got), "COPY TO STDOUT over a replaced view errors", repr(got))
        # The same column, no longer a copy: the email mask would keep a domain that is now the address.
        check(rows(conn, "SELECT contact FROM mask_origin_p WHERE id = 1") == [("***@shop.io",)], "copy before", "")
        d.execute("CREATE OR REPLACE VIEW mask_origin_p AS SELECT id, 'x@' || replace(email, '@', '%') AS contact "
                  "FROM mask_people")
        time.sleep(1.5)
        ok, why = refused(conn, "SELECT contact FROM mask_origin_p WHERE id = 1", False, "ana%")
        check(ok and "is computed in the database" in why, "a masked copy made a computation errors", why)
        # A function the catalog's definition does not call (it reads the emails itself).
        d.execute("CREATE OR REPLACE FUNCTION mask_leak(text) RETURNS text LANGUAGE sql "
                  "AS $$ SELECT min(email) FROM mask_people $$")
        check(rows(conn, "SELECT region FROM mask_origin_f WHERE id = 1") == [("ES",)], "function view before", "")
        d.execute("CREATE OR REPLACE VIEW mask_origin_f AS "
                  "SELECT id, upper(country || coalesce(mask_leak(country), '')) AS region FROM mask_people")
        time.sleep(1.5)
        for attempt in ("", " again"):
            ok, why = refused(conn, "SELECT region FROM mask_origin_f WHERE id = 1", False, "ANA@")
            check(ok and "calls mask_leak()" in why, f"a function added to a view errors{attempt}", why)
        # What the text does not show: a function that bears a pg_catalog name, an operator.
        d.execute("CREATE OR REPLACE FUNCTION public.lower(text) RETURNS text LANGUAGE sql "
                  "AS $$ SELECT min(email) FROM mask_people $$")
        d.execute("CREATE OR REPLACE FUNCTION mask_op(text, text) RETURNS text LANGUAGE sql "
                  "AS $$ SELECT min(email) FROM mask_people $$")
        d.execute("DROP OPERATOR IF EXISTS #~# (text, text)")
        d.execute("CREATE OPERATOR #~# (LEFTARG = text, RIGHTARG = text, FUNCTION = mask_op)")
        d.execute("CREATE OR REPLACE VIEW mask_origin_s AS SELECT id, public.lower(country) AS region FROM mask_people")
        d.execute("CREATE OR REPLACE VIEW mask_origin_o AS SELECT id, lower(country #~# '') AS region FROM mask_people")
        for view, reason in (("mask_origin_s", "bears the name of pg_catalog's lower"),
                             ("mask_origin_o", "uses operator public.#~#")):
            ok, why = refused(conn, f"SELECT region FROM {view} WHERE id = 1", False, "ana@")
            check(ok and reason in why, f"{view}: {reason} errors", why)


def test_swept():
    """A view replaced behind the proxy's back that nothing reads meanwhile is
    found by the resolver's sweep within recheck (logged: run_proxy_tests.sh
    checks the log); its masked statements then error, as when found by one."""
    with checks.direct() as d:
        d.execute("CREATE OR REPLACE VIEW mask_origin_w AS SELECT id, country AS contact, email AS region FROM mask_people")
    time.sleep(3)  # [masking] recheck is 1s
    with checks.connect("masker") as conn:
        ok, why = refused(conn, "SELECT contact, region FROM mask_origin_w WHERE id = 1", False, "ana@")
        check(ok and "mask_origin_w" in why, "a replaced view nothing read: its masked statements error", why)


def test_unrelated_ddl():
    """DDL through the proxy on other relations while a masked statement runs, and
    a temporary table made and committed in the same Query as a masked read: its
    relations did not change, so it is not refused."""
    import threading
    with checks.connect("plain") as ddl, checks.connect("masker") as conn:
        result = {}

        def masked_read():
            try:
                result["got"] = rows(conn, "SELECT pg_sleep(1)::text AS s, email FROM mask_people WHERE id = 1")
            except psycopg.Error as e:
                result["got"] = str(e)

        reader = threading.Thread(target=masked_read)
        reader.start()
        time.sleep(0.3)
        ddl.execute("CREATE TABLE mask_unrelated (a int)")
        ddl.execute("DROP TABLE mask_unrelated")
        reader.join(10)
        check(result.get("got") == [("", "***@shop.io")], "unrelated DDL meanwhile: the masked read is not refused",
              repr(result.get("got")))
        got = simple_rows(conn, "BEGIN; CREATE TEMP TABLE mask_tmp (a int); COMMIT; SELECT email FROM mask_people WHERE id = 1")
        check(got == [("***@shop.io",)], "a temporary table committed before a masked read in one Query", repr(got))


def test_replaced_through_the_proxy_meanwhile():
    """A view replaced through the proxy while a masked statement waits on its lock:
    the statement was planned on the catalog before, so it is refused (or, looked up
    while the DDL was still unsettled, found to differ); run again, it is planned on
    the new one. The commit and the blocked reader's answer reach the proxy at the
    same moment on two loops: eight rounds, swapping the view back and forth (before
    the fix of the catalog snapshot's order, 2 of 12 rounds read the emails)."""
    import threading
    defs = ["SELECT id, country AS contact, email AS region FROM mask_people",
            "SELECT id, email AS contact, country AS region FROM mask_people"]
    expected = [[("***",)], [("ES",)]]  # upper(region) planned on each definition
    with checks.connect("plain", autocommit=False) as ddl, checks.connect("masker") as conn:
        check(rows(conn, "SELECT upper(region) FROM mask_origin_x WHERE id = 1") == [("ES",)], "before", "")
        for i in range(8):
            ddl.execute("CREATE OR REPLACE VIEW mask_origin_x AS " + defs[i % 2])
            result = {}

            def masked_read():
                result["got"] = first_after_swap(conn, "SELECT upper(region) FROM mask_origin_x WHERE id = 1", False,
                                                 expected[i % 2], "", "ANA@")

            reader = threading.Thread(target=masked_read)
            reader.start()
            time.sleep(0.3)  # the read waits on the view's lock
            ddl.commit()
            reader.join(10)
            ok, why = result.get("got", (False, "no answer"))
            check(ok, f"round {i}: a statement planned before the view changed through the proxy errors", why)
            got = rows(conn, "SELECT upper(region) FROM mask_origin_x WHERE id = 1")
            check(got == expected[i % 2], f"round {i}: run again, it is planned on the new catalog", repr(got))


test_agree()
test_definitions_agree()
test_drift()
test_replaced_in_place()
test_replaced_other_ways()
test_swept()
test_unrelated_ddl()
test_replaced_through_the_proxy_meanwhile()
print(f"mask origins: {checks.failures} failure(s)")
sys.exit(1 if checks.failures else 0)
