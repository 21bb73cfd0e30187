// axe-core on every page: the demo, the ROI calculator, the CRM panel, the
// spreadsheet demo and the analytics page (with its samples loaded),
// in light and dark colour schemes, at 375 and 1280 px: no serious or
// critical violation, in the page and in its frames.
//
//   node --test tests/browser/axe-pages.test.mjs

import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { watchedPage, browserSkip, loadAxe, serveAndLaunch } from './watch.mjs';

const axeSource = await loadAxe();
const skip = browserSkip || (axeSource === null ? 'axe-core is not installed (scripts/setup.sh)' : false);

let browser;
let base;
serveAndLaunch((b, url) => {
  browser = b;
  base = url;
});

// Each page, and what says it has shown its first result.
const PAGES = [
  ['www/index.html', 'html[data-ready="true"]'],
  ['www/roi/index.html', '#calculator[data-state="ready"]'],
  ['www/roi/frame.html?mode=both', 'partner-roi-calculator[data-state="ready"]'],
  ['www/crm/demo-host.html', 'iframe#panel'],
  ['www/crm/panel.html', 'html[data-first-result]'],
  ['www/sheets/demo.html', 'body[data-ready="true"]'],
  // The analytics page with both sample sets loaded: metrics, chart, tables, exports.
  ['www/analytics/index.html', 'html[data-ready="true"]', async (page) => {
    await page.locator('#programme-sample').click();
    await page.locator('#overlap-sample').click();
    await page.locator('#programme-results').waitFor({ state: 'visible', timeout: 30_000 });
    await page.locator('#overlap-results').waitFor({ state: 'visible', timeout: 30_000 });
  }],
];

async function audit(frame) {
  await frame.evaluate(axeSource);
  const result = await frame.evaluate(async () => {
    const r = await window.axe.run(document, { resultTypes: ['violations'] });
    return r.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical')
      .map((v) => `${v.id} (${v.impact}): ${v.nodes.map((n) => n.target.join(' ')).slice(0, 4).join(', ')}`);
  });
  return result;
}

describe('axe-core on every page', { skip }, () => {
  for (const [path, ready, prepare] of PAGES) {
    it(`${path}: light and dark, 375 and 1280 px`, async () => {
      for (const colorScheme of ['light', 'dark']) {
        for (const width of [375, 1280]) {
          const { page, context, check } = await watchedPage(browser, { colorScheme, viewport: { width, height: 900 } });
          try {
            await page.goto(new URL(path, base).href);
            await page.waitForSelector(ready, { timeout: 30_000, state: 'attached' });
            if (prepare) await prepare(page);
            const frames = [page.mainFrame()];
            if (path.includes('demo-host')) {
              await page.waitForFunction(() => document.querySelector('iframe')?.contentDocument?.documentElement?.dataset.firstResult !== undefined, null, { timeout: 15_000 });
              frames.push(page.frames().find((f) => f.url().includes('/www/crm/panel.html')));
            }
            for (const frame of frames) {
              assert.deepEqual(await audit(frame), [], `${path} (${frame === page.mainFrame() ? 'page' : 'panel frame'}), ${colorScheme}, ${width}px`);
            }
            await check();
          } finally {
            await context.close();
          }
        }
      }
    });
  }
});
