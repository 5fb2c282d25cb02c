// SVG charts that read without colour: denied bars are hatched and allowed ones solid, every bar
// carries its count as text, the legend names both, and each chart has the same numbers as a table.

import { h, s } from './dom.js';

let ids = 0;

function bucketKey(ts, hourly) {
  return hourly ? ts.substring(0, 13) + ':00Z' : ts.substring(0, 10);
}

/** Decisions over time by outcome: stacked bars per UTC day (per hour when they span two days or less). */
export function decisionsChart(decisions) {
  const times = decisions.map((d) => Date.parse(d.timestamp));
  const span = Math.max(...times) - Math.min(...times);
  const hourly = span <= 2 * 86400e3;
  const buckets = new Map();
  for (const d of decisions) {
    const k = bucketKey(d.timestamp, hourly);
    const b = buckets.get(k) || { allow: 0, deny: 0 };
    b[d.allow ? 'allow' : 'deny']++;
    buckets.set(k, b);
  }
  const keys = [...buckets.keys()].sort();
  const max = Math.max(...keys.map((k) => buckets.get(k).allow + buckets.get(k).deny));
  const id = 'c' + ++ids;
  const W = 640;
  const H = 240;
  const left = 40;
  const bottom = 200;
  const top = 40;
  const slot = (W - left - 10) / keys.length;
  const bw = Math.max(4, Math.min(48, slot * 0.7));
  const y = (v) => bottom - ((bottom - top) * v) / max;
  const bars = [];
  keys.forEach((k, i) => {
    const b = buckets.get(k);
    const x = left + i * slot + (slot - bw) / 2;
    const yAllow = y(b.allow);
    const yTotal = y(b.allow + b.deny);
    const label = `${k}: ${b.allow} allowed, ${b.deny} denied`;
    bars.push(s('g', {},
      s('title', {}, label),
      b.allow ? s('rect', { class: 'bar-allow', x, y: yAllow, width: bw, height: bottom - yAllow }) : null,
      b.deny ? s('rect', { class: 'bar-deny', fill: `url(#${id}-hatch)`, x, y: yTotal, width: bw, height: yAllow - yTotal }) : null,
      s('text', { class: 'count', x: x + bw / 2, y: yTotal - 4, 'text-anchor': 'middle' }, `${b.allow}/${b.deny}`),
      keys.length <= 16 || i % Math.ceil(keys.length / 16) === 0
        ? s('text', { class: 'tick', x: x + bw / 2, y: bottom + 14, 'text-anchor': 'middle' }, hourly ? k.substring(11, 16) : k.substring(5))
        : null));
  });
  const svg = s('svg', { viewBox: `0 0 ${W} ${H}`, role: 'img', 'aria-labelledby': `${id}-t ${id}-d`, class: 'chart', id: 'chart-time' },
    s('title', { id: `${id}-t` }, 'Decisions over time by outcome'),
    s('desc', { id: `${id}-d` }, `${decisions.length} decisions in ${keys.length} ${hourly ? 'hours' : 'days'}; per bar allowed/denied counts.`),
    s('defs', {}, s('pattern', { id: `${id}-hatch`, width: 6, height: 6, patternUnits: 'userSpaceOnUse', patternTransform: 'rotate(45)' },
      s('rect', { class: 'hatch-bg', width: 6, height: 6 }), s('line', { class: 'hatch-line', x1: 0, y1: 0, x2: 0, y2: 6 }))),
    s('line', { class: 'axis', x1: left, y1: bottom, x2: W - 10, y2: bottom }),
    s('text', { class: 'tick', x: left - 6, y: top + 4, 'text-anchor': 'end' }, String(max)),
    s('text', { class: 'tick', x: left - 6, y: bottom, 'text-anchor': 'end' }, '0'),
    bars,
    s('g', { class: 'legend' },
      s('rect', { class: 'bar-allow', x: left, y: 4, width: 12, height: 12 }),
      s('text', { x: left + 16, y: 14 }, 'allowed (solid)'),
      s('rect', { class: 'bar-deny', fill: `url(#${id}-hatch)`, x: left + 130, y: 4, width: 12, height: 12 }),
      s('text', { x: left + 146, y: 14 }, 'denied (hatched); labels read allowed/denied')));
  const table = h('table', { class: 'data' }, h('caption', {}, 'Decisions per ' + (hourly ? 'hour' : 'day') + ' (UTC)'),
    h('thead', {}, h('tr', {}, h('th', { scope: 'col' }, hourly ? 'Hour' : 'Day'), h('th', { scope: 'col' }, 'Allowed'),
      h('th', { scope: 'col' }, 'Denied'))),
    h('tbody', {}, keys.map((k) => h('tr', {}, h('th', { scope: 'row' }, k), h('td', {}, buckets.get(k).allow),
      h('td', {}, buckets.get(k).deny)))));
  return h('figure', { class: 'chart-figure' }, svg,
    h('figcaption', {}, 'Decisions over time by outcome'), h('details', {}, h('summary', {}, 'As a table'), table));
}

/** The most frequent reason codes of denied decisions (each decision counts once per code). */
export function reasonsChart(decisions, top = 10) {
  const counts = new Map();
  for (const d of decisions) {
    if (d.allow) continue;
    for (const c of new Set((d.reasons || []).map((r) => r.code))) counts.set(c, (counts.get(c) || 0) + 1);
  }
  const rows = [...counts.entries()].sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0])).slice(0, top);
  if (!rows.length) return h('p', { class: 'help' }, 'No denied decision here, so no deny reasons to chart.');
  const id = 'c' + ++ids;
  const W = 640;
  const rowH = 24;
  const labelW = 230;
  const H = rows.length * rowH + 10;
  const max = rows[0][1];
  const svg = s('svg', { viewBox: `0 0 ${W} ${H}`, role: 'img', 'aria-labelledby': `${id}-t ${id}-d`, class: 'chart', id: 'chart-reasons' },
    s('title', { id: `${id}-t` }, 'Top deny reasons'),
    s('desc', { id: `${id}-d` }, rows.map(([c, n]) => `${c}: ${n}`).join('; ')),
    rows.map(([code, n], i) => {
      const w = ((W - labelW - 60) * n) / max;
      const yy = 5 + i * rowH;
      return s('g', {}, s('title', {}, `${code}: ${n} denied decisions`),
        s('text', { class: 'label', x: labelW - 8, y: yy + 15, 'text-anchor': 'end' }, code),
        s('rect', { class: 'bar-reason', x: labelW, y: yy + 3, width: Math.max(1, w), height: rowH - 8 }),
        s('text', { class: 'count', x: labelW + w + 6, y: yy + 15 }, String(n)));
    }));
  const table = h('table', { class: 'data' }, h('caption', {}, 'Denied decisions per reason code'),
    h('thead', {}, h('tr', {}, h('th', { scope: 'col' }, 'Reason code'), h('th', { scope: 'col' }, 'Denied decisions'))),
    h('tbody', {}, rows.map(([c, n]) => h('tr', {}, h('th', { scope: 'row' }, c), h('td', {}, n)))));
  return h('figure', { class: 'chart-figure' }, svg, h('figcaption', {}, 'Top deny reasons'),
    h('details', {}, h('summary', {}, 'As a table'), table));
}
