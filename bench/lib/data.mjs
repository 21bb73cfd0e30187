// Deterministic synthetic inputs for the benchmarks (bench/, benches/).
// BENCHMARK-ONLY: nothing in the product imports this file.
//
// The same seed always gives the same prospects and economics inputs, so
// the Node, browser and native (divan) benchmarks score identical data:
// `node bench/gen-data.mjs` writes them as JSON to target/bench/data/ for
// the Rust benches.

/** mulberry32: a small 32-bit seeded PRNG; returns floats in [0, 1). */
export function prng(seed) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const pick = (rand, list) => list[Math.floor(rand() * list.length)];
const int = (rand, lo, hi) => lo + Math.floor(rand() * (hi - lo + 1));
// A number with `places` decimals, built from an integer so its shortest
// decimal form is what it looks like (0.27, not 0.27000000000000002).
const fixed = (rand, lo, hi, places) => {
  const f = 10 ** places;
  return int(rand, Math.round(lo * f), Math.round(hi * f)) / f;
};

// The blank forms a CRM export produces: absent, null, empty or spaces.
const BLANKS = [undefined, null, '', '  '];

function flagValue(rand, pTrue) {
  const r = rand();
  const b = rand() < pTrue;
  if (r < 0.08) return pick(rand, BLANKS);
  if (r < 0.7) return b;
  if (r < 0.85) return b ? pick(rand, ['yes', 'Yes', 'TRUE', 'y']) : pick(rand, ['no', 'No', 'false', 'n']);
  return b ? 1 : 0;
}

function rangeValue(rand, make) {
  const r = rand();
  if (r < 0.08) return pick(rand, BLANKS);
  const n = make();
  if (r < 0.14) return String(n); // a numeric string, as spreadsheets send
  return n;
}

/** The eight fields of the built-in "reseller" profile, in criterion order. */
export const RESELLER_FIELDS = [
  'salesReps',
  'offersImplementation',
  'certifiedStaff',
  'offeredMarginRate',
  'businessModel',
  'customerOverlapPercent',
  'registersDealsEarly',
  'sellsCompetingProduct',
];
export const RANGE_FIELDS = new Set(['salesReps', 'certifiedStaff', 'offeredMarginRate', 'customerOverlapPercent']);

/**
 * `n` reseller prospects: objects with the profile's 8 fields, about 8% of
 * each field blank (absent, null, '' or spaces), some numbers as text, flags
 * as booleans, 'yes'/'no' text or 1/0, categories in mixed case and spacing,
 * and about 4% that sell a competing product (a failed gate).
 */
export function resellerRecords(n, seed = 7) {
  const rand = prng(seed);
  const out = new Array(n);
  for (let i = 0; i < n; i++) out[i] = resellerRecord(rand);
  return out;
}

/** One prospect drawn from `rand` (see resellerRecords). */
export function resellerRecord(rand) {
  const rec = {};
  const set = (k, v) => {
    if (v !== undefined) rec[k] = v;
  };
  set('salesReps', rangeValue(rand, () => int(rand, 0, 14)));
  set('offersImplementation', flagValue(rand, 0.6));
  set('certifiedStaff', rangeValue(rand, () => int(rand, 0, 7)));
  set('offeredMarginRate', rangeValue(rand, () => fixed(rand, 0.1, 0.45, 2)));
  const bm = rand();
  set('businessModel', bm < 0.08
    ? pick(rand, BLANKS)
    : pick(rand, ['VAR', 'var', ' Var ', 'MSP', 'msp', 'Distributor', 'distributor', 'Agency', 'SI', 'consultancy']));
  set('customerOverlapPercent', rangeValue(rand, () => fixed(rand, 0, 40, 1)));
  set('registersDealsEarly', flagValue(rand, 0.5));
  set('sellsCompetingProduct', flagValue(rand, 0.04));
  return rec;
}

/**
 * The first `n` prospects of resellerRecords(n, seed), straight into
 * columns (as toColumns would give) without keeping the objects: for the
 * 1,000,000-row runs, whose memory is measured.
 */
export function resellerColumns(n, seed = 7, fields = RESELLER_FIELDS) {
  const rand = prng(seed);
  const cols = {};
  for (const f of fields) cols[f] = RANGE_FIELDS.has(f) ? new Float64Array(n) : new Array(n);
  for (let i = 0; i < n; i++) {
    const rec = resellerRecord(rand);
    for (const f of fields) cols[f][i] = cell(f, rec[f]);
  }
  return cols;
}

function cell(field, v) {
  if (RANGE_FIELDS.has(field)) {
    return v === undefined || v === null || (typeof v === 'string' && v.trim() === '') ? NaN : Number(v);
  }
  return v === undefined ? null : v;
}

/**
 * The same prospects as columns, as a caller with tabular data would pass
 * them: a Float64Array per numeric field (NaN = blank; numeric text is
 * converted with Number) and a plain array of the raw values (null = blank)
 * for flags and categories.
 */
export function toColumns(records, fields = RESELLER_FIELDS) {
  const n = records.length;
  const cols = {};
  for (const f of fields) {
    const col = RANGE_FIELDS.has(f) ? new Float64Array(n) : new Array(n);
    for (let i = 0; i < n; i++) col[i] = cell(f, records[i][f]);
    cols[f] = col;
  }
  return cols;
}

const STAGES = ['before-contact', 'after-first-meeting', 'late-stage', 'unregistered'];

/** `n` deal-registration payout inputs (numbers and decimal strings). */
export function dealRegistrationInputs(n, seed = 11) {
  const rand = prng(seed);
  const out = new Array(n);
  for (let i = 0; i < n; i++) {
    const value = fixed(rand, 500, 250000, 2);
    const input = {
      contractValue: rand() < 0.3 ? value.toFixed(2) : value,
      stage: pick(rand, STAGES),
    };
    if (rand() < 0.1) input.schedule = { 'late-stage': fixed(rand, 0.1, 0.3, 3) };
    if (rand() < 0.2) input.currency = pick(rand, ['EUR', 'gbp', 'USD']);
    out[i] = input;
  }
  return out;
}

/** `n` programme-ROI inputs, with every optional what-if some of the time. */
export function programRoiInputs(n, seed = 13) {
  const rand = prng(seed);
  const out = new Array(n);
  for (let i = 0; i < n; i++) {
    const input = {
      partnersRecruited: rand() < 0.02 ? 0 : int(rand, 1, 250),
      activationRate: fixed(rand, 0.05, 0.9, 2),
      dealsPerActivePartnerPerYear: fixed(rand, 0, 12, 1),
      averageDealSize: rand() < 0.3 ? fixed(rand, 1000, 200000, 2).toFixed(2) : fixed(rand, 1000, 200000, 2),
      payoutRate: fixed(rand, 0.05, 0.3, 3),
      programCostPerYear: rand() < 0.02 ? 0 : int(rand, 10000, 2000000),
    };
    if (rand() < 0.5) input.grossMargin = fixed(rand, 0.4, 0.9, 2);
    if (rand() < 0.5) input.totalCompanyRevenue = int(rand, 1000000, 100000000);
    if (rand() < 0.3) input.coSellShare = fixed(rand, 0, 0.6, 2);
    if (rand() < 0.2) input.coSellValueUplift = fixed(rand, 0, 1, 2);
    if (rand() < 0.3) input.certifiedShare = fixed(rand, 0, 0.5, 2);
    if (rand() < 0.1) input.certifiedMultiplier = fixed(rand, 1, 6, 1);
    out[i] = input;
  }
  return out;
}

/**
 * The same prospects as typed columns, what a caller with tabular data
 * hands `scoreColumns`: a Float64Array per numeric field (NaN = blank, as
 * toColumns) and, for flags and categories, the distinct values once with
 * a Uint32Array of codes (0xFFFFFFFE = blank).
 */
export function toTypedColumns(records, fields = RESELLER_FIELDS) {
  const cols = toColumns(records, fields);
  for (const f of fields) {
    if (cols[f] instanceof Float64Array) continue;
    const index = new Map();
    const values = [];
    const cells = cols[f];
    const codes = new Uint32Array(cells.length);
    for (let i = 0; i < cells.length; i++) {
      const v = cells[i];
      if (v === null || v === undefined) { codes[i] = 0xfffffffe; continue; }
      let c = index.get(v);
      if (c === undefined) { c = values.length; index.set(v, c); values.push(v); }
      codes[i] = c;
    }
    cols[f] = { values, codes };
  }
  return cols;
}

/**
 * The money benchmarks' input makers (bench/money-batch.mjs,
 * bench/money-single.mjs) from one 32-bit LCG seeded with `seed`:
 * `amount(lo, hi)` a value with 2 places, half the time as text;
 * `rate()` a whole number of thousandths in [0, 1]; `pick(list)` an item.
 */
export function moneyInputs(seed) {
  let s = seed >>> 0;
  const rand = () => {
    s = (Math.imul(s, 1103515245) + 12345) >>> 0;
    return s / 4294967296;
  };
  const amount = (lo, hi) => {
    const v = Math.round((lo + rand() * (hi - lo)) * 100) / 100;
    return rand() < 0.5 ? v.toFixed(2) : v;
  };
  const rate = () => Math.round(rand() * 1000) / 1000;
  const pick = (list) => list[Math.floor(rand() * list.length)];
  return { rand, amount, rate, pick };
}

/** `--name value` from the command line as a number, else `dflt`. */
export function numberOption(name, dflt, args = process.argv.slice(2)) {
  const i = args.indexOf(name);
  return i === -1 ? dflt : Number(args[i + 1]);
}
