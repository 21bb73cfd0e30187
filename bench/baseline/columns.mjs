// BENCHMARK BASELINE ONLY. What a careful JS developer writes to score the
// typed columns bench/lib/data.mjs `toTypedColumns` builds (a Float64Array
// per range field, NaN = blank; {values, codes: Uint32Array} for the
// rest): each distinct dictionary value is read once with the object
// baseline's own criterion rules (bench/baseline/scoring.mjs), then every
// row is a table lookup or a curve. The product never imports this file;
// bench/node.mjs checks that it gives the wasm scores bit for bit first.

import { compileCriterion, roundTo, NO_BAND } from './scoring.mjs';

const isBlank = (v) => v === undefined || v === null || (typeof v === 'string' && v.trim() === '');

export function compileColumnBaseline(profile) {
  const renormalize = profile.missing === 'renormalize';
  const crits = profile.criteria.map((c) => ({
    field: c.field, w: c.weight, read: compileCriterion(c),
    xs: c.kind === 'range' ? c.curve.map((p) => p[0]) : null, ys: c.kind === 'range' ? c.curve.map((p) => p[1]) : null,
    lo: c.gate?.min ?? -Infinity, hi: c.gate?.max ?? Infinity,
  }));
  const bandMins = [...profile.bands].sort((a, b) => b.min - a.min).map((b) => b.min);
  const out = { s: 0, gate: false };
  return {
    scoreColumns(cols, n) {
      const wsum = new Float64Array(n); const dsum = new Float64Array(n); const fail = new Uint8Array(n);
      for (const c of crits) {
        const col = cols[c.field]; const w = c.w; const dMissing = renormalize ? 0 : w;
        if (col instanceof Float64Array) {
          const { xs, ys, lo, hi } = c; const last = xs.length - 1;
          for (let i = 0; i < n; i++) {
            const x = col[i];
            if (x !== x) { dsum[i] += dMissing; continue; }
            dsum[i] += w;
            if (x === Infinity || x === -Infinity) continue;
            let s = ys[last];
            if (x <= xs[0]) s = ys[0];
            else if (x < xs[last]) for (let k = 1; k <= last; k++) if (x <= xs[k]) { s = ys[k - 1] + ((ys[k] - ys[k - 1]) * (x - xs[k - 1])) / (xs[k] - xs[k - 1]); break; }
            wsum[i] += w * s;
            if (x < lo || x > hi) fail[i] = 1;
          }
        } else {
          const m = col.values.length; const tw = new Float64Array(m + 1); const td = new Float64Array(m + 1); const tf = new Uint8Array(m + 1);
          for (let k = 0; k <= m; k++) {
            const v = col.values[k];
            if (k === m || isBlank(v)) { td[k] = dMissing; continue; }
            td[k] = w;
            if (c.read.eval(v, out) !== 1) { tw[k] = w * out.s; tf[k] = out.gate ? 1 : 0; }
          }
          const codes = col.codes;
          for (let i = 0; i < n; i++) { const k = Math.min(codes[i], m); wsum[i] += tw[k]; dsum[i] += td[k]; fail[i] |= tf[k]; }
        }
      }
      const scores = new Float64Array(n); const bands = new Uint8Array(n);
      for (let i = 0; i < n; i++) {
        const s = fail[i] || dsum[i] <= 0 ? 0 : roundTo(Math.min(Math.max((100 * wsum[i]) / dsum[i], 0), 100), 1);
        scores[i] = s;
        let b = NO_BAND; for (let k = 0; k < bandMins.length; k++) if (bandMins[k] <= s) { b = k; break; }
        bands[i] = b;
      }
      return { scores, bands };
    },
  };
}
