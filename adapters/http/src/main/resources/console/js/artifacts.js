// Artifacts: the status page of one digest (released, revoked or unknown, from the ledger's digest
// index: GET /v1/artifacts/{sha256}), with the decisions that released or denied it and its
// revocations; a risk officer revokes it here (POST /v1/revocations), as `gavel revoke` does.

import { ApiError, json, session } from './api.js';
import { facts, h, section, short } from './dom.js';

const DIGEST = /^(sha256:)?[0-9a-f]{64}$/;

/** Shows a hash route, re-rendering when it is already the current one (app.js listens to hashchange). */
function show(hash) {
  if (location.hash === hash) window.dispatchEvent(new HashChangeEvent('hashchange'));
  else location.hash = hash;
}

const STATUS = {
  released: ['ok', '\u2714 released', 'A decision allowed this digest and nothing revoked it: an admission check passes.'],
  revoked: ['bad', '\u2716 revoked', 'Revoked: an admission check fails, and a new release of this digest is denied (artifact.revoked).'],
  unknown: ['bad', '? unknown', 'No decision released this digest: an admission check fails.'],
};

function decisionLink(id) {
  return session.may('DECISION') ? h('a', { href: '#/decision/' + encodeURIComponent(id) }, h('code', {}, short(id, 18))) : h('code', {}, id);
}

function revocationTable(rs) {
  if (!rs.length) return h('p', { id: 'artifact-revocations-none' }, 'No revocation.');
  return h('table', { class: 'data', id: 'artifact-revocations' }, h('caption', {}, 'Revocations, oldest first'),
    h('thead', {}, h('tr', {}, ['Revoked at', 'By', 'Reason', 'Via decision', 'Ledger entry'].map((t) => h('th', { scope: 'col' }, t)))),
    h('tbody', {}, rs.map((r) => h('tr', {}, h('td', {}, r.revokedAt), h('td', {}, r.revokedBy), h('td', { class: 'reason' }, r.reason),
      h('td', {}, r.decisionId ? decisionLink(r.decisionId) : '\u2014'), h('td', {}, String(r.ledgerIndex))))));
}

function decisionTable(ds) {
  if (!ds.length) return h('p', {}, 'No decision names this digest.');
  return h('table', { class: 'data', id: 'artifact-decisions' }, h('caption', {}, 'Decisions naming this digest, oldest first'),
    h('thead', {}, h('tr', {}, ['Time', 'Outcome', 'Model', 'Environment', 'Decision', 'Ledger entry'].map((t) => h('th', { scope: 'col' }, t)))),
    h('tbody', {}, ds.map((d) => h('tr', {}, h('td', {}, d.timestamp),
      h('td', {}, h('span', { class: 'badge ' + (d.allow ? 'ok' : 'bad') }, d.allow ? '\u2714 allowed' : '\u2716 denied')),
      h('td', {}, `${d.model || '?'}@${d.version || '?'}`), h('td', {}, d.environment || '\u2014'), h('td', {}, decisionLink(d.decisionId)),
      h('td', {}, String(d.ledgerIndex))))));
}

function revokeForm(digest, status) {
  const reason = h('textarea', { id: 'r-reason', name: 'reason', rows: 2, required: true, 'aria-describedby': 'r-help' });
  const out = h('p', { role: 'status', id: 'revoke-status' });
  const form = h('form', { class: 'card', id: 'revoke-form', onsubmit: async (e) => {
    e.preventDefault();
    const text = reason.value.trim();
    if (!text) {
      out.textContent = 'Not revoked: a reason is required.';
      return;
    }
    out.textContent = 'Revoking\u2026';
    try {
      const r = await json('/v1/revocations', { method: 'POST', body: JSON.stringify({ artifact: digest, reason: text }) });
      out.textContent = `Revoked: revocation ${r.revocationId} recorded at ledger entry ${r.ledgerIndex}.`;
      show('#/artifacts?digest=' + digest + '&revoked=' + encodeURIComponent(r.revocationId));
    } catch (err) {
      out.textContent = 'Not revoked (nothing was recorded): ' + (err instanceof ApiError ? err.message : String(err));
    }
  } },
  h('h2', {}, status === 'revoked' ? 'Revoke again' : status === 'unknown' ? 'Revoke before any release' : 'Revoke this artifact'),
  h('label', { for: 'r-reason' }, 'Reason (recorded in the signed revocation)'), reason,
  h('p', { class: 'help', id: 'r-help' }, 'A signed revocation entry is appended to the ledger with your identity. It cannot be undone: '
    + 'deployers checking this digest are refused from now on.'),
  h('button', { type: 'submit', id: 'revoke' }, 'Revoke'), out);
  return form;
}

export async function artifactsView(root, params) {
  const raw = (params.get('digest') || '').trim().toLowerCase();
  const input = h('input', { id: 'a-digest', name: 'digest', type: 'text', value: raw, spellcheck: 'false', size: 72,
    'aria-describedby': 'a-help' });
  const error = h('p', { class: 'error', role: 'alert', id: 'a-error' });
  root.append(h('h1', {}, 'Artifacts'),
    h('form', { class: 'filters', id: 'artifact-form', onsubmit: (e) => {
      e.preventDefault();
      const v = input.value.trim().toLowerCase();
      if (!DIGEST.test(v)) {
        error.textContent = 'A digest is 64 lowercase hex characters, optionally prefixed sha256:.';
        return;
      }
      show('#/artifacts?digest=' + v.replace(/^sha256:/, ''));
    } }, h('div', { class: 'field' }, h('label', { for: 'a-digest' }, 'SHA-256 digest'), input),
    h('div', { class: 'actions' }, h('button', { type: 'submit', id: 'lookup' }, 'Look up'))),
    h('p', { class: 'help', id: 'a-help' }, 'What a deployer\u2019s admission check sees (`gavel artifact status SHA256`).'), error);
  if (!raw) return null;
  if (!DIGEST.test(raw)) {
    error.textContent = 'A digest is 64 lowercase hex characters, optionally prefixed sha256:.';
    return null;
  }
  const a = await json('/v1/artifacts/' + raw.replace(/^sha256:/, ''));
  const [cls, word, meaning] = STATUS[a.status] || ['bad', a.status, ''];
  root.append(section('Status', facts([
    ['Digest', h('code', { id: 'artifact-digest' }, a.digest)],
    ['Status', h('strong', { class: 'badge ' + cls, id: 'artifact-status' }, word)],
    ['Means', meaning],
  ])), section('Revocations', revocationTable(a.revocations)), section('Decisions', decisionTable(a.decisions)));
  if (session.may('REVOKE')) root.append(revokeForm(a.digest.replace(/^sha256:/, ''), a.status));
  return null;
}
