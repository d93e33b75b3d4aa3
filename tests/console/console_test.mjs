// The govern console in headless Chromium (Debian's), driven by puppeteer-core.
// env: CONSOLE_URL (http://127.0.0.1:PORT), CONSOLE_USER, CONSOLE_PASSWORD,
//      ARTIFACTS (screenshots), CHROMIUM (binary), APPEND_CMD (adds a statement
//      whose SQL contains "live_marker" to the trail), MODE = test | bench.
// proxy: the console on a real proxy's admin listener over two proxies' records;
//        with PROXY_PORT (prod, [approvals]), PSQL, PGPORT_DIRECT and FLEET_URL (a
//        `govern console --approvals-dsn` on the same store): approve and reject in the page.
// test: prints "ok ..."/"FAIL ..." lines and "N passed, N failed"; exit 1 on a failure.
// bench: prints the page's load time (navigation to data shown) over 5 loads.
import puppeteer from 'puppeteer-core';
import { execSync, execFileSync } from 'node:child_process';
import { mkdirSync } from 'node:fs';

const base = process.env.CONSOLE_URL;
const user = process.env.CONSOLE_USER;
const password = process.env.CONSOLE_PASSWORD;
const artifacts = process.env.ARTIFACTS || 'artifacts';
const mode = process.env.MODE || 'test';
mkdirSync(artifacts, { recursive: true });

let passed = 0, failed = 0;
function check(cond, what) {
  if (cond) { passed++; console.log('ok   ' + what); } else { failed++; console.log('FAIL ' + what); }
}

const browser = await puppeteer.launch({
  executablePath: process.env.CHROMIUM || '/usr/bin/chromium',
  headless: true,
  args: ['--no-sandbox', '--disable-gpu', '--disable-dev-shm-usage', '--no-first-run'],
});
const dialogs = [];
const cspViolations = [];
try {
  const page = await browser.newPage();
  await page.setViewport({ width: 1400, height: 1000 });
  page.on('dialog', async (d) => { dialogs.push(d.message()); await d.dismiss(); });
  page.on('console', (m) => { if (/Content Security Policy/.test(m.text())) cspViolations.push(m.text()); });
  const shot = (name) => page.screenshot({ path: `${artifacts}/${name}.png`, fullPage: true });
  const login = async (pw) => {
    await page.waitForSelector('#login-form', { visible: true });
    await page.$eval('#login-user', (e) => { e.value = ''; });
    await page.$eval('#login-password', (e) => { e.value = ''; });
    await page.type('#login-user', user);
    await page.type('#login-password', pw);
    await page.click('#login-form button[type=submit]');
  };

  if (mode === 'proxy') {
    // Two real proxies (dev, prod) wrote one audit directory; this is prod's admin listener.
    await page.goto(base + '/console/');
    await login(password);
    await page.waitForSelector('body[data-ready="1"]', { timeout: 30000 });
    await page.waitForFunction(() => {
      const envs = new Set([...document.querySelectorAll('#records tbody tr td:nth-child(2)')].map((t) => t.textContent));
      return envs.has('dev') && envs.has('prod');
    }, { timeout: 20000 });
    check(true, "the proxy's console shows statements of both proxies' envs (dev, prod)");
    const sql = await page.$$eval('#records tbody td.sql', (t) => t.map((x) => x.textContent));
    check(sql.some((t) => t.includes('DELETE FROM orders')), 'the refused DELETE is in the stream');
    check(sql.some((t) => t.includes('<img src=x onerror=window.__pwned=3>')), 'an identifier carrying <img onerror> is shown as text');
    const inert = await page.evaluate(() => document.querySelectorAll('img').length === 0 && window.__pwned === undefined);
    check(inert && dialogs.length === 0, 'no element created, no handler ran');
    await page.waitForSelector('#latency-figure:not([hidden]) svg rect', { timeout: 10000 });
    check(true, "this proxy's decision-latency histogram is drawn");
    await shot('10-proxy-two-envs');
    if (process.env.PROXY_PORT) await approvals(page, shot);
  } else if (mode === 'bench') {
    await page.goto(base + '/console/');
    await login(password);
    await page.waitForSelector('body[data-ready="1"]', { timeout: 30000 });
    const times = [];
    for (let i = 0; i < 5; i++) {
      const t0 = Date.now();
      await page.goto(base + '/console/', { waitUntil: 'domcontentloaded' });
      await page.waitForSelector('body[data-ready="1"]', { timeout: 30000 });
      times.push(Date.now() - t0);
    }
    const rows = await page.$$eval('#records tbody tr', (r) => r.length);
    const total = await page.$eval('#matched', (e) => e.textContent);
    times.sort((a, b) => a - b);
    console.log(JSON.stringify({ loads_ms: times, median_ms: times[2], rows_shown: rows, statements_matched: Number(total) }));
    await shot('bench-100k');
  } else {
    // Log in: a wrong password first.
    const res = await page.goto(base + '/console/');
    const csp = res.headers()['content-security-policy'] || '';
    check(/script-src 'self'/.test(csp) && !/unsafe-inline/.test(csp), 'page served with a strict CSP: ' + csp);
    await login('wrong-password');
    await page.waitForFunction(() => document.getElementById('login-error').textContent.length > 0);
    check(await page.$eval('#login-error', (e) => e.textContent) === 'invalid user or password', 'wrong password refused');
    await shot('01-login-refused');
    await login(password);
    await page.waitForSelector('body[data-ready="1"]', { timeout: 30000 });
    await shot('02-overview');

    const envs = await page.$$eval('#records tbody tr td:nth-child(2)', (tds) => [...new Set(tds.map((t) => t.textContent))]);
    const envOptions = await page.$$eval('#f-env option', (o) => o.map((x) => x.value).filter(Boolean));
    check(envOptions.includes('dev') && envOptions.includes('prod'), 'env filter offers dev and prod: ' + envOptions.join(','));
    check(envs.length >= 2, 'statements of several envs in the stream: ' + envs.join(','));
    for (const env of ['dev', 'prod']) {
      await page.select('#f-env', env);
      await page.waitForFunction((e) => {
        const tds = [...document.querySelectorAll('#records tbody tr td:nth-child(2)')];
        return tds.length > 0 && tds.every((t) => t.textContent === e);
      }, { timeout: 10000 }, env);
      check(true, `env filter ${env}: every row is ${env}`);
      await shot(`03-env-${env}`);
    }
    await page.select('#f-env', '');
    await page.select('#f-decision', 'deny');
    await page.waitForFunction(() => {
      const tds = [...document.querySelectorAll('#records tbody tr td:nth-child(4)')];
      return tds.length > 0 && tds.every((t) => t.textContent.startsWith('deny'));
    }, { timeout: 10000 });
    check(true, 'decision filter: only denials');
    await page.select('#f-decision', '');

    const bars = await page.$$eval('#chart-decisions svg rect', (r) => r.length);
    check(bars > 0, `decisions-over-time chart drawn (${bars} bars)`);
    const dur = await page.$$eval('#chart-durations svg rect', (r) => r.length);
    check(dur > 0, `duration histogram drawn (${dur} bars)`);
    const decide = await page.$$eval('#chart-decide svg rect', (r) => r.length);
    const decideText = await page.$eval('#chart-decide', (c) => c.textContent);
    check(decide > 0 && /p50 \d/.test(decideText), `decision latency by env drawn from the audit's decide_ns (${decide} bars)`);
    const exposure = await page.$$eval('#exposure tbody tr', (r) => r.length);
    check(exposure > 0, `exposure ledger shown (${exposure} rows)`);

    // HTML injection through SQL text is inert.
    await page.type('#f-q', '<img');
    await page.waitForFunction(() => {
      const cells = [...document.querySelectorAll('#records tbody td.sql')];
      return cells.length > 0 && cells.every((t) => t.textContent.includes('<img src=x onerror='));
    }, { timeout: 10000 });
    const injected = await page.evaluate(() => ({
      imgs: document.querySelectorAll('img').length,
      scripts: document.querySelectorAll('script').length,
      pwned: window.__pwned === undefined ? null : window.__pwned,
      text: [...document.querySelectorAll('#records tbody td.sql')].map((t) => t.textContent).join(' | '),
    }));
    await page.click('#records tbody tr.rec');
    await page.waitForSelector('#detail-section', { visible: true });
    await shot('04-injection-inert');
    const after = await page.evaluate(() => ({ imgs: document.querySelectorAll('img').length, pwned: window.__pwned }));
    check(injected.text.includes('<script>'), 'the statement with <img onerror> and <script> is shown as text: ' + injected.text);
    check(injected.imgs === 0 && after.imgs === 0, 'no <img> element was created');
    check(injected.scripts === 1, 'no <script> element was created');
    check(injected.pwned === null && after.pwned === undefined && dialogs.length === 0, 'no handler ran, no dialog');
    await page.$eval('#f-q', (e) => { e.value = ''; });
    await page.click('#detail-close');

    // Session cookie and CSRF.
    const cookies = await page.cookies();
    const c = cookies.find((x) => x.name === 'govern_console');
    check(c && c.httpOnly && c.sameSite === 'Strict', 'session cookie is HttpOnly and SameSite=Strict');
    check(!(await page.evaluate(() => document.cookie)).includes('govern_console'), 'scripts cannot read the session cookie');
    const noToken = await page.evaluate(async () => (await fetch('/api/console/logout', {
      method: 'POST', headers: { 'Content-Type': 'application/json' }, body: '{}' })).status);
    check(noToken === 403, 'POST without the CSRF token refused (' + noToken + ')');
    const crossSite = await fetch(base + '/api/console/logout', { method: 'POST', body: '{}', headers: {
      'Content-Type': 'application/json', Origin: 'http://evil.example', Cookie: `govern_console=${c.value}` } });
    check(crossSite.status === 403, 'POST from another origin refused (' + crossSite.status + ')');
    const formPost = await fetch(base + '/api/console/logout', { method: 'POST', body: 'a=b', headers: {
      'Content-Type': 'application/x-www-form-urlencoded', Cookie: `govern_console=${c.value}` } });
    check(formPost.status === 415, 'form-encoded POST refused (' + formPost.status + ')');
    const anon = await fetch(base + '/api/console/records');
    check(anon.status === 401, 'records need a session (' + anon.status + ')');

    // Live stream: a statement appended to the trail shows up without a reload.
    if (process.env.APPEND_CMD) {
      execSync(process.env.APPEND_CMD, { stdio: 'inherit' });
      await page.waitForFunction(() => [...document.querySelectorAll('#records tbody td.sql')].some(
        (t) => t.textContent.includes('live_marker')), { timeout: 20000 });
      check(true, 'a statement appended to the audit trail appears in the live stream');
      await shot('05-live');
    }

    // Log out: the cookie no longer opens the API.
    await page.click('#logout');
    await page.waitForSelector('#login-form', { visible: true });
    const afterLogout = await fetch(base + '/api/console/records', { headers: { Cookie: `govern_console=${c.value}` } });
    check(afterLogout.status === 401, 'logged out: the old cookie is refused (' + afterLogout.status + ')');
    check(cspViolations.length === 0, 'no CSP violation reported by the page: ' + cspViolations.join('; '));
  }
} finally {
  await browser.close();
}

// Runs `sql` as identity `who` through the prod proxy (psql): {ok, err, id (the request named)}.
function client(who, sql) {
  try {
    execFileSync(process.env.PSQL, ['-X', '-q', '-v', 'ON_ERROR_STOP=1', '-v', 'VERBOSITY=verbose', '-h', '127.0.0.1',
      '-p', process.env.PROXY_PORT, '-U', who, '-d', 'postgres', '-c', sql],
    { env: { ...process.env, PGPASSWORD: 'pw-' + who }, stdio: ['ignore', 'pipe', 'pipe'] });
    return { ok: true, err: '', id: null };
  } catch (e) {
    const err = String(e.stderr);
    return { ok: false, err, id: (err.match(/request ([0-9a-f]{12})/) || [])[1] || null };
  }
}
function direct(sql) {
  return execFileSync(process.env.PSQL, ['-X', '-At', '-h', '127.0.0.1', '-p', process.env.PGPORT_DIRECT, '-U', 'postgres',
    '-d', 'postgres', '-c', sql]).toString().trim();
}

// Approvals in the page: the proxy's own console approves, the fleet console rejects.
async function approvals(page, shot) {
  // A statement carrying markup is listed as text (the request keeps the exact text, comment included).
  const marked = client('dev', 'TRUNCATE race_t /* <img src=x onerror="window.__pwned=4"> */');
  check(!marked.ok && marked.id, `a statement with <img onerror> in a comment is held (${marked.id})`);
  await page.waitForSelector(`#approvals tbody tr[data-request="${marked.id}"]`, { timeout: 20000 });
  const shown = await page.evaluate((id) => ({
    text: document.querySelector(`#approvals tbody tr[data-request="${id}"] td.sql`).textContent,
    imgs: document.querySelectorAll('img').length, pwned: window.__pwned,
  }), marked.id);
  check(shown.text.includes('<img src=x onerror=') && shown.imgs === 0 && shown.pwned === undefined,
    'the pending statement with <img onerror> is shown as text, no element, no handler: ' + shown.text);

  const sql = 'TRUNCATE race_t';
  direct('INSERT INTO race_t VALUES (1), (2)');
  const first = client('dev', sql);
  check(!first.ok && /VG001/.test(first.err) && first.id, `a statement needing approval gets VG001 with its request (${first.id})`);
  const row = `#approvals tbody tr[data-request="${first.id}"]`;
  await page.waitForSelector(row, { timeout: 20000 });
  const cells = await page.$$eval(row + ' td', (t) => t.map((x) => x.textContent));
  check(cells[1] === 'dev' && cells[2] === 'prod' && cells[3] === 'destructive.prod_ddl_needs_approval' &&
        cells[5] === sql && cells[6].length > 0,
  'the pending request shows identity, env, rule, statement and expiry: ' + cells.join(' | '));
  await shot('11-approval-pending');

  const noCsrf = await page.evaluate(async (id) => (await fetch(`/api/console/approvals/${id}/approve`, {
    method: 'POST', headers: { 'Content-Type': 'application/json' }, body: '{}' })).status, first.id);
  check(noCsrf === 403, 'approve without the CSRF token refused (' + noCsrf + ')');
  const anonymous = await fetch(`${process.env.CONSOLE_URL}/api/console/approvals/${first.id}/approve`, {
    method: 'POST', headers: { 'Content-Type': 'application/json' }, body: '{}' });
  check(anonymous.status === 401, 'approve without a session refused (' + anonymous.status + ')');
  check(!client('dev', sql).ok && direct('SELECT count(*) FROM race_t') === '2', 'still pending: the retry is refused');

  await page.click(row + ' button.approve');
  await page.waitForFunction((id) => document.getElementById('approvals-note').textContent === 'approved ' + id,
    { timeout: 10000 }, first.id);
  await page.waitForFunction((r) => !document.querySelector(r), { timeout: 10000 }, row);
  await shot('12-approved');
  const retry = client('dev', sql);
  check(retry.ok && direct('SELECT count(*) FROM race_t') === '0', "approved in the page: the client's retry runs " + retry.err);
  direct('INSERT INTO race_t VALUES (3)');
  const replay = client('dev', sql);
  check(!replay.ok && /VG001/.test(replay.err) && replay.id && replay.id !== first.id &&
        direct('SELECT count(*) FROM race_t') === '1', `a second retry is refused with a new request (${replay.id})`);

  // The fleet console (govern console --approvals-dsn) on the same store: the requester cannot decide, a dba rejects.
  const fleet = process.env.FLEET_URL;
  const ctx = await page.browser().createBrowserContext();
  const devPage = await ctx.newPage();
  await devPage.setViewport({ width: 1400, height: 1000 });
  await devPage.goto(fleet + '/console/');
  await devPage.waitForSelector('#login-form', { visible: true });
  await devPage.type('#login-user', 'dev');
  await devPage.type('#login-password', 'pw-dev');
  await devPage.click('#login-form button[type=submit]');
  await devPage.waitForSelector('body[data-ready="1"]', { timeout: 30000 });
  const ownRow = `#approvals tbody tr[data-request="${replay.id}"]`;
  await devPage.waitForSelector(ownRow, { timeout: 20000 });
  check(await devPage.$(ownRow + ' button.approve') === null, 'the requester sees the own request without buttons');
  const own = await devPage.evaluate(async (id) => {
    const s = await (await fetch('/api/console/session')).json();
    const r = await fetch(`/api/console/approvals/${id}/approve`, {
      method: 'POST', headers: { 'Content-Type': 'application/json', 'X-CSRF-Token': s.csrf }, body: '{}' });
    return { status: r.status, body: await r.text() };
  }, replay.id);
  check(own.status === 403 && /own request/.test(own.body), 'the requester cannot approve the own request: ' + own.status + ' ' + own.body);
  await ctx.close();

  const fleetPage = await page.browser().newPage();
  await fleetPage.setViewport({ width: 1400, height: 1000 });
  await fleetPage.goto(fleet + '/console/');
  await fleetPage.waitForSelector('#login-form', { visible: true });
  await fleetPage.type('#login-user', process.env.CONSOLE_USER);
  await fleetPage.type('#login-password', process.env.CONSOLE_PASSWORD);
  await fleetPage.click('#login-form button[type=submit]');
  await fleetPage.waitForSelector('body[data-ready="1"]', { timeout: 30000 });
  await fleetPage.waitForSelector(ownRow, { timeout: 20000 });
  await fleetPage.screenshot({ path: `${artifacts}/13-fleet-pending.png`, fullPage: true });
  await fleetPage.click(ownRow + ' button.reject');
  await fleetPage.waitForFunction((id) => document.getElementById('approvals-note').textContent === 'rejected ' + id,
    { timeout: 10000 }, replay.id);
  await fleetPage.screenshot({ path: `${artifacts}/14-fleet-rejected.png`, fullPage: true });
  const afterReject = client('dev', sql);
  check(!afterReject.ok && /VG001/.test(afterReject.err) && afterReject.id !== replay.id &&
        direct('SELECT count(*) FROM race_t') === '1', 'rejected in the fleet console: the retry is refused, nothing ran');
  const decided = direct(`SELECT state || ':' || decided_by FROM govern_approvals WHERE id IN ('${first.id}', '${replay.id}') ORDER BY created_ms`);
  check(decided === 'approved:ana\nrejected:ana', 'the store has the decisions by ana: ' + decided.replace('\n', ', '));
  await fleetPage.close();
}
if (mode !== 'bench') {
  console.log(`console: ${passed} passed, ${failed} failed`);
  process.exit(failed ? 1 : 0);
}
