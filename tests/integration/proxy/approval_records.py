"""The `approval` audit records of the approvals integration test (run by
run_approval_tests.sh after the proxies stopped): each request's events in
order, with the fields docs/audit.md gives them, the statement records that
name the request, and no parameter value or password anywhere.
usage: approval_records.py AUDIT_DIR IDS_JSON      (exit 1 when a check fails)"""
import glob
import json
import re
import sys

audit_dir, ids_file = sys.argv[1], sys.argv[2]
ids = json.load(open(ids_file))
records = []
for path in sorted(glob.glob(audit_dir + "/*.jsonl")):
    with open(path) as f:
        records += [json.loads(line) for line in f]
raw = "".join(open(p).read() for p in glob.glob(audit_dir + "/*"))
failures = []


def check(cond, what):
    print(("ok   " if cond else "FAIL ") + what)
    if not cond:
        failures.append(what)


approvals = [r for r in records if r["type"] == "approval"]
check(len(approvals) > 0, f"approval records are written ({len(approvals)})")


def events(proxy, rid):
    return [r for r in approvals if r["proxy"] == proxy and r["request"] == rid]


def sequence(proxy, name, expected, approver=None, requester="ana"):
    rid = ids.get(name)
    evs = events(proxy, rid)
    got = [e["event"] for e in evs]
    check(rid is not None and got == expected, f"{proxy}: request {name} ({rid}): events {got} == {expected}")
    for e in evs:
        fields_ok = (e["identity"] == {"user": requester} and e["rule"] and e["group"] and re.fullmatch(r"[0-9a-f]{64}", e["text_hash"])
                     and re.fullmatch(r"[0-9a-f]{64}", e["params_hash"]) and e["fingerprint"] and e["expires_at"]
                     and e["state"] in ("pending", "approved", "rejected", "expired"))
        check(fields_ok, f"{proxy}: {name} {e['event']}: identity, rule, group, hashes, state, expiry")
        client_side = e["event"] in ("requested", "used", "hold_timed_out", "hold_cancelled", "replay_refused")
        check(bool(e.get("session")) == client_side, f"{proxy}: {name} {e['event']}: a session exactly when a client caused it")
        if e["event"] in ("approved", "rejected", "used"):
            check(e.get("approver") == approver, f"{proxy}: {name} {e['event']}: approver {e.get('approver')} == {approver}")
    return evs


# Reject mode (main proxy): requested, approved, used once, the replay refused (and asked anew).
for name, approver, sql in [("drop", "dora", "DROP TABLE scratch"), ("update", "fin", "UPDATE orders SET status = $1 WHERE id = $2")]:
    evs = sequence("main", name, ["requested", "approved", "used", "replay_refused"], approver)
    if len(evs) == 4:
        replay = evs[3]
        check(replay.get("new_request") == ids[name + "_replay"], f"main: {name}: replay_refused names the new request")
        again = events("main", ids[name + "_replay"])
        check(again and again[0]["event"] == "requested" and approvals.index(again[0]) == approvals.index(replay) + 1,
              f"main: {name}: the replay's new request is recorded right after the refusal")
        check(evs[0]["sql"] == sql, f"main: {name}: sql is the normalized statement ({evs[0]['sql']})")
    stmts = [r for r in records if r["type"] == "statement" and r.get("approval") == ids[name]]
    ran = [s for s in stmts if s["enforced"] and s["decision"] == "require_approval"]
    outcomes = {(r["session"], r["stmt"]): r for r in records if r["type"] == "outcome"}
    ok_runs = [s for s in ran if outcomes.get((s["session"], s["stmt"]), {}).get("status") == "ok"]
    check(len(ok_runs) == 1, f"main: {name}: exactly one statement record ran through the approval ({len(ok_runs)})")
    refused = [s for s in stmts if outcomes.get((s["session"], s["stmt"]), {}).get("status") == "refused"]
    check(len(refused) >= 1, f"main: {name}: the refusals naming the request carry it ({len(refused)})")
    if ok_runs and len(evs) >= 3:
        check(ok_runs[0]["session"] == evs[2]["session"], f"main: {name}: the used record names the session that ran it")

# Hold mode (hold proxy).
# The same DROP asked again twice later (rejected, timed out): each new request is a refused replay of this one.
sequence("hold", "hold_approved", ["requested", "approved", "used", "replay_refused", "replay_refused"], "dora")
sequence("hold", "hold_rejected", ["requested", "rejected"], "dora")
sequence("hold", "hold_timeout", ["requested", "hold_timed_out"])
sequence("hold", "hold_cancelled_simple", ["requested", "hold_cancelled", "approved", "used"], "dora")
sequence("hold", "hold_cancelled_extended", ["requested", "hold_cancelled", "approved", "used"], "fin")

# Expiry (short-ttl proxy): an approval not used within ttl, a request nobody decided.
sequence("short", "expired_approved", ["requested", "approved", "expired"], "dora")
sequence("short", "expired_pending", ["requested", "expired"], requester="bob")
# Its two SIGHUPs: [approvals] taken, then kept (a new store takes a restart).
reloads = [r.get("approvals", "") for r in records if r["type"] == "reload" and r["proxy"] == "short"]
check(len(reloads) == 2 and reloads[0] == "reloaded" and reloads[1].startswith("kept: "),
      f"short: the reload records say whether [approvals] was taken: {reloads}")

# Nothing from parameters or credentials.
for secret in ["refunded", "'cancel'", '"cancel"', "pw-", "upstream-secret", "s3cret"]:
    check(secret not in raw, f"{secret!r} appears nowhere in the audit files")
sys.exit(1 if failures else 0)
