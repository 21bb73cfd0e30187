#!/usr/bin/env node
// The Google Sheets bundle against Apps Script's documented limits, measured
// in a bare node:vm context (no fetch, TextEncoder, streaming compile), as in
// tests/js/sheets-apps-script.test.mjs: its size, one script load (parse,
// base64 → bytes, synchronous wasm compile and instantiate; Apps Script
// loads the script for each custom-function execution) and PARTNER_FIT over
// ranges of 1,000 and 10,000 rows in one call, and the first
// PARTNER_FIT_WEIGHTS over 2,000 rows (which also compiles the analytics
// module the bundle carries). Apps Script allows a custom
// function 30 s per execution (www/sheets/README.md).
//
//   node bench/sheets-apps-script.mjs [runs=5]

import vm from 'node:vm';
import { buildBundle } from '../scripts/build-apps-script.mjs';

const RUNS = Number(process.argv[2] ?? 5);
const HEADERS = ['icpMatchPercent', 'buyingTriggersPerQuarter', 'returnMultiple', 'customerOverlapPercent', 'firmType', 'sellsCompetingProduct'];
const FIRMS = ['Agency', 'consulting', 'SaaS', 'system integrator', 'reseller'];
const rowsOf = (n) => Array.from({ length: n }, (_, i) => [
  (i * 37) % 101, i % 7 === 0 ? '' : (i * 3) % 8, ((i * 13) % 35) / 10, (i * 11) % 41, FIRMS[i % FIRMS.length], i % 13 === 0,
]);

const bundle = await buildBundle();
const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

function fresh() {
  const context = vm.createContext({});
  vm.runInContext('delete WebAssembly.instantiateStreaming; delete WebAssembly.compileStreaming;', context);
  return context;
}

// 2,000 rows with an outcome that follows the first two fields.
const FIT_ROWS = rowsOf(2000);
const FIT_OUTCOMES = FIT_ROWS.map((r, i) => [((r[0] / 100 + (Number(r[1]) || 0) / 8) * 997 + i * 7919) % 1000 > 700]);

const loads = [];
const fits = { 1000: [], 10000: [] };
const weights = [];
for (let i = 0; i < RUNS; i++) {
  const context = fresh();
  let t = performance.now();
  vm.runInContext(bundle, context, { filename: 'PartnerFunctions.js' });
  vm.runInContext('PARTNER_TIER(1)', context); // the first call instantiates the wasm
  loads.push(performance.now() - t);
  const fit = vm.runInContext('PARTNER_FIT', context);
  for (const n of [1000, 10000]) {
    const rows = rowsOf(n);
    t = performance.now();
    const out = fit('referral', [HEADERS], rows);
    fits[n].push(performance.now() - t);
    if (out.length !== n) throw new Error(`PARTNER_FIT gave ${out.length} rows for ${n}`);
  }
  t = performance.now();
  const spilled = vm.runInContext('PARTNER_FIT_WEIGHTS', context)('referral', [HEADERS], FIT_ROWS, FIT_OUTCOMES);
  weights.push(performance.now() - t);
  if (spilled.length !== HEADERS.length + 1) throw new Error(`PARTNER_FIT_WEIGHTS gave ${spilled.length} rows`);
}

const kb = (b) => `${(b / 1024).toFixed(0)} KiB`;
console.log(`Apps Script bundle in node:vm (${RUNS} runs, median), Node ${process.version}, ${process.arch}`);
console.log(`  bundle size: ${kb(Buffer.byteLength(bundle))} (${Buffer.byteLength(bundle).toLocaleString('en-US')} bytes)`);
console.log(`  script load + wasm compile/instantiate: ${median(loads).toFixed(0)} ms`);
console.log(`  PARTNER_FIT, 1,000 rows in one call: ${median(fits[1000]).toFixed(0)} ms`);
console.log(`  PARTNER_FIT, 10,000 rows in one call: ${median(fits[10000]).toFixed(0)} ms`);
console.log(`  first PARTNER_FIT_WEIGHTS, 2,000 rows (analytics module compile included): ${median(weights).toFixed(0)} ms`);
console.log('  Apps Script limit per custom-function execution: 30 s');
