// The CRM panel (www/crm/panel.html) in plain words, in headless Chromium:
// reasons give the criterion's label and its value in words, never a CRM
// property name; each criterion's source is on demand; the band's meaning
// is read from the profile; a failed must-have reads as a sentence; an
// error leads with its message and keeps the code on a details line.
//
//   node --test tests/browser/panel-words.test.mjs

import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { watchedPage, browserSkip, serveAndLaunch } from './watch.mjs';

let browser;
let base;
serveAndLaunch((b, url) => {
  browser = b;
  base = url;
});

async function standalone(page) {
  await page.goto(new URL('www/crm/panel.html', base).href);
  await page.waitForSelector('html[data-first-result]', { timeout: 15_000 });
}

async function scoreRecord(page, properties) {
  const label = await page.locator('#score').textContent();
  await page.locator('#standalone-record').fill(JSON.stringify(properties));
  await page.locator('#standalone-score').click();
  return label;
}

describe('CRM panel in plain words', { skip: browserSkip }, () => {
  it('shows labels and values in words, sources on demand, and what the band means', async () => {
    const { page, context, check } = await watchedPage(browser, { viewport: { width: 360, height: 800 } });
    try {
      await standalone(page);
      const sample = JSON.parse(await page.locator('#standalone-record').inputValue());
      const reasons = page.locator('#reasons li');
      const values = await page.locator('#reasons .reason-value').allTextContents();
      assert.ok(values.length > 0);
      for (const v of values) assert.ok(!/partner_[a-z_]+/.test(v), `no CRM property name in “${v}”`);
      const icp = reasons.filter({ has: page.locator('.reason-label', { hasText: 'Customers match our ICP' }) });
      assert.equal(await icp.locator('.reason-value').textContent(), `${sample.partner_icp_match_percent}%`);
      const competing = reasons.filter({ has: page.locator('.reason-label', { hasText: 'Sells a competing product' }) });
      assert.equal(await competing.locator('.reason-value').textContent(), 'Does not sell a competing product');

      // The source and the CRM property, on demand.
      const profile = await page.evaluate(async () => {
        const lib = await import('/www/lib/index.js');
        return lib.builtinProfiles().find((p) => p.id === 'referral');
      });
      const details = icp.locator('details.reason-source');
      assert.equal(await details.getAttribute('open'), null);
      await details.locator('summary').click();
      const text = await details.textContent();
      assert.ok(text.includes(profile.criteria.find((c) => c.field === 'icpMatchPercent').source));
      assert.match(text, /CRM property: partner_icp_match_percent/);

      // The band's meaning, with the thresholds of the profile in use.
      const band = (await page.locator('#band').textContent()).trim();
      const own = [...profile.bands].sort((a, b) => b.min - a.min);
      const i = own.findIndex((b) => b.label === band);
      const range = i === 0 ? `${own[0].min}–100` : `${own[i].min} to under ${own[i - 1].min}`;
      assert.match(await page.locator('#band-meaning').textContent(), new RegExp(`^${band} \\(${range}\\): `));
      await page.locator('#score-meaning summary').click();
      assert.deepEqual(await page.locator('#band-list li strong').allTextContents(), own.map((b) => b.label));
      await check();
    } finally {
      await context.close();
    }
  });

  it('says a disqualification in words, labels the breakdown, and leads errors with their message', async () => {
    const { page, context, check } = await watchedPage(browser, { viewport: { width: 360, height: 800 } });
    try {
      await standalone(page);
      const sample = JSON.parse(await page.locator('#standalone-record').inputValue());
      await scoreRecord(page, { ...sample, partner_sells_competing_product: 'true' });
      await page.locator('#disqualified').waitFor({ state: 'visible' });
      assert.deepEqual(await page.locator('#failed-gates li').allTextContents(), ['Disqualified: sells a competing product (a must-have)']);
      assert.equal(await page.locator('#reasons-heading').textContent(), 'Without the gate');
      assert.match(await page.locator('#reasons-hint').textContent(), /score is 0 because a must-have failed/);

      // A malformed record: the message first, then the code.
      await page.locator('#standalone-record').fill('{"oops": ');
      await page.locator('#standalone-score').click();
      const box = page.locator('#error');
      await box.waitFor({ state: 'visible' });
      assert.equal(await box.locator('.error-detail').textContent(), 'Code invalid-json, at record');
      const message = await box.locator('.error-message').textContent();
      assert.ok(!message.startsWith('invalid-json'), message);
      await check();
    } finally {
      await context.close();
    }
  });
});
