#!/usr/bin/env node
// PARTNER_FIT over a 10,000-row range in HyperFormula, against the same
// scores through the wrapper directly (scorePartners on 10,000 records), in
// one run. Both paths make one core call for the whole range; the
// difference is HyperFormula's range marshalling and the header/rows ->
// records glue in www/sheets/common.js.
//
//   node bench/sheets-fit.mjs [rows=10000] [runs=7]

import HyperFormula from 'hyperformula';
import * as lib from '../www/lib/index.js';
import { registerPartnerFunctions } from '../www/sheets/hyperformula/index.js';

const ROWS = Number(process.argv[2] ?? 10000);
const RUNS = Number(process.argv[3] ?? 7);
const HEADERS = ['icpMatchPercent', 'buyingTriggersPerQuarter', 'returnMultiple', 'customerOverlapPercent', 'firmType', 'sellsCompetingProduct'];
const FIRMS = ['Agency', 'consulting', 'SaaS', 'system integrator', 'reseller'];

const rows = Array.from({ length: ROWS }, (_, i) => [
  (i * 37) % 101, i % 7 === 0 ? null : (i * 3) % 8, ((i * 13) % 35) / 10, (i * 11) % 41, FIRMS[i % FIRMS.length], i % 13 === 0,
]);
const records = rows.map((r) => Object.fromEntries(HEADERS.map((h, i) => [h, r[i]]).filter(([, v]) => v !== null)));

await registerPartnerFunctions(HyperFormula);

const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const ms = (t) => `${t.toFixed(1)} ms`;

// 1. The wrapper directly: one scorePartners call.
const direct = [];
let expected;
for (let i = 0; i < RUNS; i++) {
  const t = performance.now();
  expected = lib.scorePartners(records, 'referral');
  direct.push(performance.now() - t);
}

// 2. HyperFormula: the sheet built once; each run rewrites the PARTNER_FIT
// cell, which re-evaluates the formula over the whole range (and spills).
const hf = HyperFormula.buildFromArray([HEADERS, ...rows], { licenseKey: 'gpl-v3', maxRows: ROWS + 10 });
const formula = `=PARTNER_FIT("referral", A1:F1, A2:F${ROWS + 1})`;
const where = { sheet: 0, row: 1, col: 7 };
const sheet = [];
for (let i = 0; i < RUNS; i++) {
  hf.setCellContents(where, null);
  const t = performance.now();
  hf.setCellContents(where, formula);
  sheet.push(performance.now() - t);
}
const got = hf.getRangeValues({ start: where, end: { ...where, row: ROWS } }).map((r) => r[0]);
const same = got.length === ROWS && got.every((v, i) => v === expected[i].score);

// 3. The same formula with the first build included, as a user opening the sheet sees it.
const t0 = performance.now();
const cold = HyperFormula.buildFromArray([HEADERS.concat([null, formula]), ...rows], { licenseKey: 'gpl-v3', maxRows: ROWS + 10 });
const coldMs = performance.now() - t0;
cold.destroy();
hf.destroy();

console.log(`PARTNER_FIT over ${ROWS.toLocaleString('en-US')} rows (${RUNS} runs, median), Node ${process.version}, ${process.arch}`);
console.log(`  wrapper scorePartners, one call:        ${ms(median(direct))}  (${Math.round(ROWS / median(direct) * 1000).toLocaleString('en-US')} rows/s)`);
console.log(`  HyperFormula =PARTNER_FIT(...) recalc:  ${ms(median(sheet))}  (${Math.round(ROWS / median(sheet) * 1000).toLocaleString('en-US')} rows/s)`);
console.log(`  HyperFormula build + first evaluation:  ${ms(coldMs)}`);
console.log(`  same scores as the wrapper: ${same ? 'yes' : 'NO'}`);
if (!same) process.exitCode = 1;
