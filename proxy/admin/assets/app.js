// govern console. Everything from the server is rendered with textContent or
// attribute setters: no record content ever becomes HTML (and the page's CSP
// allows no inline script). No framework, no external requests.
'use strict';

const $ = (id) => document.getElementById(id);
const SVG = 'http://www.w3.org/2000/svg';
const COLORS = { allow: '#2e7d4f', deny: '#c0392b', require_approval: '#c77d0a' };
const ENV_COLORS = ['#3a6ea5', '#8e44ad', '#16a085', '#d35400', '#7f8c8d', '#2c3e50'];
const state = { csrf: '', user: '', newest: null, next: null, timer: null, loading: false, filterKey: '' };

function el(tag, props, ...children) {
  const node = document.createElement(tag);
  if (props) {
    for (const [k, v] of Object.entries(props)) {
      if (k === 'text') node.textContent = v;
      else if (k === 'class') node.className = v;
      else if (k === 'on') for (const [ev, fn] of Object.entries(v)) node.addEventListener(ev, fn);
      else node.setAttribute(k, v);
    }
  }
  for (const c of children) if (c != null) node.append(c);  // strings become text nodes
  return node;
}

function svg(tag, attrs, text) {
  const node = document.createElementNS(SVG, tag);
  for (const [k, v] of Object.entries(attrs || {})) node.setAttribute(k, String(v));
  if (text != null) node.textContent = text;
  return node;
}

async function api(path, options) {
  const opts = Object.assign({ credentials: 'same-origin', headers: {} }, options || {});
  if (opts.method === 'POST') {
    opts.headers['Content-Type'] = 'application/json';
    if (state.csrf) opts.headers['X-CSRF-Token'] = state.csrf;
  }
  const res = await fetch(path, opts);
  let body = null;
  try { body = await res.json(); } catch (e) { body = null; }
  if (res.status === 401 && path !== '/api/console/login') { showLogin(); throw new Error('log in first'); }
  if (!res.ok) throw new Error((body && body.error) || ('HTTP ' + res.status));
  return body;
}

function filters() {
  const p = new URLSearchParams();
  for (const [key, id] of [['env', 'f-env'], ['identity', 'f-identity'], ['decision', 'f-decision'],
                           ['rule', 'f-rule'], ['tag', 'f-tag'], ['q', 'f-q']]) {
    const v = $(id).value.trim();
    if (v) p.set(key, v);
  }
  return p;
}

function fmtTime(ts) { return ts ? ts.replace('T', ' ').replace(/\.\d+Z$/, 'Z') : ''; }
function fmtUs(us) {
  if (us < 1000) return us + ' µs';
  if (us < 1000000) return (us / 1000).toFixed(us < 10000 ? 1 : 0) + ' ms';
  return (us / 1e6).toFixed(1) + ' s';
}

// ---- login ----
function showLogin() {
  stopLive();
  $('app-view').hidden = true;
  $('login-view').hidden = false;
  $('logout').hidden = true;
  $('whoami').textContent = '';
  $('login-user').focus();
}

async function showApp(session) {
  state.csrf = session.csrf;
  state.user = session.user;
  $('whoami').textContent = session.user + (session.groups.length ? ' (' + session.groups.join(', ') + ')' : '');
  $('source').textContent = session.source || '';
  $('login-view').hidden = true;
  $('app-view').hidden = false;
  $('logout').hidden = false;
  $('approvals-section').hidden = !session.approvals;
  $('exposure-section').hidden = !session.exposure;
  const t0 = performance.now();
  await Promise.all([loadFacets(), reload()]);
  document.body.dataset.ready = '1';
  document.body.dataset.loadMs = String(Math.round(performance.now() - t0));
  startLive();
}

$('login-form').addEventListener('submit', async (ev) => {
  ev.preventDefault();
  $('login-error').textContent = '';
  try {
    const session = await api('/api/console/login', {
      method: 'POST', body: JSON.stringify({ user: $('login-user').value, password: $('login-password').value }) });
    $('login-password').value = '';
    await showApp(session);
  } catch (e) {
    $('login-error').textContent = e.message;
  }
});

$('logout').addEventListener('click', async () => {
  try { await api('/api/console/logout', { method: 'POST', body: '{}' }); } catch (e) { /* already out */ }
  state.csrf = '';
  showLogin();
});

// ---- filters ----
function fillSelect(select, items) {
  const current = select.value;
  while (select.options.length > 1) select.remove(1);
  for (const item of items) select.add(new Option(item.value + ' (' + item.count + ')', item.value));
  select.value = current;
}
function fillList(list, items) {
  list.replaceChildren(...items.map((i) => el('option', { value: i.value })));
}

async function loadFacets() {
  const f = await api('/api/console/facets');
  fillSelect($('f-env'), f.envs);
  fillSelect($('f-identity'), f.identities);
  fillSelect($('f-decision'), f.decisions);
  fillList($('rules-list'), f.rules);
  fillList($('tags-list'), f.tags);
  $('status').textContent = f.statements + ' statements' + (f.feed_error ? ' — feed: ' + f.feed_error : '');
}

let filterTimer = null;
for (const id of ['f-env', 'f-identity', 'f-decision']) $(id).addEventListener('change', () => reload());
for (const id of ['f-rule', 'f-tag', 'f-q']) {
  $(id).addEventListener('input', () => { clearTimeout(filterTimer); filterTimer = setTimeout(reload, 250); });
}
$('filters').addEventListener('submit', (ev) => { ev.preventDefault(); reload(); });
$('live').addEventListener('change', () => ($('live').checked ? startLive() : stopLive()));

// ---- statements ----
function recordRow(r) {
  const rules = el('td');
  for (const rule of r.rules) rules.append(el('div', { text: rule.id, title: rule.effect + ': ' + rule.message }));
  const tags = el('td');
  const seen = new Set();
  for (const x of r.exposed) for (const t of x.tags) if (!seen.has(t)) { seen.add(t); tags.append(el('span', { class: 'tag', text: t })); }
  let outcome = '';
  if (r.outcome) {
    outcome = r.outcome.status + (r.outcome.sqlstate ? ' ' + r.outcome.sqlstate : '') +
      (r.outcome.status === 'ok' ? ', ' + r.outcome.rows + ' rows, ' + fmtUs(r.outcome.duration_us) : '');
  }
  const tr = el('tr', { class: 'rec', 'data-cursor': r.cursor },
    el('td', { text: fmtTime(r.ts) }),
    el('td', { text: r.env }),
    el('td', { text: r.identity }),
    el('td', { class: 'decision-' + r.decision, text: r.decision + (r.enforced ? '' : ' (shadow)') }),
    el('td', { text: r.kind }),
    el('td', { class: 'sql', text: r.sql || '(unparsable text, fingerprint ' + r.fingerprint + ')' }),
    rules, tags,
    el('td', { text: outcome }));
  tr.addEventListener('click', () => showDetail(r));
  return tr;
}

function showDetail(r) {
  const dl = $('detail');
  dl.replaceChildren();
  const add = (k, v) => { dl.append(el('dt', { text: k }), el('dd', { text: v })); };
  add('time', r.ts); add('env / proxy', r.env + ' / ' + r.proxy); add('identity', r.identity);
  add('session / statement', r.session + ' #' + r.stmt + ' (' + r.via + ')');
  add('client', r.client + (r.application ? ' — ' + r.application : ''));
  add('decision', r.decision + (r.enforced ? '' : ' (shadow: not enforced)') + (r.approval ? ', approval ' + r.approval : ''));
  add('kind / fingerprint', r.kind + ' / ' + r.fingerprint);
  add('sql (normalized)', r.sql);
  for (const rule of r.rules) add('rule ' + rule.id, rule.effect + ': ' + rule.message);
  add('reads', r.reads.join(', ')); add('writes', r.writes.join(', '));
  for (const x of r.exposed) {
    add('output ' + x.output, x.columns.join(', ') + (x.tags.length ? ' [' + x.tags.join(', ') + ']' : '') +
        (x.masked ? ' masked (' + x.method + ')' : ''));
  }
  if (r.outcome) add('outcome', JSON.stringify(r.outcome));
  $('detail-section').hidden = false;
}
$('detail-close').addEventListener('click', () => { $('detail-section').hidden = true; });

async function loadRecords(append) {
  const p = filters();
  p.set('limit', '50');
  if (append && state.next) p.set('before', state.next);
  const page = await api('/api/console/records?' + p);
  const body = $('records').tBodies[0];
  const rows = page.records.map(recordRow);
  if (append) body.append(...rows); else body.replaceChildren(...rows);
  if (!append) state.newest = page.records.length ? page.records[0].cursor : null;
  state.next = page.next;
  $('more').hidden = !page.next;
  $('matched').textContent = page.matched;
}
$('more').addEventListener('click', () => loadRecords(true));

// Live: new statements since the newest shown, prepended.
async function poll() {
  if (state.loading) return;
  state.loading = true;
  try {
    const p = filters();
    p.set('limit', '200');
    const page = await api('/api/console/records?' + p);
    const fresh = [];
    for (const r of page.records) { if (r.cursor === state.newest) break; fresh.push(r); }
    if (fresh.length) {
      const newest = state.newest;
      if (newest === null || fresh.length === page.records.length) await loadRecords(false);
      else $('records').tBodies[0].prepend(...fresh.map(recordRow));
      state.newest = page.records[0].cursor;
      $('matched').textContent = page.matched;
      await Promise.all([loadStats(), loadFacets()]);
    }
    await Promise.all([loadApprovals(), loadExposure()]);
  } catch (e) {
    $('status').textContent = e.message;
  } finally {
    state.loading = false;
  }
}
function startLive() { stopLive(); if ($('live').checked) state.timer = setInterval(poll, 2000); }
function stopLive() { if (state.timer) clearInterval(state.timer); state.timer = null; }

async function reload() {
  try {
    await Promise.all([loadRecords(false), loadStats(), loadApprovals(), loadExposure()]);
  } catch (e) {
    $('status').textContent = e.message;
  }
}

// ---- charts (hand-written SVG) ----
function swatch(color) {
  const s = el('span', { class: 'swatch' });
  s.style.background = color;  // CSSOM: allowed under the CSP (a style attribute would not be)
  return s;
}

function legend(items) {
  return el('div', { class: 'legend' }, ...items.map(([label, color]) =>
    el('span', null, swatch(color), label)));
}

function barChart(container, labels, series, opts) {
  // series: [{label, color, values[]}] stacked per label.
  const W = 600, H = 160, L = 40, B = 22, T = 6;
  const totals = labels.map((_, i) => series.reduce((s, x) => s + (x.values[i] || 0), 0));
  const max = Math.max(1, ...totals);
  const root = svg('svg', { viewBox: `0 0 ${W} ${H}`, role: 'img' });
  const bw = (W - L - 4) / Math.max(1, labels.length);
  root.append(svg('line', { x1: L, y1: H - B, x2: W, y2: H - B, stroke: '#ccc' }));
  root.append(svg('text', { x: L - 4, y: T + 8, 'text-anchor': 'end' }, String(max)));
  root.append(svg('text', { x: L - 4, y: H - B, 'text-anchor': 'end' }, '0'));
  labels.forEach((label, i) => {
    let y = H - B;
    for (const s of series) {
      const v = s.values[i] || 0;
      if (!v) continue;
      const h = (v / max) * (H - B - T);
      y -= h;
      const rect = svg('rect', { x: L + i * bw + 1, y, width: Math.max(1, bw - 2), height: h, fill: s.color });
      rect.append(svg('title', {}, s.label + ' ' + label + ': ' + v));
      root.append(rect);
    }
    const every = Math.ceil(labels.length / (opts.ticks || 6));
    if (i % every === 0) root.append(svg('text', { x: L + i * bw + bw / 2, y: H - 6, 'text-anchor': 'middle' }, label));
  });
  container.replaceChildren(root, legend(series.map((s) => [s.label, s.color])));
}

async function loadStats() {
  const s = await api('/api/console/stats?' + filters());
  const labels = [];
  for (let i = 0; i < s.buckets; i++) {
    const d = new Date((s.from_us + i * s.bucket_us) / 1000);
    labels.push(s.bucket_us >= 86400e6 ? d.toISOString().slice(5, 10) : d.toISOString().slice(11, 16));
  }
  const envs = [...new Set(s.decisions.map((d) => d.env))];
  const series = s.decisions.map((d) => {
    const shade = ENV_COLORS[envs.indexOf(d.env) % ENV_COLORS.length];
    return { label: d.env + ' ' + d.decision, color: d.decision === 'allow' ? shade : COLORS[d.decision] || shade,
             values: d.counts, env: d.env, decision: d.decision };
  });
  // Group by env so each env's decisions stack together; deny/approval keep their colours.
  series.sort((a, b) => a.env.localeCompare(b.env) || a.decision.localeCompare(b.decision));
  barChart($('chart-decisions'), labels, series, { ticks: 6 });

  const bounds = s.durations.bounds_us.map(fmtUs).map((b) => '≤' + b).concat(['>' + fmtUs(s.durations.bounds_us.at(-1))]);
  const dseries = s.durations.envs.map((e, i) => ({
    label: e.env + ' (p50 ' + fmtUs(e.p50_us) + ', p99 ' + fmtUs(e.p99_us) + ')',
    color: ENV_COLORS[i % ENV_COLORS.length], values: e.counts }));
  barChart($('chart-durations'), bounds, dseries, { ticks: 7 });

  const fmtNs = (ns) => (ns < 1000 ? ns + ' ns' : fmtUs(Math.round(ns / 100) / 10));
  const dbounds = s.decide.bounds_ns.map((b) => '≤' + fmtNs(b)).concat(['>' + fmtNs(s.decide.bounds_ns.at(-1))]);
  const decide = s.decide.envs.map((e, i) => ({
    label: e.env + ' (p50 ' + fmtNs(e.p50_ns) + ', p99 ' + fmtNs(e.p99_ns) + ')',
    color: ENV_COLORS[i % ENV_COLORS.length], values: e.counts }));
  barChart($('chart-decide'), dbounds, decide, { ticks: 10 });

  if (s.decision_latency) {
    $('latency-figure').hidden = false;
    const lat = s.decision_latency;
    const lb = lat.bounds_ns.map((n) => '≤' + fmtUs(n / 1000)).concat(['>' + fmtUs(lat.bounds_ns.at(-1) / 1000)]);
    barChart($('chart-latency'), lb, [{ label: 'decisions (p50 ≤ ' + fmtUs(lat.p50_le_ns / 1000) + ')',
                                        color: '#3a6ea5', values: lat.counts }], { ticks: 6 });
  }
}

// ---- approvals ----
async function loadApprovals() {
  if ($('approvals-section').hidden) return;
  const body = $('approvals').tBodies[0];
  let list;
  // The note keeps the last decision (or its refusal) until the next one; a failed load replaces it until a load succeeds.
  try { list = await api('/api/console/approvals'); } catch (e) { $('approvals-note').textContent = e.message; state.listFailed = true; return; }
  if (state.listFailed) $('approvals-note').textContent = '';
  state.listFailed = false;
  // The approvals API's list (docs/proxy.md): {"requests":[{id, identity, env, rule, group, statement, expires_at, ...}]}:
  // the pending requests this identity may decide, and its own (which it may not).
  const pending = (list.requests || []).filter((a) => !a.state || a.state === 'pending');
  $('approvals-count').textContent = pending.length;
  body.replaceChildren(...pending.map((a) => {
    const act = (approve) => async (ev) => {
      ev.stopPropagation();
      try {
        await api('/api/console/approvals/' + encodeURIComponent(a.id) + (approve ? '/approve' : '/reject'),
                  { method: 'POST', body: '{}' });
        $('approvals-note').textContent = (approve ? 'approved ' : 'rejected ') + a.id;
      } catch (e) {
        $('approvals-note').textContent = e.message;
      }
      await loadApprovals();
    };
    return el('tr', { 'data-request': a.id },
      el('td', { text: a.id }), el('td', { text: a.identity || '' }), el('td', { text: a.env || '' }),
      el('td', { text: a.rule || '', title: a.message || '' }), el('td', { text: a.group || '' }),
      el('td', { class: 'sql', text: a.statement || '' }), el('td', { text: fmtTime(a.expires_at || '') }),
      a.identity === state.user
        ? el('td', { class: 'muted', text: 'your request' })
        : el('td', null, el('button', { class: 'approve', type: 'button', on: { click: act(true) } }, 'Approve'),
                         el('button', { class: 'reject', type: 'button', on: { click: act(false) } }, 'Reject')));
  }));
}

// ---- exposure ----
async function loadExposure() {
  if ($('exposure-section').hidden) return;
  const p = new URLSearchParams();
  for (const [key, id] of [['identity', 'f-identity'], ['tag', 'f-tag'], ['env', 'f-env']]) {
    const v = $(id).value.trim();
    if (v) p.set(key, v);
  }
  const e = await api('/api/console/exposure?' + p);
  $('exposure').tBodies[0].replaceChildren(...e.exposure.map((x) => el('tr', null,
    el('td', { text: x.identity }), el('td', { text: x.env }), el('td', { text: x.column }),
    el('td', null, el('span', { class: 'tag', text: x.tag })), el('td', { text: x.masked ? 'masked' : 'clear' }),
    el('td', { text: x.statements }), el('td', { text: x.rows }),
    el('td', { text: fmtTime(x.first) }), el('td', { text: fmtTime(x.last) }))));
}

// ---- start ----
api('/api/console/session').then(showApp).catch(() => showLogin());
