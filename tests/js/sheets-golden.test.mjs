// The shared golden vectors (tests/golden/*.json) through the spreadsheet
// functions, in two hosts: HyperFormula in Node (as formulas in a sheet) and
// the Google Sheets bundle in node:vm (as Sheets calls them). Economics and
// tier cases map onto the PARTNER_ functions that read the same fields;
// scoring cases whose record is a flat row map onto PARTNER_FIT / _BAND /
// _BEST_TYPE. Error cases map onto the function that reads the failing
// field, and must give the error kind of the README's table.
//
//   node --test tests/js/sheets-golden.test.mjs

import { describe, it, before } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, readdirSync } from 'node:fs';
import vm from 'node:vm';
import { errorKind, ERROR_TEXT } from '../../www/sheets/common.js';

let HyperFormula = null;
try {
  ({ default: HyperFormula } = await import('hyperformula'));
} catch {
  HyperFormula = null;
}
const skip = HyperFormula === null ? 'hyperformula is not installed (npm install)' : false;

const GOLDEN = new URL('../golden/', import.meta.url);
const cases = readdirSync(GOLDEN).filter((n) => n.endsWith('.json')).sort()
  .flatMap((n) => JSON.parse(readFileSync(new URL(n, GOLDEN), 'utf8')).map((c) => ({ ...c, file: n })));

// fn -> [PARTNER_ name, the option fields it passes in order, output field,
// fields it may ignore because they do not change that output].
const ECONOMICS = {
  partnerReturn: [
    ['HOURLY_RETURN', ['payoutPerDeal', 'hoursPerDeal'], 'hourlyReturn', ['opportunityCostPerHour', 'targetMultiple']],
    ['RETURN_MULTIPLE', ['payoutPerDeal', 'hoursPerDeal', 'opportunityCostPerHour'], 'multiple', ['targetMultiple']],
    ['REQUIRED_PAYOUT', ['hoursPerDeal', 'opportunityCostPerHour', 'targetMultiple'], 'requiredPayoutPerDeal', ['payoutPerDeal']],
  ],
  referralCommission: [['REFERRAL_COMMISSION', ['firstYearContractValue', 'rate'], 'commission', []]],
  resellerMargin: [['RESELLER_MARGIN', ['contractValue', 'marginRate'], 'partnerMargin', []]],
  dealRegistrationPayout: [['DEAL_REG_PAYOUT', ['contractValue', 'stage'], 'payout', []]],
  repCompensation: [['REP_PAYOUT', ['dealValue', 'standardCommissionRate', 'motion'], 'repPayout', ['partnerFeeRate']]],
  programRoi: [['PROGRAM_ROI', ['partnersRecruited', 'activationRate', 'dealsPerActivePartnerPerYear', 'averageDealSize',
    'payoutRate', 'programCostPerYear', 'grossMargin'], 'roi', ['totalCompanyRevenue']]],
};

const isPlainObject = (v) => v !== null && typeof v === 'object' && !Array.isArray(v);
const isScalar = (v) => v === null || ['number', 'string', 'boolean'].includes(typeof v);
const fitsADouble = (v) => typeof v !== 'string' || !/^\s*[-+]?[\d.]+\s*$/.test(v)
  || v.replace(/\D/g, '').replace(/^0+/, '').replace(/0+$/, '').length <= 15;
const asNumber = (text) => (text === null ? '' : Number(text));
const expectation = (c, value) => (c.error ? { error: errorKind(c.error.code), code: c.error.code } : { value });

// A golden case as sheet calls: [{fn, args, expect}], args being scalars
// (undefined for a blank) or arrays of rows.
function toSheetCalls(c) {
  const [a0, a1, a2] = c.args;
  if (ECONOMICS[c.fn]) {
    if (!isPlainObject(a0)) return [];
    const { currency, ...input } = a0;
    if (currency !== undefined && String(currency).toUpperCase() !== 'USD') return [];
    if (!Object.values(input).every(isScalar)) return [];
    // A spreadsheet cell holds a double: a decimal with more than 15
    // significant digits (the 28-digit edge cases) is not a sheet number.
    if (!Object.values(input).every(fitsADouble)) return [];
    const calls = [];
    for (const [name, fields, output, ignorable] of ECONOMICS[c.fn]) {
      if (!Object.keys(input).every((k) => fields.includes(k) || ignorable.includes(k))) continue;
      if (c.error && !fields.includes(c.error.path)) continue;
      const args = fields.map((f) => input[f]);
      // A sheet cell is a double: a result past 2^53 (the 28-digit edge
      // cases) is not exact in any spreadsheet, and HyperFormula's own
      // arithmetic moves its last bits, so it is checked by the core's
      // layers only.
      if (!c.error && Math.abs(asNumber(c.expect[output])) > Number.MAX_SAFE_INTEGER) continue;
      calls.push({ fn: name, args, expect: expectation(c, c.error ? null : asNumber(c.expect[output])) });
      if (c.error) break; // one function is enough to show an error
    }
    return calls;
  }
  if (c.fn === 'assignTier') {
    if (a2 !== undefined || !isScalar(a0)) return [];
    let thresholds;
    let names;
    if (a1 !== undefined) {
      if (!Array.isArray(a1) || !a1.every((t) => isPlainObject(t) && Object.keys(t).every((k) => ['name', 'min', 'benefits'].includes(k)))) return [];
      thresholds = [a1.map((t) => t.min)];
      names = [a1.map((t) => t.name)];
    }
    return [
      { fn: 'TIER', args: [a0, thresholds, names], expect: expectation(c, c.error ? null : c.expect.tier) },
      { fn: 'TIER_GAP', args: [a0, thresholds, names], expect: expectation(c, c.error ? null : asNumber(c.expect.amountToNextTier)) },
    ];
  }
  const table = (records) => {
    if (!records.every((r) => isPlainObject(r) && Object.values(r).every(isScalar))) return null;
    const headers = [...new Set(records.flatMap(Object.keys))];
    if (headers.length === 0) return { headers: [['unused']], rows: records.map(() => [null]) };
    return { headers: [headers], rows: records.map((r) => headers.map((h) => (h in r ? r[h] : null))) };
  };
  const profileText = (p) => (typeof p === 'string' ? p : JSON.stringify(p));
  if (c.fn === 'scorePartner') {
    const t = table([a0]);
    if (t === null || (!c.error && Object.keys(a0).length === 0)) return [];
    const profile = profileText(a1);
    return [
      { fn: 'FIT', args: [profile, t.headers, t.rows], expect: expectation(c, c.error ? null : [[c.expect.score]]) },
      { fn: 'BAND', args: [profile, t.headers, t.rows], expect: expectation(c, c.error ? null : [[c.expect.band]]) },
    ];
  }
  if (c.fn === 'rankPartners' && !c.error) {
    const t = table(a0);
    if (t === null) return [];
    const scores = a0.map((_, i) => [c.expect.find((r) => r.index === i).score]);
    return [{ fn: 'FIT', args: [profileText(a1), t.headers, t.rows], expect: { value: scores } }];
  }
  if (c.fn === 'recommendPartnerType' && !c.error) {
    const t = table([a0]);
    if (t === null) return [];
    return [{ fn: 'BEST_TYPE', args: [t.headers, t.rows], expect: { value: [[c.expect[0].partnerType]] } }];
  }
  return [];
}

const calls = cases.flatMap((c) => toSheetCalls(c).map((call) => ({ ...call, name: `${c.file}: ${c.name}` })));

// ---- HyperFormula: scalars as formula literals, ranges (and profile JSON) in cells.

function literal(v) {
  if (v === undefined || v === null) return '';
  if (typeof v === 'boolean') return v ? 'TRUE()' : 'FALSE()';
  if (typeof v === 'number') return String(v);
  return `"${v.replace(/"/g, '""')}"`;
}

const colName = (i) => String.fromCharCode(65 + i); // fine up to Z

function runInHyperFormula(call) {
  const sheet = [];
  let row = 0;
  const refs = call.args.map((arg) => {
    const isRange = Array.isArray(arg);
    const isLongText = typeof arg === 'string' && (arg.length > 200 || arg.includes('"'));
    if (!isRange && !isLongText) return literal(arg);
    const grid = isRange ? arg : [[arg]];
    const top = row;
    for (const r of grid) sheet[row++] = r.map((v) => (v === null ? null : typeof v === 'string' ? `'${v}` : v));
    return `${colName(0)}${top + 1}:${colName(grid[0].length - 1)}${top + grid.length}`;
  });
  const formulaRow = row;
  sheet[formulaRow] = [`=PARTNER_${call.fn}(${refs.join(', ')})`];
  const hf = HyperFormula.buildFromArray(sheet, { licenseKey: 'gpl-v3' });
  try {
    const spilled = hf.getSheetValues(0).slice(formulaRow);
    const first = spilled[0][0];
    if (first instanceof HyperFormula.DetailedCellError) return { error: first.type, message: first.message };
    if (Array.isArray(call.expect.value)) return { value: spilled.slice(0, call.expect.value.length).map((r) => r.slice(0, 1)) };
    return { value: first };
  } finally {
    hf.destroy();
  }
}

// ---- Google Sheets: the bundle in a bare node:vm context.

let sheets;

function runInSheets(call) {
  const args = call.args.map((v) => (v === undefined || v === null ? '' : v));
  try {
    const value = sheets[`PARTNER_${call.fn}`](...args);
    return { value: Array.isArray(value) ? Array.from(value, (r) => Array.from(r)) : value }; // into this realm
  } catch (err) {
    const kind = Object.keys(ERROR_TEXT).find((k) => err.message.startsWith(`${ERROR_TEXT[k]} `));
    return { error: kind ?? `thrown: ${err.message}`, message: err.message };
  }
}

function check(got, expect) {
  if (expect.error) {
    assert.equal(got.error, expect.error, `expected ${ERROR_TEXT[expect.error]} (${expect.code}), got ${JSON.stringify(got)}`);
    assert.match(got.message, new RegExp(expect.code), 'the message carries the core error code');
  } else {
    assert.equal(got.error, undefined, `unexpected error ${JSON.stringify(got)}`);
    assert.deepEqual(got.value, expect.value);
  }
}

describe('golden vectors through the spreadsheet functions', { skip }, () => {
  before(async () => {
    const { registerPartnerFunctions } = await import('../../www/sheets/hyperformula/index.js');
    await registerPartnerFunctions(HyperFormula);
    const { buildBundle } = await import('../../scripts/build-apps-script.mjs');
    const context = vm.createContext({});
    vm.runInContext('delete WebAssembly.instantiateStreaming; delete WebAssembly.compileStreaming;', context);
    vm.runInContext(await buildBundle(), context, { filename: 'PartnerFunctions.js' });
    sheets = context;
  });

  it('maps enough of the golden cases', () => {
    const fns = new Set(calls.map((c) => c.fn));
    assert.ok(calls.length >= 60, `only ${calls.length} sheet calls from the golden vectors`);
    for (const f of ['FIT', 'BAND', 'BEST_TYPE', 'TIER', 'TIER_GAP', 'HOURLY_RETURN', 'RETURN_MULTIPLE', 'REQUIRED_PAYOUT',
      'REFERRAL_COMMISSION', 'RESELLER_MARGIN', 'DEAL_REG_PAYOUT', 'REP_PAYOUT', 'PROGRAM_ROI']) {
      assert.ok(fns.has(f), `no golden case maps onto PARTNER_${f}`);
    }
    const kinds = new Set(calls.filter((c) => c.expect.error).map((c) => c.expect.error));
    assert.deepEqual([...kinds].sort(), ['NA', 'NUM', 'VALUE'], 'each error kind is covered');
  });

  describe('HyperFormula', () => {
    for (const call of calls) {
      it(`${call.name} -> PARTNER_${call.fn}`, () => check(runInHyperFormula(call), call.expect));
    }
  });

  describe('Google Sheets bundle (node:vm)', () => {
    for (const call of calls) {
      it(`${call.name} -> PARTNER_${call.fn}`, () => check(runInSheets(call), call.expect));
    }
  });
});
