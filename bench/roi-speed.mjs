#!/usr/bin/env node
// Speed of the <partner-roi-calculator> in headless Chromium (Debian's
// /usr/bin/chromium through playwright-core), served by scripts/serve.mjs
// under the strict CSP. Prints numbers; asserts nothing.
//
//   node bench/roi-speed.mjs [--loads N] [--updates M]
//
// 1. First result after page load: for each of N fresh browser contexts
//    (empty cache: the .wasm is fetched and compiled every time), the time
//    from navigation start to the component's first rendered result (the
//    performance mark "partner-roi-calculator:first-result"), on the iframe
//    page (the component alone) and on the demo page; with, as milestones
//    from the same start, DOMContentLoaded and the wasm being ready (mark
//    "partner-roi-calculator:core-ready"), and the component's own start-up
//    (wasm ready → first result: defaults, attributes, URL, first render).
// 2. Update time per input change: M input events on a typed field and on a
//    slider, with both what-ifs on (the heaviest update: two programRoi, two
//    partnerReturn and four dealRegistrationPayout calls, parsing, Intl
//    formatting, the SVG chart and the change event). "handler" is the
//    synchronous time of dispatchEvent; "to frame" adds the wait for the next
//    animation frame (so it is quantised by the display rate).

import { existsSync } from 'node:fs';
import { cpus, arch, loadavg } from 'node:os';
import { startServer } from '../scripts/serve.mjs';
import { CHROMIUM, CHROMIUM_ARGS as ARGS } from '../scripts/chromium.mjs';


function arg(name, fallback) {
  const i = process.argv.indexOf(`--${name}`);
  if (i === -1) return fallback;
  const n = Number(process.argv[i + 1]);
  if (!Number.isInteger(n) || n < 1) throw new Error(`--${name} needs a positive integer`);
  return n;
}
const LOADS = arg('loads', 15);
const UPDATES = arg('updates', 300);

function stats(values) {
  const v = [...values].sort((a, b) => a - b);
  const at = (q) => v[Math.min(v.length - 1, Math.floor(q * v.length))];
  return { median: at(0.5), p95: at(0.95), min: v[0], max: v[v.length - 1], n: v.length };
}
const ms = (x) => `${x.toFixed(2)} ms`;
const line = (label, s) => console.log(`${label.padEnd(44)} median ${ms(s.median).padStart(10)}   p95 ${ms(s.p95).padStart(10)}   min ${ms(s.min).padStart(9)}   max ${ms(s.max).padStart(9)}   (n=${s.n})`);

let chromium;
try {
  ({ chromium } = await import('playwright-core'));
} catch {
  console.error('roi-speed: playwright-core is not installed (bash scripts/setup.sh)');
  process.exit(1);
}
if (!existsSync(CHROMIUM)) {
  console.error(`roi-speed: ${CHROMIUM} is absent (bash scripts/setup.sh --browser)`);
  process.exit(1);
}

const { server, url: base } = await startServer({ port: 0 });
const browser = await chromium.launch({ executablePath: CHROMIUM, args: ARGS });
const version = browser.version();

async function firstResult(path, selector) {
  const times = [];
  for (let i = 0; i < LOADS; i += 1) {
    const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
    const page = await context.newPage();
    await page.goto(new URL(path, base).href);
    await page.waitForSelector(`${selector}[data-state="ready"]`, { timeout: 30_000 });
    const t = await page.evaluate(() => {
      const mark = (name) => performance.getEntriesByName(`partner-roi-calculator:${name}`)[0]?.startTime ?? NaN;
      const nav = performance.getEntriesByType('navigation')[0];
      return { first: mark('first-result'), core: mark('core-ready'), dcl: nav.domContentLoadedEventEnd };
    });
    if (!Number.isFinite(t.first) || !Number.isFinite(t.core)) throw new Error('no first-result or core-ready mark');
    times.push(t);
    await context.close();
  }
  return {
    first: stats(times.map((t) => t.first)),
    dcl: stats(times.map((t) => t.dcl)),
    core: stats(times.map((t) => t.core)),
    own: stats(times.map((t) => t.first - t.core)),
  };
}

function loadLines(label, s) {
  line(`first result, ${label}`, s.first);
  line('  of which: DOMContentLoaded', s.dcl);
  line('  of which: wasm fetched and instantiated', s.core);
  line('  of which: wasm ready → first result', s.own);
}

async function updates() {
  const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
  const page = await context.newPage();
  await page.goto(new URL('www/roi/frame.html?mode=both&what-ifs=co-sell,certified&url-state=off', base).href);
  await page.waitForSelector('partner-roi-calculator[data-state="ready"]', { timeout: 30_000 });
  const result = await page.evaluate(async (count) => {
    const el = document.querySelector('partner-roi-calculator');
    const root = el.shadowRoot;
    const typed = root.getElementById('f-averageDealSize');
    const slider = root.getElementById('s-activationRate');
    const frame = () => new Promise((r) => requestAnimationFrame(() => r()));
    const run = async (apply) => {
      const handler = [];
      const toFrame = [];
      for (let i = 0; i < count; i += 1) {
        const t0 = performance.now();
        apply(i);
        const t1 = performance.now();
        await frame();
        const t2 = performance.now();
        handler.push(t1 - t0);
        toFrame.push(t2 - t0);
      }
      return { handler, toFrame };
    };
    let events = 0;
    el.addEventListener('change', () => { events += 1; });
    // Warm-up (JIT), not measured.
    for (let i = 0; i < 30; i += 1) {
      typed.value = `${20000 + i}.50`;
      typed.dispatchEvent(new Event('input', { bubbles: true }));
    }
    events = 0;
    const typing = await run((i) => {
      typed.value = `${(20000 + i * 7).toLocaleString('en-US')}.50`;
      typed.dispatchEvent(new Event('input', { bubbles: true }));
    });
    const typedEvents = events;
    events = 0;
    const sliding = await run((i) => {
      slider.value = String(10 + (i % 80));
      slider.dispatchEvent(new Event('input', { bubbles: true }));
    });
    return { typing, sliding, typedEvents, slidEvents: events };
  }, UPDATES);
  await context.close();
  if (result.typedEvents !== UPDATES) throw new Error(`expected ${UPDATES} updates from typing, saw ${result.typedEvents}`);
  return result;
}

try {
  console.log(`ROI calculator speed: Chromium ${version} headless, Node ${process.version}, ${cpus().length} × ${arch()} (${cpus()[0]?.model ?? '?'})`);
  console.log(`first result: ${LOADS} fresh loads each; updates: ${UPDATES} input events each, both what-ifs on, mode both`);
  console.log(`load average at start: ${loadavg().map((x) => x.toFixed(2)).join(' ')} (the figures are only comparable on an idle machine)\n`);
  loadLines('frame.html (component alone)', await firstResult('www/roi/frame.html', 'partner-roi-calculator'));
  loadLines('index.html (demo page)', await firstResult('www/roi/index.html', '#calculator'));
  const u = await updates();
  line('update on typing, handler', stats(u.typing.handler));
  line('update on typing, to next frame', stats(u.typing.toFrame));
  line('update on sliding, handler', stats(u.sliding.handler));
  line('update on sliding, to next frame', stats(u.sliding.toFrame));
  console.log(`\nload average at end: ${loadavg().map((x) => x.toFixed(2)).join(' ')}`);
} finally {
  await browser.close();
  server.close();
}
