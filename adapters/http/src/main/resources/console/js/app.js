// The console's shell: sign-in, the navigation the token's role allows, and a hash router
// (#/decisions?..., #/decision/ID, #/artifacts?digest=, #/ledger, #/policy). Each view returns a cleanup function.

import { ApiError, json, session } from './api.js';
import { artifactsView } from './artifacts.js';
import { clear, h } from './dom.js';
import { decisionsView } from './decisions.js';
import { decisionView } from './decision.js';
import { ledgerView } from './ledger.js';
import { policyView } from './policy.js';

const main = document.getElementById('main');
const nav = document.getElementById('nav');
const who = document.getElementById('who');
let cleanup = null;

const VIEWS = [
  { path: 'decisions', label: 'Decisions', needs: 'DECISIONS', view: decisionsView },
  { path: 'artifacts', label: 'Artifacts', needs: 'ARTIFACT', view: artifactsView },
  { path: 'ledger', label: 'Ledger', needs: null, view: ledgerView },
  { path: 'policy', label: 'Policy', needs: 'POLICY', view: policyView },
];

function route() {
  const raw = location.hash.replace(/^#\/?/, '');
  const [path, q] = raw.split('?');
  return { parts: path.split('/').filter(Boolean), params: new URLSearchParams(q || '') };
}

export function go(hash) {
  if (location.hash === hash) render();
  else location.hash = hash;
}

function renderNav(current) {
  clear(nav);
  clear(who);
  if (!session.who) return;
  const list = h('ul', {});
  for (const v of VIEWS) {
    if (v.needs && !session.may(v.needs)) continue;
    const here = current === v.path || (v.path === 'decisions' && current === 'decision');
    list.append(h('li', {}, h('a', { href: '#/' + v.path, 'aria-current': here ? 'page' : null }, v.label)));
  }
  nav.append(list);
  who.append(
    h('span', { class: 'identity', id: 'identity' }, session.who.identity || session.who.kind, ' \u00b7 ',
      h('strong', { id: 'roles' }, session.who.roles.join(', '))),
    h('button', { type: 'button', class: 'link', id: 'sign-out', onclick: () => {
      session.signOut();
      go('#/signin');
    } }, 'Sign out'),
  );
}

function signInView(root, params) {
  const error = h('p', { class: 'error', role: 'alert', id: 'signin-error' });
  const input = h('input', { id: 'token', name: 'token', type: 'password', autocomplete: 'off', required: true,
    'aria-describedby': 'token-help', spellcheck: 'false' });
  const form = h('form', { class: 'card signin', id: 'signin-form', onsubmit: async (e) => {
    e.preventDefault();
    error.textContent = '';
    const token = input.value.trim();
    try {
      const me = await json('/v1/whoami', { token });
      session.signIn(token, me);
      go('#/' + (params.get('next') || home()));
    } catch (err) {
      error.textContent = err instanceof ApiError && err.status === 401
        ? 'Not signed in: ' + err.message : 'Cannot sign in: ' + err.message;
    }
  } },
  h('h1', {}, 'Sign in to the Gavel console'),
  h('label', { for: 'token' }, 'Bearer token'),
  input,
  h('p', { id: 'token-help', class: 'help' },
    'A token from `gavel tokens create` (gvl_\u2026), or an OIDC JWT issued for this server when it is configured with OIDC. ',
    'It is kept in this tab only (sessionStorage) and sent only in the Authorization header. ',
    'There is no redirect sign-in: the server\u2019s OIDC settings name no client, and this page loads nothing from other origins.'),
  h('button', { type: 'submit' }, 'Sign in'),
  error);
  root.append(form);
  input.focus();
}

function home() {
  if (session.may('DECISIONS')) return 'decisions';
  return session.may('ARTIFACT') ? 'artifacts' : 'ledger';
}

async function render() {
  if (cleanup) {
    cleanup();
    cleanup = null;
  }
  const { parts, params } = route();
  clear(main);
  if (!session.who && session.token) {
    try {
      session.who = await json('/v1/whoami');
    } catch (e) {
      session.signOut();
    }
  }
  if (!session.who || parts[0] === 'signin') {
    if (session.who && parts[0] === 'signin') {
      go('#/' + home());
      return;
    }
    renderNav(null);
    document.title = 'Sign in \u2014 Gavel';
    const next = parts[0] && parts[0] !== 'signin' ? parts.join('/') : params.get('next');
    signInView(main, new URLSearchParams(next ? { next } : {}));
    return;
  }
  const name = parts[0] || home();
  renderNav(name);
  try {
    if (name === 'decision' && parts[1]) {
      document.title = 'Decision ' + parts[1] + ' \u2014 Gavel';
      cleanup = await decisionView(main, parts[1]);
    } else {
      const v = VIEWS.find((x) => x.path === name) || VIEWS[0];
      document.title = v.label + ' \u2014 Gavel';
      cleanup = await v.view(main, params);
    }
  } catch (e) {
    if (e instanceof ApiError && e.status === 401) {
      session.signOut();
      go('#/signin');
      return;
    }
    main.append(h('p', { class: 'error', role: 'alert' }, 'Cannot show this view: ' + e.message));
  }
  main.focus({ preventScroll: true });
}

window.addEventListener('hashchange', render);
render();
