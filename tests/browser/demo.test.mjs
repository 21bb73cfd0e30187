// Browser end-to-end tests in headless Chromium (Debian's /usr/bin/chromium,
// driven by playwright-core; no browser download): the demo page under the
// strict content security policy, and the golden vectors run in the page.
//
//   node --test tests/browser/

import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { readdir } from 'node:fs/promises';
import { watchedPage as watched, browserSkip, loadAxe, serveAndLaunch } from './watch.mjs';


const skip = browserSkip;

let browser;
let base;
serveAndLaunch((b, url) => {
  browser = b;
  base = url;
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

  it('preloads its whole module graph and the .wasm, and fetches each once', async () => {
    // README.md, "Browser, no bundler": the hints let the .wasm and every
    // module download beside the page's script, not one import after another.
    const { page, context, check } = await watchedPage();
    try {
      const requested = [];
      page.on('request', (req) => requested.push(new URL(req.url()).pathname));
      await page.goto(new URL('www/index.html', base).href);
      await page.waitForSelector('html[data-ready="true"]', { timeout: 15_000 });
      const hints = await page.evaluate(() => [...document.querySelectorAll('link[rel="modulepreload"], link[rel="preload"]')]
        .map((l) => ({ rel: l.rel, as: l.getAttribute('as'), path: new URL(l.href).pathname })));
      const modules = [...new Set(requested.filter((p) => p.endsWith('.js')))];
      assert.ok(modules.length >= 4, `the page loads its modules (${modules})`);
      for (const m of modules) {
        assert.ok(hints.some((h) => h.rel === 'modulepreload' && h.path === m), `${m} has a modulepreload hint`);
      }
      const wasm = requested.filter((p) => p.endsWith('.wasm'));
      assert.deepEqual(wasm, ['/pkg/partner_scoring_bg.wasm'], 'the .wasm is fetched once: the preload is the fetch init() uses');
      assert.ok(hints.some((h) => h.rel === 'preload' && h.as === 'fetch' && h.path === wasm[0]), 'the .wasm has a preload hint');
      await check();
    } finally {
      await context.close();
    }
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

      // Blank a field: it is reported as missing, by its criterion's label.
      await input.fill('');
      const fieldLabel = (await page.locator(`label[for="${await input.getAttribute('id')}"]`).textContent()).trim();
      await page.waitForFunction(
        (f) => [...document.querySelectorAll('#missing-fields li')].some((li) => f.startsWith(li.textContent)),
        fieldLabel,
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
      assert.match(await profileAlert.locator('.error-detail').textContent(), /empty-profile/);
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
      assert.match(await alert.locator('.error-detail').textContent(), /invalid-json/);
      assert.match(await alert.textContent(), /record/);
      await page.locator('#record-json').fill('{}');
      await alert.waitFor({ state: 'hidden' });

      // Record values are inserted as text, never as HTML.
      await page.locator('#record-json').fill(JSON.stringify({ [field]: '<img src=x onerror="window.__xss=1">' }));
      await page.waitForFunction(() => document.querySelector('#contributions tbody td.value') !== null);
      assert.equal(await page.evaluate(() => window.__xss), undefined);
      assert.equal(await page.locator('#contributions img').count(), 0);

      // Partner economics: the seed example of docs/design.md §3.3.
      assert.match(await page.locator('#econ-hourly').textContent(), /250\.00/);
      assert.match(await page.locator('#econ-multiple').textContent(), /0\.83/);
      assert.match(await page.locator('#econ-verdict').textContent(), /Loses money/);
      assert.match(await page.locator('#econ-required').textContent(), /6,000\.00/);
      await page.locator('#econ-payout').fill('7500');
      await page.waitForFunction(() => /Motivated/.test(document.getElementById('econ-verdict').textContent));
      await page.locator('#econ-hours').fill('0');
      const econAlert = page.locator('#econ-error[role="alert"]');
      await econAlert.waitFor({ state: 'visible' });
      assert.match(await econAlert.locator('.error-detail').textContent(), /out-of-range.*hoursPerDeal/);

      await check();
    } finally {
      await context.close();
    }
  });

  it('speaks in plain words: values, errors (message first), what each band means, each criterion’s source', async () => {
    const { page, context, check } = await watchedPage();
    try {
      await page.goto(new URL('www/index.html', base).href);
      await page.waitForSelector('html[data-ready="true"]', { timeout: 15_000 });
      const profile = await page.evaluate(async () => {
        const lib = await import('/www/lib/index.js');
        return lib.builtinProfiles().find((p) => p.id === document.getElementById('profile-select').value);
      });
      await page.locator('#field-icpMatchPercent').fill('55');
      const row = (label) => page.locator('#contributions tbody tr', { has: page.locator('th > span', { hasText: label }) });
      await page.waitForFunction(() => [...document.querySelectorAll('#contributions td.value')].some((td) => td.textContent === '55%'));
      assert.equal(await row('Customers match our ICP').locator('td.value').textContent(), '55%');
      assert.equal(await row('Sells a competing product').locator('td.value').textContent(), 'Does not sell a competing product');
      // No value cell, status or criterion heading shows a field name; the field is on demand.
      const shown = await page.locator('#contributions tbody tr').evaluateAll((trs) => trs.map((tr) => [
        tr.querySelector('th > span').textContent, tr.cells[1].textContent, tr.cells[2].textContent]).flat());
      for (const c of profile.criteria) assert.ok(!shown.some((t) => t.includes(c.field)), `${c.field} is not shown`);
      assert.ok(shown.includes('Scored'));
      // Each criterion's source, on demand.
      for (const c of profile.criteria) {
        const details = row(c.label).locator('details.source');
        assert.equal(await details.getAttribute('open'), null);
        await details.locator('summary').click();
        assert.ok((await details.textContent()).includes(c.source), `${c.label}: its source`);
        assert.match(await details.textContent(), new RegExp(`Record field: ${c.field}`));
      }
      // What the score means, from the profile's own bands.
      const band = (await page.locator('#band').textContent()).trim();
      const own = [...profile.bands].sort((a, b) => b.min - a.min);
      assert.match(await page.locator('#band-meaning').textContent(), new RegExp(`^${band} \\(`));
      await page.locator('#score-meaning summary').click();
      assert.deepEqual((await page.locator('#band-list li strong').allTextContents()), own.map((b) => b.label));
      assert.match(await page.locator('#band-list li').first().textContent(), new RegExp(`${own[0].min}–100`));
      assert.match(await page.locator('#coverage-meaning').textContent(), /share of the profile’s weight/);
      // A custom profile's own thresholds are the ones explained.
      await page.locator('#custom-profile summary').click();
      await page.locator('#profile-copy').click();
      const custom = JSON.parse(await page.locator('#profile-json').inputValue());
      custom.bands = [{ label: 'Top', min: 90 }, { label: 'Middle', min: 30 }, { label: 'Low', min: 0 }];
      await page.locator('#profile-json').fill(JSON.stringify({ ...custom, id: 'mine', name: 'Mine' }));
      await page.locator('#profile-apply').click();
      await page.waitForFunction(() => document.getElementById('profile-name').textContent === 'Mine');
      assert.deepEqual(await page.locator('#band-list li').allTextContents(), ['Top 90–100', 'Middle 30 to under 90', 'Low 0 to under 30']);

      // An error: its message first, the code only on a details line.
      await page.locator('#econ-payout').fill('-5');
      const alert = page.locator('#econ-error');
      await alert.waitFor({ state: 'visible' });
      const message = await alert.locator('.error-message').textContent();
      assert.ok(!/negative-amount|payoutPerDeal/.test(message), `the message is words: ${message}`);
      assert.match(await alert.locator('.error-detail').textContent(), /^Code negative-amount, at payoutPerDeal$/);
      const order = await alert.evaluate((el) => [...el.children].map((c) => c.className));
      assert.ok(order.indexOf('error-message') < order.indexOf('error-detail'));
      await check();
    } finally {
      await context.close();
    }
  });

  it('says a disqualification in words and shows the breakdown without the gate', async () => {
    const { page, context, check } = await watchedPage();
    try {
      await page.goto(new URL('www/index.html', base).href);
      await page.waitForSelector('html[data-ready="true"]', { timeout: 15_000 });
      assert.equal(await page.locator('#profile-select').inputValue(), 'referral');
      await page.locator('#field-sellsCompetingProduct').selectOption('true');
      await page.locator('#disqualified').waitFor({ state: 'visible' });
      assert.deepEqual(await page.locator('#failed-gates li').allTextContents(), ['Disqualified: sells a competing product (a must-have)']);
      assert.equal((await page.locator('#score').textContent()).trim(), '0.0');
      assert.equal(await page.locator('#why-heading').textContent(), 'What it would score without the gate');
      assert.match(await page.locator('#why-hint').textContent(), /score is 0 because a must-have failed/);
      const points = await page.locator('#contributions .points').allTextContents();
      assert.ok(points.some((p) => !p.startsWith('0.0 ')), 'the breakdown keeps the points without the gate');
      await page.locator('#field-sellsCompetingProduct').selectOption('false');
      await page.locator('#disqualified').waitFor({ state: 'hidden' });
      assert.equal(await page.locator('#why-heading').textContent(), 'Why this score');
      await check();
    } finally {
      await context.close();
    }
  });

  it('downloads the scores as CSV and copies them, with formula-like cells neutralised', async () => {
    const { page, context, check } = await watchedPage();
    try {
      await context.grantPermissions(['clipboard-read', 'clipboard-write'], { origin: new URL(base).origin });
      await page.goto(new URL('www/index.html', base).href);
      await page.waitForSelector('html[data-ready="true"]', { timeout: 15_000 });
      const record = JSON.parse(await page.locator('#record-json').inputValue());
      const evil = '=HYPERLINK("http://127.0.0.1/x","click")';
      await page.locator('#record-json').fill(JSON.stringify({ ...record, firmType: evil, icpMatchPercent: '@SUM(1)' }));
      await page.waitForFunction((e) => [...document.querySelectorAll('#contributions td.value')].some((td) => td.textContent.includes(e)), evil);
      const [download] = await Promise.all([page.waitForEvent('download'), page.locator('#export-csv').click()]);
      assert.equal(download.suggestedFilename(), 'partner-score-referral.csv');
      const csv = (await (async () => {
        const chunks = [];
        for await (const chunk of await download.createReadStream()) chunks.push(chunk);
        return Buffer.concat(chunks).toString('utf8');
      })()).replace(/^\ufeff/, '');
      const lines = csv.split('\r\n');
      assert.equal(lines[0], 'Profile,Score,Band,Disqualified,Coverage,Criterion,Record field,Value,Status,Points,Max points');
      assert.ok(csv.includes(`"'=HYPERLINK(""http://127.0.0.1/x"",""click"")"`), 'the formula is neutralised and quoted');
      assert.ok(csv.includes(`,'@SUM(1),invalid,`), 'the @ cell is neutralised');
      const rows = await page.locator('#contributions tbody tr').count();
      assert.equal(lines.filter((l) => l !== '').length, rows + 1, 'one row per criterion');
      for (const line of lines.slice(1)) assert.ok(!/(^|,)[=+@]/.test(line), `no cell starts a formula: ${line}`);
      assert.match(await page.locator('#export-status').textContent(), /Downloaded/);

      await page.locator('#export-copy').click();
      await page.waitForFunction(() => /Copied/.test(document.getElementById('export-status').textContent));
      const copied = await page.evaluate(() => navigator.clipboard.readText());
      assert.equal(copied.split('\r\n')[0], 'Profile\tScore\tBand\tDisqualified\tCoverage\tCriterion\tRecord field\tValue\tStatus\tPoints\tMax points');
      assert.ok(copied.includes(`\t'@SUM(1)\t`), 'the clipboard copy is neutralised too');
      assert.ok(copied.includes(`"'=HYPERLINK(""http://127.0.0.1/x"",""click"")"`));
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
  it('an input whose reading throws (a getter) is invalid-type, and the module keeps working', async () => {
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
      assert.deepEqual(out, ['true:invalid-type', 'Gold', 'true:invalid-type', 'Gold', 'true:invalid-type', 'Gold']);
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
