// The analytics page's "Learn from your history" panel (www/analytics/learn.js)
// in headless Chromium: a generated partners CSV with the referral profile's
// fields and a deals CSV; the outcome from the deals ("a won deal within N
// months of signing") and from a column; weights before and after, the
// held-out AUC of both, the calibration chart as SVG, the JSON download, and
// an error that names the row; and a 50,000-partner fit, which runs in the
// page's Worker with no long main-thread task. Plus the outcome helpers in
// Node.
//
//   node --test tests/browser/analytics-learn.test.mjs

import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { watchedPage as watched, browserSkip, serveAndLaunch } from './watch.mjs';
import { addMonths, outcomeOf } from '../../www/analytics/learn.js';
import { prng } from '../js/prng.mjs';


// 300 partners; a partner with a high ICP match and many buying triggers
// tends to win a deal within 12 months of signing, the others later or never.
function history(n = 300) {
  const rand = prng(21);
  const partners = ['Record ID,Partner Since,icpMatchPercent,buyingTriggersPerQuarter,returnMultiple,customerOverlapPercent,firmType,sellsCompetingProduct,Active'];
  const deals = ['Opportunity ID,Partner Account ID,Stage,Close Date'];
  for (let i = 0; i < n; i++) {
    const icp = Math.round(rand() * 100);
    const triggers = Math.round(rand() * 8);
    const z = -4 + 0.05 * Math.min(icp, 70) + 0.5 * Math.min(triggers, 6);
    const active = rand() < 1 / (1 + Math.exp(-z));
    const signed = `2024-${String(1 + (i % 12)).padStart(2, '0')}-15`;
    partners.push([`P${i}`, signed, icp, triggers, (Math.round(rand() * 35) / 10), Math.round(rand() * 40), ['agency', 'consulting', 'saas', 'other'][i % 4], 'no', active ? 'yes' : 'no'].join(','));
    const closeMonths = active ? 1 + Math.floor(rand() * 11) : 14 + Math.floor(rand() * 6);
    deals.push(`D${i},P${i},Closed Won,${addMonths(signed, closeMonths)}`);
  }
  return { partners: `${partners.join('\n')}\n`, deals: `${deals.join('\n')}\n` };
}

describe('learn helpers (Node)', () => {
  it('reads outcome cells and adds months with the day clamped', () => {
    assert.equal(outcomeOf(' Yes '), true);
    assert.equal(outcomeOf('0'), false);
    assert.equal(outcomeOf('maybe'), undefined);
    assert.equal(addMonths('2024-01-31', 1), '2024-02-29');
    assert.equal(addMonths('2024-11-15', 14), '2026-01-15');
  });
});

const skip = browserSkip;
let browser;
let base;
serveAndLaunch((b, url) => {
  browser = b;
  base = url;
});

const file = (name, text) => ({ name, mimeType: 'text/csv', buffer: Buffer.from(text, 'utf8') });

describe('Learn from your history panel', { skip }, () => {
  it('fits from the deals and from a column, shows both AUCs, the chart and the download', async () => {
    const { page, context, check } = await watched(browser, {});
    try {
      await page.goto(new URL('www/analytics/index.html', base).href);
      await page.waitForSelector('#learn-run', { timeout: 15_000 });
      const { partners, deals } = history();
      await page.setInputFiles('#learn-partners', file('partners.csv', partners));
      await page.setInputFiles('#learn-deals', file('deals.csv', deals));
      await page.waitForFunction(() => document.querySelector('#learn-stage option') !== null);
      await page.selectOption('#learn-profile', 'referral');
      await page.fill('#learn-months', '12');
      await page.click('#learn-run');
      await page.waitForSelector('#learn-result .learn-auc');
      const auc = await page.locator('#learn-result .learn-auc').textContent();
      const m = /Held-out AUC: fitted ([\d.]+), base ([\d.]+)/.exec(auc);
      assert.ok(m, auc);
      assert.ok(Number(m[1]) > Number(m[2]), auc);
      assert.match(auc, /300 partners/);
      assert.equal(await page.locator('#learn-result svg.learn-chart rect.bar').count(), 4, 'one bar per referral band');
      assert.equal(await page.locator('#learn-result table.learn-weights tbody tr').count(), 6);
      const href = await page.locator('#learn-download').getAttribute('href');
      assert.match(href, /^blob:/);
      const [download] = await Promise.all([page.waitForEvent('download'), page.click('#learn-download')]);
      assert.equal(download.suggestedFilename(), 'referral-fitted.json');
      const fitted = JSON.parse(readFileSync(await download.path(), 'utf8'));
      assert.equal(fitted.id, 'referral');
      assert.ok(fitted.criteria.every((c) => c.weight > 0));

      // The hand-off: the page's profile editor receives exactly the fitted
      // profile, validates it with the core and previews the first partner.
      assert.equal(await page.locator('#learn-editor').isHidden(), true);
      await page.click('#learn-to-editor');
      await page.locator('#learn-editor').waitFor({ state: 'visible' });
      await page.waitForFunction(() => /^\d/.test(document.querySelector('#learn-profile-editor .ppe-score')?.textContent ?? ''));
      const inEditor = await page.evaluate(() => {
        const e = document.getElementById('learn-profile-editor');
        return { profile: e.profile, validation: e.validation, sample: e.sample, score: e.querySelector('.ppe-score').textContent };
      });
      assert.deepEqual(inEditor.profile, fitted);
      assert.equal(inEditor.validation.ok, true, JSON.stringify(inEditor.validation.errors));
      assert.equal(inEditor.sample.icpMatchPercent, partners.split('\n')[1].split(',')[2], 'the preview scores the first partner');
      assert.match(inEditor.score, /^\d+([.,]\d)?$/);
      assert.equal(await page.evaluate(() => document.activeElement?.id), 'learn-editor-heading');

      // The same history from the Active column.
      await page.check('#learn-mode-column');
      await page.selectOption('#learn-outcome', { label: 'Active' });
      await page.click('#learn-run');
      await page.waitForFunction(() => /Fitted referral/.test(document.querySelector('#learn-status').textContent));

      // A bad outcome cell names its row.
      await page.selectOption('#learn-outcome', { label: 'firmType' });
      await page.click('#learn-run');
      await page.waitForFunction(() => /row 2/.test(document.querySelector('#learn-status').textContent));
      await check();
    } finally {
      await context.close();
    }
  });

  it('fits 50,000 partners in the worker: no main-thread task of 1 s or more', async () => {
    const { page, context, check } = await watched(browser, {});
    try {
      await page.goto(new URL('www/analytics/index.html', base).href);
      await page.waitForSelector('#learn-run', { timeout: 15_000 });
      const { partners } = history(50_000);
      await page.evaluate(() => {
        window.tasks = [];
        new PerformanceObserver((list) => {
          for (const e of list.getEntries()) window.tasks.push([e.startTime, e.duration]);
        }).observe({ type: 'longtask' });
      });
      // Handing the file to the page is Playwright's own work; what counts
      // is the page's from then on: reading, parsing, fitting, drawing.
      await page.setInputFiles('#learn-partners', file('partners.csv', partners));
      const from = await page.evaluate(() => performance.now());
      await page.waitForFunction(() => /Partners: 50000 rows/.test(document.querySelector('#learn-status').textContent), null, { timeout: 60_000 });
      await page.selectOption('#learn-profile', 'referral');
      await page.check('#learn-mode-column');
      await page.selectOption('#learn-outcome', { label: 'Active' });
      await page.click('#learn-run');
      await page.waitForFunction(() => /Fitted referral on 50000 partners/.test(document.querySelector('#learn-status').textContent), null, { timeout: 120_000 });
      const auc = await page.locator('#learn-result .learn-auc').textContent();
      assert.match(auc, /50000 partners/);
      const longest = await page.evaluate((t) => Math.max(0, ...window.tasks.filter(([start]) => start >= t).map(([, d]) => d)), from);
      // On the main thread the fit alone was one task of seconds.
      assert.ok(longest < 1000, `the main thread was blocked for ${Math.round(longest)} ms`);
      await check();
    } finally {
      await context.close();
    }
  });
});
