#!/usr/bin/env node
// The Node side of the benchmark suite (run by scripts/bench.sh):
// scoring throughput three ways (wasm from objects, wasm from columns, the
// plain-JS baseline) plus the JSON-text path, and money math through wasm
// against decimal.js, each on 100,000 items, side by side in one process.
// Every comparison first checks that both sides give identical results.
//
//   node bench/node.mjs [--out target/bench/results/node.json] [--quick]
//
// Writes the wasm scores to target/bench/data/reseller-100k.scores.json so
// the native benches (benches/kernels.rs) can check they agree.

import { readFileSync, mkdirSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { Bench } from 'tinybench';
import { init, createScorer, dealRegistrationPayout, programRoi } from '../www/lib/index.js';
import { resellerRecords, toColumns, toTypedColumns, dealRegistrationInputs, programRoiInputs } from './lib/data.mjs';
import { compileBaseline } from './baseline/scoring.mjs';
import { compileColumnBaseline } from './baseline/columns.mjs';
import * as decimalBaseline from './baseline/money.mjs';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const args = process.argv.slice(2);
const quick = args.includes('--quick');
const outAt = args.indexOf('--out');
const OUT = outAt === -1 ? `${ROOT}target/bench/results/node.json` : args[outAt + 1];
const N = 100_000;
const log = (...a) => console.log('[node]', ...a);

await init();

// ------------------------------------------------------------------ data
const profile = JSON.parse(readFileSync(`${ROOT}src/profiles/reseller.json`, 'utf8'));
const records = resellerRecords(N);
const columns = toColumns(records);
const typedColumns = toTypedColumns(records);
const recordsJson = JSON.stringify(records);
// Money calls are timed one call at a time; --quick times 10,000 of them
// (the per-call figure is what the report compares).
const M = quick ? 10_000 : N;
const deals = dealRegistrationInputs(M);
const rois = programRoiInputs(M);

const scorer = createScorer('reseller');
const baseline = compileBaseline(profile);
const columnBaseline = compileColumnBaseline(profile);

// ------------------------------------------------------------------ checks
function sameScores(name, a, b) {
  if (a.scores.length !== N || b.scores.length !== N) throw new Error(`${name}: wrong length`);
  for (let i = 0; i < N; i++) {
    if (!Object.is(a.scores[i], b.scores[i]) || a.bands[i] !== b.bands[i]) {
      throw new Error(`${name}: row ${i} differs: ${a.scores[i]}/${a.bands[i]} vs ${b.scores[i]}/${b.bands[i]} for ${JSON.stringify(records[i])}`);
    }
  }
}

const fromObjects = scorer.scoreRecords(records);
if (JSON.stringify(scorer.bandLabels) !== JSON.stringify(baseline.bandLabels)) throw new Error('band labels differ');
sameScores('wasm objects vs JS baseline', fromObjects, baseline.scoreRecords(records));
sameScores('wasm columns vs wasm objects', scorer.scoreColumns(columns, N), fromObjects);
sameScores('wasm typed columns vs wasm objects', scorer.scoreColumns(typedColumns, N), fromObjects);
sameScores('JS column baseline vs wasm objects', columnBaseline.scoreColumns(typedColumns, N), fromObjects);
sameScores('wasm JSON text vs wasm objects', scorer.scoreRecords(recordsJson), fromObjects);
const disqualified = fromObjects.scores.filter((s) => s === 0).length;
log(`scores identical on ${N} rows (wasm objects, columns, typed columns, JSON text, both JS baselines); ${disqualified} score 0`);
mkdirSync(`${ROOT}target/bench/data`, { recursive: true });
writeFileSync(`${ROOT}target/bench/data/reseller-100k.scores.json`, JSON.stringify(Array.from(fromObjects.scores)));

function sameStrings(name, inputs, f, g) {
  for (let i = 0; i < inputs.length; i++) {
    const a = f(inputs[i]);
    const b = g(inputs[i]);
    const keys = Object.keys(a);
    if (keys.join() !== Object.keys(b).join() || keys.some((k) => a[k] !== b[k])) {
      throw new Error(`${name}: input ${i} differs: ${JSON.stringify(a)} vs ${JSON.stringify(b)} for ${JSON.stringify(inputs[i])}`);
    }
  }
}
sameStrings('deal registration', deals, dealRegistrationPayout, decimalBaseline.dealRegistrationPayout);
sameStrings('programme ROI', rois, programRoi, decimalBaseline.programRoi);
log(`money identical to the digit on ${M} payouts and ${M} ROI evaluations (wasm vs decimal.js)`);

// ------------------------------------------------------------------ timing
// One task iteration = all 100,000 items. Median of the iterations.
async function run(name, tasks, iterations, warmupIterations = 3, items = N) {
  // Three warm-up iterations: V8 compiles wasm with Liftoff first and moves a
  // function to TurboFan only after it has run a while (no on-stack
  // replacement), so the first calls of a long kernel are not representative.
  const bench = new Bench({ name, time: 0, iterations, warmupIterations, warmupTime: 0 });
  for (const [task, fn] of Object.entries(tasks)) bench.add(task, fn);
  await bench.run();
  const out = {};
  for (const t of bench.tasks) {
    const r = t.result;
    if (r.state !== 'completed') throw new Error(`${name}/${t.name}: ${r.state} ${r.error ?? ''}`);
    out[t.name] = {
      medianMs: r.latency.p50,
      meanMs: r.latency.mean,
      minMs: r.latency.min,
      maxMs: r.latency.max,
      rmePercent: r.latency.rme,
      samples: r.latency.samplesCount,
      items,
      nsPerItem: (r.latency.p50 * 1e6) / items,
    };
    log(`${name} / ${t.name}: median ${r.latency.p50.toFixed(1)} ms (${out[t.name].nsPerItem.toFixed(0)} ns/item, ${r.latency.samplesCount} runs)`);
  }
  return out;
}

let sink = 0;
const scoring = await run('scoring 100k', {
  'js-baseline-objects': () => { sink += baseline.scoreRecords(records).scores[7]; },
  'js-baseline-columns': () => { sink += columnBaseline.scoreColumns(typedColumns, N).scores[7]; },
  'wasm-typed-columns': () => { sink += scorer.scoreColumns(typedColumns, N).scores[7]; },
  'wasm-objects': () => { sink += scorer.scoreRecords(records).scores[7]; },
  'wasm-columns': () => { sink += scorer.scoreColumns(columns, N).scores[7]; },
  'wasm-json-text': () => { sink += scorer.scoreRecords(recordsJson).scores[7]; },
  'wasm-json-stringify-and-score': () => { sink += scorer.scoreRecords(JSON.stringify(records)).scores[7]; },
  'build-columns-from-objects': () => { sink += toColumns(records).salesReps[7]; },
}, quick ? 7 : 9);

const loop = (f, inputs) => () => {
  for (let i = 0; i < inputs.length; i++) sink += f(inputs[i]).currency.length;
};
const money = await run('money 100k', {
  'wasm-deal-registration': loop(dealRegistrationPayout, deals),
  'decimaljs-deal-registration': loop(decimalBaseline.dealRegistrationPayout, deals),
  'wasm-program-roi': loop(programRoi, rois),
  'decimaljs-program-roi': loop(decimalBaseline.programRoi, rois),
}, quick ? 2 : 5, 1, M);

scorer.free();
mkdirSync(fileURLToPath(new URL('.', `file://${OUT}`)), { recursive: true });
writeFileSync(OUT, JSON.stringify({
  rows: N,
  profile: 'reseller',
  criteria: profile.criteria.length,
  checks: {
    scoresIdentical: true,
    moneyIdentical: true,
    disqualifiedRows: disqualified,
  },
  scoring,
  money,
  sink,
}, null, 2));
log(`wrote ${OUT}`);
