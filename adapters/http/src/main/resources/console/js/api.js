// The authenticated API. The token lives in sessionStorage (gone when the tab closes) and travels
// only in the Authorization header, never in a URL.

const KEY = 'gavel.token';

export class ApiError extends Error {
  constructor(status, problem, fallback) {
    super((problem && (problem.detail || problem.title)) || fallback || 'HTTP ' + status);
    this.status = status;
    this.problem = problem;
  }
}

export const session = {
  token: sessionStorage.getItem(KEY),
  who: null,
  may(endpoint) {
    return Boolean(this.who && this.who.endpoints.includes(endpoint));
  },
  signIn(token, who) {
    this.token = token;
    this.who = who;
    sessionStorage.setItem(KEY, token);
  },
  signOut() {
    this.token = null;
    this.who = null;
    sessionStorage.removeItem(KEY);
  },
};

/** fetch with the session's token; a problem document becomes an ApiError. */
export async function call(path, { method = 'GET', body, token = session.token, headers = {} } = {}) {
  const h = { ...headers };
  if (token) h.Authorization = 'Bearer ' + token;
  if (body !== undefined && !h['Content-Type']) h['Content-Type'] = 'application/json';
  const r = await fetch(path, { method, headers: h, body, cache: 'no-store', credentials: 'omit', referrerPolicy: 'no-referrer' });
  if (!r.ok) {
    let problem = null;
    try {
      problem = await r.json();
    } catch (e) {
      // not JSON
    }
    throw new ApiError(r.status, problem, r.status === 403 ? 'this token\'s role may not do that' : null);
  }
  return r;
}

export async function json(path, opts) {
  return (await call(path, opts)).json();
}

export async function text(path, opts) {
  return (await call(path, opts)).text();
}

/** Reads a JSON-lines answer as the exact bytes of each line, calling onLine(bytes) in order. */
export async function lines(path, onLine, opts) {
  const r = await call(path, opts);
  const reader = r.body.getReader();
  let buf = new Uint8Array(0);
  for (;;) {
    const { value, done } = await reader.read();
    if (value) {
      const joined = new Uint8Array(buf.length + value.length);
      joined.set(buf);
      joined.set(value, buf.length);
      buf = joined;
      let start = 0;
      for (let i = 0; i < buf.length; i++) {
        if (buf[i] === 0x0a) {
          await onLine(buf.slice(start, i));
          start = i + 1;
        }
      }
      buf = buf.slice(start);
    }
    if (done) break;
  }
  if (buf.length) await onLine(buf);
}

export function query(params) {
  const q = new URLSearchParams();
  for (const [k, v] of Object.entries(params)) if (v !== undefined && v !== null && v !== '') q.set(k, v);
  const s = q.toString();
  return s ? '?' + s : '';
}
