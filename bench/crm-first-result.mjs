#!/usr/bin/env node
// Benchmark: how long the CRM panel takes from navigation to its first
// result painted, in headless Chromium (Debian's /usr/bin/chromium through
// playwright-core), served by scripts/serve.mjs under the strict CSP.
//
//   node bench/crm-first-result.mjs [--runs N]      (default 15, plus 1 warm-up)
//
// Two figures, each the median of N cold runs (a fresh browser context per
// run, so no HTTP or compiled-wasm cache):
//   standalone: panel.html → fetch + compile + instantiate the wasm, load
//               the sample record and the HubSpot field map, score, paint.
//   in the demo host: demo-host.html → the host page, the panel iframe, the
//               ready / score / result round trip, paint.
// "Painted" is the panel's second requestAnimationFrame after rendering
// (performance mark `crm-first-result`). Not a test: it prints numbers.

import { startServer } from '../scripts/serve.mjs';
import { CHROMIUM, CHROMIUM_ARGS as ARGS } from '../scripts/chromium.mjs';


function parseRuns(argv) {
  const i = argv.indexOf('--runs');
  const n = i === -1 ? 15 : Number(argv[i + 1]);
  if (!Number.isInteger(n) || n < 1 || n > 1000) throw new Error('--runs takes a whole number from 1 to 1000');
  return n;
}

const quantile = (sorted, q) => sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))];
function median(xs) {
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
}
function summary(name, xs) {
  const s = [...xs].sort((a, b) => a - b);
  return `${name.padEnd(34)} median ${median(s).toFixed(0).padStart(5)} ms   p90 ${quantile(s, 0.9).toFixed(0).padStart(5)} ms   min ${s[0].toFixed(0).padStart(5)} ms   max ${s.at(-1).toFixed(0).padStart(5)} ms`;
}

async function standalone(browser, base) {
  const context = await browser.newContext({ viewport: { width: 360, height: 800 } });
  try {
    const page = await context.newPage();
    await page.goto(new URL('www/crm/panel.html', base).href);
    await page.waitForSelector('html[data-first-result]', { timeout: 30_000 });
    return await page.evaluate(() => ({
      first: performance.getEntriesByName('crm-first-result')[0].startTime,
      wasm: performance.getEntriesByName('crm-wasm-ready')[0].startTime,
    }));
  } finally {
    await context.close();
  }
}

async function inHost(browser, base) {
  const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
  try {
    const page = await context.newPage();
    await page.goto(new URL('www/crm/demo-host.html', base).href);
    const frameHandle = await page.waitForSelector('#panel[src*="panel.html"]', { timeout: 30_000 });
    const frame = await frameHandle.contentFrame();
    await frame.waitForSelector('html[data-first-result]', { timeout: 30_000 });
    const panelAbs = await frame.evaluate(() => performance.timeOrigin + performance.getEntriesByName('crm-first-result')[0].startTime);
    const hostOrigin = await page.evaluate(() => performance.timeOrigin);
    return { first: panelAbs - hostOrigin };
  } finally {
    await context.close();
  }
}

async function main() {
  const runs = parseRuns(process.argv.slice(2));
  const { chromium } = await import('playwright-core');
  const { server, url: base } = await startServer({ port: 0 });
  const browser = await chromium.launch({ executablePath: CHROMIUM, args: ARGS });
  try {
    await standalone(browser, base); // warm-up: the OS file cache, Chromium's own start-up
    await inHost(browser, base);
    const first = [];
    const wasm = [];
    const host = [];
    for (let i = 0; i < runs; i += 1) {
      const s = await standalone(browser, base);
      first.push(s.first);
      wasm.push(s.wasm);
      host.push((await inHost(browser, base)).first);
    }
    const { cpus, arch } = await import('node:os');
    console.log(`CRM panel, navigation → first result painted; ${runs} cold runs each; Chromium ${browser.version()}; ${cpus().length} × ${cpus()[0]?.model ?? '?'} (${arch()})`);
    console.log(summary('standalone: wasm ready', wasm));
    console.log(summary('standalone: first result painted', first));
    console.log(summary('in the demo host: first result', host));
  } finally {
    await browser.close();
    await new Promise((done) => server.close(done));
  }
}

main().catch((err) => {
  console.error(err.message ?? err);
  process.exit(1);
});
