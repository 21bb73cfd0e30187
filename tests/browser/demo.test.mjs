// Browser end-to-end tests in headless Chromium (Debian's /usr/bin/chromium,
// driven by playwright-core; no browser download): the demo page under the
// strict content security policy, and the golden vectors run in the page.
//
//   node --test tests/browser/

import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { readdir } from 'node:fs/promises';
import { startServer } from '../../scripts/serve.mjs';
import { watchedPage as watched, browserSkip, launch, closeServer, loadAxe } from './watch.mjs';


const skip = browserSkip;

let browser;
let server;
let base;

before(async () => {
  if (skip) return;
  ({ server, url: base } = await startServer({ port: 0 }));
  browser = await launch();
});

after(async () => {
  await browser?.close();
  await closeServer(server);
});

// A page that records every console error, page error, CSP violation and
// request to a host other than 127.0.0.1 (which it also blocks).
async function watchedPage(viewport) {
  return watched(browser, { viewport, failedRequests: true });
}

describe('demo page', { skip }, () => {
  it('serves the strict content security policy', async () => {
    const res = await fetch(new URL('www/index.html', base));
    assert.equal(res.status, 200);
    assert.match(res.headers.get('content-security-policy'), /script-src 'self' 'wasm-unsafe-eval'/);
    const wasm = await fetch(new URL('pkg/partner_scoring_bg.wasm', base));
    assert.equal(wasm.headers.get('content-type'), 'application/wasm');
    const root = await fetch(base, { redirect: 'manual' });
    assert.equal(root.status, 302);
    assert.equal(root.headers.get('location'), '/www/index.html');
  });

  it('shows a score, updates it live, switches profile, explains errors', async () => {
    const { page, context, check } = await watchedPage();
    try {
      await page.goto(new URL('www/index.html', base).href);
      await page.waitForSelector('html[data-ready="true"]', { timeout: 15_000 });

      const score = page.locator('#score');
      const first = (await score.textContent()).trim();
      assert.match(first, /^\d+([.,]\d)?$/, `a score is shown (got ${JSON.stringify(first)})`);
      assert.notEqual((await page.locator('#band').textContent()).trim(), '–');
      assert.ok(await page.locator('#contributions tbody tr').count() > 0, 'contributions are listed');
      assert.equal(await page.locator('#recommendations li').count(), 6, 'six partner types are ranked');

      // Edit the first numeric field to both ends of its scale: the score
      // moves. (100 is the top of a percent's domain; a value past it is
      // invalid data and scores like 0, README "Scoring rules".)
      const input = page.locator('#record-fields input[type="number"]').first();
      await input.fill('0');
      const low = (await score.textContent()).trim();
      await input.fill('100');
      await page.waitForFunction((prev) => document.getElementById('score').textContent.trim() !== prev, low);
      const high = (await score.textContent()).trim();
      assert.notEqual(high, low, 'editing a field changes the score');
      const json = JSON.parse(await page.locator('#record-json').inputValue());
      const field = await input.getAttribute('data-field');
      assert.equal(json[field], 100, 'the JSON view follows the form');

      // Blank a field: it is reported as missing.
      await input.fill('');
      await page.waitForFunction(
        (f) => [...document.querySelectorAll('#missing-fields li')].some((li) => li.textContent === f),
        field,
      );

      // A failed must-have disqualifies, and says which.
      const gateField = await page.locator('#record-fields select').evaluateAll((els) => els
        .filter((el) => el.closest('.field').querySelector('.badge') && [...el.options].some((o) => o.value === 'true'))
        .map((el) => el.id));
      assert.ok(gateField.length > 0, 'the profile has a flag gate');
      const gate = page.locator(`#${gateField[0]}`);
      const gateBefore = await gate.inputValue();
      await gate.selectOption(gateBefore === 'true' ? 'false' : 'true');
      await page.locator('#disqualified').waitFor({ state: 'visible' });
      assert.equal((await score.textContent()).trim(), '0.0');
      assert.ok(await page.locator('#failed-gates li').count() > 0);
      await gate.selectOption(gateBefore);
      await page.locator('#disqualified').waitFor({ state: 'hidden' });

      // Switch profile: the form and the result follow.
      const firstProfile = (await page.locator('#profile-name').textContent()).trim();
      const before = await page.locator('#record-fields label').allTextContents();
      const options = await page.locator('#profile-select option').evaluateAll((os) => os.map((o) => o.value));
      const other = options.find((v) => v && v !== '__custom' && v !== options[0]);
      await page.selectOption('#profile-select', other);
      await page.waitForFunction(
        (prev) => document.getElementById('profile-name').textContent.trim() !== prev,
        firstProfile,
      );
      const after = await page.locator('#record-fields label').allTextContents();
      assert.notDeepEqual(after, before, 'the form shows the new profile\'s criteria');
      assert.match((await score.textContent()).trim(), /^\d+([.,]\d)?$/);

      // A custom profile: problems are listed; a valid one is used.
      await page.locator('#custom-profile summary').click();
      await page.locator('#profile-copy').click();
      const custom = JSON.parse(await page.locator('#profile-json').inputValue());
      await page.locator('#profile-json').fill(JSON.stringify({ ...custom, criteria: [] }));
      await page.locator('#profile-apply').click();
      const profileAlert = page.locator('#error[role="alert"]');
      await profileAlert.waitFor({ state: 'visible' });
      assert.match(await profileAlert.textContent(), /empty-profile/);
      assert.match(await page.locator('#profile-problems').textContent(), /criteria/);
      await page.locator('#profile-json').fill(JSON.stringify({ ...custom, id: 'mine', name: 'My own profile' }, null, 2));
      await page.locator('#profile-apply').click();
      await page.waitForFunction(() => document.getElementById('profile-name').textContent === 'My own profile');
      assert.equal(await profileAlert.isHidden(), true);
      assert.equal(await page.locator('#profile-select').inputValue(), '__custom');
      assert.match((await score.textContent()).trim(), /^\d+([.,]\d)?$/);

      // Malformed record JSON: the module's error is shown with its code.
      await page.locator('#record-json').fill('{"oops": ');
      const alert = page.locator('#error[role="alert"]');
      await alert.waitFor({ state: 'visible' });
      assert.match(await alert.textContent(), /invalid-json/);
      assert.match(await alert.textContent(), /record/);
      await page.locator('#record-json').fill('{}');
      await alert.waitFor({ state: 'hidden' });

      // Record values are inserted as text, never as HTML.
      await page.locator('#record-json').fill(JSON.stringify({ [field]: '<img src=x onerror="window.__xss=1">' }));
      await page.waitForFunction(() => document.querySelector('#contributions tbody td.value') !== null);
      assert.equal(await page.evaluate(() => window.__xss), undefined);
      assert.equal(await page.locator('#contributions img').count(), 0);

      // Partner economics: the seed example of design.md §3.3.
      assert.match(await page.locator('#econ-hourly').textContent(), /250\.00/);
      assert.match(await page.locator('#econ-multiple').textContent(), /0\.83/);
      assert.match(await page.locator('#econ-verdict').textContent(), /Loses money/);
      assert.match(await page.locator('#econ-required').textContent(), /6,000\.00/);
      await page.locator('#econ-payout').fill('7500');
      await page.waitForFunction(() => /Motivated/.test(document.getElementById('econ-verdict').textContent));
      await page.locator('#econ-hours').fill('0');
      const econAlert = page.locator('#econ-error[role="alert"]');
      await econAlert.waitFor({ state: 'visible' });
      assert.match(await econAlert.textContent(), /out-of-range/);
      assert.match(await econAlert.textContent(), /hoursPerDeal/);

      await check();
    } finally {
      await context.close();
    }
  });

  it('is usable at 360px wide (no horizontal scrolling)', async () => {
    const { page, context, check } = await watchedPage({ width: 360, height: 740 });
    try {
      await page.goto(new URL('www/index.html', base).href);
      await page.waitForSelector('html[data-ready="true"]', { timeout: 15_000 });
      const widths = await page.evaluate(() => ({
        scroll: document.documentElement.scrollWidth,
        client: document.documentElement.clientWidth,
      }));
      assert.ok(widths.scroll <= widths.client, `page is ${widths.scroll}px wide in a ${widths.client}px viewport`);
      // Every form control has an accessible name.
      const unnamed = await page.evaluate(() => [...document.querySelectorAll('input, select, textarea')]
        .filter((el) => !(el.labels && el.labels.length > 0) && !el.getAttribute('aria-label'))
        .map((el) => el.id || el.outerHTML.slice(0, 60)));
      assert.deepEqual(unnamed, []);
      await check();
    } finally {
      await context.close();
    }
  });
});

describe('golden vectors in the browser', { skip }, () => {
  it('recovers from an exception thrown in the middle of a call', async () => {
    const { page, context, problems, check } = await watchedPage();
    try {
      await page.goto(new URL('tests/browser/golden.html', base).href);
      await page.waitForSelector('html[data-ready="true"]', { timeout: 15_000 });
      const out = await page.evaluate(async () => {
        const lib = await import('/www/lib/index.js');
        await lib.init();
        const seen = [];
        for (let round = 0; round < 3; round += 1) {
          try {
            lib.scorePartner({ get icpMatchPercent() { throw new Error('getter trap'); } }, 'referral');
            seen.push('no error');
          } catch (err) {
            seen.push(`${err instanceof lib.PartnerScoringError}:${err.code}`);
          }
          seen.push(lib.assignTier(100000).tier);
          await new Promise((done) => setTimeout(done, 50));
        }
        return seen;
      });
      assert.deepEqual(out, ['true:internal', 'Gold', 'true:internal', 'Gold', 'true:internal', 'Gold']);
      assert.deepEqual(problems, []);
      await check();
    } finally {
      await context.close();
    }
  });

  it('runs every case of tests/golden/*.json with no failure', async () => {
    let files = [];
    try {
      files = (await readdir(new URL('../golden/', import.meta.url))).filter((n) => n.endsWith('.json')).sort();
    } catch (err) {
      if (err.code !== 'ENOENT') throw err;
    }
    assert.ok(files.length > 0, 'no golden files in tests/golden/');
    const { page, context, check } = await watchedPage();
    try {
      await page.goto(new URL('tests/browser/golden.html', base).href);
      await page.waitForSelector('html[data-ready="true"]', { timeout: 15_000 });
      const { count, failures } = await page.evaluate((names) => window.runGolden(names), files);
      assert.ok(count > 0, 'the golden files hold cases');
      assert.deepEqual(failures, [], `${failures.length} of ${count} golden cases failed in the browser`);
      await check();
    } finally {
      await context.close();
    }
  });
});
