// Layouts on phones and in between, in headless Chromium: the ROI
// calculator's headline figures never break inside a number; the CRM demo
// host fits 428 and 375 px; the demo page's score is on the first screen of
// a phone; every page of these surfaces has a favicon (no 404).
//
//   node --test tests/browser/phone-layouts.test.mjs

import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { watchedPage, browserSkip, serveAndLaunch } from './watch.mjs';

let browser;
let base;
serveAndLaunch((b, url) => {
  browser = b;
  base = url;
});

// For each headline figure: every run of non-space characters that holds a
// digit sits on one line, and the figure does not spill out of its box.
function brokenFigures(calc) {
  return calc.evaluate((host) => {
    const bad = [];
    for (const out of host.shadowRoot.querySelectorAll('.headline output')) {
      if (out.offsetParent === null) continue;
      const node = [...out.childNodes].find((n) => n.nodeType === Node.TEXT_NODE) ?? out.firstChild;
      const walker = document.createTreeWalker(out, NodeFilter.SHOW_TEXT);
      for (let t = walker.nextNode(); t; t = walker.nextNode()) {
        for (const m of t.data.matchAll(/[^\s\u0020]+/g)) {
          if (!/\d/.test(m[0])) continue;
          const range = document.createRange();
          range.setStart(t, m.index);
          range.setEnd(t, m.index + m[0].length);
          const lines = new Set([...range.getClientRects()].map((r) => Math.round(r.top)));
          if (lines.size > 1) bad.push(`${out.dataset.out}: “${m[0]}” breaks over ${lines.size} lines`);
        }
      }
      if (out.scrollWidth > out.clientWidth + 1) bad.push(`${out.dataset.out}: ${out.scrollWidth}px in ${out.clientWidth}px`);
      void node;
    }
    return bad;
  });
}

describe('phone layouts', { skip: browserSkip }, () => {
  it('ROI headline figures never break inside a number, from 320 to 1280 px', async () => {
    const scenarios = [
      'www/roi/index.html?roi-partners=300&roi-deal-size=200000&roi-cost=2000000',
      'www/roi/frame.html?locale=de-DE&currency=EUR&deal-size=200000&partners-recruited=300&program-cost=2000000',
      'www/roi/frame.html?locale=ja-JP&currency=JPY&deal-size=25000000&program-cost=300000000&payout-per-deal=2000000&hourly-rate=20000',
    ];
    for (const width of [320, 375, 428, 760, 1280]) {
      const { page, context, check } = await watchedPage(browser, { viewport: { width, height: 900 } });
      try {
        for (const path of scenarios) {
          await page.goto(new URL(path, base).href);
          const calc = page.locator(path.includes('frame.html') ? 'partner-roi-calculator' : '#calculator');
          await page.waitForSelector(`${path.includes('frame.html') ? 'partner-roi-calculator' : '#calculator'}[data-state="ready"]`, { timeout: 30_000 });
          assert.deepEqual(await brokenFigures(calc), [], `${width}px ${path}, programme`);
          await calc.locator('#tab-partner').click();
          assert.deepEqual(await brokenFigures(calc), [], `${width}px ${path}, partner`);
        }
        await check();
      } finally {
        await context.close();
      }
    }
  });

  it('the CRM demo host fits 428 and 375 px', async () => {
    for (const width of [428, 375]) {
      const { page, context, check } = await watchedPage(browser, { viewport: { width, height: 800 } });
      try {
        await page.goto(new URL('www/crm/demo-host.html', base).href);
        await page.waitForFunction(() => document.querySelector('iframe')?.contentDocument?.documentElement?.dataset.firstResult !== undefined, null, { timeout: 15_000 });
        const [scroll, client] = await page.evaluate(() => [document.documentElement.scrollWidth, document.documentElement.clientWidth]);
        assert.ok(scroll <= client, `${width}px: the page is ${scroll}px wide`);
        const frame = await page.locator('#panel').boundingBox();
        assert.ok(frame.x >= 0 && frame.x + frame.width <= width, `${width}px: the panel is inside the screen`);
        await check();
      } finally {
        await context.close();
      }
    }
  });

  it('the demo page shows the score on the first screen of a phone', async () => {
    for (const [width, height] of [[375, 667], [428, 926]]) {
      const { page, context, check } = await watchedPage(browser, { viewport: { width, height } });
      try {
        await page.goto(new URL('www/index.html', base).href);
        await page.waitForSelector('html[data-ready="true"]', { timeout: 15_000 });
        const box = await page.locator('#score').boundingBox();
        assert.ok(box.y + box.height <= height, `${width}×${height}: the score is at ${Math.round(box.y)}px`);
        await check();
      } finally {
        await context.close();
      }
    }
  });

  it('every page of these surfaces has a favicon that loads', async () => {
    const { page, context, check } = await watchedPage(browser);
    try {
      for (const path of ['www/index.html', 'www/roi/index.html', 'www/roi/frame.html', 'www/crm/demo-host.html', 'www/crm/panel.html']) {
        await page.goto(new URL(path, base).href);
        const href = await page.evaluate(() => document.querySelector('link[rel~="icon"]')?.href ?? null);
        assert.ok(href && !href.startsWith('data:'), `${path}: a favicon link (got ${href})`);
        const res = await page.request.get(href);
        assert.equal(res.status(), 200, `${path}: ${href}`);
        assert.match(res.headers()['content-type'], /^image\//);
      }
      const root = await page.request.get(new URL('favicon.ico', base).href);
      assert.equal(root.status(), 200, 'a page without a link gets /favicon.ico');
      await check();
    } finally {
      await context.close();
    }
  });
});
