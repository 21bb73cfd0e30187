#!/usr/bin/env node
// Sizes for BENCHMARKS.md: the .wasm raw and gzip -9, the JS glue and the
// wrapper gzipped, and the largest contributors to the .wasm.
//
//   node bench/size.mjs [--named target/bench/named/partner_scoring_bg.wasm]
//                       [--twiggy PATH] [--out target/bench/results/size.json]
//
// The shipped .wasm has no name section (wasm-bindgen --remove-name-section),
// so contributors are read from a copy built the same way but keeping names
// (scripts/bench.sh makes it); its code and data are the shipped ones plus
// the name section, which is left out of the shares below.

import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { gzipSync, constants } from 'node:zlib';
import { fileURLToPath } from 'node:url';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const args = process.argv.slice(2);
const opt = (name, dflt) => {
  const i = args.indexOf(name);
  return i === -1 ? dflt : args[i + 1];
};
const OUT = opt('--out', `${ROOT}target/bench/results/size.json`);
const NAMED = opt('--named', `${ROOT}target/bench/named/partner_scoring_bg.wasm`);
const TWIGGY = opt('--twiggy', process.env.TWIGGY ?? 'twiggy');

const gz = (buf) => gzipSync(buf, { level: constants.Z_BEST_COMPRESSION }).length;
function file(rel) {
  const buf = readFileSync(`${ROOT}${rel}`);
  return { file: rel, rawBytes: buf.length, gzipBytes: gz(buf) };
}

const wasm = file('pkg/partner_scoring_bg.wasm');
// What a page loads: www/lib/index.js is the wrapper with the core glue
// bundled in and minified (scripts/build-wrapper.mjs); `glue` is the glue
// as wasm-bindgen writes it, for reference only.
const glue = file('pkg/partner_scoring.js');
const wrapper = file('www/lib/index.js');
const result = {
  wasm,
  glue,
  wrapper,
  jsGzipBytes: wrapper.gzipBytes,
  contributors: null,
  byCrate: null,
  tool: null,
};

// Groups a twiggy item: by the Rust crate of its symbol, or by kind.
function crateOf(name) {
  if (name.startsWith('data segment')) return 'data segments (.rodata: text, tables, built-in profiles)';
  if (/ shim$/.test(name)) return 'exports (wasm-bindgen shims, with their bodies inlined)';
  if (/section/.test(name)) return 'custom sections';
  if (/^<(str|char|\[.*\]|[iu](8|16|32|64|128|size)|f(32|64)|bool)>::/.test(name)) return 'core / alloc (primitive methods)';
  const m = name.match(/^<?(?:&(?:mut )?)?<?([A-Za-z_][A-Za-z0-9_]*)(?:\[[0-9a-f]+\])?::/)
    ?? name.match(/^<(?:[A-Za-z0-9_]+) as ([A-Za-z_][A-Za-z0-9_]*)(?:\[[0-9a-f]+\])?::/);
  if (m) return m[1];
  if (/^(code|func|table|elem|global|type|import|export|memory)\b/.test(name)) return 'wasm structure (types, imports, tables)';
  return 'other';
}

if (existsSync(NAMED)) {
  try {
    const rows = JSON.parse(execFileSync(TWIGGY, ['top', '--format', 'json', NAMED], { encoding: 'utf8', maxBuffer: 64 << 20 }));
    const named = rows.filter((r) => !/name(s)? (sub)?section|"function names"|"local names"|"global names"|"data names"|"type names"|"elem names"|"memory names"|"table names"/.test(r.name));
    const total = named.reduce((s, r) => s + r.shallow_size, 0);
    result.tool = 'twiggy top';
    result.namedTotalBytes = total;
    result.contributors = named.slice(0, 15).map((r) => ({ item: r.name, bytes: r.shallow_size, percent: (100 * r.shallow_size) / total }));
    const crates = new Map();
    for (const r of named) {
      const c = crateOf(r.name);
      crates.set(c, (crates.get(c) ?? 0) + r.shallow_size);
    }
    result.byCrate = [...crates].sort((a, b) => b[1] - a[1]).slice(0, 12)
      .map(([crate, bytes]) => ({ crate, bytes, percent: (100 * bytes) / total }));
  } catch (err) {
    console.warn(`[size] twiggy failed (${err.message.split('\n')[0]}); trying wasm-opt --metrics`);
  }
}
if (result.tool === null) {
  try {
    const text = execFileSync(`${ROOT}node_modules/.bin/wasm-opt`, ['--metrics', `${ROOT}pkg/partner_scoring_bg.wasm`, '-o', '/dev/null'], { encoding: 'utf8' });
    result.tool = 'wasm-opt --metrics';
    result.metrics = text.split('\n').filter((l) => /^\s*\[(funcs|globals|imports|memory-data|table-data|total)\]|^\s+\w+\s*:\s*\d+/.test(l)).slice(0, 40);
  } catch (err) {
    result.tool = `none (${err.message.split('\n')[0]})`;
  }
}

const kb = (b) => `${(b / 1000).toFixed(1)} kB`;
console.log(`[size] .wasm ${wasm.rawBytes} B raw, ${wasm.gzipBytes} B gzip -9 (${kb(wasm.gzipBytes)}); wrapper + core glue (www/lib/index.js, minified) ${result.jsGzipBytes} B gzipped`);
for (const c of result.contributors ?? []) console.log(`[size]   ${String(c.bytes).padStart(8)}  ${c.percent.toFixed(1).padStart(5)}%  ${c.item.slice(0, 100)}`);
mkdirSync(fileURLToPath(new URL('.', `file://${OUT}`)), { recursive: true });
writeFileSync(OUT, JSON.stringify(result, null, 2));
console.log(`[size] wrote ${OUT}`);
