#!/usr/bin/env node
// Where the time goes in the wasm scoring paths (objects, JSON text, typed
// columns), through the wrapper: a V8 CPU profile of each, on the copy of
// the module that keeps its function names (target/bench/named/, made by
// scripts/bench.sh, handed to init()), with the self time grouped by what
// it is doing.
//
//   node bench/profile.mjs [--out target/bench/results/profile.json]

import { Session } from 'node:inspector/promises';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { resellerRecords, toTypedColumns } from './lib/data.mjs';
// The wrapper's source with the glue as its own file, so the profile can
// tell them apart (www/lib/index.js bundles both, minified).
import { init, createScorer } from '../www/lib/wrapper.js';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const args = process.argv.slice(2);
const outAt = args.indexOf('--out');
const OUT = outAt === -1 ? `${ROOT}target/bench/results/profile.json` : args[outAt + 1];
const NAMED = `${ROOT}target/bench/named/`;
const N = 100_000;

// The named copy comes from the same build as pkg/, so the wrapper's glue
// instantiates it as it is.
await init(new WebAssembly.Module(readFileSync(`${NAMED}partner_scoring_bg.wasm`)));
const scorer = createScorer('reseller');
const records = resellerRecords(N);
const columns = toTypedColumns(records);
const json = JSON.stringify(records);

function category(frame) {
  const f = frame.functionName;
  if (f === '(garbage collector)') return 'JS garbage collection';
  if (f === '(program)' || f === '(idle)' || f === '(root)') return 'engine (other)';
  if (frame.url.endsWith('partner_scoring.js')) return 'JS glue (boundary callbacks)';
  if (frame.url.endsWith('www/lib/wrapper.js')) return 'JS wrapper (reshaping into columns)';
  if (frame.url.startsWith('wasm://') || /::|\$|^wasm-function/.test(f)) {
    if (/serde_wasm_bindgen|js_sys|wasm_bindgen|externref/.test(f)) return 'wasm: reading JS values (serde-wasm-bindgen)';
    if (/value::|ValueSeed|ValueVisitor/.test(f)) return 'wasm: building the Value tree';
    if (/serde_json/.test(f)) return 'wasm: JSON parsing';
    if (/dlmalloc|alloc::|__rust_(alloc|dealloc|realloc)|memcpy|memmove|memset/.test(f)) return 'wasm: allocation and copies';
    // The kernel's loops are inlined into the scoreStaged export.
    if (/score::|batch::|profile::|kernel::|scoreStaged/.test(f)) return 'wasm: scoring kernel';
    return 'wasm: other';
  }
  if (f === '' && frame.url === '') return 'engine (other)';
  return 'JS builtins and runtime';
}

async function profile(name, fn, reps) {
  fn(); // warm-up
  const session = new Session();
  session.connect();
  await session.post('Profiler.enable');
  await session.post('Profiler.setSamplingInterval', { interval: 200 });
  await session.post('Profiler.start');
  for (let i = 0; i < reps; i++) fn();
  const { profile: p } = await session.post('Profiler.stop');
  session.disconnect();
  const total = p.samples.length;
  const hits = new Map();
  for (const id of p.samples) hits.set(id, (hits.get(id) ?? 0) + 1);
  const byNode = new Map(p.nodes.map((n) => [n.id, n]));
  const byCat = new Map();
  const byFn = new Map();
  for (const [id, count] of hits) {
    const frame = byNode.get(id).callFrame;
    const cat = category(frame);
    byCat.set(cat, (byCat.get(cat) ?? 0) + count);
    const key = frame.functionName || '(anonymous)';
    byFn.set(key, (byFn.get(key) ?? 0) + count);
  }
  const pct = (c) => (100 * c) / total;
  const out = {
    path: name,
    samples: total,
    categories: [...byCat].sort((a, b) => b[1] - a[1]).map(([what, c]) => ({ what, percent: pct(c) })),
    functions: [...byFn].sort((a, b) => b[1] - a[1]).slice(0, 10).map(([fn, c]) => ({ fn: fn.replace(/::h[0-9a-f]{16}$/, ''), percent: pct(c) })),
  };
  console.log(`[profile] ${name}: ${out.categories.slice(0, 5).map((c) => `${c.what} ${c.percent.toFixed(0)}%`).join(', ')}`);
  return out;
}

const results = [
  await profile('scoreRecords(objects)', () => scorer.scoreRecords(records), 2),
  await profile('scoreRecords(JSON text)', () => scorer.scoreRecords(json), 3),
  await profile('scoreColumns(typed columns)', () => scorer.scoreColumns(columns, N), 10),
];
scorer.free();
mkdirSync(fileURLToPath(new URL('.', `file://${OUT}`)), { recursive: true });
writeFileSync(OUT, JSON.stringify(results, null, 2));
console.log(`[profile] wrote ${OUT}`);
