// The web-spreadsheet demo (www/sheets/demo.html) in headless Chromium under
// the strict CSP: it loads HyperFormula from node_modules and the core from
// pkg/, uses every PARTNER_ function, and recomputes a score when a cell is
// edited (checked against the wrapper in Node). No request leaves 127.0.0.1.
//
//   node --test tests/browser/sheets-demo.test.mjs

import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, mkdirSync } from 'node:fs';
import { startServer } from '../../scripts/serve.mjs';
import * as lib from '../../www/lib/index.js';
import { browserSkip, launch, closeServer } from './watch.mjs';


const skip = browserSkip
  || (!existsSync(new URL('../../node_modules/hyperformula/dist/hyperformula.full.min.js', import.meta.url))
    && 'hyperformula is not installed (npm install)');

let browser;
let server;
let base;

before(async () => {
  if (skip) return;
  await lib.init();
  ({ server, url: base } = await startServer({ port: 0 }));
  browser = await launch();
});

after(async () => {
  await browser?.close();
  await closeServer(server);
});

// Opens the demo in a fresh context that records every problem.
async function openDemo(viewport) {
  const context = await browser.newContext({ viewport, locale: 'en-US' });
  const problems = [];
  await context.route('**/*', (route) => {
    const url = new URL(route.request().url());
    if (url.protocol === 'data:' || url.protocol === 'blob:' || url.hostname === '127.0.0.1') return route.continue();
    problems.push(`request to a foreign host: ${url.href}`);
    return route.abort('blockedbyclient');
  });
  await context.addInitScript(() => {
    window.__csp = [];
    document.addEventListener('securitypolicyviolation', (e) => window.__csp.push(`${e.violatedDirective} ${e.blockedURI}`));
  });
  const page = await context.newPage();
  page.on('console', (m) => m.type() === 'error' && problems.push(`console: ${m.text()}`));
  page.on('pageerror', (e) => problems.push(`page error: ${e.message}`));
  page.on('response', (r) => r.status() >= 400 && problems.push(`HTTP ${r.status()} ${r.url()}`));
  const check = async () => {
    const csp = await page.evaluate(() => window.__csp);
    assert.deepEqual([...problems, ...csp.map((v) => `CSP violation: ${v}`)], []);
  };
  return { context, page, check };
}

describe('spreadsheet demo', { skip }, () => {
  it('edits a cell and reads the recomputed score, under the CSP, offline', async () => {
    const context = await browser.newContext({ viewport: { width: 1400, height: 1000 }, locale: 'en-US' });
    const problems = [];
    await context.route('**/*', (route) => {
      const url = new URL(route.request().url());
      if (url.protocol === 'data:' || url.protocol === 'blob:' || url.hostname === '127.0.0.1') return route.continue();
      problems.push(`request to a foreign host: ${url.href}`);
      return route.abort('blockedbyclient');
    });
    await context.addInitScript(() => {
      window.__csp = [];
      document.addEventListener('securitypolicyviolation', (e) => window.__csp.push(`${e.violatedDirective} ${e.blockedURI}`));
    });
    const page = await context.newPage();
    page.on('console', (m) => m.type() === 'error' && problems.push(`console: ${m.text()}`));
    page.on('pageerror', (e) => problems.push(`page error: ${e.message}`));
    page.on('response', (r) => r.status() >= 400 && problems.push(`HTTP ${r.status()} ${r.url()}`));
    try {
      // The demo index links here.
      await page.goto(new URL('www/index.html', base).href);
      assert.equal(await page.locator('a[href="sheets/demo.html"]').count(), 1, 'the demo index links to the spreadsheet demo');
      await page.goto(new URL('www/sheets/demo.html', base).href);
      await page.waitForSelector('body[data-ready="true"]', { timeout: 20_000 });

      // Every function is used by a formula on the page.
      const formulas = (await page.locator('td[data-formula]').evaluateAll((tds) => tds.map((td) => td.dataset.formula))).join(' ');
      for (const name of ['FIT', 'BAND', 'REASONS', 'BEST_TYPE', 'TIER', 'TIER_GAP', 'HOURLY_RETURN', 'RETURN_MULTIPLE',
        'REQUIRED_PAYOUT', 'REFERRAL_COMMISSION', 'RESELLER_MARGIN', 'DEAL_REG_PAYOUT', 'REP_PAYOUT', 'PROGRAM_ROI']) {
        assert.match(formulas, new RegExp(`PARTNER_${name}\\(`), `PARTNER_${name} is used`);
      }
      const value = (id) => page.locator(`#${id}`).evaluate((el) => el.parentElement.dataset.value);
      assert.equal(await value('C10'), 'Platinum');
      assert.equal(await value('B20'), '250');

      // Read the first prospect, score it in Node, compare; then edit a cell.
      const readRecord = async () => {
        const headers = await Promise.all(['B1', 'C1', 'D1', 'E1', 'F1', 'G1'].map(value));
        const cells = await Promise.all(['B2', 'C2', 'D2', 'E2', 'F2', 'G2'].map(value));
        const typed = (v) => (v === 'true' ? true : v === 'false' ? false : v === '' || Number.isNaN(Number(v)) ? v : Number(v));
        return Object.fromEntries(headers.map((h, i) => [h, typed(cells[i])]).filter(([, v]) => v !== ''));
      };
      const before = Number(await value('H2'));
      assert.equal(before, lib.scorePartner(await readRecord(), 'referral').score);

      await page.locator('#B2').click();
      await page.keyboard.type('95');
      await page.keyboard.press('Enter');
      await page.waitForFunction((prev) => document.getElementById('H2').parentElement.dataset.value !== prev, String(before));
      const afterScore = Number(await value('H2'));
      assert.ok(afterScore > before, `the score rose from ${before} to ${afterScore}`);
      assert.equal(afterScore, lib.scorePartner(await readRecord(), 'referral').score, 'the page shows the core\'s score');
      assert.equal(await page.locator('#H2').inputValue(), String(afterScore));

      // An out-of-range input gives #NUM! with the core's message; fixing it clears it.
      await page.locator('#B11').click();
      await page.keyboard.type('-5');
      await page.keyboard.press('Enter');
      await page.waitForFunction(() => document.getElementById('C11').parentElement.dataset.value === '#NUM!');
      assert.match(await page.locator('#C11').getAttribute('title'), /negative-amount/);
      await page.locator('#B11').click();
      await page.keyboard.type('180000');
      await page.keyboard.press('Enter');
      await page.waitForFunction(() => document.getElementById('C11').parentElement.dataset.value === 'Gold');

      mkdirSync(new URL('../../target/artifacts/', import.meta.url), { recursive: true });
      await page.screenshot({ path: new URL('../../target/artifacts/sheets-demo.png', import.meta.url).pathname, fullPage: true });
      const csp = await page.evaluate(() => window.__csp);
      assert.deepEqual([...problems, ...csp.map((v) => `CSP violation: ${v}`)], []);
    } finally {
      await context.close();
    }
  });
  it('behaves like a spreadsheet: typing replaces, Enter/F2 edit, arrows move, errors in plain sight, Why on screen at 1280 px', async () => {
    const { context, page, check } = await openDemo({ width: 1280, height: 800 });
    try {
      await page.goto(new URL('www/sheets/demo.html', base).href);
      await page.waitForSelector('body[data-ready="true"]', { timeout: 20_000 });
      const value = (id) => page.locator(`#${id}`).evaluate((el) => el.parentElement.dataset.value);
      const active = () => page.evaluate(() => document.activeElement.id);

      // Typing into a selected cell replaces its content (55 → 95, not 5595).
      await page.locator('#B2').click();
      await page.keyboard.type('95');
      await page.keyboard.press('Enter');
      assert.equal(await value('B2'), '95');
      assert.equal(await active(), 'B3', 'Enter after an edit moves down');

      // Arrow keys move the selection.
      await page.keyboard.press('ArrowRight');
      assert.equal(await active(), 'C3');
      await page.keyboard.press('ArrowUp');
      assert.equal(await active(), 'C2');
      await page.keyboard.press('ArrowLeft');
      assert.equal(await active(), 'B2');
      await page.keyboard.press('ArrowDown');
      assert.equal(await active(), 'B3');

      // F2 edits in place, keeping the content (2000 → 20000); the payout's hourly return follows.
      await page.locator('#B17').click();
      await page.keyboard.press('F2');
      await page.keyboard.type('0');
      await page.keyboard.press('Enter');
      assert.equal(await value('B17'), '20000');
      assert.equal(await value('B20'), '2500');
      // Enter on a selected cell edits it too; Escape cancels the edit.
      await page.locator('#B18').click();
      await page.keyboard.press('Enter');
      await page.keyboard.type('0');
      await page.keyboard.press('Escape');
      assert.equal(await value('B18'), '8');
      assert.equal(await page.locator('#B18').inputValue(), '8');

      // An error's message is on the page, not only in a tooltip.
      await page.locator('#B11').click();
      await page.keyboard.type('-5');
      await page.keyboard.press('Enter');
      await page.waitForFunction(() => document.getElementById('C11').parentElement.dataset.value === '#NUM!');
      const listed = page.locator('#errors li', { hasText: 'C11' });
      assert.ok(await listed.isVisible(), 'the error list shows C11');
      assert.match(await listed.textContent(), /#NUM! .*negative-amount/);
      await page.locator('#C11').click();
      assert.ok(await page.locator('#cell-info').isVisible());
      assert.match(await page.locator('#cell-info').textContent(), /^C11: #NUM! .*negative-amount/);

      // The "Why" column (K) is on screen at 1280 px, with no horizontal scrolling.
      const box = await page.locator('#K2').boundingBox();
      assert.ok(box !== null && box.x >= 0 && box.x + box.width <= 1280, `K2 spans ${box?.x}-${box && box.x + box.width} px`);
      assert.ok(box.width >= 200, `K2 is ${box.width} px wide`);
      assert.match(await page.locator('#K2').inputValue(), /\S/, 'K2 shows the reasons');
      await check();
    } finally {
      await context.close();
    }
  });
});
