// BENCHMARK BASELINE ONLY. A plain-JavaScript implementation of the batch
// scoring rules, written so the benchmarks (bench/node.mjs) can compare
// the WebAssembly core against what a JS developer would write by hand.
// The product never imports this file: every score the product shows comes
// from the Rust core (src/score.rs). The benchmark checks that this gives
// the same scores, bit for bit, before it times anything.
//
// Rules reproduced (README "Scoring rules", src/score.rs):
// - range: clamped piecewise-linear curve; numbers or plain numeric text
// - category: text folded (trimmed, lowercased), else the default subscore
// - flag: booleans, 1/0, "true/false/yes/no/y/n/1/0" (folded)
// - tags: a list or "a;b,c" text; share of wanted tags present
// - absent, null or blank text is missing: 0 under "zero", dropped under
//   "renormalize"; a value of the wrong kind is invalid and scores 0
// - gates on present, valid data disqualify (score 0)
// - score = 100 * sum(w*s) / sum(w), clamped to 0..100, snapped to 1e-9,
//   rounded to 1 place half away from zero; band = first with min <= score

const INVALID = 1;
const fold = (s) => s.trim().toLowerCase();
const PLAIN_NUMBER = /^[0-9.+\-eE]+$/;
const NO_BAND = 255;

// Rust's f64::round: half away from zero.
const roundAway = (x) => (x < 0 ? -Math.round(-x) : Math.round(x));

export function roundTo(x, places) {
  const snapped = roundAway(x * 1e9) / 1e9;
  const f = 10 ** places;
  const r = roundAway(snapped * f) / f;
  return r === 0 ? 0 : r;
}

function curveAt(xs, ys, x) {
  const last = xs.length - 1;
  if (x <= xs[0]) return ys[0];
  if (x >= xs[last]) return ys[last];
  for (let i = 1; i <= last; i++) {
    if (x <= xs[i]) return ys[i - 1] + ((ys[i] - ys[i - 1]) * (x - xs[i - 1])) / (xs[i] - xs[i - 1]);
  }
  return ys[last];
}

const isBlank = (v) => v === undefined || v === null || (typeof v === 'string' && v.trim() === '');

// Each compiled criterion reads a present (non-blank) value: it returns
// INVALID for a value of the wrong kind, or writes the subscore and whether
// the gate failed into `out` (reused, so the hot loop does not allocate).
export function compileCriterion(c) {
  const gate = c.gate ?? null;
  switch (c.kind) {
    case 'range': {
      const xs = c.curve.map((p) => p[0]);
      const ys = c.curve.map((p) => p[1]);
      const min = gate?.min ?? null;
      const max = gate?.max ?? null;
      const readNumber = (v) => {
        if (typeof v === 'number') return Number.isFinite(v) ? v : NaN;
        if (typeof v === 'string') {
          const t = v.trim();
          if (!PLAIN_NUMBER.test(t)) return NaN;
          const n = Number(t);
          return Number.isFinite(n) ? n : NaN;
        }
        return NaN;
      };
      return {
        field: c.field,
        weight: c.weight,
        eval(v, out) {
          const x = readNumber(v);
          if (Number.isNaN(x)) return INVALID;
          out.s = curveAt(xs, ys, x);
          out.gate = (min !== null && x < min) || (max !== null && x > max);
          return 2;
        },
      };
    }
    case 'category': {
      const values = new Map(Object.entries(c.values).map(([k, s]) => [fold(k), s]));
      const dflt = c.default ?? 0;
      const allowed = gate?.allowed ? new Set(gate.allowed.map(fold)) : null;
      return {
        field: c.field,
        weight: c.weight,
        eval(v, out) {
          let t;
          if (typeof v === 'string') t = fold(v);
          else if (typeof v === 'number') {
            if (!Number.isFinite(v)) return INVALID;
            t = String(v);
          } else if (typeof v === 'boolean') t = String(v);
          else return INVALID;
          const s = values.get(t);
          out.s = s === undefined ? dflt : s;
          out.gate = allowed !== null && !allowed.has(t);
          return 2;
        },
      };
    }
    case 'flag': {
      const whenTrue = c.whenTrue ?? 1;
      const whenFalse = c.whenFalse ?? 0;
      const required = typeof gate?.required === 'boolean' ? gate.required : null;
      return {
        field: c.field,
        weight: c.weight,
        eval(v, out) {
          let b;
          if (typeof v === 'boolean') b = v;
          else if (typeof v === 'number') {
            if (v === 1) b = true;
            else if (v === 0) b = false;
            else return INVALID;
          } else if (typeof v === 'string') {
            switch (fold(v)) {
              case 'true': case 'yes': case 'y': case '1': b = true; break;
              case 'false': case 'no': case 'n': case '0': b = false; break;
              default: return INVALID;
            }
          } else return INVALID;
          out.s = b ? whenTrue : whenFalse;
          out.gate = required !== null && b !== required;
          return 2;
        },
      };
    }
    case 'tags': {
      const wanted = c.wanted.map(fold);
      const allowed = gate?.allowed ? gate.allowed.map(fold) : null;
      return {
        field: c.field,
        weight: c.weight,
        eval(v, out) {
          let tags;
          if (typeof v === 'string') tags = v.split(/[;,]/).map(fold).filter((t) => t !== '');
          else if (Array.isArray(v)) {
            tags = [];
            for (const item of v) {
              if (typeof item !== 'string') return INVALID;
              tags.push(fold(item));
            }
          } else return INVALID;
          let present = 0;
          for (const w of wanted) if (tags.includes(w)) present++;
          out.s = present / Math.max(wanted.length, 1);
          out.gate = allowed !== null && !allowed.some((a) => tags.includes(a));
          return 2;
        },
      };
    }
    default:
      throw new Error(`baseline: unknown kind ${c.kind}`);
  }
}

/**
 * Compiles a profile (the JSON of src/profiles/*.json) into a scorer with
 * `scoreRecords(records) -> {scores: Float64Array, bands: Uint8Array}`.
 */
export function compileBaseline(profile) {
  const criteria = profile.criteria.map(compileCriterion);
  const renormalize = profile.missing === 'renormalize';
  const bands = [...profile.bands].sort((a, b) => b.min - a.min);
  const bandMins = bands.map((b) => b.min);
  const out = { s: 0, gate: false };

  function scoreOne(record) {
    let weighted = 0;
    let denominator = 0;
    let disqualified = false;
    for (let i = 0; i < criteria.length; i++) {
      const c = criteria[i];
      const v = record[c.field];
      let s = 0;
      if (isBlank(v)) {
        if (renormalize) continue;
      } else if (c.eval(v, out) !== INVALID) {
        s = out.s;
        if (out.gate) disqualified = true;
      }
      denominator += c.weight;
      weighted += c.weight * s;
    }
    if (disqualified || denominator <= 0) return 0;
    return roundTo(Math.min(Math.max((100 * weighted) / denominator, 0), 100), 1);
  }

  function bandOf(score) {
    for (let b = 0; b < bandMins.length; b++) if (bandMins[b] <= score) return b;
    return NO_BAND;
  }

  return {
    bandLabels: bands.map((b) => b.label),
    scoreRecords(records) {
      const n = records.length;
      const scores = new Float64Array(n);
      const bandsOut = new Uint8Array(n);
      for (let i = 0; i < n; i++) {
        const s = scoreOne(records[i]);
        scores[i] = s;
        bandsOut[i] = bandOf(s);
      }
      return { scores, bands: bandsOut };
    },
  };
}

export { NO_BAND };
