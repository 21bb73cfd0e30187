// The HyperFormula plugin in Node: registration, spills of 1 and 1,000
// rows (checked against scorePartners through the wrapper), element-wise
// tiers, blank cells as missing data, each error value with the core's
// message, and recomputation after an edit.
//
//   node --test tests/js/sheets-hyperformula.test.mjs

import { describe, it, before } from 'node:test';
import assert from 'node:assert/strict';
import * as lib from '../../www/lib/index.js';

let HyperFormula = null;
try {
  ({ default: HyperFormula } = await import('hyperformula'));
} catch {
  HyperFormula = null;
}
const skip = HyperFormula === null ? 'hyperformula is not installed (npm install)' : false;

const HEADERS = ['icpMatchPercent', 'buyingTriggersPerQuarter', 'returnMultiple', 'customerOverlapPercent', 'firmType', 'sellsCompetingProduct'];
const FIRMS = ['Agency', 'consulting', 'SaaS', 'system integrator', 'reseller'];

// A deterministic prospect table; every 7th row has blanks, every 13th a competitor.
function prospects(n) {
  const rows = [];
  for (let i = 0; i < n; i++) {
    rows.push([
      (i * 37) % 101,
      i % 7 === 0 ? null : (i * 3) % 8,
      ((i * 13) % 35) / 10,
      (i * 11) % 41,
      FIRMS[i % FIRMS.length],
      i % 13 === 0,
    ]);
  }
  return rows;
}

function toRecords(rows) {
  return rows.map((r) => Object.fromEntries(HEADERS.map((h, i) => [h, r[i]]).filter(([, v]) => v !== null)));
}

const build = (sheet) => HyperFormula.buildFromArray(sheet, { licenseKey: 'gpl-v3' });
const at = (hf, a1) => hf.getCellValue(hf.simpleCellAddressFromString(a1, 0));

describe('HyperFormula plugin', { skip }, () => {
  let registerPartnerFunctions;
  let FUNCTION_NAMES;
  before(async () => {
    ({ registerPartnerFunctions, FUNCTION_NAMES } = await import('../../www/sheets/hyperformula/index.js'));
    await registerPartnerFunctions(HyperFormula);
  });

  it('registers every function once, idempotently', async () => {
    const again = await registerPartnerFunctions(HyperFormula);
    assert.deepEqual(again, FUNCTION_NAMES);
    const names = HyperFormula.getRegisteredFunctionNames('enGB');
    for (const n of FUNCTION_NAMES) assert.ok(names.includes(n), `${n} registered`);
    assert.equal(FUNCTION_NAMES.length, 15);
  });

  it('PARTNER_FIT over one row gives one score', () => {
    const hf = build([HEADERS, ...prospects(2).slice(1), ['=PARTNER_FIT("referral", A1:F1, A2:F2)']]);
    const expected = lib.scorePartners(toRecords(prospects(2).slice(1)), 'referral')[0].score;
    assert.equal(at(hf, 'A3'), expected);
    hf.destroy();
  });

  it('PARTNER_FIT, _BAND, _REASONS and _BEST_TYPE spill 1,000 rows, equal to the wrapper', () => {
    const rows = prospects(1000);
    const hf = build([
      HEADERS,
      ...rows.map((r) => [...r, null]),
    ]);
    hf.setCellContents(hf.simpleCellAddressFromString('H2', 0), [[
      '=PARTNER_FIT("referral", A1:F1, A2:F1001)',
      '=PARTNER_BAND("referral", A1:F1, A2:F1001)',
      '=PARTNER_REASONS("referral", A1:F1, A2:F1001)',
      '=PARTNER_BEST_TYPE(A1:F1, A2:F1001)',
    ]]);
    const expected = lib.scorePartners(toRecords(rows), 'referral');
    const values = hf.getSheetValues(0);
    assert.equal(values.length, 1001);
    for (let i = 0; i < 1000; i++) {
      const [score, band, reasons, type] = values[i + 1].slice(7, 11);
      assert.equal(score, expected[i].score, `row ${i + 2} score`);
      assert.equal(band, expected[i].band, `row ${i + 2} band`);
      assert.equal(typeof reasons, 'string');
      if (i % 97 === 0) assert.equal(type, lib.recommendPartnerType(toRecords([rows[i]])[0])[0].partnerType);
    }
    assert.match(values[14][9], /^Disqualified: sells a competing product \(a must-have\)/, 'a competitor is disqualified, and says why');
    hf.destroy();
  });

  it('a blank row gives a blank result, a blank cell is missing data', () => {
    const hf = build([
      HEADERS,
      [60, 3, 2.6, 12, 'Agency', false],
      [null, null, null, null, null, null],
      [60, null, 2.6, 12, 'Agency', false],
      ['=PARTNER_FIT("referral", A1:F1, A2:F4)'],
    ]);
    assert.equal(at(hf, 'A6'), '');
    assert.ok(at(hf, 'A7') < at(hf, 'A5'), 'missing triggers score lower');
    hf.destroy();
  });

  it('recomputes when a cell is edited', () => {
    const hf = build([HEADERS, [20, 1, 1, 2, 'Agency', false], ['=PARTNER_FIT("referral", A1:F1, A2:F2)', '=PARTNER_TIER(B4)'], [null, 30000]]);
    const before = at(hf, 'A3');
    hf.setCellContents(hf.simpleCellAddressFromString('A2', 0), 90);
    assert.ok(at(hf, 'A3') > before, `score rose from ${before} to ${at(hf, 'A3')}`);
    assert.equal(at(hf, 'B3'), 'Silver');
    hf.setCellContents(hf.simpleCellAddressFromString('B4', 0), 600000);
    assert.equal(at(hf, 'B3'), 'Platinum');
    hf.destroy();
  });

  it('PARTNER_TIER and _TIER_GAP go element-wise over a range, with an optional table', () => {
    const hf = build([
      [0, '=PARTNER_TIER(A1:A4)', '=PARTNER_TIER_GAP(A1:A4)', '=PARTNER_TIER(A1:A4, E1:E2, F1:F2)', 0, 'Small'],
      [24999.99, null, null, null, 50000, 'Large'],
      [100000],
      [500000],
    ]);
    const v = hf.getSheetValues(0);
    assert.deepEqual(v.map((r) => r[1]), ['Inactive', 'Inactive', 'Gold', 'Platinum']);
    assert.deepEqual(v.map((r) => r[2]), [25000, 0.01, 400000, '']);
    assert.deepEqual(v.map((r) => r[3]), ['Small', 'Small', 'Large', 'Large']);
    hf.destroy();
  });

  it('economics functions return money as numbers rounded by the core', () => {
    const hf = build([[
      '=PARTNER_HOURLY_RETURN(2000, 8)',
      '=PARTNER_RETURN_MULTIPLE(2000, 8, 300)',
      '=PARTNER_REQUIRED_PAYOUT(8, 300)',
      '=PARTNER_REFERRAL_COMMISSION(12345.67, 15%)',
      '=PARTNER_RESELLER_MARGIN(10000, 0.3)',
      '=PARTNER_DEAL_REG_PAYOUT(10000, "late-stage")',
      '=PARTNER_REP_PAYOUT(100000, 0.1, "partner-sourced")',
      '=PARTNER_PROGRAM_ROI(40, 0.3, 4, 25000, 0.2, 100000)',
      '=PARTNER_PROGRAM_ROI(40, 0.3, 4, 25000, 0, 0)',
    ]]);
    assert.deepEqual(hf.getSheetValues(0)[0], [
      250,
      Number(lib.partnerReturn({ payoutPerDeal: 2000, hoursPerDeal: 8, opportunityCostPerHour: 300 }).multiple),
      6000,
      Number(lib.referralCommission({ firstYearContractValue: 12345.67, rate: 0.15 }).commission),
      3000,
      1500,
      7500,
      Number(lib.programRoi({ partnersRecruited: 40, activationRate: 0.3, dealsPerActivePartnerPerYear: 4,
        averageDealSize: 25000, payoutRate: 0.2, programCostPerYear: 100000 }).roi),
      '', // no cost: ROI undefined, a blank
    ]);
    hf.destroy();
  });

  it('gives #VALUE!, #NUM! and #N/A with the core message, and keeps working', () => {
    const hf = build([
      ['=PARTNER_RESELLER_MARGIN("1,000", 0.3)', '=PARTNER_REFERRAL_COMMISSION(100, 15)', '=PARTNER_HOURLY_RETURN(B2, 8)', '=PARTNER_FIT("channel", A3:B3, A4:B4)', '=PARTNER_DEAL_REG_PAYOUT(1, "closed-won")', '=PARTNER_TIER(-5)'],
      [null, null],
      ['a', 'b'],
      [1, 2],
      ['=PARTNER_FIT("referral", A3:B4, A4:B4)', '=PARTNER_FIT("referral", A3:B3, A4:A4)', '=PARTNER_HOURLY_RETURN(2000, 0)', '=PARTNER_HOURLY_RETURN(1/0, 1)'],
    ]);
    const v = hf.getSheetValues(0);
    const kinds = (row) => row.map((c) => (c instanceof HyperFormula.DetailedCellError ? c.value : c));
    assert.deepEqual(kinds(v[0]), ['#VALUE!', '#NUM!', '#N/A', '#VALUE!', '#VALUE!', '#NUM!']);
    assert.match(v[0][0].message, /^invalid-number \(contractValue\): /);
    assert.match(v[0][1].message, /^out-of-range \(rate\): /);
    assert.match(v[0][2].message, /^missing-field \(payoutPerDeal\): /);
    assert.match(v[0][3].message, /^unknown-profile/);
    assert.match(v[0][4].message, /^unknown-stage/);
    assert.match(v[0][5].message, /^negative-amount/);
    assert.deepEqual(kinds(v[2]).slice(0, 2), ['a', 'b']);
    assert.deepEqual(kinds(v[4]), ['#VALUE!', '#VALUE!', '#NUM!', '#DIV/0!'], 'two-row headers, ragged rows, zero hours, an error cell passed on');
    hf.setCellContents(hf.simpleCellAddressFromString('B2', 0), 2000);
    assert.equal(at(hf, 'C1'), 250, 'filling the blank cell clears the #N/A');
  });
});
