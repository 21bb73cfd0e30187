#!/usr/bin/env node
// Scoring throughput with the four paths interleaved round by round, so a
// machine whose load changes during the run (other builds on the same
// cores) slows every path alike and the ratios stay meaningful; bench/node.mjs
// times one path after another. 100,000 reseller prospects, 8 criteria.
// Scores are checked identical (bit for bit, bands too) before timing.
//
//   node bench/scoring-interleaved.mjs [--rounds 25]
//
// Prints each path's median (the first 3 rounds are warm-up, not counted)
// and the two ratios the issue sets targets for.

import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { init, createScorer } from '../www/lib/index.js';
import { resellerRecords, toTypedColumns } from './lib/data.mjs';
import { compileBaseline } from './baseline/scoring.mjs';
import { compileColumnBaseline } from './baseline/columns.mjs';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const args = process.argv.slice(2);
const at = args.indexOf('--rounds');
const ROUNDS = at === -1 ? 25 : Number(args[at + 1]);
const WARMUP = 3;
const N = 100_000;

await init();
const profile = JSON.parse(readFileSync(`${ROOT}src/profiles/reseller.json`, 'utf8'));
const records = resellerRecords(N);
const typed = toTypedColumns(records);
const scorer = createScorer('reseller');
const objectsJs = compileBaseline(profile);
const columnsJs = compileColumnBaseline(profile);

const paths = {
  'js-baseline-objects': () => objectsJs.scoreRecords(records),
  'js-baseline-columns': () => columnsJs.scoreColumns(typed, N),
  'wasm-typed-columns': () => scorer.scoreColumns(typed, N),
  'wasm-objects': () => scorer.scoreRecords(records),
};

const want = paths['wasm-objects']();
for (const [name, run] of Object.entries(paths)) {
  const got = run();
  for (let i = 0; i < N; i += 1) {
    if (!Object.is(got.scores[i], want.scores[i]) || got.bands[i] !== want.bands[i]) {
      throw new Error(`${name}: row ${i} differs (${got.scores[i]}/${got.bands[i]} vs ${want.scores[i]}/${want.bands[i]})`);
    }
  }
}
console.log(`[interleaved] scores identical on ${N} rows for all four paths`);

const times = Object.fromEntries(Object.keys(paths).map((k) => [k, []]));
let sink = 0;
for (let r = 0; r < ROUNDS + WARMUP; r += 1) {
  for (const [name, run] of Object.entries(paths)) {
    const t = performance.now();
    sink += run().scores[7];
    if (r >= WARMUP) times[name].push(performance.now() - t);
  }
}
const median = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
};
const m = Object.fromEntries(Object.entries(times).map(([k, v]) => [k, median(v)]));
for (const [k, v] of Object.entries(m)) console.log(`[interleaved] ${k}: median ${v.toFixed(1)} ms (${ROUNDS} rounds)`);
console.log(`[interleaved] typed columns: ${(m['js-baseline-columns'] / m['wasm-typed-columns']).toFixed(2)}x the columnar JS (target 2x)`);
console.log(`[interleaved] objects: ${(m['js-baseline-objects'] / m['wasm-objects']).toFixed(2)}x the object JS (target 1x)`);
if (Number.isNaN(sink)) console.log('');
// For BENCHMARKS.md (bench/report.mjs).
mkdirSync(`${ROOT}target/bench/results`, { recursive: true });
writeFileSync(`${ROOT}target/bench/results/interleaved.json`, JSON.stringify({ rows: N, rounds: ROUNDS, warmup: WARMUP, medianMs: m }, null, 2));
