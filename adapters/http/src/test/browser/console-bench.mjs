// Times the console in Debian's Chromium against a running gavel serve (bench/console.sh starts it):
// the decisions page until its first rows show, one decision's in-page proof, and the full in-page
// ledger verification. Prints one JSON object. Usage: node console-bench.mjs URL TOKEN CHROMIUM RUNS
import { mkdtempSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { chromium } from 'playwright-core';

const [url, token, exe, runs = '3'] = process.argv.slice(2);
const out = { load: [], proof: [], audit: [], entries: null };
for (let i = 0; i < Number(runs); i++) {
  const ctx = await chromium.launchPersistentContext(mkdtempSync(path.join(os.tmpdir(), 'gavel-bench-')), {
    executablePath: exe, headless: true,
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
  });
  const page = ctx.pages()[0] || (await ctx.newPage());
  page.setDefaultTimeout(600000);
  await page.goto(url + '/');
  await page.fill('#token', token);
  const t0 = Date.now();
  await page.click('#signin-form button[type=submit]');
  await page.waitForSelector('#decision-rows tr');
  out.load.push(Date.now() - t0);
  const id = await page.getAttribute('#decision-rows tr', 'data-decision');
  await page.click(`#decision-rows tr[data-decision="${id}"] a`);
  await page.waitForSelector('#proof-time');
  out.proof.push(Number((await page.textContent('#proof-time')).match(/(\d+) ms/)[1]));
  await page.click('#nav a[href="#/ledger"]');
  await page.click('#verify-all');
  await page.waitForSelector('#audit-verdict');
  const label = await page.textContent('#audit-label');
  const m = label.match(/(\d+) of (\d+) entries checked in (\d+) ms/);
  out.verdict = await page.textContent('#audit-verdict');
  out.entries = Number(m[2]);
  out.audit.push(Number(m[3]));
  await ctx.close();
}
console.log(JSON.stringify(out));
