// One decision: verdict, reasons with the rules behind them, the evidence the gate verified, the
// attestation decoded, and its ledger entry proven in this page: the entry's exact bytes hashed
// (RFC 6962 leaf), the server's inclusion proof walked to a root (RFC 9162), that root compared
// with the newest signed checkpoint, whose Ed25519 or ECDSA P-256 signature is checked with WebCrypto, and the
// attestation's DSSE signature checked under the key in force at the entry.

import { ApiError, call, json, query, session, text } from './api.js';
import { KeyChain, checkAttestation, openCheckpoint } from './audit.js';
import { badge, facts, h, section, short } from './dom.js';
import { Ed25519Unavailable, dssePayload, ed25519Available, fromHex, hex, leafHash, render, verifyInclusion } from './verify.js';

const decoder = new TextDecoder('utf-8', { fatal: true });

function reasons(d) {
  if (!d.reasons.length) return h('p', {}, 'No reasons: every rule was satisfied.');
  return h('ol', { class: 'reasons', id: 'reasons' }, d.reasons.map((r) => h('li', {},
    h('code', { class: 'code' }, r.code), ' ', r.message,
    r.policy ? h('div', { class: 'help' }, 'rule set ', h('code', {}, r.policy)) : null,
    (r.origins || []).length
      ? h('ul', { class: 'origins' }, r.origins.map((o) => h('li', {}, 'from ', h('code', { class: 'origin' }, o))))
      : h('div', { class: 'help' }, d.explanation && d.explanation.recomputed
        ? 'no rule of the recorded policy gives this reason for the recorded input (the record differs from what was decided?)'
        : 'no rule location: ' + ((d.explanation && d.explanation.detail) || 'not explained')))));
}

function evidence(e) {
  if (!e) return h('p', { class: 'help' }, 'The verified evidence is not available for this decision.');
  const list = (items, f) => (items && items.length ? h('ul', {}, items.map((x) => h('li', {}, f(x)))) : 'none');
  return facts([
    ['Evaluated as of', e.at],
    ['Signatures', list(e.signatures, (x) => [badge(x.trusted, x.status, x.status), ' ', x.signer || '', ' (', x.method || x.format,
      '), covers ', x.coversAll ? 'all artifacts' : (x.covers || []).length + ' artifacts', x.detail ? ' \u2014 ' + x.detail : ''])],
    ['Provenance', list(e.provenance, (x) => [badge(x.trusted, 'trusted', x.status || 'untrusted'), ' builder ', x.builder || '?',
      x.detail ? ' \u2014 ' + x.detail : ''])],
    ['Scans', list(e.scans, (x) => [x.kind, ' by ', x.tool, ' (', Math.round((x.ageSeconds || 0) / 3600), ' h old): ',
      ['critical', 'high', 'medium', 'low'].map((k) => `${(x.counts || {})[k] || 0} ${k}`).join(', '),
      x.waived ? `, ${x.waived} waived` : '', x.subjectMatches === false ? ' \u2014 subject does not match' : ''])],
    ['Approvals', list(e.approvals, (x) => [badge(x.boardMember && x.roleHeld !== false && x.signature !== 'invalid', x.decision,
      x.decision), ' by ', x.approver, ' as ', x.role || '?', x.detail ? ' \u2014 ' + x.detail : ''])],
    ['Waivers', list(e.waivers, (x) => [x.id || x.finding || '?', ' ', x.detail || x.status || JSON.stringify(x)])],
  ]);
}

function attestation(d) {
  const env = d.attestation;
  if (!env) return h('p', {}, 'No attestation is recorded with this decision.');
  let st = null;
  try {
    st = JSON.parse(decoder.decode(dssePayload(env)));
  } catch (e) {
    return h('p', { class: 'error' }, 'The attestation payload cannot be decoded: ' + e.message);
  }
  const p = st.predicate || {};
  return h('div', { id: 'attestation' }, facts([
    ['Envelope', env.payloadType],
    ['Statement', st._type],
    ['Predicate', st.predicateType],
    ['Subjects', h('ul', {}, (st.subject || []).map((x) => h('li', {}, x.name, ' ',
      session.may('ARTIFACT') && (x.digest || {}).sha256
        ? h('a', { href: '#/artifacts?digest=' + x.digest.sha256, class: 'artifact-link' }, h('code', {}, 'sha256:' + short(x.digest.sha256, 16)))
        : h('code', {}, 'sha256:' + short((x.digest || {}).sha256, 16)))))],
    ['Resource', p.resourceUri],
    ['Result', p.verificationResult],
    ['Verified at', p.timeVerified],
    ['Verifier', (p.verifier || {}).id],
    ['Policy', [(p.policy || {}).uri, ' ', h('code', {}, JSON.stringify((p.policy || {}).digest || {}))]],
    ['Signed by', (env.signatures || []).map((x) => x.keyid).join(', ')],
  ]));
}

/** The steps of the in-page proof, each shown as it finishes; resolves to true when all passed. */
async function prove(d, out) {
  const steps = h('ol', { class: 'steps', id: 'proof-steps' });
  const verdict = h('p', { class: 'verdict pending', id: 'proof-verdict', role: 'status' }, 'Verifying in this browser\u2026');
  out.append(verdict, steps);
  const step = (ok, textOk, textBad) => steps.append(h('li', { class: ok ? 'ok' : 'bad' }, badge(ok, 'passed', 'FAILED'), ' ', ok ? textOk : textBad));
  const done = (ok, why) => {
    verdict.className = 'verdict ' + (ok ? 'ok' : 'bad');
    verdict.textContent = ok ? '\u2714 Verified in this browser: the ledger entry is in the signed tree and its attestation is signed.'
      : '\u2716 NOT verified: ' + why;
    return ok;
  };
  if (!(await ed25519Available())) {
    return done(false, 'this browser\u2019s WebCrypto has no Ed25519, so no signature can be checked here (hashes only would prove nothing '
      + 'about who signed); use `gavel ledger verify`.');
  }
  const t0 = performance.now();
  try {
    const keys = await KeyChain.of(await json('/v1/keys'));
    const cp = await openCheckpoint(await text('/v1/ledger/checkpoint'), keys);
    step(true, `checkpoint of ${cp.size} entries (${cp.origin}) signed by ${cp.key.name}+${hex(cp.key.keyHash)} (${cp.key.alg === 'ecdsa-p256' ? 'ECDSA P-256' : 'Ed25519'})`, '');
    const index = d.ledger.index;
    if (index >= cp.size) return done(false, `entry ${index} is not covered by the newest checkpoint (size ${cp.size})`);
    if (!session.may('LEDGER_ENTRIES') || !session.may('LEDGER_PROOF')) {
      step(false, '', 'the inclusion proof needs ledger access (the auditor role); this token\u2019s role '
        + session.who.roles.join(', ') + ' cannot read entries or proofs');
      return done(false, 'only the checkpoint signature could be checked with this role.');
    }
    let bytes = null;
    const r = await call('/v1/ledger/entries' + query({ start: index, end: index + 1 }));
    const body = new Uint8Array(await r.arrayBuffer());
    bytes = body[body.length - 1] === 0x0a ? body.slice(0, body.length - 1) : body;
    const leaf = await leafHash(bytes);
    let entry = null;
    try {
      entry = JSON.parse(decoder.decode(bytes));
    } catch (e) {
      step(false, '', `entry ${index} is not UTF-8 JSON`);
      return done(false, 'the ledger entry cannot be read');
    }
    const same = entry.type === 'decision' && entry.payload && entry.payload.decisionId === d.decisionId;
    step(same, `entry ${index} holds decision ${d.decisionId}`, `entry ${index} does not hold decision ${d.decisionId}`);
    const proof = await json('/v1/ledger/proof' + query({ index, size: cp.size }));
    const claimed = render(leaf) === 'sha256:' + proof.leafHash;
    step(claimed, `leaf hash of the entry's ${bytes.length} bytes is ${short(render(leaf), 16)}\u2026, the proof's leaf`,
      `the entry's bytes hash to ${short(render(leaf), 16)}\u2026 but the ledger's proof is for ${short('sha256:' + proof.leafHash, 16)}\u2026: `
      + 'the entry was changed after it was recorded');
    const why = await verifyInclusion(index, cp.size, leaf, proof.proof.map(fromHex), cp.root);
    step(!why, `inclusion proof (${proof.proof.length} hashes) from this entry leads to the checkpoint's root ${short(hex(cp.root), 16)}\u2026`,
      `the inclusion proof from this entry's bytes does not lead to the signed root: ${why}`);
    const key = keys.forEntry(index);
    const att = await checkAttestation(entry.payload, key);
    step(!att, `attestation signed by ${key.name}+${hex(key.keyHash)} and bound to this decision (${d.allow ? 'PASSED' : 'FAILED'})`,
      `attestation: ${att}`);
    const shownSame = entry.payload.allow === d.allow;
    if (!shownSame) step(false, '', 'the entry\u2019s outcome differs from the decision shown');
    const ms = Math.round(performance.now() - t0);
    out.append(h('p', { class: 'help', id: 'proof-time' }, `checked in ${ms} ms`));
    const ok = same && claimed && !why && !att && shownSame;
    return done(ok, 'see the failed step above.');
  } catch (e) {
    if (e instanceof Ed25519Unavailable) return done(false, e.message);
    step(false, '', e.message);
    return done(false, e instanceof ApiError ? 'the server refused a step: ' + e.message : e.message);
  }
}

export async function decisionView(root, id) {
  let d;
  try {
    d = await json('/v1/decisions/' + encodeURIComponent(id) + '?explain=true');
  } catch (e) {
    if (e instanceof ApiError && e.status === 404) {
      root.append(h('h1', {}, 'Decision not found'), h('p', {}, e.message));
      return null;
    }
    throw e;
  }
  const r = d.request || {};
  const proofArea = h('div', { id: 'proof' });
  root.append(
    h('p', {}, h('a', { href: '#/decisions' }, '\u2190 Decisions')),
    h('h1', {}, r.model || '?', '@', r.version || '?', ' ',
      h('span', { class: 'outcome big ' + (d.allow ? 'allow' : 'deny'), id: 'verdict' }, d.allow ? '\u2714 ALLOWED' : '\u2716 DENIED')),
    section('Decision', facts([
      ['Decision id', h('code', {}, d.decisionId)],
      ['Recorded', d.timestamp],
      ['Evaluated as of', d.evaluatedAt || d.timestamp],
      ['Risk tier', r.riskTier],
      ['Environment', r.environment],
      ['Requester', r.requester],
      ['Request digest', h('code', {}, r.digest)],
      ['Policy revision', h('code', {}, d.policy.revision)],
      ['Policy source', d.policy.source],
      ['Ledger entry', d.ledger ? [String(d.ledger.index), ' ', h('code', {}, short(d.ledger.entryHash, 16))] : 'not recorded'],
    ])),
    section('Reasons', reasons(d), d.explanation ? h('p', { class: 'help' }, 'Rule locations: ', d.explanation.detail) : null),
    section('Ledger proof', proofArea),
    section('Evidence', evidence(d.evidence)),
    section('Attestation', attestation(d)),
  );
  if (d.ledger) await prove(d, proofArea);
  else proofArea.append(h('p', {}, 'This decision has no ledger position.'));
  return null;
}
