#!/usr/bin/env node
// Single money calls (issue 13 item 2: "single calls at least 1×
// decimal.js"): each per-deal function, and programme ROI, one call per
// input object through the wrapper, against the same formula with
// decimal.js, side by side in one process. The two sides alternate round
// by round (best of R rounds each), so load on a shared machine weighs on
// both alike. Every output string is compared first. A benchmark, not a
// test: nothing here gates CI.
//
//   node bench/money-single.mjs [--calls N] [--runs R] [--out target/bench/results/money-single.json]
//
// decimal.js comes from bench/node_modules (scripts/bench.sh installs it).
// BENCHMARK BASELINE ONLY below (and in bench/baseline/money.mjs): the
// formulas of src/economics.rs with decimal.js; the product never imports it.

import { performance } from 'node:perf_hooks';
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import os from 'node:os';
import * as lib from '../www/lib/index.js';
import * as baseline from './baseline/money.mjs';
import { dealRegistrationInputs, moneyInputs, numberOption, programRoiInputs } from './lib/data.mjs';

const N = numberOption('--calls', 50_000);
const RUNS = numberOption('--runs', 5);

const money = (d) => baseline.money(d, 2);
const { D, ratio } = baseline;

const { rand, amount, rate, pick } = moneyInputs(20261202);
const many = (f) => Array.from({ length: N }, f);
const MOTIONS = { 'partner-sourced': '0.75', 'co-sold': '1', 'partner-closed': '0.5' };
const TARGET = new D('2.5');
const LO = new D(500);
const HI = new D(2000);
const THIN = new D('0.25');
const WIDE = new D('0.40');

const cases = [
  { name: 'dealRegistrationPayout', inputs: dealRegistrationInputs(N), wasm: lib.dealRegistrationPayout, js: baseline.dealRegistrationPayout },
  { name: 'programRoi', inputs: programRoiInputs(N), wasm: lib.programRoi, js: baseline.programRoi },
  {
    name: 'referralCommission',
    inputs: many(() => ({ firstYearContractValue: amount(1_000, 100_000), rate: rate() * 0.3 })),
    wasm: lib.referralCommission,
    js(o) {
      const r = new D(o.rate);
      const c = new D(o.firstYearContractValue).times(r);
      return { commission: money(c), rate: ratio(r), guidance: c.lt(LO) ? 'below' : c.gt(HI) ? 'above' : 'within', currency: 'USD' };
    },
  },
  {
    name: 'resellerMargin',
    inputs: many(() => ({ contractValue: amount(1_000, 500_000), marginRate: rate() * 0.6 })),
    wasm: lib.resellerMargin,
    js(o) {
      const v = new D(o.contractValue);
      const r = new D(o.marginRate);
      const m = v.times(r);
      return { partnerMargin: money(m), vendorNet: money(v.minus(m)), assessment: r.lt(THIN) ? 'too-thin' : r.gt(WIDE) ? 'above-range' : 'healthy', currency: 'USD' };
    },
  },
  {
    name: 'repCompensation',
    inputs: many(() => ({ dealValue: amount(1_000, 300_000), standardCommissionRate: rate() * 0.2, motion: pick(Object.keys(MOTIONS)), partnerFeeRate: rate() * 0.3 })),
    wasm: lib.repCompensation,
    js(o) {
      const deal = new D(o.dealValue);
      const rep = deal.times(o.standardCommissionRate).times(MOTIONS[o.motion]);
      const partner = deal.times(o.partnerFeeRate);
      const total = rep.plus(partner);
      return { repPayout: money(rep), partnerPayout: money(partner), totalCostOfSale: money(total), costOfSaleRate: ratio(total.div(deal)), currency: 'USD' };
    },
  },
  {
    name: 'partnerReturn',
    inputs: many(() => ({ payoutPerDeal: amount(100, 20_000), hoursPerDeal: Math.round(1 + rand() * 400) / 10, opportunityCostPerHour: amount(20, 400) })),
    wasm: lib.partnerReturn,
    js(o) {
      const payout = new D(o.payoutPerDeal);
      const hours = new D(o.hoursPerDeal);
      const cost = new D(o.opportunityCostPerHour);
      const hourly = payout.div(hours);
      const multiple = hourly.div(cost);
      const required = hours.times(cost).times(TARGET);
      const gap = required.minus(payout);
      return {
        hours: ratio(hours), hourlyReturn: money(hourly), multiple: ratio(multiple),
        verdict: multiple.lt(1) ? 'loses-money' : multiple.lt(TARGET) ? 'under-motivated' : 'motivated',
        requiredPayoutPerDeal: money(required), payoutGap: money(gap.isNeg() ? new D(0) : gap), currency: 'USD',
      };
    },
  },
];

await lib.init();
console.log(`[money-single] ${N} calls per item, best of ${RUNS} rounds; Node ${process.version}, ${os.cpus()[0]?.model ?? 'unknown CPU'} (${os.cpus().length} cores), load ${os.loadavg()[0].toFixed(1)}`);
console.log('| function | wasm, per call | decimal.js, per call | wasm speed-up |');
console.log('|---|---:|---:|---:|');
let mismatches = 0;
let sink = 0;
const results = [];
for (const c of cases) {
  for (const input of c.inputs) {
    const [a, b] = [JSON.stringify(c.wasm(input)), JSON.stringify(c.js(input))];
    if (a !== b && ++mismatches <= 5) console.log(`MISMATCH ${c.name} ${JSON.stringify(input)}: wasm ${a} decimal.js ${b}`);
  }
  const time = (f) => {
    const t0 = performance.now();
    for (const input of c.inputs) sink += f(input).currency.length;
    return performance.now() - t0;
  };
  let [w, j] = [Infinity, Infinity];
  for (let r = 0; r < RUNS; r++) {
    w = Math.min(w, time(c.wasm));
    j = Math.min(j, time(c.js));
  }
  const [wn, jn] = [(w * 1e6) / N, (j * 1e6) / N];
  console.log(`| ${c.name} | ${wn.toFixed(0)} ns | ${jn.toFixed(0)} ns | ${(jn / wn).toFixed(2)}x |`);
  results.push({ name: c.name, wasmNs: wn, decimalJsNs: jn });
}
console.log(`[money-single] outputs compared: ${mismatches} mismatches (${sink > 0 ? 'ran' : ''})`);
const args = process.argv.slice(2);
const outAt = args.indexOf('--out');
const OUT = outAt === -1 ? fileURLToPath(new URL('../target/bench/results/money-single.json', import.meta.url)) : args[outAt + 1];
mkdirSync(dirname(OUT), { recursive: true });
writeFileSync(OUT, JSON.stringify({ calls: N, runs: RUNS, mismatches, loadAverage: os.loadavg()[0], results }, null, 2));
process.exitCode = mismatches ? 1 : 0;
