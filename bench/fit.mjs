#!/usr/bin/env node
// fitProfile throughput through the wasm wrapper in Node: 100,000 reseller
// prospects (8 criteria, bench/lib/data.mjs) with an outcome drawn from two
// of their fields, 5 held-out folds, the default seed. One iteration is one
// whole fitProfile call: reading the records across the boundary (plain
// records cross as typed columns, www/lib/wrapper.js), the
// penalty search on the folds, the final fit, the bootstrap intervals and
// the report. Before timing, the run checks that the fit found the two
// fields the outcome was drawn from and that two calls give the same bytes.
// Then, in the same run, the same input natively (examples/fit_bench.rs,
// the release build, reading the same JSON text): its result must equal the
// wasm one, and the report gives both times and their ratio.
//
//   node bench/fit.mjs [--rows N] [--runs R] [--no-native] [--wasm FILE] [--out target/bench/results/fit.json]

import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { execFileSync } from 'node:child_process';
import { isDeepStrictEqual } from 'node:util';
import { fileURLToPath } from 'node:url';
import os from 'node:os';
import { Bench } from 'tinybench';
import { init, initAnalytics, fitProfile } from '../www/lib/index.js';
import { prng, resellerRecords } from './lib/data.mjs';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const args = process.argv.slice(2);
const opt = (name, dflt) => {
  const at = args.indexOf(name);
  return at === -1 ? dflt : args[at + 1];
};
const N = Number(opt('--rows', 100_000));
const RUNS = Number(opt('--runs', 7));
const OUT = opt('--out', `${ROOT}target/bench/results/fit.json`);
// --wasm FILE: an analytics module built another way (same exports), for
// comparing builds side by side.
const WASM = opt('--wasm', undefined);
const log = (...a) => console.log('[fit]', ...a);

await init();
await initAnalytics(WASM === undefined ? undefined : readFileSync(WASM));
const records = resellerRecords(N, 7);
// BENCHMARK-ONLY outcome model: active when sales capacity and customer
// overlap are high (blank or text read as the number it spells, else 0).
const num = (v) => (Number.isFinite(Number(v)) && String(v).trim() !== '' ? Number(v) : 0);
const rand = prng(17);
const outcomes = records.map((r) => {
  const z = -3 + 0.3 * Math.min(num(r.salesReps), 10) + 0.07 * Math.min(num(r.customerOverlapPercent), 30);
  return rand() < 1 / (1 + Math.exp(-z));
});
const input = { records, outcomes, profile: 'reseller' };

const first = fitProfile(input);
const again = fitProfile(input);
if (JSON.stringify(first) !== JSON.stringify(again)) throw new Error('two fits of the same input differ');
const top = [...first.report.importance].sort((a, b) => b.fitted - a.fitted).slice(0, 2).map((i) => i.criterion).sort();
if (top.join() !== 'customer-overlap,sales-capacity') throw new Error(`the fit found ${top}, not the two drawn from`);
log(`n ${first.report.n}, positives ${first.report.positives}, held-out AUC fitted ${first.report.auc.fitted} base ${first.report.auc.base}, lambda ${first.report.lambda}`);

const bench = new Bench({ iterations: RUNS, time: 0, warmupIterations: 1, warmupTime: 0 });
bench.add(`fitProfile ${N} records x 8 criteria x 5 folds`, () => fitProfile(input));
await bench.run();
const task = bench.tasks[0];
const lat = task.result.latency;
const machine = `${os.cpus()[0]?.model ?? 'unknown cpu'}, ${os.cpus().length} cores, Node ${process.versions.node}`;
log(`${task.name}: median ${lat.p50.toFixed(0)} ms over ${lat.samplesCount} runs (min ${lat.min.toFixed(0)}, max ${lat.max.toFixed(0)}) on ${machine}`);
let native = null;
if (!args.includes('--no-native')) {
  const file = `${ROOT}target/bench/fit-input.json`;
  mkdirSync(dirname(file), { recursive: true });
  writeFileSync(file, JSON.stringify(input));
  execFileSync('cargo', ['build', '--release', '--quiet', '--example', 'fit_bench'], { cwd: ROOT, stdio: 'inherit' });
  const out = JSON.parse(execFileSync(`${ROOT}target/release/examples/fit_bench`, [file, String(RUNS)], { cwd: ROOT, maxBuffer: 1 << 26, encoding: 'utf8' }));
  if (!isDeepStrictEqual(out.result, first)) throw new Error('the native fit differs from the wasm fit');
  native = { medianMs: out.medianMs, minMs: out.minMs, maxMs: out.maxMs, runs: out.runs };
  log(`native (same input, same result): median ${out.medianMs.toFixed(0)} ms over ${out.runs} runs (min ${out.minMs.toFixed(0)}); wasm / native ${(lat.p50 / out.medianMs).toFixed(2)}`);
}
mkdirSync(dirname(OUT), { recursive: true });
writeFileSync(OUT, JSON.stringify({ name: task.name, rows: N, runs: lat.samplesCount, medianMs: lat.p50, minMs: lat.min, maxMs: lat.max, machine, native }, null, 2));
