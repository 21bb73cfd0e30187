#!/usr/bin/env node
// Generates the README's screenshots of each surface into docs/screenshots/:
// the demo page, the CRM panel in the demo host, the ROI calculator, the
// spreadsheet demo and the analytics page (with its sample files loaded),
// at 1280 px, plus the demo page and the ROI calculator at 375 px. Served by
// scripts/serve.mjs on 127.0.0.1, shot with Debian's Chromium through
// playwright-core (scripts/chromium.mjs); nothing is drawn by hand.
//
//   node scripts/screenshots.mjs            (after bash scripts/build.sh)

import { mkdir } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { startServer } from './serve.mjs';
import { CHROMIUM, CHROMIUM_ARGS } from './chromium.mjs';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const OUT = new URL('../docs/screenshots/', import.meta.url);
const SAMPLES = `${ROOT}www/analytics/samples/`;

const { chromium } = await import('playwright-core');

const SHOTS = [
  {
    name: 'demo', path: 'www/index.html', width: 1280, height: 1000,
    ready: async (page) => page.waitForSelector('html[data-ready="true"]', { timeout: 20_000 }),
  },
  {
    name: 'demo-375', path: 'www/index.html', width: 375, height: 812,
    ready: async (page) => page.waitForSelector('html[data-ready="true"]', { timeout: 20_000 }),
  },
  {
    name: 'crm-panel', path: 'www/crm/demo-host.html', width: 1280, height: 900,
    ready: async (page) => page.waitForFunction(() => document.querySelector('iframe')?.contentDocument?.documentElement?.dataset.firstResult !== undefined, null, { timeout: 20_000 }),
  },
  {
    name: 'roi-calculator', path: 'www/roi/index.html', width: 1280, height: 1700,
    ready: async (page) => page.waitForSelector('#calculator[data-state="ready"]', { timeout: 20_000 }),
  },
  {
    name: 'roi-calculator-375', path: 'www/roi/index.html', width: 375, height: 812,
    ready: async (page) => page.waitForSelector('#calculator[data-state="ready"]', { timeout: 20_000 }),
  },
  {
    name: 'sheets', path: 'www/sheets/demo.html', width: 1280, height: 900,
    ready: async (page) => page.waitForSelector('body[data-ready="true"]', { timeout: 20_000 }),
  },
  {
    name: 'analytics', path: 'www/analytics/index.html', width: 1280, height: 1000,
    ready: async (page) => {
      await page.waitForSelector('html[data-ready="true"]', { timeout: 20_000 });
      // The page's own sample files, loaded as a visitor would.
      if (await page.locator('#as-of').count()) await page.fill('#as-of', '2026-06-30');
      if (await page.locator('#partners-file').count()) await page.setInputFiles('#partners-file', `${SAMPLES}partners.csv`);
      if (await page.locator('#deals-file').count()) await page.setInputFiles('#deals-file', `${SAMPLES}deals.csv`);
      await page.locator('#programme-results').waitFor({ state: 'visible', timeout: 20_000 });
    },
  },
];

await mkdir(OUT, { recursive: true });
const { server, url } = await startServer({ port: 0 });
const browser = await chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_ARGS });
const failed = [];
try {
  for (const shot of SHOTS) {
    const context = await browser.newContext({
      viewport: { width: shot.width, height: shot.height }, colorScheme: 'light', reducedMotion: 'reduce', locale: 'en-US',
    });
    // Only this machine's server: anything else is refused.
    await context.route('**/*', (route) => {
      const u = new URL(route.request().url());
      return u.hostname === '127.0.0.1' || u.protocol === 'data:' || u.protocol === 'blob:' ? route.continue() : route.abort();
    });
    const page = await context.newPage();
    try {
      await page.goto(new URL(shot.path, url).href);
      await shot.ready(page);
      await page.waitForTimeout(300); // let transitions and fonts settle
      const file = new URL(`${shot.name}.png`, OUT);
      await page.screenshot({ path: fileURLToPath(file) });
      console.log(`docs/screenshots/${shot.name}.png  ${shot.width}×${shot.height}  ${shot.path}`);
    } catch (err) {
      failed.push(`${shot.name}: ${err.message.split('\n')[0]}`);
    } finally {
      await context.close();
    }
  }
} finally {
  await browser.close();
  await new Promise((done) => server.close(done));
}
if (failed.length > 0) {
  console.error(`Not shot:\n  ${failed.join('\n  ')}`);
  process.exit(1);
}
