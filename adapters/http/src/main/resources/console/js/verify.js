// What the console verifies itself, in the browser's WebCrypto (and in Node's, for its tests):
// RFC 9162 Merkle hashing and inclusion proofs, C2SP signed notes with Ed25519 or ECDSA P-256 keys, tlog
// checkpoints and DSSE envelopes, in the forms engine/ledger writes them. No DOM here.

const subtle = globalThis.crypto && globalThis.crypto.subtle;
const enc = new TextEncoder();

export function hex(bytes) {
  return Array.from(bytes, (b) => b.toString(16).padStart(2, '0')).join('');
}

export function fromHex(s) {
  if (typeof s !== 'string' || s.length % 2 !== 0 || !/^[0-9a-fA-F]*$/.test(s)) {
    throw new Error('not a hex string');
  }
  const out = new Uint8Array(s.length / 2);
  for (let i = 0; i < out.length; i++) out[i] = parseInt(s.substr(i * 2, 2), 16);
  return out;
}

/** Strict base64 (standard alphabet, padded): one spelling per value, as Gavel's note verifier demands. */
export function fromBase64(s) {
  if (typeof s !== 'string' || s.length % 4 !== 0 || !/^[A-Za-z0-9+/]*={0,2}$/.test(s)) {
    throw new Error('not base64');
  }
  const bin = atob(s);
  const out = new Uint8Array(bin.length);
  for (let i = 0; i < bin.length; i++) out[i] = bin.charCodeAt(i);
  if (toBase64(out) !== s) throw new Error('non-canonical base64');
  return out;
}

export function toBase64(bytes) {
  let bin = '';
  for (const b of bytes) bin += String.fromCharCode(b);
  return btoa(bin);
}

export function concat(...parts) {
  const n = parts.reduce((a, p) => a + p.length, 0);
  const out = new Uint8Array(n);
  let o = 0;
  for (const p of parts) {
    out.set(p, o);
    o += p.length;
  }
  return out;
}

export function equal(a, b) {
  if (!a || !b || a.length !== b.length) return false;
  let d = 0;
  for (let i = 0; i < a.length; i++) d |= a[i] ^ b[i];
  return d === 0;
}

export async function sha256(bytes) {
  return new Uint8Array(await subtle.digest('SHA-256', bytes));
}

/** RFC 6962 leaf hash: SHA-256(0x00 || data). */
export function leafHash(data) {
  return sha256(concat(Uint8Array.of(0), data));
}

/** RFC 6962 interior node: SHA-256(0x01 || left || right). */
export function nodeHash(left, right) {
  return sha256(concat(Uint8Array.of(1), left, right));
}

/**
 * RFC 9162 2.1.3.2: null when the proof leads from leafHash at index to root in a tree of size
 * leaves; otherwise why not. Sizes are Numbers (exact up to 2^53).
 */
export async function verifyInclusion(index, size, leaf, proof, root) {
  proof = proof || [];
  if (!Number.isSafeInteger(index) || !Number.isSafeInteger(size) || index < 0 || index >= size) {
    return `leaf index ${index} is outside a tree of size ${size}`;
  }
  if (leaf.length !== 32 || root.length !== 32 || proof.some((p) => p.length !== 32)) return 'hashes must be 32 bytes';
  let fn = index;
  let sn = size - 1;
  let r = leaf;
  for (const p of proof) {
    if (sn === 0) return 'proof is longer than the tree allows';
    if (fn % 2 === 1 || fn === sn) {
      r = await nodeHash(p, r);
      if (fn % 2 === 0) {
        while (fn % 2 === 0 && fn !== 0) {
          fn = Math.floor(fn / 2);
          sn = Math.floor(sn / 2);
        }
      }
    } else {
      r = await nodeHash(r, p);
    }
    fn = Math.floor(fn / 2);
    sn = Math.floor(sn / 2);
  }
  if (sn !== 0) return 'proof is shorter than the tree requires';
  return equal(r, root) ? null : 'computed root does not match the expected root';
}

/** The RFC 6962 root of leaves added one at a time (O(log n) memory): what a full audit recomputes. */
export class MerkleRoot {
  constructor() {
    this.stack = []; // [{height, hash}], heights strictly decreasing
    this.size = 0;
  }

  async add(leaf) {
    let node = { height: 0, hash: leaf };
    while (this.stack.length && this.stack[this.stack.length - 1].height === node.height) {
      const left = this.stack.pop();
      node = { height: node.height + 1, hash: await nodeHash(left.hash, node.hash) };
    }
    this.stack.push(node);
    this.size++;
  }

  async root() {
    if (this.stack.length === 0) return sha256(new Uint8Array(0));
    let r = this.stack[this.stack.length - 1].hash;
    for (let i = this.stack.length - 2; i >= 0; i--) r = await nodeHash(this.stack[i].hash, r);
    return r;
  }
}

function checkKeyName(name) {
  if (!name || name.includes('+') || /[\x00-\x20]/.test(name)) throw new Error('invalid key name');
}

/** Key hash of a signed-note Ed25519 key: SHA-256(name || 0x0A || 0x01 || key)[:4]. */
export async function noteKeyHash(name, publicKey) {
  return (await sha256(concat(enc.encode(name), Uint8Array.of(0x0a, 0x01), publicKey))).slice(0, 4);
}

/**
 * Parses a verifier key name+hash+base64(type || key), checking its key hash: type 0x01 is
 * Ed25519 (32-byte key, hash SHA-256(name || 0x0A || 0x01 || key)[:4]); type 0x02 is ECDSA P-256
 * (DER SubjectPublicKeyInfo, hash SHA-256(SPKI)[:4], as transparency-dev's witness, Rekor and a
 * Gavel key held in a PKCS#11 token sign).
 */
export async function parseVerifierKey(text) {
  // name+hash+base64: the base64 part may itself hold '+', so only the first two split.
  const t = String(text).trim();
  const a = t.indexOf('+');
  const b = a < 0 ? -1 : t.indexOf('+', a + 1);
  if (a < 0 || b < 0) throw new Error('malformed verifier key');
  const name = t.substring(0, a);
  const hashHex = t.substring(a + 1, b);
  const b64 = t.substring(b + 1);
  checkKeyName(name);
  let raw;
  let hash;
  try {
    raw = fromBase64(b64);
    hash = fromHex(hashHex);
  } catch (e) {
    throw new Error('malformed verifier key');
  }
  if (hash.length !== 4) throw new Error('malformed verifier key');
  if (raw.length === 33 && raw[0] === 1) {
    const publicKey = raw.slice(1);
    if (!equal(hash, await noteKeyHash(name, publicKey))) throw new Error('verifier key hash does not match its key');
    return { name, keyHash: hash, alg: 'ed25519', publicKey, text: t };
  }
  if (raw.length > 1 && raw[0] === 2) {
    const spki = raw.slice(1);
    if (!equal(hash, (await sha256(spki)).slice(0, 4))) throw new Error('verifier key hash does not match its key');
    let cryptoKey;
    try {
      cryptoKey = await subtle.importKey('spki', spki, { name: 'ECDSA', namedCurve: 'P-256' }, false, ['verify']);
    } catch (e) {
      throw new Error('verifier key of type 0x02 is not an ECDSA P-256 public key');
    }
    return { name, keyHash: hash, alg: 'ecdsa-p256', publicKey: spki, cryptoKey, text: t };
  }
  throw new Error('verifier key must be an Ed25519 key (type 0x01) or an ECDSA P-256 key (type 0x02)');
}

/**
 * An ASN.1 DER ECDSA signature SEQUENCE { INTEGER r, INTEGER s } as WebCrypto's r || s (32 bytes
 * each), or null when it is not exactly that in minimal DER (so no second encoding verifies).
 */
export function derToP1363(der) {
  const int = (at) => {
    if (der[at] !== 0x02) return null;
    const len = der[at + 1];
    if (len < 1 || len > 33 || at + 2 + len > der.length) return null;
    const v = der.slice(at + 2, at + 2 + len);
    if (v[0] & 0x80) return null; // negative
    if (len > 1 && v[0] === 0 && !(v[1] & 0x80)) return null; // not minimal
    const trimmed = v[0] === 0 ? v.slice(1) : v;
    if (trimmed.length > 32) return null;
    const out = new Uint8Array(32);
    out.set(trimmed, 32 - trimmed.length);
    return { value: out, next: at + 2 + len };
  };
  if (!(der instanceof Uint8Array) || der.length < 8 || der[0] !== 0x30 || der[1] !== der.length - 2) return null;
  const r = int(2);
  if (!r) return null;
  const sv = int(r.next);
  if (!sv || sv.next !== der.length) return null;
  return concat(r.value, sv.value);
}

/** Whether {@code signature} over {@code message} verifies under a parsed verifier key (either type). */
export async function verifyWith(key, message, signature) {
  if (key.alg === 'ecdsa-p256') {
    const raw = derToP1363(signature);
    return raw !== null && subtle.verify({ name: 'ECDSA', hash: 'SHA-256' }, key.cryptoKey, raw, message);
  }
  return verifyEd25519(key.publicKey, message, signature);
}

/** Whether this WebCrypto knows Ed25519 (Chromium 137 and later, Node 20). */
export async function ed25519Available() {
  try {
    const k = await subtle.generateKey({ name: 'Ed25519' }, false, ['sign', 'verify']);
    return Boolean(k && k.publicKey);
  } catch (e) {
    return false;
  }
}

export class Ed25519Unavailable extends Error {}

/** Ed25519 verification with WebCrypto; throws Ed25519Unavailable when this browser has none. */
export async function verifyEd25519(publicKey, message, signature) {
  if (signature.length !== 64) return false;
  let key;
  try {
    key = await subtle.importKey('raw', publicKey, { name: 'Ed25519' }, false, ['verify']);
  } catch (e) {
    if (e && e.name === 'NotSupportedError') throw new Ed25519Unavailable('this browser\'s WebCrypto has no Ed25519');
    return false; // a key that is not a valid point verifies nothing
  }
  return subtle.verify({ name: 'Ed25519' }, key, signature, message);
}

/**
 * Opens a C2SP signed note: returns its text when a signature line by this verifier verifies;
 * otherwise throws saying why (malformed, not signed by the key, signature does not verify).
 */
export async function openNote(note, verifier) {
  const split = note.lastIndexOf('\n\n');
  if (split < 0 || !note.endsWith('\n')) throw new Error('malformed note: no signature block');
  const text = note.substring(0, split + 1);
  if (/[\x00-\x09\x0b-\x1f]/.test(text)) throw new Error('malformed note: control character in text');
  if (split + 2 >= note.length) throw new Error('malformed note: no signatures');
  const lines = note.substring(split + 2, note.length - 1).split('\n');
  const parsed = [];
  for (const line of lines) {
    if (!line.startsWith('\u2014 ')) throw new Error('malformed note: bad signature line');
    const parts = line.substring(2).split(' ');
    if (parts.length !== 2) throw new Error('malformed note: bad signature line');
    let sig;
    try {
      sig = fromBase64(parts[1]);
    } catch (e) {
      throw new Error('malformed note: bad signature encoding');
    }
    parsed.push([parts[0], sig]);
  }
  let sawMine = false;
  for (const [name, sig] of parsed) {
    if (name !== verifier.name || sig.length < 4 || !equal(sig.slice(0, 4), verifier.keyHash)) continue;
    sawMine = true;
    if (await verifyWith(verifier, enc.encode(text), sig.slice(4))) return text;
  }
  throw new Error(sawMine ? `note signature by ${verifier.name} does not verify` : `note has no signature by ${verifier.name}`);
}

/** A tlog-checkpoint body: origin, decimal size, base64 root (extension lines ignored). */
export function parseCheckpoint(text) {
  const lines = text.split('\n');
  if (lines.length < 4) throw new Error('checkpoint needs origin, size and root lines');
  if (!/^(0|[1-9][0-9]*)$/.test(lines[1])) throw new Error(`checkpoint tree size is not a canonical decimal number: ${lines[1]}`);
  const size = Number(lines[1]);
  if (!Number.isSafeInteger(size)) throw new Error('checkpoint tree size is too large');
  let root;
  try {
    root = fromBase64(lines[2]);
  } catch (e) {
    throw new Error('checkpoint root hash is not base64');
  }
  if (root.length !== 32) throw new Error('checkpoint root hash must be 32 bytes');
  if (!lines[0]) throw new Error('checkpoint origin must be one non-empty line');
  return { origin: lines[0], size, root };
}

/** The checkpoint a note claims, read without checking its signature (to know its size). */
export function claimedCheckpoint(note) {
  const end = note.indexOf('\n\n');
  if (end < 0) throw new Error('a signed note needs a blank line before its signatures');
  return parseCheckpoint(note.substring(0, end + 1));
}

/** DSSE pre-authentication encoding: "DSSEv1" SP len(type) SP type SP len(body) SP body. */
export function pae(payloadType, payload) {
  const type = enc.encode(payloadType);
  return concat(enc.encode(`DSSEv1 ${type.length} `), type, enc.encode(` ${payload.length} `), payload);
}

/** Decodes a DSSE envelope's payload (standard or URL-safe base64, as Gavel accepts). */
export function dssePayload(envelope) {
  if (!envelope || typeof envelope.payload !== 'string' || typeof envelope.payloadType !== 'string') {
    throw new Error('DSSE envelope needs payload and payloadType strings');
  }
  const b64 = envelope.payload.replace(/-/g, '+').replace(/_/g, '/');
  const bin = atob(b64 + '='.repeat((4 - (b64.length % 4)) % 4));
  return Uint8Array.from(bin, (c) => c.charCodeAt(0));
}

/** Whether some signature of the envelope verifies under the parsed verifier key (Ed25519 or ECDSA P-256). */
export async function verifyDsse(envelope, key) {
  let payload;
  try {
    payload = dssePayload(envelope);
  } catch (e) {
    return false;
  }
  const message = pae(envelope.payloadType, payload);
  for (const s of envelope.signatures || []) {
    let sig;
    try {
      sig = Uint8Array.from(atob(String(s.sig || '')), (c) => c.charCodeAt(0));
    } catch (e) {
      continue;
    }
    if (await verifyWith(key, message, sig)) return true;
  }
  return false;
}

/** "sha256:<hex>" as entries and decisions render hashes. */
export function render(hash) {
  return 'sha256:' + hex(hash);
}

export const utf8 = (s) => enc.encode(s);
