#!/usr/bin/env node
// Batch money (issue 13 item 2): each columnar twin of the per-deal
// economics (dealRegistrationPayouts, referralCommissions, resellerMargins,
// repCompensations, partnerReturns) on N rows in one call, against the same
// formulas with decimal.js one row at a time, side by side in one process.
// Every pair is first checked digit for digit (every output column of every
// row); then each side is timed, best of R runs. A benchmark, not a test:
// nothing here gates CI.
//
//   node bench/money-batch.mjs [--rows N] [--runs R]
//
// decimal.js comes from bench/node_modules (scripts/bench.sh installs it:
// npm install --no-save --prefix bench decimal.js@10.6.0).
//
// BENCHMARK BASELINE ONLY below: the formulas of src/economics.rs written
// with decimal.js for this comparison. The product never imports this file;
// every amount it shows comes from the Rust core.

import { mkdirSync, writeFileSync } from 'node:fs';
import { performance } from 'node:perf_hooks';
import os from 'node:os';
import * as lib from '../www/lib/index.js';
import * as baseline from './baseline/money.mjs';
import { moneyInputs, numberOption } from './lib/data.mjs';

const N = numberOption('--rows', 100_000);
const RUNS = numberOption('--runs', 5);

// decimal.js with 40 significant digits inside and one rounding at the
// output, half away from zero (bench/baseline/money.mjs).
const money = (d) => baseline.money(d, 2);
const { D, ratio } = baseline;

// ---- inputs: a deterministic mix of decimal strings and numbers.
const { rand, amount, rate, pick } = moneyInputs(20261201);
const column = (f) => Array.from({ length: N }, f);

const STAGES = { 'before-contact': '0.25', 'after-first-meeting': '0.20', 'late-stage': '0.15', unregistered: '0.10' };
const MOTIONS = { 'partner-sourced': '0.75', 'co-sold': '1', 'partner-closed': '0.5' };

const cases = [
  {
    name: 'dealRegistrationPayouts',
    input: { contractValue: column(() => amount(500, 250_000)), stage: column(() => pick(Object.keys(STAGES))) },
    wasm: lib.dealRegistrationPayouts,
    js(input) {
      const out = { stage: [], rate: [], payout: [], currency: [] };
      for (let i = 0; i < N; i++) {
        const stage = input.stage[i];
        const r = new D(STAGES[stage]);
        out.stage.push(stage);
        out.rate.push(ratio(r));
        out.payout.push(money(new D(input.contractValue[i]).times(r)));
        out.currency.push('USD');
      }
      return out;
    },
  },
  {
    name: 'referralCommissions',
    input: { firstYearContractValue: column(() => amount(1_000, 100_000)), rate: column(() => rate() * 0.3) },
    wasm: lib.referralCommissions,
    js(input) {
      const out = { commission: [], rate: [], guidance: [], currency: [] };
      const lo = new D(500);
      const hi = new D(2000);
      for (let i = 0; i < N; i++) {
        const r = new D(input.rate[i]);
        const c = new D(input.firstYearContractValue[i]).times(r);
        out.commission.push(money(c));
        out.rate.push(ratio(r));
        out.guidance.push(c.lt(lo) ? 'below' : c.gt(hi) ? 'above' : 'within');
        out.currency.push('USD');
      }
      return out;
    },
  },
  {
    name: 'resellerMargins',
    input: { contractValue: column(() => amount(1_000, 500_000)), marginRate: column(() => rate() * 0.6) },
    wasm: lib.resellerMargins,
    js(input) {
      const out = { partnerMargin: [], vendorNet: [], assessment: [], currency: [] };
      const lo = new D('0.25');
      const hi = new D('0.40');
      for (let i = 0; i < N; i++) {
        const v = new D(input.contractValue[i]);
        const r = new D(input.marginRate[i]);
        const m = v.times(r);
        out.partnerMargin.push(money(m));
        out.vendorNet.push(money(v.minus(m)));
        out.assessment.push(r.lt(lo) ? 'too-thin' : r.gt(hi) ? 'above-range' : 'healthy');
        out.currency.push('USD');
      }
      return out;
    },
  },
  {
    name: 'repCompensations',
    input: {
      dealValue: column(() => amount(1_000, 300_000)),
      standardCommissionRate: column(() => rate() * 0.2),
      motion: column(() => pick(Object.keys(MOTIONS))),
      partnerFeeRate: column(() => rate() * 0.3),
    },
    wasm: lib.repCompensations,
    js(input) {
      const out = { repPayout: [], partnerPayout: [], totalCostOfSale: [], costOfSaleRate: [], currency: [] };
      for (let i = 0; i < N; i++) {
        const deal = new D(input.dealValue[i]);
        const rep = deal.times(input.standardCommissionRate[i]).times(MOTIONS[input.motion[i]]);
        const partner = deal.times(input.partnerFeeRate[i]);
        const total = rep.plus(partner);
        out.repPayout.push(money(rep));
        out.partnerPayout.push(money(partner));
        out.totalCostOfSale.push(money(total));
        out.costOfSaleRate.push(ratio(total.div(deal)));
        out.currency.push('USD');
      }
      return out;
    },
  },
  {
    name: 'partnerReturns',
    input: {
      payoutPerDeal: column(() => amount(100, 20_000)),
      hoursPerDeal: column(() => Math.round(1 + rand() * 400) / 10),
      opportunityCostPerHour: column(() => amount(20, 400)),
    },
    wasm: lib.partnerReturns,
    js(input) {
      const out = { hours: [], hourlyReturn: [], multiple: [], verdict: [], requiredPayoutPerDeal: [], payoutGap: [], currency: [] };
      const target = new D('2.5');
      for (let i = 0; i < N; i++) {
        const payout = new D(input.payoutPerDeal[i]);
        const hours = new D(input.hoursPerDeal[i]);
        const cost = new D(input.opportunityCostPerHour[i]);
        const hourly = payout.div(hours);
        const multiple = hourly.div(cost);
        const required = hours.times(cost).times(target);
        const gap = required.minus(payout);
        out.hours.push(ratio(hours));
        out.hourlyReturn.push(money(hourly));
        out.multiple.push(ratio(multiple));
        out.verdict.push(multiple.lt(1) ? 'loses-money' : multiple.lt(target) ? 'under-motivated' : 'motivated');
        out.requiredPayoutPerDeal.push(money(required));
        out.payoutGap.push(money(gap.isNeg() ? new D(0) : gap));
        out.currency.push('USD');
      }
      return out;
    },
  },
];

// Best of RUNS for each side, the two sides alternating run by run, so a
// load that comes and goes (a shared machine) weighs on both alike.
function bestOfBoth(f, g) {
  let [minF, minG] = [Infinity, Infinity];
  for (let r = 0; r < RUNS; r++) {
    let t0 = performance.now();
    f();
    minF = Math.min(minF, performance.now() - t0);
    t0 = performance.now();
    g();
    minG = Math.min(minG, performance.now() - t0);
  }
  return [minF, minG];
}

await lib.init();
console.log(`[money-batch] ${N} rows per item, best of ${RUNS} runs; Node ${process.version}, ${os.cpus()[0]?.model ?? 'unknown CPU'} (${os.cpus().length} cores)`);
console.log('| item | wasm batch (one call) | decimal.js (per row) | ratio |');
console.log('|---|---:|---:|---:|');
let mismatches = 0;
const timings = [];
for (const c of cases) {
  const got = c.wasm(c.input);
  const want = c.js(c.input);
  for (const [field, col] of Object.entries(want)) {
    for (let i = 0; i < N; i++) {
      if (got[field][i] !== col[i]) {
        mismatches++;
        if (mismatches <= 5) {
          const row = Object.fromEntries(Object.entries(c.input).map(([k, v]) => [k, v[i]]));
          console.log(`MISMATCH ${c.name}.${field}[${i}] ${JSON.stringify(row)}: wasm ${got[field][i]} decimal.js ${col[i]}`);
        }
      }
    }
  }
  const [tw, tj] = bestOfBoth(() => c.wasm(c.input), () => c.js(c.input));
  console.log(`| ${c.name} | ${tw.toFixed(1)} ms | ${tj.toFixed(1)} ms | ${(tj / tw).toFixed(1)}x |`);
  timings.push({ name: c.name, wasmMs: tw, decimalJsMs: tj });
}
console.log(`[money-batch] digits compared: ${mismatches} mismatches`);
// For BENCHMARKS.md (bench/report.mjs).
const out = new URL('../target/bench/results/money-batch.json', import.meta.url);
mkdirSync(new URL('.', out), { recursive: true });
writeFileSync(out, JSON.stringify({ rows: N, runs: RUNS, mismatches, items: timings }, null, 2));
process.exitCode = mismatches ? 1 : 0;
