// The console's in-page verification (src/main/resources/console/js/verify.js and audit.js) on
// Node's WebCrypto, which has the same SHA-256 and Ed25519 as Chromium's: RFC 6962 vectors, the
// transparency-dev proof families (valid and corrupted), golang.org/x/mod signed-note vectors, and
// checkpoints, proofs, attestations and entries made by Gavel's own engine/ledger (written by
// ConsoleVerifyTest), each valid one with corrupted variants that must fail.
// Run: GAVEL_FIXTURES=../shared/fixtures GAVEL_VECTORS=vectors.json node --test verify.test.mjs

import assert from 'node:assert/strict';
import { readFileSync, readdirSync } from 'node:fs';
import path from 'node:path';
import test from 'node:test';
import { Audit, KeyChain, checkAttestation, openCheckpoint } from '../../main/resources/console/js/audit.js';
import {
  MerkleRoot, claimedCheckpoint, derToP1363, fromHex, hex, leafHash, nodeHash, openNote, parseVerifierKey, verifyDsse, verifyInclusion,
} from '../../main/resources/console/js/verify.js';

const fixtures = process.env.GAVEL_FIXTURES;
const vectors = JSON.parse(readFileSync(process.env.GAVEL_VECTORS, 'utf8'));
const b64 = (s) => new Uint8Array(Buffer.from(s, 'base64'));
const flip = (bytes, i, bit = 1) => {
  const c = Uint8Array.from(bytes);
  c[i % c.length] ^= bit;
  return c;
};

test('RFC 6962 leaf hashes and roots of the 8-leaf test tree', { skip: !fixtures && 'no ../shared/fixtures' }, async () => {
  const v = JSON.parse(readFileSync(path.join(fixtures, 'merkle/rfc6962-vectors.json'), 'utf8'));
  for (const l of v.leaves) assert.equal(hex(await leafHash(fromHex(l.dataHex))), l.leafHash);
  for (const r of v.roots) {
    const m = new MerkleRoot();
    for (const l of v.leaves.slice(0, r.treeSize)) await m.add(fromHex(l.leafHash));
    assert.equal(hex(await m.root()), r.root, 'root at size ' + r.treeSize);
  }
});

test('every inclusion proof of sizes 1..8 verifies, and every corrupted variant fails', { skip: !fixtures && 'no fixtures' }, async () => {
  const v = JSON.parse(readFileSync(path.join(fixtures, 'merkle/rfc6962-derived-all-proofs.json'), 'utf8'));
  let variants = 0;
  for (const p of v.inclusionProofs) {
    const leaf = fromHex(p.leaf_hash);
    const root = fromHex(p.root);
    const proof = p.path.map(fromHex);
    assert.equal(await verifyInclusion(p.leaf_index, p.tree_size, leaf, proof, root), null, JSON.stringify(p));
    const bad = [
      [p.leaf_index, p.tree_size, flip(leaf, 7), proof, root],
      [p.leaf_index, p.tree_size, leaf, proof, flip(root, 31, 0x80)],
      [p.leaf_index, p.tree_size, leaf, [...proof, leaf], root],
      ...proof.map((_, i) => [p.leaf_index, p.tree_size, leaf, proof.map((x, j) => (i === j ? flip(x, 3) : x)), root]),
      ...(proof.length ? [[p.leaf_index, p.tree_size, leaf, proof.slice(1), root]] : []),
    ];
    for (const args of bad) {
      // (A changed size alone is not a corruption a proof can show: the signed checkpoint binds size and root together.)
      const why = await verifyInclusion(...args);
      assert.notEqual(why, null, 'a corrupted variant verified: ' + JSON.stringify(p));
      variants++;
    }
  }
  assert.ok(variants > 100);
});

test('transparency-dev inclusion families: valid ones verify, corrupted ones fail', { skip: !fixtures && 'no fixtures' }, async () => {
  const base = path.join(fixtures, 'merkle/transparency-dev/inclusion');
  let n = 0;
  for (const f of readdirSync(base, { recursive: true }).filter((x) => x.endsWith('.json'))) {
    {
      const dir = path.dirname(f);
      const c = JSON.parse(readFileSync(path.join(base, f), 'utf8'));
      const why = await verifyInclusion(c.leafIdx, c.treeSize, b64(c.leafHash || ''), (c.proof || []).map(b64), b64(c.root || ''));
      assert.equal(why === null, !c.wantErr, `${f} (${c.desc}) in ${dir}: ${why}`);
      n++;
    }
  }
  assert.ok(n > 20);
});

test('golang.org/x/mod signed-note vectors', { skip: !fixtures && 'no fixtures' }, async () => {
  const v = JSON.parse(readFileSync(path.join(fixtures, 'signed-note/vectors.json'), 'utf8'));
  const peter = await parseVerifierKey(v.keys[0].verifierKey);
  const enoch = await parseVerifierKey(v.keys[1].verifierKey);
  assert.equal(hex(peter.keyHash), v.keys[0].keyHash);
  const note = v.notes[0];
  assert.equal(await openNote(note.signedByPeterNeumann, peter), note.text);
  const both = note.text + '\n' + note.signatures.map((s) => `\u2014 ${s.name} ${s.base64}\n`).join('');
  assert.equal(await openNote(both, enoch), note.text);
  await assert.rejects(openNote(note.signedByPeterNeumann, enoch), /no signature by EnochRoot/);
  await assert.rejects(openNote(note.signedByPeterNeumann.replace('cryptography', 'Cryptography'), peter), /does not verify/);
  for (const m of v.malformedVerifierKeys) await assert.rejects(parseVerifierKey(m.key), m.why);
  for (const m of v.malformedNotes) await assert.rejects(openNote(m.note, peter), m.why);
});

test('a verifier key whose base64 holds "+" parses (only the first two "+" separate)', async () => {
  assert.ok(vectors.keys.some((k) => k.split('+').length > 3), 'ConsoleVerifyTest writes at least one such key');
  for (const k of vectors.keys) assert.equal((await parseVerifierKey(k)).text, k);
  for (const k of vectors.keys) {
    const [name, hash, rest] = [k.split('+')[0], k.split('+')[1], k.split('+').slice(2).join('+')];
    await assert.rejects(parseVerifierKey(`${name}+${hash.replace(/.$/, (c) => (c === '0' ? '1' : '0'))}+${rest}`), /hash does not match/);
    if ((await parseVerifierKey(k)).alg === 'ed25519') {
      await assert.rejects(parseVerifierKey(`x${name}+${hash}+${rest}`), /hash does not match/);
    } else {
      // A type 0x02 key ID is SHA-256(SPKI)[:4], without the name (as the witness and Rekor define it): the name is
      // bound by the signature lines, which must carry it.
      assert.equal((await parseVerifierKey(`x${name}+${hash}+${rest}`)).name, 'x' + name);
    }
    await assert.rejects(parseVerifierKey(`${name}+${hash}`), /malformed/);
  }
});

test("Gavel's checkpoints open, and no altered byte of one does", async () => {
  for (const c of vectors.checkpoints) {
    const key = await parseVerifierKey(c.key);
    const text = await openNote(c.note, key);
    const cp = claimedCheckpoint(c.note);
    assert.equal(cp.size, c.size);
    assert.equal(hex(cp.root), c.root);
    assert.equal(text, c.note.substring(0, c.note.lastIndexOf('\n\n') + 1));
    const bytes = new TextEncoder().encode(c.note);
    for (let i = 0; i < bytes.length; i += 3) {
      const altered = new TextDecoder().decode(flip(bytes, i, 0x02));
      if (altered === c.note) continue;
      await assert.rejects(openNote(altered, key), `byte ${i} altered`);
    }
    const other = await parseVerifierKey(vectors.keys.find((k) => k !== c.key));
    await assert.rejects(openNote(c.note, other));
  }
});

test("Gavel's inclusion proofs lead to its signed roots", async () => {
  for (const p of vectors.proofs) {
    const why = await verifyInclusion(p.index, p.treeSize, fromHex(p.leafHash), p.proof.map(fromHex), fromHex(p.rootHash));
    assert.equal(why, null);
    assert.notEqual(await verifyInclusion(p.index, p.treeSize, flip(fromHex(p.leafHash), 0), p.proof.map(fromHex), fromHex(p.rootHash)), null);
  }
});

test("Gavel's DSSE attestations verify under their key and not after any change", async () => {
  for (const a of vectors.attestations) {
    const key = await parseVerifierKey(a.key);
    assert.equal(await verifyDsse(a.envelope, key), true);
    assert.equal(await checkAttestation({ attestation: a.envelope, decisionId: a.decisionId, allow: a.allow }, key), null);
    assert.match(await checkAttestation({ attestation: a.envelope, decisionId: a.decisionId, allow: !a.allow }, key), /says/);
    assert.match(await checkAttestation({ attestation: a.envelope, decisionId: 'other', allow: a.allow }, key), /names/);
    const payload = Buffer.from(a.envelope.payload, 'base64');
    for (let i = 0; i < payload.length; i += 17) {
      const env = { ...a.envelope, payload: Buffer.from(flip(payload, i)).toString('base64') };
      assert.equal(await verifyDsse(env, key), false, 'payload byte ' + i);
    }
    const sig = Buffer.from(a.envelope.signatures[0].sig, 'base64');
    for (let i = 0; i < sig.length; i += 5) {
      const env = { ...a.envelope, signatures: [{ ...a.envelope.signatures[0], sig: Buffer.from(flip(sig, i)).toString('base64') }] };
      assert.equal(await verifyDsse(env, key), false, 'signature byte ' + i);
    }
    assert.equal(await verifyDsse({ ...a.envelope, payloadType: a.envelope.payloadType + 'x' }, key), false);
  }
});

test("the full audit passes Gavel's ledger and names the first entry of every alteration", async () => {
  const L = vectors.ledger;
  const keys = await KeyChain.of(L.keys);
  const run = async (entries) => {
    const cp = await openCheckpoint(L.checkpoint, keys);
    const audit = new Audit(keys, cp);
    for (const e of entries) await audit.add(new TextEncoder().encode(e));
    return audit.finish();
  };
  const ok = await run(L.entries);
  assert.equal(ok.ok, true, JSON.stringify(ok.failure));
  assert.equal(ok.entries, L.entries.length);
  assert.ok(ok.attestations > 0);
  // Alter one character of an entry's message or drop or swap entries: the audit fails at or next to it.
  for (let i = 0; i < L.entries.length; i++) {
    const altered = [...L.entries];
    altered[i] = altered[i].replace(/"timestamp":"(\d)/, (m, d) => `"timestamp":"${(Number(d) + 1) % 10}`);
    assert.notEqual(altered[i], L.entries[i]);
    const r = await run(altered);
    assert.equal(r.ok, false, 'entry ' + i + ' altered');
    assert.ok(r.failure.message.includes('entry ' + i), r.failure.message);
  }
  const dropped = await run(L.entries.slice(0, -1));
  assert.equal(dropped.ok, false);
  const swapped = [...L.entries];
  [swapped[1], swapped[2]] = [swapped[2], swapped[1]];
  assert.equal((await run(swapped)).ok, false);
  await assert.rejects(openCheckpoint(L.checkpoint.replace(/\n(\d+)\n/, (m, n) => `\n${Number(n) + 1}\n`), keys));
});

test('ECDSA P-256 keys and signatures: both key types are met, and a DER signature verifies only in its one minimal encoding', async () => {
  const ec = [];
  for (const a of vectors.attestations) {
    const key = await parseVerifierKey(a.key);
    if (key.alg === 'ecdsa-p256') ec.push([a, key]);
  }
  assert.ok(ec.length > 0, 'the vectors hold ECDSA attestations');
  assert.ok(ec.length < vectors.attestations.length, 'and Ed25519 ones');
  assert.ok(vectors.checkpoints.some((c) => ec.some(([, k]) => k.text === c.key)), 'and ECDSA-signed checkpoints');
  for (const [a, key] of ec) {
    const sig = new Uint8Array(Buffer.from(a.envelope.signatures[0].sig, 'base64'));
    assert.notEqual(derToP1363(sig), null);
    const withSig = (bytes) => ({ ...a.envelope, signatures: [{ ...a.envelope.signatures[0], sig: Buffer.from(bytes).toString('base64') }] });
    // r with a needless leading zero (length and sequence length adjusted): the same numbers, not minimal DER.
    const rLen = sig[3];
    const padded = Uint8Array.from([0x30, sig[1] + 1, 0x02, rLen + 1, 0x00, ...sig.slice(4)]);
    assert.equal(derToP1363(padded), null);
    assert.equal(await verifyDsse(withSig(padded), key), false, 'non-minimal DER');
    assert.equal(await verifyDsse(withSig(Uint8Array.from([...sig, 0x00])), key), false, 'trailing byte');
    assert.equal(await verifyDsse(withSig(sig.slice(0, sig.length - 1)), key), false, 'truncated');
    assert.equal(await verifyDsse(withSig(derToP1363(sig)), key), false, 'raw r||s is not the type 0x02 encoding');
  }
  const ecKey = ec[0][1];
  const spki = ecKey.publicKey;
  const b64 = Buffer.from(Uint8Array.from([2, ...spki])).toString('base64');
  await assert.rejects(parseVerifierKey(`${ecKey.name}+${'00000000'}+${b64}`), /hash does not match/);
  const bent = Uint8Array.from(spki);
  bent[bent.length - 1] ^= 1;
  const bentHash = Buffer.from((await crypto.subtle.digest('SHA-256', bent))).subarray(0, 4).toString('hex');
  await assert.rejects(parseVerifierKey(`${ecKey.name}+${bentHash}+${Buffer.from(Uint8Array.from([2, ...bent])).toString('base64')}`),
    /not an ECDSA P-256 public key/);
  await assert.rejects(parseVerifierKey(`${ecKey.name}+${'00000000'}+${Buffer.from(Uint8Array.of(3, 1, 2)).toString('base64')}`),
    /type 0x01\) or an ECDSA/);
});

test('node hashing is RFC 6962 (0x01 prefix), not a plain concatenation', async () => {
  const a = new Uint8Array(32);
  const b = new Uint8Array(32).fill(1);
  assert.equal(hex(await nodeHash(a, b)).length, 64);
  assert.notEqual(hex(await nodeHash(a, b)), hex(await nodeHash(b, a)));
});
