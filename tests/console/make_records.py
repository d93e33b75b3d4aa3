#!/usr/bin/env python3
"""Writes a synthetic audit trail (docs/audit.md: hash-chained statement and
outcome records, one segment per proxy) for the console's tests and its
load benchmark. One proxy per env; deterministic (seeded).

usage: make_records.py OUT_DIR --statements N [--envs dev,prod] [--extra-sql SQL]...
       [--start 2026-03-01T00:00:00Z] [--span-hours 24] [--append]
--extra-sql adds one statement with that (normalized) text per env, newest.
"""
import argparse, datetime, hashlib, json, os, random

IDENTITIES = [("ana", ["analyst"], "human", "reporting"), ("svc-trainer", ["ml"], "service", "training"),
              ("dev1", ["dev"], "human", ""), ("etl", ["etl"], "service", "etl"), ("dba1", ["dba"], "human", "")]
QUERIES = [
    ("select", "SELECT id, email FROM public.customers WHERE id = $1", ["public.customers.id", "public.customers.email"],
     [("email", ["public.customers.email"], ["pii.email"])]),
    ("select", "SELECT count(*) FROM public.orders", ["public.orders.id"], []),
    ("update", "UPDATE public.orders SET status = $1 WHERE id = $2", ["public.orders.id"], []),
    ("delete", "DELETE FROM public.orders", [], []),
    ("select", "SELECT name, phone FROM public.customers LIMIT $1", ["public.customers.name", "public.customers.phone"],
     [("name", ["public.customers.name"], ["pii.name"]), ("phone", ["public.customers.phone"], ["pii.phone"])]),
    ("drop_table", "DROP TABLE public.sessions", [], []),
]


def ts(us):
    return datetime.datetime.fromtimestamp(us / 1e6, datetime.timezone.utc).strftime("%Y-%m-%dT%H:%M:%S.%fZ")


class Chain:
    def __init__(self, proxy, env, path, append):
        self.proxy, self.env, self.seq, self.prev = proxy, env, 0, "0" * 64
        if append and os.path.exists(path):
            with open(path, "rb") as f:
                lines = f.read().splitlines()
            if lines:
                last = json.loads(lines[-1])
                self.seq, self.prev = last["seq"], last["hash"]
        self.out = open(path, "a" if append else "w")

    def write(self, type_, when_us, fields):
        self.seq += 1
        head = {"v": 1, "type": type_, "seq": self.seq, "prev": self.prev, "ts": ts(when_us), "proxy": self.proxy,
                "env": self.env}
        head.update(fields)
        body = json.dumps(head, separators=(",", ":"), ensure_ascii=False)
        h = hashlib.sha256(body.encode()).hexdigest()
        self.out.write(body[:-1] + ',"hash":"' + h + '"}\n')
        self.prev = h


def statement(rng, chain, when_us, n, sql_override=None):
    user, groups, kind_, purpose = IDENTITIES[rng.randrange(len(IDENTITIES))]
    kind, sql, reads, outputs = QUERIES[rng.randrange(len(QUERIES))]
    if sql_override is not None:
        kind, sql, reads, outputs = "select", sql_override, [], []
    rules, decision = [], "allow"
    if kind == "delete":
        decision, rules = "deny", [{"id": "destructive.unbounded_write", "effect": "deny",
                                    "message": "delete without WHERE on public.orders"}]
    elif kind == "drop_table" and chain.env == "prod":
        decision, rules = "require_approval", [{"id": "destructive.prod_ddl", "effect": "require_approval",
                                                "message": "approval from dba"}]
    elif purpose == "training" and outputs:
        decision, rules = "deny", [{"id": "pii.no_pii_in_training", "effect": "deny",
                                    "message": "training pipelines may not read personal data"}]
    masked = "analyst" in groups
    if masked and outputs:
        rules.append({"id": "pii.mask_for_analysts", "effect": "mask", "message": ""})
    exposed = []
    for pos, (out, cols, tags) in enumerate(outputs):
        e = {"output": out, "position": pos, "columns": cols, "tags": tags,
             "sources": [{"column": c, "tags": tags} for c in cols], "masked": masked}
        if masked:
            e["method"] = "redact"
        exposed.append(e)
    session = "%08x.%d" % (0x65000000, n // 20)
    stmt = n % 20 + 1
    chain.write("statement", when_us, {
        "session": session, "stmt": stmt, "index": 0, "via": "query", "client": "127.0.0.1:%d" % (40000 + n % 1000),
        "application": "psql", "identity": {"user": user, "groups": groups, "roles": [], "kind": kind_, "purpose": purpose},
        "kind": kind, "fingerprint": hashlib.sha256(sql.encode()).hexdigest()[:16], "sql": sql, "decision": decision,
        "enforced": True, "rules": rules, "reads": reads, "writes": [], "exposed": exposed,
        # decide_ns as a proxy writes it: mostly decision-cache hits, some full parses.
        "decide_ns": int(rng.lognormvariate(6.5, 1.5))})
    if decision == "allow":
        dur = int(rng.lognormvariate(7, 1.2))
        chain.write("outcome", when_us + dur, {"session": session, "stmt": stmt, "status": "ok", "command": kind.upper(),
                                               "rows": rng.randrange(1, 500), "duration_us": dur, "bytes": 2000})
    else:
        chain.write("outcome", when_us + 5, {"session": session, "stmt": stmt, "status": "refused", "sqlstate": "42501",
                                             "command": "", "rows": 0, "duration_us": 0, "bytes": 120})


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("out")
    ap.add_argument("--statements", type=int, required=True, help="statements in all (split over the envs)")
    ap.add_argument("--envs", default="dev,staging,prod")
    ap.add_argument("--extra-sql", action="append", default=[])
    ap.add_argument("--start", default="2026-03-01T00:00:00Z")
    ap.add_argument("--span-hours", type=float, default=24)
    ap.add_argument("--append", action="store_true")
    ap.add_argument("--seed", type=int, default=7)
    a = ap.parse_args()
    os.makedirs(a.out, exist_ok=True)
    rng = random.Random(a.seed)
    start = int(datetime.datetime.strptime(a.start, "%Y-%m-%dT%H:%M:%SZ").replace(
        tzinfo=datetime.timezone.utc).timestamp() * 1e6)
    envs = a.envs.split(",")
    per_env = a.statements // len(envs)
    span = int(a.span_hours * 3600e6)
    for env in envs:
        proxy = env + "-1"
        chain = Chain(proxy, env, os.path.join(a.out, proxy + "-00000001.jsonl"), a.append)
        for n in range(per_env):
            statement(rng, chain, start + span * n // max(per_env, 1), n)
        for k, sql in enumerate(a.extra_sql):
            statement(rng, chain, start + span + k * 1000, per_env + k, sql_override=sql)
        chain.out.close()


if __name__ == "__main__":
    main()
