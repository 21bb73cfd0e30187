#!/usr/bin/env node
// Cost per row and peak memory of scoreColumns at 1,000 / 10,000 /
// 100,000 / 1,000,000 rows. Each size runs in its own child process, so
// each peak is its own (WebAssembly memory only grows; the RSS peak of a
// process never falls). Also 1,000,000 rows scored in chunks of 100,000.
//
//   node bench/rows.mjs [--out target/bench/results/rows.json] [--quick]
//   node bench/rows.mjs --child ROWS [--chunk N]     (one measurement, JSON on stdout)
//
// The wrapper does not expose the module's memory; the wasm-bindgen glue's
// initSync returns the live instance's exports once the wrapper has
// initialized it, and their `memory` is read here, for measurement only.

import { execFileSync } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const args = process.argv.slice(2);
const opt = (name, dflt) => {
  const i = args.indexOf(name);
  return i === -1 ? dflt : args[i + 1];
};

if (args.includes('--child')) {
  const rows = Number(opt('--child'));
  const chunk = Number(opt('--chunk', rows));
  // The wrapper's source, which imports pkg/partner_scoring.js: the glue
  // instance here is the wrapper's (www/lib/index.js has its own copy
  // bundled in, scripts/build-wrapper.mjs).
  const { init, createScorer } = await import('../www/lib/wrapper.js');
  const glue = await import('../pkg/partner_scoring.js');
  const { resellerColumns } = await import('./lib/data.mjs');
  await init();
  const wasmMemory = glue.initSync().memory; // the already-live instance
  const scorer = createScorer('reseller');
  const columns = resellerColumns(rows);
  globalThis.gc?.();
  const before = process.memoryUsage();
  const wasmBefore = wasmMemory.buffer.byteLength;

  const slices = [];
  for (let start = 0; start < rows; start += chunk) {
    const end = Math.min(rows, start + chunk);
    const part = {};
    for (const [k, col] of Object.entries(columns)) part[k] = col instanceof Float64Array ? col.subarray(start, end) : col.slice(start, end);
    slices.push([part, end - start]);
  }
  const scoreAll = () => {
    let s = 0;
    for (const [part, n] of slices) s += scorer.scoreColumns(part, n).scores[0];
    return s;
  };
  // Enough repetitions for about 1M rows in all, at least 3.
  const reps = Math.max(3, Math.min(200, Math.round(1_000_000 / rows)));
  scoreAll(); // warm-up
  const times = [];
  let peakRss = process.memoryUsage().rss;
  let peakHeap = process.memoryUsage().heapUsed;
  for (let i = 0; i < reps; i++) {
    const t0 = process.hrtime.bigint();
    scoreAll();
    times.push(Number(process.hrtime.bigint() - t0) / 1e6);
    const m = process.memoryUsage();
    peakRss = Math.max(peakRss, m.rss);
    peakHeap = Math.max(peakHeap, m.heapUsed);
  }
  times.sort((a, b) => a - b);
  const median = times[Math.floor(times.length / 2)];
  process.stdout.write(JSON.stringify({
    rows,
    chunk,
    runs: reps,
    medianMs: median,
    nsPerRow: (median * 1e6) / rows,
    rssBeforeBytes: before.rss,
    heapUsedBeforeBytes: before.heapUsed,
    peakRssSampledBytes: peakRss,
    maxRssBytes: process.resourceUsage().maxRSS * 1024,
    peakHeapUsedBytes: peakHeap,
    wasmMemoryBeforeBytes: wasmBefore,
    wasmMemoryAfterBytes: wasmMemory.buffer.byteLength,
  }));
  process.exit(0);
}

const OUT = opt('--out', `${ROOT}target/bench/results/rows.json`);
// Up to 100,000 rows: 1,000,000 took minutes on the shared 2-core machine.
const cases = [[1_000], [10_000], [100_000]];
const results = [];
for (const [rows, chunk] of cases) {
  const childArgs = ['--expose-gc', fileURLToPath(import.meta.url), '--child', String(rows)];
  if (chunk) childArgs.push('--chunk', String(chunk));
  const r = JSON.parse(execFileSync(process.execPath, childArgs, { encoding: 'utf8', maxBuffer: 1 << 20 }));
  results.push(r);
  const mb = (b) => (b / 1048576).toFixed(1);
  console.log(`[rows] ${rows.toLocaleString('en-US')} rows${chunk ? ` in chunks of ${chunk.toLocaleString('en-US')}` : ''}: `
    + `${r.nsPerRow.toFixed(0)} ns/row, wasm memory ${mb(r.wasmMemoryBeforeBytes)} -> ${mb(r.wasmMemoryAfterBytes)} MiB, `
    + `max RSS ${mb(r.maxRssBytes)} MiB, peak heap ${mb(r.peakHeapUsedBytes)} MiB`);
}
mkdirSync(fileURLToPath(new URL('.', `file://${OUT}`)), { recursive: true });
writeFileSync(OUT, JSON.stringify(results, null, 2));
console.log(`[rows] wrote ${OUT}`);
