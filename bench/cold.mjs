#!/usr/bin/env node
// Cold start in headless Chromium on 127.0.0.1 with the cache disabled:
// from navigation start to the first score painted, for the fetched .wasm
// (bench/cold/fetched.html; bench/cold/preloaded.html adds preload hints so
// the .wasm downloads beside the JS modules) and for the base64-inlined bundle
// (bench/cold/inline.html, which needs `node bench/make-inline-bundle.mjs`).
// A fresh browser context for every run, pages alternated, median reported.
//
//   node bench/cold.mjs [--runs 15] [--out target/bench/results/cold.json]

import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';
import { startServer } from '../scripts/serve.mjs';
import { CHROMIUM, CHROMIUM_ARGS as ARGS } from '../scripts/chromium.mjs';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const args = process.argv.slice(2);
const opt = (name, dflt) => {
  const i = args.indexOf(name);
  return i === -1 ? dflt : args[i + 1];
};
const RUNS = Number(opt('--runs', 15));
const OUT = opt('--out', `${ROOT}target/bench/results/cold.json`);
// As tests/browser/demo.test.mjs launches it.
const PAGES = {
  fetched: 'bench/cold/fetched.html',
  preloaded: 'bench/cold/preloaded.html',
  inline: 'bench/cold/inline.html',
  blank: 'bench/cold/blank.html',
};

if (!existsSync(`${ROOT}target/bench/inline-bundle.js`)) {
  throw new Error('target/bench/inline-bundle.js is missing: run node bench/make-inline-bundle.mjs first');
}

const { server, url: base } = await startServer({ port: 0 });
const browser = await chromium.launch({ executablePath: CHROMIUM, args: ARGS });

async function once(path) {
  const context = await browser.newContext();
  try {
    const foreign = [];
    await context.route('**/*', (route) => {
      const u = new URL(route.request().url());
      if (u.protocol === 'data:' || u.protocol === 'blob:' || u.hostname === '127.0.0.1') return route.continue();
      foreign.push(u.href);
      return route.abort('blockedbyclient');
    });
    const page = await context.newPage();
    const errors = [];
    page.on('pageerror', (e) => errors.push(e.message));
    page.on('console', (m) => m.type() === 'error' && errors.push(m.text()));
    const cdp = await context.newCDPSession(page);
    await cdp.send('Network.enable');
    await cdp.send('Network.setCacheDisabled', { cacheDisabled: true });
    await page.goto(new URL(path, base).href);
    await page.waitForFunction(() => window.__bench?.afterFrame !== undefined, null, { timeout: 30_000 });
    // Give the Element Timing entry a moment to arrive.
    await page.waitForFunction(() => window.__bench.elementPaint !== undefined, null, { timeout: 1_000 }).catch(() => {});
    const r = await page.evaluate(() => {
      const nav = performance.getEntriesByType('navigation')[0];
      const res = performance.getEntriesByType('resource').map((e) => ({ name: e.name.split('/').pop(), bytes: e.encodedBodySize, ms: e.responseEnd }));
      return { ...window.__bench, responseEnd: nav.responseEnd, domContentLoaded: nav.domContentLoadedEventEnd, resources: res };
    });
    if (errors.length || foreign.length) throw new Error(`${path}: ${[...errors, ...foreign].join('; ')}`);
    // Paint time: Element Timing when Chromium reports it, else the frame after.
    r.firstScoreMs = r.elementPaint ?? r.afterFrame;
    r.scriptToScoreMs = r.scored - r.scriptStart;
    r.paintSource = r.elementPaint !== undefined ? 'element-timing' : 'frame-after-update';
    return r;
  } finally {
    await context.close();
  }
}

const median = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
};

const runs = Object.fromEntries(Object.keys(PAGES).map((name) => [name, []]));
try {
  for (const name of Object.keys(PAGES)) await once(PAGES[name]); // warm-up, not counted
  for (let i = 0; i < RUNS; i++) {
    for (const name of Object.keys(PAGES)) runs[name].push(await once(PAGES[name]));
  }
} finally {
  await browser.close();
  await new Promise((done) => server.close(done));
}

const summary = {};
for (const [name, rs] of Object.entries(runs)) {
  const pick = (k) => rs.map((r) => r[k]);
  summary[name] = {
    page: PAGES[name],
    runs: rs.length,
    medianFirstScoreMs: median(pick('firstScoreMs')),
    minFirstScoreMs: Math.min(...pick('firstScoreMs')),
    maxFirstScoreMs: Math.max(...pick('firstScoreMs')),
    medianScriptStartMs: median(pick('scriptStart')),
    medianInitMs: median(rs.map((r) => r.initDone - r.scriptStart)),
    medianScoredMs: median(pick('scored')),
    medianScriptToScoreMs: median(pick('scriptToScoreMs')),
    idbModule: rs[0].idbModule,
    paintSource: [...new Set(pick('paintSource'))].join(', '),
    resources: rs[0].resources,
    score: rs[0].score,
  };
  const s = summary[name];
  console.log(`[cold] ${name}: first score painted at ${s.medianFirstScoreMs.toFixed(1)} ms median `
    + `(min ${s.minFirstScoreMs.toFixed(1)}, max ${s.maxFirstScoreMs.toFixed(1)}, ${s.runs} runs; `
    + `script starts ${s.medianScriptStartMs.toFixed(1)} ms, init() ${s.medianInitMs.toFixed(1)} ms, `
    + `script start to first score ${s.medianScriptToScoreMs.toFixed(1)} ms; ${s.paintSource})`
    + (s.idbModule ? `; WebAssembly.Module in IndexedDB: ${s.idbModule}` : ''));
}
mkdirSync(fileURLToPath(new URL('.', `file://${OUT}`)), { recursive: true });
writeFileSync(OUT, JSON.stringify({ chromium: browser.version(), summary, runs }, null, 2));
console.log(`[cold] wrote ${OUT}`);
