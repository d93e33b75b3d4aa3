// AWS Cedar (npm @cedar-policy/cedar-wasm) on the same decisions as govern's VM:
// the policies of benchmarks/policy_gen.cpp written for Cedar and one request per
// (pipelines statement, identity) carrying the facts govern extracted
// (govern_bench_export writes both). Prints one JSON object.
//
// usage: node cedar_bench.cjs CEDAR_WASM_NODEJS_DIR POLICIES.cedar REQUESTS.json [SECONDS]
//   stateful:        statefulIsAuthorized on a policy set parsed once (preparsePolicySet)
//   parse_each_call: isAuthorized with the policy text in every call (how the
//                    DESIGN figures were taken: the policies are parsed per call)
// Per-call latency with process.hrtime.bigint(); its own cost is measured and
// subtracted. agreement: the fraction of requests (up to 1,000 spread over the
// set) on which Cedar's decision equals govern's (deny or require_approval in
// govern = Deny in Cedar).
"use strict";
const fs = require("fs");
const path = require("path");

const [dir, policiesPath, requestsPath, secondsArg] = process.argv.slice(2);
if (!dir || !policiesPath || !requestsPath) {
  console.error("usage: node cedar_bench.cjs CEDAR_WASM_NODEJS_DIR POLICIES.cedar REQUESTS.json [SECONDS]");
  process.exit(2);
}
const cedar = require(path.resolve(dir, "cedar_wasm.js"));
const seconds = Number(secondsArg || 2);
const policyText = fs.readFileSync(policiesPath, "utf8");
const requests = JSON.parse(fs.readFileSync(requestsPath, "utf8"));
const policyCount = (policyText.match(/^(permit|forbid)/gm) || []).length;

const pre = cedar.preparsePolicySet("bench", { staticPolicies: policyText });
if (pre.type !== "success") {
  console.error(JSON.stringify(pre.errors, null, 1));
  process.exit(1);
}

function call(req, stateful) {
  const base = { principal: req.principal, action: req.action, resource: req.resource, context: req.context, entities: [] };
  const answer = stateful
    ? cedar.statefulIsAuthorized({ ...base, preparsedPolicySetId: "bench" })
    : cedar.isAuthorized({ ...base, policies: { staticPolicies: policyText } });
  if (answer.type !== "success") throw new Error(JSON.stringify(answer.errors));
  return answer.response.decision;  // "allow" | "deny"
}

function timerOverheadNs() {
  const d = [];
  for (let i = 0; i < 10000; i++) {
    const a = process.hrtime.bigint();
    const b = process.hrtime.bigint();
    d.push(Number(b - a));
  }
  d.sort((x, y) => x - y);
  return d[d.length >> 1];
}

function measure(stateful, budgetSeconds) {
  console.error(stateful ? "measuring statefulIsAuthorized" : "measuring isAuthorized");
  for (let i = 0; i < Math.min(requests.length, 200); i++) call(requests[i], stateful);  // warm-up (JIT, wasm)
  const overhead = timerOverheadNs();
  const samples = [];
  const start = process.hrtime.bigint();
  const budget = BigInt(Math.round(budgetSeconds * 1e9));
  let i = 0;
  while (process.hrtime.bigint() - start < budget) {
    const req = requests[i++ % requests.length];
    const a = process.hrtime.bigint();
    call(req, stateful);
    const b = process.hrtime.bigint();
    samples.push(Math.max(0, Number(b - a) - overhead));
  }
  // Throughput without a timer around each call.
  const n = samples.length;
  const t0 = process.hrtime.bigint();
  for (let k = 0; k < n; k++) call(requests[k % requests.length], stateful);
  const wall = Number(process.hrtime.bigint() - t0) / 1e9;
  samples.sort((x, y) => x - y);
  const q = (p) => samples[Math.min(n - 1, Math.max(0, Math.ceil(p * n) - 1))];
  const mean = samples.reduce((s, x) => s + x, 0) / n;
  return { calls: n, p50_ns: q(0.5), p90_ns: q(0.9), p99_ns: q(0.99), max_ns: samples[n - 1], mean_ns: Math.round(mean),
           per_second: Math.round(n / wall), timer_overhead_ns: overhead };
}

// Agreement on up to 1,000 requests spread over the set (all of them when fewer).
console.error("checking agreement");
const step = Math.max(1, Math.floor(requests.length / 1000));
let agree = 0, checked = 0;
for (let i = 0; i < requests.length; i += step, checked++) if (call(requests[i], true) === requests[i].expect) agree++;

const out = {
  cedar_version: cedar.getCedarVersion(),
  sdk_version: cedar.getCedarSDKVersion(),
  node: process.version,
  policies: policyCount,
  requests: requests.length,
  agreement_checked: checked,
  agreement: agree / checked,
  denied_by_govern: requests.filter((r) => r.expect === "deny").length,
  stateful: measure(true, seconds),
  parse_each_call: measure(false, Math.max(0.5, seconds / 2)),
};
console.log(JSON.stringify(out));
