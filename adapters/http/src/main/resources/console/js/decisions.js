// Decisions: the search of GET /v1/decisions (filters in the address after #, never the token),
// newest first, a page at a time, polled for new decisions; charts of what the filter selects.

import { ApiError, call, json, query, session } from './api.js';
import { decisionsChart, reasonsChart } from './charts.js';
import { clear, download, h, section } from './dom.js';

const FILTERS = ['model', 'version', 'outcome', 'tier', 'reason', 'requester', 'since', 'until'];
const TIERS = ['minimal', 'limited', 'high', 'unacceptable'];
const POLL_MS = 5000;
const PAGE = 50;
const CHART_MAX = 2000;

/** UTC day (YYYY-MM-DD) to the API's RFC 3339 bounds; until is inclusive to the end of that day. */
function bounds(f) {
  return {
    since: f.since ? f.since + 'T00:00:00Z' : undefined,
    until: f.until ? f.until + 'T23:59:59.999Z' : undefined,
  };
}

function apiParams(f) {
  return { model: f.model, version: f.version, outcome: f.outcome, tier: f.tier, reason: f.reason, requester: f.requester,
    ...bounds(f) };
}

export function monthRange(year, month) {
  const first = new Date(Date.UTC(year, month, 1));
  const last = new Date(Date.UTC(year, month + 1, 0));
  return { since: first.toISOString().substring(0, 10), until: last.toISOString().substring(0, 10) };
}

function field(name, label, control) {
  control.id = 'f-' + name;
  control.name = name;
  return h('div', { class: 'field' }, h('label', { for: control.id }, label), control);
}

function select(options, value) {
  const el = h('select', {}, h('option', { value: '' }, 'any'), options.map((o) => h('option', { value: o }, o)));
  el.value = value || '';
  return el;
}

function row(d) {
  const r = d.request || {};
  const reasons = (d.reasons || []).map((x) => x.code);
  return h('tr', { 'data-decision': d.decisionId },
    h('td', {}, h('time', { datetime: d.timestamp }, d.timestamp.replace('T', ' ').replace(/\.\d+Z$/, 'Z'))),
    h('td', {}, h('span', { class: 'outcome ' + (d.allow ? 'allow' : 'deny') }, d.allow ? '\u2714 allowed' : '\u2716 denied')),
    h('td', {}, h('a', { href: '#/decision/' + d.decisionId }, r.model || '?', '@', r.version || '?')),
    h('td', {}, r.riskTier || ''),
    h('td', {}, r.requester || ''),
    h('td', { class: 'codes' }, reasons.length ? [...new Set(reasons)].join(', ') : '\u2014'),
  );
}

export async function decisionsView(root, params) {
  const f = Object.fromEntries(FILTERS.map((k) => [k, params.get(k) || '']));
  const inputs = {
    model: h('input', { type: 'text', value: f.model }),
    version: h('input', { type: 'text', value: f.version }),
    outcome: select(['allow', 'deny'], f.outcome),
    tier: select(TIERS, f.tier),
    reason: h('input', { type: 'text', value: f.reason, placeholder: 'e.g. scan.stale' }),
    requester: h('input', { type: 'text', value: f.requester }),
    since: h('input', { type: 'date', value: f.since }),
    until: h('input', { type: 'date', value: f.until }),
  };
  const apply = (extra = {}) => {
    const next = {};
    for (const k of FILTERS) next[k] = inputs[k].value.trim();
    Object.assign(next, extra);
    location.hash = '#/decisions' + query(next);
  };
  const now = new Date();
  const lastMonth = monthRange(now.getUTCFullYear(), now.getUTCMonth() - 1);
  const thisMonth = monthRange(now.getUTCFullYear(), now.getUTCMonth());
  const form = h('form', { class: 'filters', id: 'filters', role: 'search', 'aria-label': 'Filter decisions', onsubmit: (e) => {
    e.preventDefault();
    apply();
  } },
  field('model', 'Model', inputs.model), field('version', 'Version', inputs.version), field('outcome', 'Outcome', inputs.outcome),
  field('tier', 'Risk tier', inputs.tier), field('reason', 'Reason code', inputs.reason),
  field('requester', 'Requester', inputs.requester), field('since', 'From (UTC day)', inputs.since),
  field('until', 'To (UTC day, inclusive)', inputs.until),
  h('div', { class: 'actions' },
    h('button', { type: 'submit', id: 'apply' }, 'Search'),
    h('button', { type: 'button', id: 'last-month', onclick: () => apply(lastMonth) }, 'Last month (' + lastMonth.since.substring(0, 7) + ')'),
    h('button', { type: 'button', id: 'this-month', onclick: () => apply(thisMonth) }, 'This month'),
    h('button', { type: 'button', class: 'link', onclick: () => {
      location.hash = '#/decisions';
    } }, 'Clear')));

  const live = h('p', { class: 'live', 'aria-live': 'polite', id: 'live' });
  const tbody = h('tbody', { id: 'decision-rows' });
  const table = h('table', { class: 'decisions', id: 'decisions-table' },
    h('caption', {}, 'Recorded decisions, newest first'),
    h('thead', {}, h('tr', {}, ['Recorded (UTC)', 'Outcome', 'Model@version', 'Tier', 'Requester', 'Reasons']
      .map((c) => h('th', { scope: 'col' }, c)))),
    tbody);
  const more = h('button', { type: 'button', id: 'more', class: 'hidden' }, 'Older decisions');
  const status = h('p', { class: 'status', id: 'result-status', role: 'status' });
  const charts = h('div', { class: 'charts', id: 'charts' }, h('p', { class: 'help' }, 'Loading charts\u2026'));

  const exportArea = h('div', { class: 'export' });
  if (session.may('LEDGER_EXPORT')) {
    const partial = ['version', 'tier', 'reason', 'requester'].filter((k) => f[k]);
    exportArea.append(...[h('button', { type: 'button', id: 'export-csv', onclick: async () => {
      const p = { format: 'csv', model: f.model, outcome: f.outcome, ...bounds(f) };
      const name = 'gavel-decisions' + (f.since ? '-' + f.since : '') + (f.until ? '-to-' + f.until : '') + '.csv';
      try {
        download(await (await call('/v1/ledger/export' + query(p))).blob(), name);
        status.textContent = 'Exported ' + name;
      } catch (e) {
        status.textContent = 'Export failed: ' + e.message;
      }
    } }, 'Export CSV (model, outcome, time range)'),
    partial.length ? h('span', { class: 'help' }, ' The export applies model, outcome and the time range; not ' + partial.join(', ')
      + ' (the export API filters on the ledger\u2019s index columns only).') : null].filter(Boolean));
  }

  root.append(h('h1', {}, 'Decisions'), section('Search', form, exportArea), live,
    section('Results', status, table, more), section('Charts', charts));

  const seen = new Set();
  let next = null;
  // Filters matched after the index (version, tier, reason, requester) may give short pages while
  // the cursor moves on: follow it until a page's worth is shown or the ledger is exhausted.
  const load = async (cursor) => {
    let added = 0;
    let rounds = 0;
    do {
      const page = await json('/v1/decisions' + query({ ...apiParams(f), limit: PAGE, cursor }));
      for (const d of page.decisions) {
        if (seen.has(d.decisionId)) continue;
        seen.add(d.decisionId);
        tbody.append(row(d));
        added++;
      }
      cursor = page.next;
      rounds++;
    } while (cursor && added < PAGE && rounds < 50);
    next = cursor;
    more.classList.toggle('hidden', !next);
    status.textContent = seen.size === 0 ? 'No decision matches.' : seen.size + ' shown' + (next ? '; older ones follow' : '') + '.';
  };
  more.addEventListener('click', () => load(next).catch((e) => {
    status.textContent = 'Cannot load: ' + e.message;
  }));
  try {
    await load(null);
  } catch (e) {
    if (e instanceof ApiError && e.status === 401) throw e;
    status.textContent = 'Cannot search: ' + e.message;
    status.classList.add('error');
  }

  // New decisions: the newest page is asked for again; what was not shown yet goes on top.
  let stopped = false;
  const poll = async () => {
    if (stopped) return;
    try {
      const page = await json('/v1/decisions' + query({ ...apiParams(f), limit: PAGE }));
      const fresh = page.decisions.filter((d) => !seen.has(d.decisionId));
      for (const d of fresh.reverse()) {
        seen.add(d.decisionId);
        const tr = row(d);
        tr.classList.add('fresh');
        tbody.prepend(tr);
      }
      if (fresh.length) {
        live.textContent = fresh.length + ' new decision' + (fresh.length > 1 ? 's' : '') + ' arrived at '
          + new Date().toISOString().substring(11, 19) + ' UTC';
        status.textContent = seen.size + ' shown.';
      }
    } catch (e) {
      live.textContent = 'Live updates paused: ' + e.message;
    }
    if (!stopped) timer = setTimeout(poll, POLL_MS);
  };
  let timer = setTimeout(poll, POLL_MS);

  loadCharts(charts, f).catch((e) => {
    clear(charts).append(h('p', { class: 'error' }, 'Cannot chart: ' + e.message));
  });
  return () => {
    stopped = true;
    clearTimeout(timer);
  };
}

/** Charts over up to CHART_MAX decisions the filter selects (pages of 500, newest first). */
async function loadCharts(el, f) {
  const all = [];
  let cursor;
  let rounds = 0;
  do {
    const page = await json('/v1/decisions' + query({ ...apiParams(f), limit: 500, cursor }));
    all.push(...page.decisions);
    cursor = page.next;
    rounds++;
  } while (cursor && all.length < CHART_MAX && rounds < 40);
  clear(el);
  if (!all.length) {
    el.append(h('p', { class: 'help' }, 'Nothing to chart.'));
    return;
  }
  const note = cursor ? 'The newest ' + all.length + ' matching decisions found in the newest part of the ledger (the charts stop at '
    + CHART_MAX + ' decisions or 40 requests).'
    : 'All ' + all.length + ' matching decisions.';
  el.append(h('p', { class: 'help', id: 'chart-note' }, note), h('div', { class: 'chart-row' }, decisionsChart(all), reasonsChart(all)));
}
