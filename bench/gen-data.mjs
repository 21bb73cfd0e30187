#!/usr/bin/env node
// Writes the benchmark inputs as JSON for the native benches (benches/):
// target/bench/data/reseller-100k.json, deal-100k.json, roi-100k.json.
// BENCHMARK-ONLY. Same generator and seeds as bench/node.mjs.
//
//   node bench/gen-data.mjs [outDir]

import { mkdirSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { resellerRecords, dealRegistrationInputs, programRoiInputs } from './lib/data.mjs';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const dir = process.argv[2] ?? `${ROOT}target/bench/data`;
mkdirSync(dir, { recursive: true });
const N = 100_000;
writeFileSync(`${dir}/reseller-100k.json`, JSON.stringify(resellerRecords(N)));
writeFileSync(`${dir}/deal-100k.json`, JSON.stringify(dealRegistrationInputs(N)));
writeFileSync(`${dir}/roi-100k.json`, JSON.stringify(programRoiInputs(N)));
console.log(`[gen-data] wrote ${N.toLocaleString('en-US')} prospects, payouts and ROI inputs to ${dir}`);
