// The ledger: its size and newest checkpoint (with its age: the time of the last entry it covers),
// the key history, a full verification run in this page with a progress bar, and exports as
// downloads. The checkpoint and keys are public; entries and exports need the auditor role.

import { call, json, lines, query, session, text } from './api.js';
import { Audit, KeyChain, openCheckpoint } from './audit.js';
import { ago, clear, download, facts, h, section, short } from './dom.js';
import { claimedCheckpoint, ed25519Available, hex } from './verify.js';

const decoder = new TextDecoder();

function keyRows(doc) {
  const rows = [h('tr', {}, h('td', {}, '\u2014'), h('td', {}, h('code', {}, (doc.history[0] || {}).previousKey || doc.current.verifierKey)),
    h('td', {}, doc.history.length ? 'first key' : 'in force'))];
  doc.history.forEach((r, i) => rows.push(h('tr', {}, h('td', {}, String(r.index)), h('td', {}, h('code', {}, r.newKey)),
    h('td', {}, i === doc.history.length - 1 ? 'in force' : 'retired'))));
  return rows;
}

async function runAudit(out, bar, label, button) {
  button.disabled = true;
  clear(out);
  const t0 = performance.now();
  try {
    if (!(await ed25519Available())) {
      out.append(h('p', { class: 'verdict bad' }, '\u2716 This browser\u2019s WebCrypto has no Ed25519: signatures cannot be checked here.'));
      return;
    }
    const keys = await KeyChain.of(await json('/v1/keys'));
    const cp = await openCheckpoint(await text('/v1/ledger/checkpoint'), keys);
    bar.max = cp.size;
    bar.value = 0;
    const audit = new Audit(keys, cp);
    let n = 0;
    await lines('/v1/ledger/entries' + query({ start: 0, end: cp.size }), async (bytes) => {
      await audit.add(bytes);
      n++;
      if (n % 50 === 0 || n === cp.size) {
        bar.value = n;
        label.textContent = `${n} of ${cp.size} entries checked`;
      }
    });
    bar.value = n;
    const result = await audit.finish();
    const ms = Math.round(performance.now() - t0);
    label.textContent = `${result.entries} of ${cp.size} entries checked in ${ms} ms`;
    if (result.ok) {
      out.append(h('p', { class: 'verdict ok', id: 'audit-verdict', role: 'status' }, `\u2714 Verified in this browser: ${result.entries} entries, `
        + `hash chain intact, Merkle root ${short(hex(result.root), 16)}\u2026 equals the checkpoint signed by ${cp.key.name}, `
        + `${result.attestations} attestations verified.`));
    } else {
      const f = result.failure;
      out.append(h('p', { class: 'verdict bad', id: 'audit-verdict', role: 'alert' }, `\u2716 NOT verified: first bad entry ${f.index} `
        + `(${f.code}): ${f.message}`));
    }
    out.append(h('p', { class: 'help' }, 'Checked here: indexes, prevHash links, leaf hashes over the exact bytes, the Merkle root at the '
      + 'newest checkpoint and its signature (Ed25519 or ECDSA P-256), each decision attestation (signature under the key in force, decision id, '
      + 'outcome). Left to `gavel ledger verify`: older checkpoints, canonical form, index columns, the signatures inside key '
      + 'rotations, trusted checkpoints you kept.'));
  } catch (e) {
    out.append(h('p', { class: 'verdict bad', id: 'audit-verdict', role: 'alert' }, '\u2716 NOT verified: ' + e.message));
  } finally {
    button.disabled = false;
  }
}

function exportForm(status) {
  const format = h('select', { id: 'x-format', name: 'format' }, ['csv', 'jsonl', 'opa'].map((f) => h('option', { value: f }, f)));
  const since = h('input', { id: 'x-since', type: 'date' });
  const until = h('input', { id: 'x-until', type: 'date' });
  const model = h('input', { id: 'x-model', type: 'text' });
  const outcome = h('select', { id: 'x-outcome' }, h('option', { value: '' }, 'any'), h('option', { value: 'allow' }, 'allow'),
    h('option', { value: 'deny' }, 'deny'));
  const f = (id, label, c) => h('div', { class: 'field' }, h('label', { for: id }, label), c);
  return h('form', { class: 'filters', id: 'export-form', onsubmit: async (e) => {
    e.preventDefault();
    const p = { format: format.value, model: model.value.trim(), outcome: outcome.value,
      since: since.value ? since.value + 'T00:00:00Z' : '', until: until.value ? until.value + 'T23:59:59.999Z' : '' };
    const name = `gavel-ledger${since.value ? '-' + since.value : ''}${until.value ? '-to-' + until.value : ''}.${format.value === 'csv' ? 'csv' : 'jsonl'}`;
    status.textContent = 'Exporting\u2026';
    try {
      const blob = await (await call('/v1/ledger/export' + query(p))).blob();
      download(blob, name);
      status.textContent = `Downloaded ${name} (${blob.size} bytes).`;
    } catch (err) {
      status.textContent = 'Export failed: ' + err.message;
    }
  } }, f('x-format', 'Format', format), f('x-since', 'From (UTC day)', since), f('x-until', 'To (UTC day, inclusive)', until),
  f('x-model', 'Model', model), f('x-outcome', 'Outcome', outcome),
  h('div', { class: 'actions' }, h('button', { type: 'submit', id: 'export' }, 'Download export')));
}

export async function ledgerView(root) {
  const [note, keys] = await Promise.all([text('/v1/ledger/checkpoint'), json('/v1/keys')]);
  const cp = claimedCheckpoint(note);
  const age = h('span', { id: 'checkpoint-age' }, session.may('LEDGER_ENTRIES') ? 'reading\u2026' : 'needs the auditor role');
  root.append(h('h1', {}, 'Ledger'),
    section('Newest checkpoint', facts([
      ['Tree size', h('strong', { id: 'tree-size' }, String(cp.size))],
      ['Origin', cp.origin],
      ['Root', h('code', {}, hex(cp.root))],
      ['Age', age],
      ['Signed note', h('pre', { class: 'note', id: 'checkpoint-note' }, note)],
    ])),
    section('Keys', h('table', { class: 'data', id: 'keys' }, h('caption', {}, 'Ledger signing keys (signed-note form: type 0x01 Ed25519, 0x02 ECDSA P-256), oldest first'),
      h('thead', {}, h('tr', {}, h('th', { scope: 'col' }, 'Rotated at entry'), h('th', { scope: 'col' }, 'Verifier key'),
        h('th', { scope: 'col' }, 'Status'))), h('tbody', {}, keyRows(keys))),
    h('details', {}, h('summary', {}, 'Public key in force (PEM)'), h('pre', { class: 'note' }, keys.current.publicKeyPem))));
  if (session.may('LEDGER_ENTRIES') && cp.size > 0) {
    // The checkpoint's age: when the last entry it covers was recorded.
    const r = await call('/v1/ledger/entries' + query({ start: cp.size - 1, end: cp.size }));
    try {
      const last = JSON.parse(decoder.decode(new Uint8Array(await r.arrayBuffer())));
      age.textContent = `${ago(Date.now() - Date.parse(last.timestamp))} (its last entry, ${last.index}, was recorded ${last.timestamp})`;
    } catch (e) {
      age.textContent = 'unknown (the last entry cannot be read)';
    }
  }
  if (!session.may('LEDGER_ENTRIES')) {
    root.append(section('Verification and exports', h('p', {}, 'A full verification and exports need the auditor role; this token has '
      + session.who.roles.join(', ') + '.')));
    return null;
  }
  const bar = h('progress', { id: 'audit-progress', max: 1, value: 0, 'aria-labelledby': 'audit-label' });
  const label = h('span', { id: 'audit-label' }, 'Not run yet');
  const out = h('div', { id: 'audit-result' });
  const button = h('button', { type: 'button', id: 'verify-all' }, 'Verify the whole ledger in this browser');
  button.addEventListener('click', () => runAudit(out, bar, label, button));
  const status = h('p', { role: 'status', id: 'export-status' });
  root.append(section('Full verification', button, h('div', { class: 'progress' }, bar, ' ', label), out),
    section('Exports', exportForm(status), status,
      h('p', { class: 'help' }, 'csv: one row per entry; jsonl: the exact hashed bytes (filtered: a partial export with inclusion proofs, '
        + 'checked offline by `gavel ledger verify --entries FILE --public-key KEY`); opa: OPA decision-log events.')));
  return null;
}

