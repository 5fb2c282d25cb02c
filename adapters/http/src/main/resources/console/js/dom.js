// Building the page from nodes only (never HTML strings): every value from the API becomes a text node, so nothing a
// request or a ledger entry holds can become markup or script.

const SVG = 'http://www.w3.org/2000/svg';

function build(el, attrs, children) {
  for (const [k, v] of Object.entries(attrs || {})) {
    if (v === null || v === undefined || v === false) continue;
    if (k.startsWith('on') && typeof v === 'function') el.addEventListener(k.substring(2), v);
    else if (k === 'text') el.textContent = String(v);
    else el.setAttribute(k, v === true ? '' : String(v));
  }
  for (const c of children.flat(Infinity)) {
    if (c === null || c === undefined || c === false) continue;
    el.append(c instanceof Node ? c : document.createTextNode(String(c)));
  }
  return el;
}

/** An HTML element: h('td', {class: 'x'}, 'text', child...). */
export function h(tag, attrs, ...children) {
  return build(document.createElement(tag), attrs, children);
}

/** An SVG element. */
export function s(tag, attrs, ...children) {
  return build(document.createElementNS(SVG, tag), attrs, children);
}

export function clear(el) {
  while (el.firstChild) el.removeChild(el.firstChild);
  return el;
}

/** A labelled status: the word carries the meaning, the colour only repeats it. */
export function badge(ok, yes, no) {
  return h('span', { class: 'badge ' + (ok ? 'ok' : 'bad') }, ok ? '\u2714 ' + yes : '\u2716 ' + no);
}

export function short(hash, n = 12) {
  const v = String(hash || '');
  const i = v.indexOf(':');
  return i >= 0 && i < 10 ? v.substring(0, i + 1 + n) : v.substring(0, n);
}

/** A definition list from [term, value] pairs (values may be nodes). */
export function facts(pairs) {
  return h('dl', { class: 'facts' }, pairs.filter((p) => p).map(([k, v]) => [h('dt', {}, k), h('dd', {}, v ?? '\u2014')]));
}

export function section(title, ...children) {
  return h('section', { class: 'card', 'aria-label': title }, h('h2', {}, title), children);
}

/** Saves bytes as a file through a temporary object URL (the token never goes into a URL). */
export function download(blob, name) {
  const url = URL.createObjectURL(blob);
  const a = h('a', { href: url, download: name, class: 'hidden' }, name);
  document.body.append(a);
  a.click();
  setTimeout(() => {
    URL.revokeObjectURL(url);
    a.remove();
  }, 1000);
}

export function ago(ms) {
  const s = Math.round(ms / 1000);
  if (s < 0) return 'in the future (' + -s + ' s)';
  if (s < 120) return s + ' s ago';
  if (s < 7200) return Math.round(s / 60) + ' min ago';
  if (s < 172800) return Math.round(s / 3600) + ' h ago';
  return Math.round(s / 86400) + ' days ago';
}
