// Policy governance: the active revision, the activation log with every gate, the revisions
// waiting for approval (tests, approvals so far), and, for the board role only, the impact of a
// revision as a diff of flipped decisions, submitting a signed approval file and asking for an
// activation. What is shown follows GET /v1/whoami; the server checks every call anyway.

import { ApiError, json, query, session } from './api.js';
import { badge, clear, facts, h, section, short } from './dom.js';

function person(p) {
  return p ? `${p.name} <${p.email}>` : '?';
}

function subject(c) {
  return c && c.message ? c.message.split('\n')[0] : '';
}

function gates(list) {
  return h('ul', { class: 'gates' }, (list || []).map((g) => h('li', {}, badge(g.passed, g.gate, g.gate), ' ', g.detail)));
}

function outcomeBadge(r) {
  const o = r.outcome === 'activated' && r.bootstrap ? 'bootstrap' : r.outcome;
  return h('span', { class: 'outcome ' + (r.outcome === 'refused' ? 'deny' : 'allow') },
    (r.outcome === 'refused' ? '\u2716 ' : '\u2714 ') + o.toUpperCase());
}

function activeSection(p) {
  const a = p.active;
  if (!a) return section('Active revision', h('p', {}, 'No revision is active yet (', p.source, ').'));
  return section('Active revision', facts([
    ['Revision', h('code', { id: 'active-revision' }, a.revision)],
    ['Commit', a.commit ? [subject(a.commit), ' \u2014 ', person(a.commit.author)] : a.source],
    ['Activated', `${a.timestamp} (ledger entry ${a.index})`],
    ['Requested by', a.requestedBy],
    ['Source', p.source],
    ['Tracked head', p.head ? [h('code', {}, short(p.head.commit, 12)), p.head.active ? ' (active)' : ' (not active yet)',
      p.head.unreachable ? ' \u2014 remote unreachable: ' + p.head.unreachable : ''] : null],
  ]), a.gates && a.gates.length ? gates(a.gates) : null);
}

function logSection(p) {
  const rows = p.history.map((r) => h('tr', {},
    h('td', {}, r.timestamp), h('td', {}, outcomeBadge(r)), h('td', {}, h('code', {}, short(r.revision, 12))),
    h('td', {}, subject(r.commit)), h('td', {}, r.commit ? r.commit.author.email : ''), h('td', {}, String(r.index)),
    h('td', {}, r.gates && r.gates.length ? gates(r.gates) : 'implicit (directory or bundle)')));
  return section('Activation log', h('table', { class: 'data', id: 'activation-log' },
    h('caption', {}, 'Activations and refusals, newest first'),
    h('thead', {}, h('tr', {}, ['Time', 'Outcome', 'Revision', 'Commit', 'Author', 'Entry', 'Gates'].map((c) => h('th', { scope: 'col' }, c)))),
    h('tbody', {}, rows)));
}

function tests(t) {
  if (!t) return 'not run (it does not compile)';
  return [badge(t.allPassed, t.summary, t.summary), (t.failures || []).length
    ? h('ul', {}, t.failures.map((f) => h('li', {}, h('code', {}, f)))) : null];
}

function impactDiff(report) {
  const head = h('p', { id: 'impact-summary' }, `${report.replayed} recorded decisions replayed: ${report.changed.length} would change, `
    + `${report.unchanged} unchanged, ${report.skipped} skipped (masked or unreadable).`);
  if (!report.changed.length) return h('div', { class: 'impact' }, head);
  return h('div', { class: 'impact' }, head, h('ul', { class: 'diff', id: 'impact-diff' }, report.changed.map((c) => h('li', {},
    h('div', { class: 'diff-head' }, h('a', { href: '#/decision/' + c.decisionId }, `${c.model}@${c.version}`), ' ',
      h('span', { class: 'outcome ' + c.from }, c.from), ' \u2192 ', h('span', { class: 'outcome ' + c.to }, c.to),
      ' ', h('code', { class: 'help' }, c.decisionId)),
    c.reasonsAdded.map((r) => h('div', { class: 'added' }, h('span', { class: 'sign', 'aria-label': 'added reason' }, '+ '), r)),
    c.reasonsRemoved.map((r) => h('div', { class: 'removed' }, h('span', { class: 'sign', 'aria-label': 'removed reason' }, '\u2212 '), r))))));
}

function boardActions(rev, out) {
  const impact = h('div', { class: 'impact-out' });
  const file = h('input', { type: 'file', accept: '.json,application/json', id: 'approval-file-' + rev.slice(0, 12),
    class: 'approval-file' });
  const result = { set textContent(t) { out.say(t); } };
  return h('div', { class: 'board-actions' },
    h('h4', {}, 'Board actions'),
    h('button', { type: 'button', class: 'impact-button', onclick: async (e) => {
      e.target.disabled = true;
      clear(impact).append(h('p', {}, 'Replaying recorded decisions\u2026'));
      try {
        clear(impact).append(impactDiff(await json('/v1/policy/impact' + query({ revision: rev }))));
      } catch (err) {
        clear(impact).append(h('p', { class: 'error' }, 'Impact: ' + err.message));
      } finally {
        e.target.disabled = false;
      }
    } }, 'Show impact on recorded decisions'),
    impact,
    h('div', { class: 'field' }, h('label', { for: file.id }, 'Approval file (made with `gavel policy approve ', short(rev, 12), ' -o FILE`)'), file),
    h('button', { type: 'button', class: 'submit-approval', onclick: async () => {
      if (!file.files.length) {
        result.textContent = 'Choose the approval file first.';
        return;
      }
      try {
        const body = await file.files[0].text();
        const r = await json('/v1/policy/approvals', { method: 'POST', body });
        result.textContent = `Recorded the ${r.decision} of ${short(r.commit, 12)} by ${r.approver} at ledger entry ${r.index}.`;
        out.refresh();
      } catch (err) {
        result.textContent = 'Not recorded: ' + err.message;
      }
    } }, 'Submit approval'),
    h('button', { type: 'button', class: 'activate', onclick: async () => {
      try {
        const r = await json('/v1/policy/activate', { method: 'POST', body: JSON.stringify({ revision: rev }) });
        result.textContent = `${r.outcome.toUpperCase()} ${short(r.revision, 12)} (ledger entry ${r.index}): `
          + r.gates.filter((g) => !g.passed).map((g) => g.gate + ': ' + g.detail).join('; ');
        out.refresh();
      } catch (err) {
        result.textContent = 'Activation failed: ' + err.message;
      }
    } }, 'Ask to activate'));
}

function pendingSection(pending, ctl) {
  if (!pending) return section('Waiting for approval', h('p', { class: 'help' }, 'Not available for this policy source.'));
  if (!pending.revisions.length) return section('Waiting for approval', h('p', { id: 'no-pending' }, 'Nothing is waiting: the tracked head is active.'));
  const board = session.may('POLICY_APPROVE');
  return section('Waiting for approval', pending.revisions.map((r) => h('article', { class: 'pending', 'data-commit': r.commit.id },
    h('h3', {}, h('code', {}, short(r.commit.id, 12)), ' ', subject(r.commit)),
    facts([
      ['Author', person(r.commit.author)],
      ['Committed', r.commit.committer.time],
      ['Compiles', badge(r.compiles.passed, r.compiles.detail, r.compiles.detail)],
      ['Tests', tests(r.tests)],
      ['Approvals so far', r.approvals.length ? h('ul', { class: 'approvals' }, r.approvals.map((a) => h('li', {},
        badge(a.valid, a.decision || 'valid', 'not valid'), ' ', a.approver || '?', a.at ? ` at ${a.at}` : '', ' \u2014 ', a.detail)))
        : 'none recorded'],
      ['Approval gate', badge(r.approvalGate.passes, r.approvalGate.detail, r.approvalGate.detail)],
    ]),
    board ? boardActions(r.commit.id, ctl) : null)),
  pending.complete ? null : h('p', { class: 'help' }, 'Older pending commits are not listed.'));
}

export async function policyView(root) {
  const body = h('div', {});
  const status = h('p', { role: 'status', id: 'policy-status', class: 'live' });
  root.append(h('h1', {}, 'Policy'), status, body);
  const ctl = {
    say(t) {
      status.textContent = t;
    },
    async refresh() {
      const p = await json('/v1/policy' + query({ limit: 50 }));
      let pending = null;
      if (p.governed && session.may('POLICY_PENDING')) {
        try {
          pending = await json('/v1/policy/pending');
        } catch (e) {
          if (!(e instanceof ApiError && e.status === 409)) throw e;
        }
      }
      clear(body).append(...[activeSection(p), pendingSection(pending, ctl), logSection(p),
        session.may('POLICY_APPROVE') ? null : h('p', { class: 'help', id: 'no-board' }, 'Approvals, impact and activation are board '
          + 'actions; this token has ' + session.who.roles.join(', ') + '.')].filter(Boolean));
    },
  };
  await ctl.refresh();
  return null;
}
