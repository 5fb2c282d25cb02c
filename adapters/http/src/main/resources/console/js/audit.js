// The ledger audit the console runs in the browser over the exact entry bytes (GET
// /v1/ledger/entries): indexes in sequence, every prevHash link, every RFC 6962 leaf hash, the
// Merkle root at the newest signed checkpoint and that checkpoint's signature (Ed25519 or ECDSA P-256), and every
// decision attestation's DSSE signature and binding, each under the key in force at its entry
// (following key-rotation entries). It names the first bad index and why. What it does not do,
// and `gavel ledger verify` does: older checkpoints, the canonical form of each entry, the index
// columns, the signatures inside key-rotation entries.

import {
  MerkleRoot, claimedCheckpoint, dssePayload, equal, hex, leafHash, openNote, parseCheckpoint, parseVerifierKey, render,
  verifyDsse,
} from './verify.js';

const GENESIS = 'sha256:' + '0'.repeat(64);
const decoder = new TextDecoder('utf-8', { fatal: true });

/** Key history as the entries say it: the key for entry i is the newKey of the last rotation before i. */
export class KeyChain {
  constructor(initial) {
    this.initial = initial;
    this.rotations = []; // [{index, key}]
  }

  static async of(keysDocument) {
    const h = keysDocument.history || [];
    const initial = await parseVerifierKey(h.length ? h[0].previousKey : keysDocument.current.verifierKey);
    const chain = new KeyChain(initial);
    for (const r of h) chain.rotations.push({ index: r.index, key: await parseVerifierKey(r.newKey) });
    return chain;
  }

  /** The key that signs entry i's attestation (and the checkpoint whose last entry is i). */
  forEntry(i) {
    let k = this.initial;
    for (const r of this.rotations) if (r.index < i) k = r.key;
    return k;
  }

  all() {
    return [this.initial, ...this.rotations.map((r) => r.key)];
  }
}

/** Checks one decision's attestation against its entry: signature by the key, subject decision, result. */
export async function checkAttestation(payload, key) {
  const env = payload.attestation;
  if (!env) return 'the decision has no attestation';
  if (!(await verifyDsse(env, key))) return `the attestation is not signed by the key in force (${key.name})`;
  let st;
  try {
    st = JSON.parse(decoder.decode(dssePayload(env)));
  } catch (e) {
    return 'the attestation payload is not JSON';
  }
  const p = st.predicate || {};
  if (p.resourceUri !== 'gavel:decision/' + payload.decisionId) return `the attestation names ${p.resourceUri}, not this decision`;
  const want = payload.allow === true ? 'PASSED' : 'FAILED';
  if (p.verificationResult !== want) return `the attestation says ${p.verificationResult} but the decision ${payload.allow ? 'allowed' : 'denied'}`;
  return null;
}

export class Audit {
  /** @param checkpoint {note, text, origin, size, root}: the newest checkpoint, signature checked already */
  constructor(keys, checkpoint) {
    this.keys = keys;
    this.checkpoint = checkpoint;
    this.merkle = new MerkleRoot();
    this.prev = GENESIS;
    this.next = 0;
    this.attestations = 0;
    this.failure = null;
  }

  fail(index, code, message) {
    if (!this.failure) this.failure = { index, code, message };
  }

  /** Adds the exact bytes of the next entry. */
  async add(bytes) {
    const index = this.next++;
    const leaf = await leafHash(bytes);
    await this.merkle.add(leaf);
    if (this.failure) return;
    let entry;
    try {
      entry = JSON.parse(decoder.decode(bytes));
    } catch (e) {
      return this.fail(index, 'chain.not_json', `entry ${index} is not UTF-8 JSON`);
    }
    if (entry.index !== index) return this.fail(index, 'chain.index_gap', `entry ${index} says it is entry ${entry.index}`);
    if (entry.prevHash !== this.prev) {
      return this.fail(index, 'chain.prev_hash_mismatch', `entry ${index}'s prevHash ${entry.prevHash} does not match the hash of `
        + `entry ${index - 1}'s bytes, ${this.prev}: entry ${index - 1} was changed after it was recorded (or this link was)`);
    }
    this.prev = render(leaf);
    if (entry.type === 'decision') {
      this.attestations++;
      const why = await checkAttestation(entry.payload || {}, this.keys.forEntry(index));
      if (why) this.fail(index, 'attestation.mismatch', `entry ${index}: ${why}`);
    }
  }

  /** After the entries up to the checkpoint's size: the root, or the first failure. */
  async finish() {
    if (!this.failure && this.next !== this.checkpoint.size) {
      this.fail(this.next, 'checkpoint.entries_missing', `the checkpoint covers ${this.checkpoint.size} entries but ${this.next} `
        + 'were read');
    }
    const root = await this.merkle.root();
    if (!this.failure && !equal(root, this.checkpoint.root)) {
      this.fail(this.checkpoint.size - 1, 'checkpoint.root_mismatch', `the Merkle root of the ${this.next} entries is ${hex(root)}, `
        + `but the signed checkpoint says ${hex(this.checkpoint.root)}: an entry differs from what was signed (entry `
        + `${this.checkpoint.size - 1}, the newest, since every link before it holds; or the chain was rewritten)`);
    }
    return { ok: !this.failure, failure: this.failure, entries: this.next, attestations: this.attestations, root };
  }
}

/** Opens the newest checkpoint note with the key in force at its last entry. */
export async function openCheckpoint(note, keys) {
  const claimed = claimedCheckpoint(note);
  const key = keys.forEntry(claimed.size - 1);
  const text = await openNote(note, key);
  return { ...parseCheckpoint(text), note, text, key };
}
