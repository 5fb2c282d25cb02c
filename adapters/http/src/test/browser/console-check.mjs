// Drives Debian's Chromium with Playwright through the web console of a real gavel serve, as a
// person would (typing the token, clicking, choosing files), and prints what the page showed as
// one JSON object on stdout for ConsoleBrowserTest to check. Usage: node console-check.mjs CONFIG.json
// CONFIG: {scenario, baseUrl, chromium, userDataDir, screenshots, tokens: {role: token}, clock?, ...}.

import { readFileSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { chromium } from 'playwright-core';

const require = createRequire(import.meta.url);
const cfg = JSON.parse(readFileSync(process.argv[2], 'utf8'));
const axeSource = readFileSync(require.resolve('axe-core/axe.min.js'), 'utf8');
const out = { scenario: cfg.scenario, screenshots: [], axe: {}, cspViolations: [], pageErrors: [], timings: {} };

const context = await chromium.launchPersistentContext(cfg.userDataDir, {
  executablePath: cfg.chromium,
  headless: true,
  args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update',
    '--disable-sync'],
  viewport: { width: 1280, height: 900 },
  acceptDownloads: true,
  timezoneId: 'UTC',
  locale: 'en-GB',
});
const page = context.pages()[0] || (await context.newPage());
page.setDefaultTimeout(30000);
await page.addInitScript(() => {
  window.__csp = [];
  document.addEventListener('securitypolicyviolation', (e) => window.__csp.push(`${e.violatedDirective} ${e.blockedURI}`));
});
page.on('pageerror', (e) => out.pageErrors.push(String(e)));
page.on('console', (m) => {
  if (m.type() === 'error') out.pageErrors.push('console: ' + m.text());
});
if (cfg.clock) await page.clock.setFixedTime(new Date(cfg.clock));

async function shot(name) {
  const file = path.join(cfg.screenshots, name + '.png');
  await page.screenshot({ path: file, fullPage: true });
  out.screenshots.push(file);
}

/** axe-core in the page (evaluated over DevTools, so the page's CSP stays as served); serious and critical only. */
async function axe(name) {
  await page.evaluate(axeSource);
  const result = await page.evaluate(async () => {
    const r = await window.axe.run(document, { resultTypes: ['violations'] });
    return r.violations.map((v) => ({ id: v.id, impact: v.impact, help: v.help, nodes: v.nodes.slice(0, 3).map((n) => n.target.join(' ')) }));
  });
  out.axe[name] = result.filter((v) => v.impact === 'serious' || v.impact === 'critical');
}

async function collectCsp() {
  out.cspViolations.push(...(await page.evaluate(() => window.__csp || [])));
}

async function signIn(role) {
  await page.goto(cfg.baseUrl + '/');
  await page.waitForSelector('#token');
  out.headers = out.headers || null;
  await page.fill('#token', cfg.tokens[role]);
  await page.click('#signin-form button[type=submit]');
  await page.waitForSelector('#roles');
  out.roles = await page.textContent('#roles');
  out.nav = await page.$$eval('#nav a', (as) => as.map((a) => a.textContent));
}

async function decisionIds() {
  return page.$$eval('#decision-rows tr', (trs) => trs.map((t) => t.getAttribute('data-decision')));
}

async function rows() {
  return page.$$eval('#decision-rows tr', (trs) => trs.map((t) => Array.from(t.children, (td) => td.textContent.trim())));
}

async function waitVerdict(sel) {
  await page.waitForFunction((s) => {
    const el = document.querySelector(s);
    return el && !el.classList.contains('pending');
  }, sel, { timeout: 60000 });
  return page.textContent(sel);
}

async function openDecision(id) {
  const t0 = Date.now();
  await page.click(`#decision-rows tr[data-decision="${id}"] a`);
  await page.waitForSelector('#proof-verdict');
  out.decisionVerdict = await waitVerdict('#proof-verdict');
  out.timings.decisionOpenAndVerifyMs = Date.now() - t0;
  out.proofSteps = await page.$$eval('#proof-steps li', (lis) => lis.map((l) => l.textContent));
  out.reasonOrigins = await page.$$eval('#reasons .origin', (cs) => cs.map((c) => c.textContent));
  out.proofTime = await page.textContent('#proof-time').catch(() => null);
}

async function verifyLedger() {
  await page.click('#nav a[href="#/ledger"]');
  await page.waitForSelector('#verify-all');
  out.treeSize = await page.textContent('#tree-size');
  await page.waitForFunction(() => !/reading/.test(document.querySelector('#checkpoint-age').textContent));
  out.checkpointAge = await page.textContent('#checkpoint-age');
  const t0 = Date.now();
  await page.click('#verify-all');
  await page.waitForSelector('#audit-verdict', { timeout: 120000 });
  out.timings.fullVerifyMs = Date.now() - t0;
  out.auditVerdict = await page.textContent('#audit-verdict');
  out.auditLabel = await page.textContent('#audit-label');
  out.progress = await page.$eval('#audit-progress', (p) => ({ value: p.value, max: p.max }));
}

const scenarios = {
  /** The auditor's month: sign in, last month's denied high-tier releases, open one, proof, CSV. */
  async auditor() {
    const r = await page.request.get(cfg.baseUrl + '/');
    out.headers = r.headers();
    await signIn('auditor');
    await page.waitForSelector('#decision-rows tr');
    await page.waitForSelector('#chart-time');
    out.allRows = (await decisionIds()).length;
    await axe('decisions');
    await shot('console-decisions');
    await page.selectOption('#f-outcome', 'deny');
    await page.selectOption('#f-tier', 'high');
    await page.click('#last-month');
    await page.waitForFunction(() => /outcome=deny/.test(location.hash) && /since=/.test(location.hash));
    await page.waitForSelector('#result-status:not(:empty)');
    await page.waitForFunction(() => document.querySelector('#result-status').textContent.length > 0);
    out.filterHash = await page.evaluate(() => location.hash);
    out.filterStatus = await page.textContent('#result-status');
    out.filteredIds = await decisionIds();
    out.filteredRows = await rows();
    await page.waitForSelector('#chart-reasons');
    out.chartReasons = await page.$$eval('#chart-reasons text.label', (ts) => ts.map((t) => t.textContent));
    await shot('console-decisions-filtered');
    const [dl] = await Promise.all([page.waitForEvent('download'), page.click('#export-csv')]);
    const csvFile = path.join(cfg.screenshots, 'export.csv');
    await dl.saveAs(csvFile);
    out.csvName = dl.suggestedFilename();
    out.csv = readFileSync(csvFile, 'utf8');
    if (out.filteredIds.length) {
      await openDecision(out.filteredIds[0]);
      await axe('decision');
      await shot('console-decision');
    }
    await verifyLedger();
    await page.fill('#x-since', cfg.month.since);
    await page.fill('#x-until', cfg.month.until);
    await page.selectOption('#x-format', 'csv');
    const [mdl] = await Promise.all([page.waitForEvent('download'), page.click('#export')]);
    const monthFile = path.join(cfg.screenshots, 'export-month.csv');
    await mdl.saveAs(monthFile);
    out.monthCsvName = mdl.suggestedFilename();
    out.monthCsv = readFileSync(monthFile, 'utf8');
    out.exportStatus = await page.textContent('#export-status');
    await axe('ledger');
    await shot('console-ledger');
    await page.click('#nav a[href="#/policy"]');
    await page.waitForSelector('#activation-log');
    out.boardActions = await page.$$eval('.board-actions, .submit-approval, .impact-button, .activate', (e) => e.length);
    out.pendingCommits = await page.$$eval('article.pending', (as) => as.map((a) => a.getAttribute('data-commit')));
    out.noBoard = await page.textContent('#no-board').catch(() => null);
    await axe('policy-auditor');
    await shot('console-policy-auditor');
    out.url = page.url();
    out.storage = await page.evaluate(() => ({ session: Object.keys(sessionStorage), local: Object.keys(localStorage) }));
    await page.click('#sign-out');
    await page.waitForSelector('#token');
    out.afterSignOut = await page.evaluate(() => Object.keys(sessionStorage));
    await axe('signin');
    await shot('console-signin');
  },

  /** After a ledger row was altered: the same decision and the full run fail in the page. */
  async tampered() {
    await signIn('auditor');
    await page.goto(cfg.baseUrl + '/#/decisions');
    await page.waitForSelector(`#decision-rows tr[data-decision="${cfg.decisionId}"]`);
    await openDecision(cfg.decisionId);
    await shot('console-decision-tampered');
    await verifyLedger();
    await shot('console-ledger-tampered');
  },

  /** A board member: impact diff, submits an approval file through the page. */
  async board() {
    await signIn('board');
    await page.click('#nav a[href="#/policy"]');
    const art = `article.pending[data-commit="${cfg.commit}"]`;
    await page.waitForSelector(art);
    out.boardActions = await page.$$eval('.board-actions', (e) => e.length);
    await page.click(`${art} .impact-button`);
    await page.waitForSelector(`${art} #impact-summary`, { timeout: 120000 });
    out.impactSummary = await page.textContent(`${art} #impact-summary`);
    out.impactDiff = await page.$$eval(`${art} #impact-diff > li`, (lis) => lis.map((l) => l.textContent));
    await axe('policy-board');
    await shot('console-policy-board');
    await page.setInputFiles(`${art} .approval-file`, cfg.approvalFile);
    await page.click(`${art} .submit-approval`);
    await page.waitForFunction(() => /Recorded|Not recorded/.test(document.querySelector('#policy-status').textContent));
    out.approvalStatus = await page.textContent('#policy-status');
    await page.waitForSelector(`${art} .approvals li`);
    out.approvalsShown = await page.$$eval(`${art} .approvals li`, (lis) => lis.map((l) => l.textContent));
    await shot('console-policy-approved');
  },

  /** A risk officer: looks a released digest up, revokes it through the page, sees it revoked. */
  async risk() {
    await signIn('risk-officer');
    await page.waitForSelector('#a-digest');
    out.home = await page.evaluate(() => location.hash);
    await page.fill('#a-digest', cfg.digest);
    await page.click('#lookup');
    await page.waitForSelector('#artifact-status');
    out.before = await page.textContent('#artifact-status');
    out.decisionRows = await page.$$eval('#artifact-decisions tbody tr', (trs) => trs.map((t) => t.textContent));
    await axe('artifacts');
    await page.fill('#r-reason', cfg.reason);
    await page.click('#revoke');
    await page.waitForFunction(() => /revoked=/.test(location.hash) && document.querySelector('#artifact-status'));
    await page.waitForSelector('#artifact-revocations');
    out.after = await page.textContent('#artifact-status');
    out.revocationRows = await page.$$eval('#artifact-revocations tbody tr', (trs) => trs.map((t) => Array.from(t.children, (td) => td.textContent)));
    await axe('artifacts-revoked');
    await shot('console-artifacts-revoked');
    await page.fill('#r-reason', '   ');
    await page.click('#revoke');
    out.blankReason = await page.textContent('#revoke-status');
  },

  /** The table follows new decisions: one is asked for (over the API, as a pipeline would) while the page is open. */
  async live() {
    await signIn('auditor');
    await page.waitForSelector('#decision-rows tr');
    out.before = (await decisionIds()).length;
    const r = await fetch(cfg.baseUrl + '/v1/decisions', { method: 'POST', body: readFileSync(cfg.requestFile),
      headers: { Authorization: 'Bearer ' + cfg.tokens.pipeline, 'Content-Type': 'application/json' } });
    out.posted = (await r.json()).decisionId;
    await page.waitForSelector(`#decision-rows tr.fresh[data-decision="${out.posted}"]`, { timeout: 30000 });
    out.firstRow = (await decisionIds())[0];
    out.live = await page.textContent('#live');
  },
};

try {
  await scenarios[cfg.scenario]();
  await collectCsp();
} catch (e) {
  out.error = String(e && e.stack ? e.stack : e);
  try {
    await shot('failure-' + cfg.scenario);
  } catch (x) {
    // nothing more
  }
} finally {
  await context.close();
}
writeFileSync(1, JSON.stringify(out) + '\n');
