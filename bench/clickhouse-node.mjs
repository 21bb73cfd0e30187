// The Node side of bench/clickhouse-bench.py: scores the same JSON records
// (one per line in the file given) through the wasm module in Node, in
// chunks, and prints one JSON line of timings. Run by the Python benchmark.
//   node bench/clickhouse-node.mjs records.jsonl [chunkRows] [explainedRows]
import { readFileSync } from 'node:fs';
import { performance } from 'node:perf_hooks';
import { init, createScorer, scorePartners } from '../www/lib/index.js';

const [file, chunkArg = '10000', explainedArg = '100000'] = process.argv.slice(2);
const chunkRows = Number(chunkArg);
const lines = readFileSync(file, 'utf8').split('\n').filter((l) => l.length > 0);
await init();

// Chunks as JSON array text, built before timing (the records are already
// in memory on every side of the comparison).
const chunks = [];
for (let i = 0; i < lines.length; i += chunkRows) {
  chunks.push(`[${lines.slice(i, i + chunkRows).join(',')}]`);
}

function best(runs, fn) {
  let min = Infinity;
  let value;
  for (let r = 0; r < runs; r += 1) {
    const t = performance.now();
    value = fn();
    min = Math.min(min, performance.now() - t);
  }
  return { ms: min, value };
}

// The batch path: a profile compiled once, scores only.
const scorer = createScorer('referral');
const batch = best(3, () => {
  let sum = 0;
  for (const c of chunks) {
    const { scores } = scorer.scoreRecords(c);
    for (let i = 0; i < scores.length; i += 1) sum += scores[i];
  }
  return sum;
});

// The explained path (scorePartners), on fewer rows: every result is a
// full object with its contributions.
const explainedChunks = chunks.slice(0, Math.max(1, Math.ceil(Number(explainedArg) / chunkRows)));
const explainedRows = Math.min(lines.length, explainedChunks.length * chunkRows);
const explained = best(2, () => {
  let sum = 0;
  for (const c of explainedChunks) for (const r of scorePartners(c, 'referral')) sum += r.score;
  return sum;
});

console.log(JSON.stringify({
  rows: lines.length,
  chunkRows,
  batchMs: batch.ms,
  batchSum: batch.value,
  explainedRows,
  explainedMs: explained.ms,
}));
