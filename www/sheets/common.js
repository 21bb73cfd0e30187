// Glue shared by the three spreadsheet hosts (HyperFormula, Excel, Google
// Sheets): the list of PARTNER functions, turning a header row and rows of
// cells into record objects, broadcasting scalar functions over ranges, and
// turning the core's errors into spreadsheet error kinds. No formula lives
// here: every number comes from the core through the wrapper, and money
// strings become numbers with Number() only at the very end.
//
// Hosts hand in plain values: numbers, strings, booleans, and null for a
// blank cell (each host maps its own blank first); a range is an array of
// rows. Every function below returns a value, an array of rows, or a
// SheetError (also inside arrays, per cell); none of them throws.

import * as lib from '../lib/index.js';

/** Spreadsheet error kinds, by the core's error code (see README.md). */
const KIND_BY_CODE = {
  'invalid-type': 'VALUE',
  'invalid-number': 'VALUE',
  'invalid-json': 'VALUE',
  conflict: 'VALUE',
  'duplicate-id': 'VALUE',
  'empty-profile': 'VALUE',
  'no-base-tier': 'VALUE',
  'out-of-range': 'NUM',
  'negative-amount': 'NUM',
  'not-finite': 'NUM',
  'too-many-digits': 'NUM',
  overflow: 'NUM',
  'limit-exceeded': 'NUM',
  'missing-field': 'NA',
};

/** The error kind for a core error code: VALUE, NUM or NA. */
export function errorKind(code) {
  if (Object.prototype.hasOwnProperty.call(KIND_BY_CODE, code)) return KIND_BY_CODE[code];
  if (typeof code === 'string' && (code.startsWith('unknown-') || code.startsWith('curve-'))) return 'VALUE';
  return 'VALUE'; // internal, not-initialized, anything new: bad input as far as the sheet can tell
}

/** The text a spreadsheet shows for each kind. */
export const ERROR_TEXT = { VALUE: '#VALUE!', NUM: '#NUM!', NA: '#N/A' };

/** A spreadsheet error value, host-neutral; each host turns it into its own. */
export class SheetError {
  constructor(kind, message, code = '', path = '') {
    this.kind = kind;
    this.message = message;
    this.code = code;
    this.path = path;
  }

  /** '#NUM! out-of-range (rate): ...', for hosts that show only text. */
  toString() {
    return `${ERROR_TEXT[this.kind]} ${this.message}`;
  }
}

/** Any thrown value as a SheetError, with the core's code and message when there is one. */
export function toSheetError(err) {
  if (err instanceof SheetError) return err;
  if (err instanceof lib.PartnerScoringError) {
    const where = err.path ? ` (${err.path})` : '';
    return new SheetError(errorKind(err.code), `${err.code}${where}: ${err.message}`, err.code, err.path);
  }
  const message = err instanceof Error ? err.message : String(err);
  return new SheetError('VALUE', message);
}

function valueError(message) {
  return new SheetError('VALUE', message, 'invalid-type');
}

// Runs fn and returns its value, or the SheetError for whatever it threw.
function attempt(fn) {
  try {
    return fn();
  } catch (err) {
    return toSheetError(err);
  }
}

/** A blank cell: null, undefined or text of only spaces. Blank is missing data. */
export function isBlank(v) {
  return v === null || v === undefined || (typeof v === 'string' && v.trim() === '');
}

function isGrid(v) {
  return Array.isArray(v);
}

// A range or a single value as an array of rows.
function asGrid(v) {
  if (!isGrid(v)) return [[v]];
  if (v.length > 0 && !isGrid(v[0])) return [v]; // a flat list is one row
  return v;
}

function firstError(grid) {
  for (const row of grid) for (const v of row) if (v instanceof SheetError) return v;
  return null;
}

// Money and ratios arrive as the core's rounded decimal strings; only here
// do they become numbers. null (undefined in the core) is a blank cell.
function num(text) {
  return text === null || text === undefined ? '' : Number(text);
}

// ---------------------------------------------------------------------------
// Records from a header row and rows.

/**
 * Maps one header row and rows of cells to record objects for the core.
 * Blank cells are left out (missing data); blank header cells drop their
 * column; a fully blank row gives null (a blank result).
 * @returns {{records: (object|null)[]} | SheetError}
 */
export function toRecords(headers, rows) {
  const head = asGrid(headers);
  if (head.length !== 1) {
    return valueError(`headers must be one row of field names, got ${head.length} rows`);
  }
  const names = head[0].map((h) => (isBlank(h) ? null : String(h).trim()));
  const seen = new Set();
  for (const n of names) {
    if (n === null) continue;
    if (seen.has(n)) return new SheetError('VALUE', `duplicate-id (headers): the field ${JSON.stringify(n)} appears twice`, 'duplicate-id', 'headers');
    seen.add(n);
  }
  if (seen.size === 0) return new SheetError('NA', 'missing-field (headers): the header row is blank', 'missing-field', 'headers');
  const body = asGrid(rows);
  const err = firstError(body) ?? firstError(head);
  if (err) return err;
  const records = [];
  for (let r = 0; r < body.length; r++) {
    const row = body[r];
    if (row.length !== names.length) {
      return valueError(`rows must be as wide as headers: row ${r + 1} has ${row.length} cells, headers ${names.length}`);
    }
    let record = null;
    for (let c = 0; c < names.length; c++) {
      const v = row[c];
      if (names[c] === null || isBlank(v)) continue;
      if (record === null) record = {};
      record[names[c]] = v;
    }
    records.push(record);
  }
  return { records };
}

// ---------------------------------------------------------------------------
// Profiles: built-in ids, JSON text, or custom profiles imported by a host
// (the Excel task pane). A blank profile_id means the active profile.

const customProfiles = new Map();
let activeProfile = 'referral';

/** Adds (or replaces) a custom profile after validating it in the core. Returns its id. */
export function importProfile(profileOrJson) {
  const profile = typeof profileOrJson === 'string' ? JSON.parse(profileOrJson) : profileOrJson;
  const check = lib.validateProfile(profile);
  if (!check.ok) {
    const first = check.errors[0];
    throw new lib.PartnerScoringError(first.code, first.message, first.path);
  }
  customProfiles.set(String(profile.id), profile);
  return String(profile.id);
}

/** Ids of the built-in profiles and the imported ones. */
export function profileIds() {
  return [...lib.builtinProfiles().map((p) => p.id), ...customProfiles.keys()];
}

/** Sets the profile used when profile_id is blank. */
export function setActiveProfile(id) {
  activeProfile = String(id);
}

export function getActiveProfile() {
  return activeProfile;
}

function resolveProfile(id) {
  if (isBlank(id)) return customProfiles.get(activeProfile) ?? activeProfile;
  if (typeof id !== 'string') return id; // the core says invalid-type
  const key = id.trim();
  if (customProfiles.has(key)) return customProfiles.get(key);
  return key.startsWith('{') ? key : key.toLowerCase(); // JSON text, or a built-in id
}

// ---------------------------------------------------------------------------
// Fit scoring: one core call per range.

// Scores every non-blank row in one scorePartners call; per row, the result
// or null for a blank row.
function scoreTable(profileId, headers, rows) {
  const table = toRecords(headers, rows);
  if (table instanceof SheetError) return table;
  const present = table.records.filter((r) => r !== null);
  // Called even with no rows left, so that a bad profile is reported.
  const results = attempt(() => lib.scorePartners(present, resolveProfile(profileId)));
  if (results instanceof SheetError) return results;
  let i = 0;
  return table.records.map((r) => (r === null ? null : results[i++]));
}

// Scores only (no explanations), through the batch path: the profile is
// compiled once and the rows cross as columns. Per row {score, band}, or
// null for a blank row. The same scores as scoreTable.
function quickTable(profileId, headers, rows) {
  const table = toRecords(headers, rows);
  if (table instanceof SheetError) return table;
  const present = table.records.filter((r) => r !== null);
  const scored = attempt(() => {
    const scorer = lib.createScorer(resolveProfile(profileId));
    try {
      const { scores, bands } = scorer.scoreRecords(present);
      const labels = scorer.bandLabels;
      return Array.from(scores, (score, i) => ({ score, band: labels[bands[i]] ?? null }));
    } finally {
      scorer.free();
    }
  });
  if (scored instanceof SheetError) return scored;
  let i = 0;
  return table.records.map((r) => (r === null ? null : scored[i++]));
}

function perRow(results, pick) {
  if (results instanceof SheetError) return results;
  return results.map((r) => [r === null ? '' : pick(r)]);
}

/** PARTNER_FIT: one score per row, as a column. */
export function partnerFit(profileId, headers, rows) {
  return perRow(quickTable(profileId, headers, rows), (r) => r.score);
}

/** PARTNER_BAND: one band label per row. */
export function partnerBand(profileId, headers, rows) {
  return perRow(quickTable(profileId, headers, rows), (r) => r.band);
}

/** PARTNER_REASONS: the top points won and lost per row, as short text. */
export function partnerReasons(profileId, headers, rows) {
  return perRow(scoreTable(profileId, headers, rows), reasonsText);
}

// Two criteria that won the most points and two that left the most on the
// table, each as 'label points/max'; a criterion is listed once, won or
// lost, never both. A disqualification leads, in the core's words, and the
// points after it are what the partner would score without the gate. The
// core gives the points and the words; this only picks and prints them.
export function reasonsText(result) {
  const parts = [];
  if (result.disqualified) {
    parts.push(result.failedGates.map((g) => g.explanation).join('; '));
  }
  const show = (c) => `${c.label} ${c.points}/${c.maxPoints}${c.status === 'scored' ? '' : ` (${c.status})`}`;
  const won = result.contributions
    .filter((c) => c.points > 0)
    .sort((a, b) => b.points - a.points)
    .slice(0, 2);
  const lost = result.contributions
    .filter((c) => c.points < c.maxPoints && !won.includes(c))
    .sort((a, b) => (b.maxPoints - b.points) - (a.maxPoints - a.points))
    .slice(0, 2);
  if (won.length) parts.push(`${result.disqualified ? `Without the gate ${result.scoreWithoutGates}. ` : ''}Won: ${won.map(show).join(', ')}`);
  if (lost.length) parts.push(`Lost: ${lost.map(show).join(', ')}`);
  return parts.join('. ');
}

/** PARTNER_BEST_TYPE: the best partner type per row. */
export function partnerBestType(headers, rows) {
  const table = toRecords(headers, rows);
  if (table instanceof SheetError) return table;
  // The core has no batch form of recommendPartnerType: one call per row.
  return table.records.map((r) => [r === null ? '' : attempt(() => lib.recommendPartnerType(r)[0].partnerType)]);
}

/**
 * PARTNER_FIT_WEIGHTS: weights learned from outcomes (the core's fitProfile)
 * next to the base weights. One row per header field: field, base weight,
 * fitted weight, and the fitted weight's bootstrap interval (low, high),
 * summed over the criteria that read the field (blank for a field the
 * profile does not read); then a last row with the held-out AUC of the base
 * and of the fitted weights. `outcomes` holds one TRUE/FALSE per row; a
 * blank row with a blank outcome is skipped.
 */
export function partnerFitWeights(profileId, headers, rows, outcomes, seed) {
  const table = toRecords(headers, rows);
  if (table instanceof SheetError) return table;
  const flat = asGrid(outcomes).flat();
  const err = firstError([flat]);
  if (err) return err;
  if (flat.length !== table.records.length) {
    return new SheetError('VALUE', `length-mismatch (outcomes): ${flat.length} outcomes for ${table.records.length} rows`, 'length-mismatch', 'outcomes');
  }
  const records = [];
  const ys = [];
  table.records.forEach((r, i) => {
    if (r === null && isBlank(flat[i])) return;
    records.push(r ?? {});
    ys.push(isBlank(flat[i]) ? null : flat[i]);
  });
  const fitted = attempt(() => lib.fitProfile({
    records, outcomes: ys, profile: resolveProfile(profileId), seed: isBlank(seed) ? null : seed,
  }));
  if (fitted instanceof SheetError) return fitted;
  const byField = new Map();
  // fitProfile accepted the profile, so it resolves to an object here.
  const fieldOf = new Map((resolveProfileObject(profileId)?.criteria ?? []).map((c) => [c.id, c.field]));
  for (const c of fitted.report.importance) {
    const field = fieldOf.get(c.criterion);
    const sum = byField.get(field) ?? { base: 0, fitted: 0, low: 0, high: 0 };
    sum.base += c.base;
    sum.fitted += c.fitted;
    sum.low += c.low;
    sum.high += c.high;
    byField.set(field, sum);
  }
  const round1 = (x) => Math.round(x * 10) / 10;
  const names = asGrid(headers)[0].map((h) => (isBlank(h) ? '' : String(h).trim()));
  const out = names.map((name) => {
    const w = byField.get(name);
    return w ? [name, round1(w.base), round1(w.fitted), round1(w.low), round1(w.high)] : [name, '', '', '', ''];
  });
  out.push(['held-out AUC', fitted.report.auc.base, fitted.report.auc.fitted, '', '']);
  return out;
}

// The base profile as an object, to map criteria to fields.
function resolveProfileObject(profileId) {
  const p = resolveProfile(profileId);
  if (typeof p !== 'string') return p;
  if (p.trim().startsWith('{')) {
    try {
      return JSON.parse(p);
    } catch {
      return null;
    }
  }
  return lib.builtinProfiles().find((b) => b.id === p) ?? null;
}

// ---------------------------------------------------------------------------
// Element-wise functions: each argument a value or a range; ranges of the
// same shape go cell by cell, single values repeat.

/**
 * Applies fn(...values) to each cell position of the arguments. With no
 * range among them, returns one value. A SheetError in an argument cell
 * becomes the result of that cell; fn's errors become SheetErrors.
 */
export function lift(args, fn) {
  if (!args.some(isGrid)) return cell(args, fn);
  const grids = args.map(asGrid);
  let height = 1;
  let width = 1;
  for (const g of grids) {
    const h = g.length;
    const w = g[0]?.length ?? 0;
    if (h === 0 || w === 0) return valueError('an empty range');
    if (h !== 1) {
      if (height !== 1 && height !== h) return valueError('ranges of different sizes');
      height = h;
    }
    if (w !== 1) {
      if (width !== 1 && width !== w) return valueError('ranges of different sizes');
      width = w;
    }
  }
  const out = [];
  for (let r = 0; r < height; r++) {
    const row = [];
    for (let c = 0; c < width; c++) {
      row.push(cell(grids.map((g) => g[g.length === 1 ? 0 : r][g[0].length === 1 ? 0 : c]), fn));
    }
    out.push(row);
  }
  return out;
}

function cell(values, fn) {
  const err = values.find((v) => v instanceof SheetError);
  if (err) return err;
  return attempt(() => fn(...values.map((v) => (isBlank(v) ? undefined : v))));
}

// A range through one of the core's columnar twins (batch money): the whole
// range is one core call, `=PARTNER_DEAL_REG_PAYOUT(A2:A10001, "late-stage")`
// spills a column. `names` names the core field of each argument, `fixed`
// adds fields the function holds constant, `pick` takes the output column.
// Shapes broadcast as in lift(). When the call fails (a bad cell, ranges of
// different sizes) the per-cell path runs instead, so each cell gets its own
// error as before.
function liftColumns(args, names, fixed, batch, pick, single) {
  if (!args.some(isGrid)) return lift(args, single);
  const grids = args.map(asGrid);
  let height = 1;
  let width = 1;
  for (const g of grids) {
    if (g.length !== 1) height = g.length;
    if ((g[0]?.length ?? 0) !== 1) width = g[0]?.length ?? 0;
  }
  if (height * width === 0 || grids.some((g) => firstError(g) !== null)) return lift(args, single);
  const n = height * width;
  const input = { ...fixed };
  grids.forEach((g, k) => {
    if (g.length === 1 && g[0].length === 1) {
      if (!isBlank(g[0][0])) input[names[k]] = g[0][0];
      return;
    }
    if ((g.length !== 1 && g.length !== height) || (g[0].length !== 1 && g[0].length !== width)) {
      input[names[k]] = null;
      return;
    }
    const col = new Array(n);
    for (let r = 0; r < height; r++) {
      const row = g[g.length === 1 ? 0 : r];
      for (let c = 0; c < width; c++) {
        const v = row[row.length === 1 ? 0 : c];
        col[r * width + c] = isBlank(v) ? null : v;
      }
    }
    input[names[k]] = col;
  });
  if (Object.values(input).some((v) => v === null)) return lift(args, single);
  let column;
  try {
    column = pick(batch(input));
  } catch {
    return lift(args, single);
  }
  const out = [];
  for (let r = 0; r < height; r++) {
    const row = new Array(width);
    for (let c = 0; c < width; c++) row[c] = num(column[r * width + c]);
    out.push(row);
  }
  return out;
}

// Builds an options object without the blank (undefined) fields, so that the
// core reports a missing required field and applies its default otherwise.
function options(fields) {
  const out = {};
  for (const [k, v] of Object.entries(fields)) if (v !== undefined) out[k] = v;
  return out;
}

// A tier table from a thresholds range and a names range (both or neither).
function tierTable(thresholds, names) {
  const t = isBlank(thresholds) ? [] : asGrid(thresholds).flat();
  const n = isBlank(names) ? [] : asGrid(names).flat();
  if (t.length === 0 && n.length === 0) return undefined;
  const err = firstError([t, n]);
  if (err) return err;
  if (t.length !== n.length) {
    return valueError(`thresholds and names must have as many cells (${t.length} and ${n.length})`);
  }
  return t.map((min, i) => ({ name: isBlank(n[i]) ? undefined : String(n[i]), min: isBlank(min) ? undefined : min }));
}

function tierFn(revenue, thresholds, names, pick) {
  const table = tierTable(thresholds, names);
  if (table instanceof SheetError) return table;
  return lift([revenue], (v) => pick(lib.assignTier(v, table)));
}

/** PARTNER_TIER: the tier name for each revenue. */
export function partnerTier(revenue, thresholds, names) {
  return tierFn(revenue, thresholds, names, (t) => t.tier);
}

/** PARTNER_TIER_GAP: revenue still needed for the next tier; blank at the top tier. */
export function partnerTierGap(revenue, thresholds, names) {
  return tierFn(revenue, thresholds, names, (t) => num(t.amountToNextTier));
}

/** PARTNER_HOURLY_RETURN: payout ÷ hours, as money. */
export function partnerHourlyReturn(payout, hours) {
  // hourlyReturn does not depend on the opportunity cost; 1 stands in for it.
  return liftColumns([payout, hours], ['payoutPerDeal', 'hoursPerDeal'], { opportunityCostPerHour: 1 },
    lib.partnerReturns, (o) => o.hourlyReturn, (p, h) =>
    num(lib.partnerReturn(options({ payoutPerDeal: p, hoursPerDeal: h, opportunityCostPerHour: 1 })).hourlyReturn));
}

/** PARTNER_RETURN_MULTIPLE: the partner's hourly return as a multiple of its opportunity cost. */
export function partnerReturnMultiple(payout, hours, opportunityCost) {
  return liftColumns([payout, hours, opportunityCost], ['payoutPerDeal', 'hoursPerDeal', 'opportunityCostPerHour'], {},
    lib.partnerReturns, (o) => o.multiple, (p, h, o) =>
    num(lib.partnerReturn(options({ payoutPerDeal: p, hoursPerDeal: h, opportunityCostPerHour: o })).multiple));
}

/** PARTNER_REQUIRED_PAYOUT: the payout per deal that reaches the target multiple. */
export function partnerRequiredPayout(hours, opportunityCost, targetMultiple) {
  // requiredPayoutPerDeal does not depend on the payout; 0 stands in for it.
  return liftColumns([hours, opportunityCost, targetMultiple], ['hoursPerDeal', 'opportunityCostPerHour', 'targetMultiple'],
    { payoutPerDeal: 0 }, lib.partnerReturns, (o) => o.requiredPayoutPerDeal, (h, o, t) =>
    num(lib.partnerReturn(options({ payoutPerDeal: 0, hoursPerDeal: h, opportunityCostPerHour: o, targetMultiple: t }))
      .requiredPayoutPerDeal));
}

/** PARTNER_REFERRAL_COMMISSION: the commission on first-year contract value. */
export function partnerReferralCommission(firstYearValue, rate) {
  return liftColumns([firstYearValue, rate], ['firstYearContractValue', 'rate'], {},
    lib.referralCommissions, (o) => o.commission, (v, r) =>
    num(lib.referralCommission(options({ firstYearContractValue: v, rate: r })).commission));
}

/** PARTNER_RESELLER_MARGIN: the reseller's margin on a contract. */
export function partnerResellerMargin(contractValue, marginRate) {
  return liftColumns([contractValue, marginRate], ['contractValue', 'marginRate'], {},
    lib.resellerMargins, (o) => o.partnerMargin, (v, r) =>
    num(lib.resellerMargin(options({ contractValue: v, marginRate: r })).partnerMargin));
}

/** PARTNER_DEAL_REG_PAYOUT: the deal-registration payout for a stage. */
export function partnerDealRegPayout(contractValue, stage) {
  return liftColumns([contractValue, stage], ['contractValue', 'stage'], {},
    lib.dealRegistrationPayouts, (o) => o.payout, (v, s) =>
    num(lib.dealRegistrationPayout(options({ contractValue: v, stage: s })).payout));
}

/** PARTNER_REP_PAYOUT: the rep's payout on a deal for a motion. */
export function partnerRepPayout(dealValue, standardRate, motion) {
  // The rep payout does not depend on the partner's fee; 0 is valid for every motion.
  return liftColumns([dealValue, standardRate, motion], ['dealValue', 'standardCommissionRate', 'motion'],
    { partnerFeeRate: 0 }, lib.repCompensations, (o) => o.repPayout, (v, r, m) =>
    num(lib.repCompensation(options({ dealValue: v, standardCommissionRate: r, motion: m, partnerFeeRate: 0 })).repPayout));
}

/** PARTNER_PROGRAM_ROI: the programme's ROI (net contribution ÷ total cost); blank when the cost is 0. */
export function partnerProgramRoi(recruited, activationRate, dealsPerPartner, averageDealSize, payoutRate, programCost, grossMargin) {
  return lift([recruited, activationRate, dealsPerPartner, averageDealSize, payoutRate, programCost, grossMargin],
    (n, a, d, s, p, c, g) => num(lib.programRoi(options({
      partnersRecruited: n,
      activationRate: a,
      dealsPerActivePartnerPerYear: d,
      averageDealSize: s,
      payoutRate: p,
      programCostPerYear: c,
      grossMargin: g,
    })).roi));
}

// ---------------------------------------------------------------------------
// The function list, the one source of names, parameters and help for all
// three hosts. `spill: 'rows'` gives one result per row of the `rows`
// argument; the other functions take the shape of their element-wise
// arguments. A parameter marked `whole` takes a range as a whole (headers,
// rows, a tier table); `range` marks an element-wise one that is usually a
// range (revenue); the others are single values, taken element-wise too.

const P = (name, description, extra = {}) => ({ name, description, ...extra });

export const FUNCTIONS = [
  {
    name: 'FIT', impl: partnerFit, spill: 'rows',
    description: 'Fit score (0-100) of each prospect row against an ideal partner profile; spills a column.',
    params: [
      P('profile_id', 'Profile: referral, technology, reseller, strategic, services, alliance, an imported id, or blank for the active one.'),
      P('headers', 'One row of field names.', { whole: true }),
      P('rows', 'One row or many of prospect data, as wide as headers.', { whole: true }),
    ],
  },
  {
    name: 'BAND', impl: partnerBand, spill: 'rows',
    description: 'Band of each prospect row (Ideal, Good, Possible, Poor in the built-in profiles).',
    params: [
      P('profile_id', 'Profile id, or blank for the active one.'),
      P('headers', 'One row of field names.', { whole: true }),
      P('rows', 'One row or many of prospect data.', { whole: true }),
    ],
  },
  {
    name: 'REASONS', impl: partnerReasons, spill: 'rows',
    description: 'Short text of the top points won and lost by each prospect row.',
    params: [
      P('profile_id', 'Profile id, or blank for the active one.'),
      P('headers', 'One row of field names.', { whole: true }),
      P('rows', 'One row or many of prospect data.', { whole: true }),
    ],
  },
  {
    name: 'BEST_TYPE', impl: partnerBestType, spill: 'rows',
    description: 'Best partner type for each prospect row (referral, technology, reseller, strategic, services, alliance).',
    params: [
      P('headers', 'One row of field names.', { whole: true }),
      P('rows', 'One row or many of prospect data.', { whole: true }),
    ],
  },
  {
    name: 'FIT_WEIGHTS', impl: partnerFitWeights, spill: 'fields',
    description: 'Weights learned from outcomes next to the base weights: one row per header field (field, base, fitted, low, high), then the held-out AUC of both. Associations in your history, not causes.',
    params: [
      P('profile_id', 'Base profile id, or blank for the active one.'),
      P('headers', 'One row of field names.', { whole: true }),
      P('rows', 'One row per partner, as wide as headers; at least 20 of each outcome.', { whole: true }),
      P('outcomes', 'One TRUE or FALSE per row, e.g. active within 12 months of signing.', { whole: true }),
      P('seed', 'Seed for the folds and the bootstrap; 1 when blank.', { optional: true }),
    ],
  },
  {
    name: 'TIER', impl: partnerTier,
    description: 'Tier for each annual partner-sourced revenue (Platinum, Gold, Silver, Inactive, or your own table).',
    params: [
      P('revenue', 'Annual partner-sourced revenue: a value or a range.', { range: true }),
      P('thresholds', 'Lower bounds of your own tiers; one must be 0.', { whole: true, optional: true }),
      P('names', 'Names of your own tiers, one per threshold.', { whole: true, optional: true }),
    ],
  },
  {
    name: 'TIER_GAP', impl: partnerTierGap,
    description: 'Revenue still needed for the next tier; blank at the top tier.',
    params: [
      P('revenue', 'Annual partner-sourced revenue: a value or a range.', { range: true }),
      P('thresholds', 'Lower bounds of your own tiers; one must be 0.', { whole: true, optional: true }),
      P('names', 'Names of your own tiers, one per threshold.', { whole: true, optional: true }),
    ],
  },
  {
    name: 'HOURLY_RETURN', impl: partnerHourlyReturn,
    description: "The partner's return per hour of effort: payout per deal divided by hours per deal.",
    params: [P('payout', 'Payout per deal.'), P('hours', 'Hours the partner spends per deal (more than 0).')],
  },
  {
    name: 'RETURN_MULTIPLE', impl: partnerReturnMultiple,
    description: "The partner's hourly return as a multiple of its opportunity cost (2.5-3x motivates).",
    params: [
      P('payout', 'Payout per deal.'),
      P('hours', 'Hours per deal (more than 0).'),
      P('opportunity_cost_per_hour', "The partner's opportunity cost per hour."),
    ],
  },
  {
    name: 'REQUIRED_PAYOUT', impl: partnerRequiredPayout,
    description: 'Payout per deal needed to reach the target multiple of the opportunity cost.',
    params: [
      P('hours', 'Hours per deal (more than 0).'),
      P('opportunity_cost_per_hour', "The partner's opportunity cost per hour."),
      P('target_multiple', 'Target multiple; 2.5 when blank.', { optional: true }),
    ],
  },
  {
    name: 'REFERRAL_COMMISSION', impl: partnerReferralCommission,
    description: 'Referral commission on first-year contract value.',
    params: [
      P('first_year_value', 'First-year contract value: a value or a range.', { range: true }),
      P('rate', 'Commission rate as a fraction (15% is 0.15); 0.15 when blank. A value or a range.', { optional: true, range: true }),
    ],
  },
  {
    name: 'RESELLER_MARGIN', impl: partnerResellerMargin,
    description: "The reseller's margin on a contract.",
    params: [
      P('contract_value', 'Contract value: a value or a range.', { range: true }),
      P('margin_rate', 'Margin rate as a fraction (0.25-0.40 is healthy): a value or a range.', { range: true }),
    ],
  },
  {
    name: 'DEAL_REG_PAYOUT', impl: partnerDealRegPayout,
    description: 'Deal-registration payout for the stage at which the deal was registered.',
    params: [
      P('contract_value', 'Contract value: a value or a range.', { range: true }),
      P('stage', 'before-contact, after-first-meeting, late-stage or unregistered: a value or a range.', { range: true }),
    ],
  },
  {
    name: 'REP_PAYOUT', impl: partnerRepPayout,
    description: "The sales rep's commission on a deal, by partner motion.",
    params: [
      P('deal_value', 'Deal value: a value or a range.', { range: true }),
      P('standard_rate', "The rep's standard commission rate as a fraction: a value or a range.", { range: true }),
      P('motion', 'partner-sourced, co-sold, partner-closed or direct: a value or a range.', { range: true }),
    ],
  },
  {
    name: 'PROGRAM_ROI', impl: partnerProgramRoi,
    description: "Partner programme ROI: net contribution divided by total cost; blank when the cost is 0.",
    params: [
      P('partners_recruited', 'Partners recruited.'),
      P('activation_rate', 'Share of recruited partners that become active, as a fraction.'),
      P('deals_per_active_partner', 'Deals per active partner per year.'),
      P('average_deal_size', 'Average deal size.'),
      P('payout_rate', 'Payout rate on partner-sourced revenue, as a fraction.'),
      P('program_cost', 'Programme cost per year.'),
      P('gross_margin', 'Gross margin as a fraction; 1 when blank.', { optional: true }),
    ],
  },
];
