"""What the Python proxy tests share: ok/FAIL lines with a failure count, and
connections through the proxy (identity NAME, password "pw-NAME") or direct."""
import psycopg
from psycopg import pq


class Checks:
    def __init__(self, proxy_port, pg_port):
        self.proxy_port, self.pg_port, self.failures = proxy_port, pg_port, 0

    def check(self, ok, what, detail=""):
        print(("ok   " if ok else "FAIL ") + what + ("" if ok or not detail else f"\n     {detail}"))
        if not ok:
            self.failures += 1

    def connect(self, user, **kw):
        return psycopg.connect(host="127.0.0.1", port=self.proxy_port, dbname="postgres", user=user,
                               password=f"pw-{user}", autocommit=kw.pop("autocommit", True), **kw)

    def direct(self):
        return psycopg.connect(host="127.0.0.1", port=self.pg_port, dbname="postgres", user="postgres",
                               autocommit=True)


def simple(conn, sql):
    """One Query message: (sqlstate|None, primary message)."""
    res = conn.pgconn.exec_(sql.encode())
    if res.status in (pq.ExecStatus.TUPLES_OK, pq.ExecStatus.COMMAND_OK, pq.ExecStatus.EMPTY_QUERY,
                      pq.ExecStatus.COPY_OUT, pq.ExecStatus.COPY_IN):
        return None, ""
    state = res.error_field(pq.DiagnosticField.SQLSTATE)
    msg = res.error_field(pq.DiagnosticField.MESSAGE_PRIMARY)
    return (state.decode() if state else "?"), (msg.decode() if msg else "")


def check_both_formats(check, conn, cases, what, run):
    """Each (sql, want) of `cases` in the text and the binary result format: run(conn, sql, binary) == want."""
    for sql, want in cases:
        for binary in (False, True):
            try:
                got = run(conn, sql, binary)
            except psycopg.Error as e:
                got = f"error {e.sqlstate}: {e}"
            check(got == want, f"{what} [{'binary' if binary else 'text'}] {sql}", f"got {got!r}, expected {want!r}")
