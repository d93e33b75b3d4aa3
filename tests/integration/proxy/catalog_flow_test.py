"""Catalog changes and transactions through govern proxy (issue "Tags follow the data", item 3, online).

usage: catalog_flow_test.py PROXY_PORT PG_PORT
Same proxy as proxy_test.py (standard policies, env prod; identities dev,
trainer). What a statement that committed through the proxy creates or
derives is seen by every later decision; what rolled back is not; temporary
relations are seen by their own connection only; rolled-back SETs are undone.
"""
import sys

import psycopg

from proxy_checks import Checks, simple as run

PROXY_PORT, PG_PORT = int(sys.argv[1]), int(sys.argv[2])
checks = Checks(PROXY_PORT, PG_PORT)
check, connect = checks.check, checks.connect


def prepared(conn, sql):
    try:
        conn.execute(sql, prepare=True).fetchall()
        return None, ""
    except psycopg.Error as e:
        return (e.sqlstate or "?"), (e.diag.message_primary or str(e))


direct = checks.direct()
for t in ("flow_feat", "flow_rb", "flow_late", "flow_perm", "flow_multi"):
    direct.execute(f"DROP TABLE IF EXISTS {t}")

dev = connect("dev")
trainer = connect("trainer")

# 1. A table derived through the proxy carries the tags of its sources.
check(run(dev, "CREATE TABLE flow_feat AS SELECT id, lower(email) AS e FROM customers")[0] is None,
      "dev: CREATE TABLE AS from customers.email")
state, msg = run(trainer, "SELECT e FROM flow_feat")
check(state == "42501" and msg.startswith("pii.no_pii_in_training: "),
      "trainer: the derived column carries pii.email (refused by the pii rule, not as unknown)", f"{state} {msg}")
check(run(trainer, "SELECT id FROM flow_feat")[0] is None, "trainer: the untagged column of it is fine")

# 2. What rolled back derived nothing.
run(dev, "CREATE TABLE flow_rb (e text)")
for sql in ("BEGIN", "INSERT INTO flow_rb SELECT email FROM customers", "ROLLBACK"):
    run(dev, sql)
state, msg = run(trainer, "SELECT e FROM flow_rb")
check(state is None, "rolled-back INSERT ... SELECT derived no tag", f"{state} {msg}")
# The implicit transaction of a multi-statement Query that fails rolls back too.
run(dev, "CREATE TABLE flow_multi (e text)")
state, _ = run(dev, "INSERT INTO flow_multi SELECT email FROM customers; SELECT 1/0")
check(state == "22012", "multi-statement Query fails after the INSERT", str(state))
check(run(trainer, "SELECT e FROM flow_multi")[0] is None, "failed multi-statement Query derived no tag")
# ... and a committed block derives.
for sql in ("BEGIN", "INSERT INTO flow_rb SELECT email FROM customers", "COMMIT"):
    run(dev, sql)
state, msg = run(trainer, "SELECT e FROM flow_rb")
check(state == "42501" and msg.startswith("pii.no_pii_in_training: "), "committed block derived pii.email",
      f"{state} {msg}")

# 3. A statement prepared before a derivation is decided again after it.
run(dev, "CREATE TABLE flow_late (e text)")
with connect("trainer", prepare_threshold=0) as t2:
    check(prepared(t2, "SELECT e FROM flow_late")[0] is None, "trainer: prepared SELECT of an untagged column")
    run(dev, "INSERT INTO flow_late SELECT email FROM customers")
    state, msg = prepared(t2, "SELECT e FROM flow_late")
    check(state == "42501" and msg.startswith("pii.no_pii_in_training: "),
          "the named statement is decided again after another session derived tags", f"{state} {msg}")

# 4. Permanent relations are seen by every connection; temporary ones by their own only.
check(run(trainer, "CREATE TABLE flow_perm AS SELECT id FROM orders")[0] is None, "trainer: CREATE TABLE AS (no pii)")
with connect("trainer") as other:
    state, msg = run(other, "SELECT id FROM flow_perm")
    check(state is None, "another connection resolves the new table", f"{state} {msg}")
check(run(trainer, "CREATE TEMP TABLE flow_tmp AS SELECT id FROM orders")[0] is None, "trainer: CREATE TEMP TABLE AS")
state, msg = run(trainer, "SELECT id FROM flow_tmp")
check(state is None, "its own connection resolves the temporary table", f"{state} {msg}")
with connect("trainer") as other:
    state, msg = run(other, "SELECT id FROM flow_tmp")
    check(state == "42501" and msg.startswith("integrity.unresolved_for_protected: "),
          "another connection does not see it (unresolved, refused for training)", f"{state} {msg}")
# The temporary relation survives a change of search_path in its connection.
run(trainer, "SET search_path TO public")
state, msg = run(trainer, "SELECT id FROM flow_tmp")
check(state is None, "temporary table still resolved after SET search_path", f"{state} {msg}")
run(trainer, "RESET search_path")

# 5. A SET that rolled back is undone in the tracked session state.
for sql in ("BEGIN", "SET search_path TO other", "ROLLBACK"):
    run(trainer, sql)
state, _ = run(trainer, "SELECT email FROM customers")
check(state == "42501", "SET search_path rolled back: customers is public.customers again (refused)", str(state))
for sql in ("BEGIN", "SET search_path TO other", "COMMIT"):
    run(trainer, sql)
state, msg = run(trainer, "SELECT email FROM customers")
check(state is None, "SET search_path committed: customers is other.customers", f"{state} {msg}")
run(trainer, "RESET search_path")
state, _ = run(trainer, "SET search_path TO other; SELECT 1/0")
state, _ = run(trainer, "SELECT email FROM customers")
check(state == "42501", "SET in a failed multi-statement Query is undone", str(state))

# A SET undone by ROLLBACK TO SAVEPOINT is undone in the tracked state too
# (else the proxy resolves names in a schema the server no longer uses).
for sql in ("BEGIN", "SAVEPOINT s1", "SET search_path TO other", "ROLLBACK TO SAVEPOINT s1"):
    run(trainer, sql)
state, _ = run(trainer, "SELECT email FROM customers")
check(state == "42501", "SET search_path undone by ROLLBACK TO SAVEPOINT: customers is public.customers (refused)",
      str(state))
run(trainer, "ROLLBACK")
state, _ = run(trainer, "BEGIN; SAVEPOINT s2; SET search_path TO other; RELEASE s2; SELECT email FROM customers")
check(state is None, "RELEASE keeps the SET: customers is other.customers", str(state))
run(trainer, "COMMIT")
run(trainer, "RESET search_path")

# A set_config of search_path the proxy cannot follow (it may not have run, or
# its value is computed): names are not resolved with a guessed path.
for sql in ("SELECT set_config('search_path', 'other', false) WHERE false",
            "SELECT set_config('search_path', 'pub' || 'lic', false)"):
    run(trainer, "SET search_path TO other")
    run(trainer, sql)
    state, msg = run(trainer, "SELECT email FROM customers")
    check(state == "42501" and msg.startswith("govern.search_path_unknown: "),
          f"after {sql}: refused until search_path is set again", f"{state} {msg}")
    check(run(trainer, "SHOW search_path")[0] is None, "SHOW still answers")
    run(trainer, "SET search_path TO public")
    state, msg = run(trainer, "SELECT email FROM customers")
    check(state == "42501" and msg.startswith("pii.no_pii_in_training: "), "after SET: decided with the known path",
          f"{state} {msg}")
run(trainer, "RESET search_path")

# 6. The standard session policy: role changes are for the admin group.
for sql in ("SET ROLE postgres", "SET SESSION AUTHORIZATION postgres", "SELECT set_config('role', 'postgres', false)",
            "DO $$ BEGIN SET ROLE postgres; END $$"):
    state, msg = run(dev, sql)
    check(state == "42501" and msg.startswith("session.role_change: "), f"refused: {sql}", f"{state} {msg}")
check(run(dev, "SELECT current_user")[0] is None, "the session is usable after the refusals")

dev.close()
trainer.close()
print(f"catalog_flow_test.py: {checks.failures} failure(s)")
sys.exit(1 if checks.failures else 0)
