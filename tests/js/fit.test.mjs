// fitProfile through the wasm wrapper in Node, and PARTNER_FIT_WEIGHTS in
// HyperFormula: on a synthetic history where the outcome depends on two
// fields only, the fit puts those two on top and beats the base weights on
// held-out folds; bad input gets typed errors with paths and the module
// keeps working; the same input and seed give the same bytes.
//
//   node --test tests/js/fit.test.mjs

import { describe, it, before } from 'node:test';
import assert from 'node:assert/strict';
import * as lib from '../../www/lib/index.js';
import { prng } from './prng.mjs';


// Referral-profile fields; the outcome depends on icpMatchPercent and
// buyingTriggersPerQuarter only.
const HEADERS = ['icpMatchPercent', 'buyingTriggersPerQuarter', 'returnMultiple', 'customerOverlapPercent', 'firmType', 'sellsCompetingProduct'];
function history(n, seed) {
  const rand = prng(seed);
  const rows = [];
  const outcomes = [];
  for (let i = 0; i < n; i++) {
    const icp = Math.round(rand() * 100);
    const triggers = Math.round(rand() * 8);
    rows.push([icp, triggers, Math.round(rand() * 35) / 10, Math.round(rand() * 40), ['agency', 'consulting', 'saas', 'other'][Math.floor(rand() * 4)], false]);
    const z = -4 + 0.05 * Math.min(icp, 70) + 0.5 * Math.min(triggers, 6);
    outcomes.push(rand() < 1 / (1 + Math.exp(-z)));
  }
  const records = rows.map((r) => Object.fromEntries(HEADERS.map((h, i) => [h, r[i]])));
  return { rows, records, outcomes };
}

describe('fitProfile', () => {
  before(async () => {
    await lib.init();
    await lib.initAnalytics();
  });

  it('finds the two criteria that matter and beats the base on held-out folds', () => {
    const { records, outcomes } = history(1500, 3);
    const { profile, report } = lib.fitProfile({ records, outcomes, profile: 'referral' });
    const top = [...report.importance].sort((a, b) => b.fitted - a.fitted).slice(0, 2).map((c) => c.criterion).sort();
    assert.deepEqual(top, ['buying-triggers', 'icp-match']);
    assert.ok(report.auc.fitted > report.auc.base, JSON.stringify(report.auc));
    assert.equal(lib.validateProfile(profile).ok, true);
    assert.equal(typeof lib.scorePartner(records[0], profile).score, 'number');
    // The gated criterion stays, so the gate still disqualifies.
    assert.ok(profile.criteria.some((c) => c.id === 'no-competing-product'));
    assert.equal(lib.scorePartner({ ...records[0], sellsCompetingProduct: true }, profile).disqualified, true);
    const sum = profile.criteria.reduce((s, c) => s + c.weight, 0);
    assert.ok(Math.abs(sum - 100) < 1e-9, String(sum));
  });

  it('gives the same bytes for the same input and seed, as JSON text too', () => {
    const { records, outcomes } = history(600, 5);
    const a = JSON.stringify(lib.fitProfile({ records, outcomes, profile: 'referral', seed: 9 }));
    const b = JSON.stringify(lib.fitProfile(JSON.stringify({ records, outcomes, profile: 'referral', seed: 9 })));
    assert.equal(a, b);
  });

  it('refuses bad input with a code and a path, then keeps working', () => {
    const { records, outcomes } = history(200, 1);
    const cases = [
      [{ records, outcomes: outcomes.slice(1), profile: 'referral' }, 'length-mismatch', 'outcomes'],
      [{ records, outcomes: outcomes.map((o, i) => (i === 7 ? 1 : o)), profile: 'referral' }, 'invalid-type', 'outcomes[7]'],
      [{ records, outcomes: outcomes.map(() => false), profile: 'referral' }, 'one-class', 'outcomes'],
      [{ records, outcomes: outcomes.map((_, i) => i < 10), profile: 'referral' }, 'too-few-outcomes', 'outcomes'],
      [{ records: new Array(100_001).fill({}), outcomes: new Array(100_001).fill(true), profile: 'referral' }, 'limit-exceeded', 'records'],
      [{ records, outcomes, profile: 'referral', folds: 'five' }, 'invalid-type', 'folds'],
      [{ records, outcomes, profile: 'referral', seed: NaN }, 'not-finite', 'seed'],
      [{ records, outcomes }, 'missing-field', 'profile'],
      ['{oops', 'invalid-json', ''],
    ];
    for (const [input, code, path] of cases) {
      assert.throws(() => lib.fitProfile(input), (e) => {
        assert.ok(e instanceof lib.PartnerScoringError, String(e));
        assert.equal(e.code, code, e.message);
        assert.equal(e.path, path, e.message);
        return true;
      });
    }
    assert.ok(lib.fitProfile({ records, outcomes, profile: 'referral' }).report.n === 200);
  });
});

describe('fitProfile on plain records (the columnar path)', () => {
  before(async () => {
    await lib.init();
    await lib.initAnalytics();
  });

  // Every kind of cell a CSV or a CRM gives: numbers, numeric text, blanks,
  // bad cells, tags, nested values, a missing field. Only values JSON text
  // keeps as they are (not NaN, ±Infinity, -0 or undefined), so the text
  // form holds the same data; tests/fit.rs checks those cells in the core.
  function messy(n, seed) {
    const { records, outcomes } = history(n, seed);
    const rand = prng(seed + 100);
    const odd = ['', ' ', 'n/a', '12', ' 7.5 ', null, -5, 1e9, 150, true, false, ['saas'], { x: 1 }, [1, 2], 'SaaS', 'agency ', 'Consulting', 'true'];
    for (const r of records) {
      for (const key of HEADERS) {
        if (rand() < 0.15) r[key] = odd[Math.floor(rand() * odd.length)];
        else if (rand() < 0.05) delete r[key];
      }
      if (rand() < 0.1) r.unread = 'anything';
    }
    return { records, outcomes };
  }

  it('gives the same bytes as the JSON-text path, for built-in and custom profiles', () => {
    const { records, outcomes } = messy(900, 21);
    const custom = {
      id: 'custom', name: 'Custom', partnerType: 'referral', missing: 'renormalize',
      criteria: [
        { id: 'icp', label: 'ICP', field: 'icpMatchPercent', weight: 4, kind: 'range', curve: [[0, 0], [50, 0.5], [100, 1]], gate: { min: 5 } },
        { id: 'trig', label: 'Triggers', field: 'buyingTriggersPerQuarter', weight: 3, kind: 'range', curve: [[0, 0], [6, 1]] },
        { id: 'type', label: 'Type', field: 'firmType', weight: 2, kind: 'category', values: { saas: 1, agency: 0.6, consulting: 0.3 } },
        { id: 'comp', label: 'Competes', field: 'sellsCompetingProduct', weight: 1, kind: 'flag', gate: { required: false } },
        { id: 'icp2', label: 'ICP again', field: 'icpMatchPercent', weight: 1, kind: 'range', curve: [[20, 1], [80, 0]] },
      ],
      bands: [{ label: 'High', min: 60 }, { label: 'Low', min: 0 }],
    };
    for (const profile of ['referral', custom]) {
      const columnar = JSON.stringify(lib.fitProfile({ records, outcomes, profile, seed: 3, folds: 4 }));
      const text = JSON.stringify(lib.fitProfile(JSON.stringify({ records, outcomes, profile, seed: 3, folds: 4 })));
      assert.equal(columnar, text);
    }
  });

  it('keeps the record path\'s codes and paths for input it cannot take', () => {
    const { records, outcomes } = history(200, 1);
    const bad = (i, v) => records.map((r, j) => (j === i ? v : r));
    const cases = [
      [{ records: bad(4, null), outcomes, profile: 'referral' }, 'missing-field', 'records[4]'],
      [{ records: bad(5, [1, 2]), outcomes, profile: 'referral' }, 'invalid-type', 'records[5]'],
      [{ records: bad(6, new Date(0)), outcomes, profile: 'referral' }, 'invalid-type', 'records[6]'],
      [{ records, outcomes: outcomes.map((o, i) => (i === 3 ? null : o)), profile: 'referral' }, 'missing-field', 'outcomes[3]'],
      [{ records, outcomes, profile: 'referral', extra: 1 }, 'unknown-field', 'extra'],
      [{ records, outcomes, profile: 'no-such-profile' }, undefined, undefined],
      [{ records, outcomes, profile: { id: 'broken', criteria: [] } }, undefined, undefined],
      [{ records: 'not a list', outcomes, profile: 'referral' }, 'invalid-type', 'records'],
    ];
    for (const [input, code, path] of cases) {
      const viaText = (() => { try { lib.fitProfile(JSON.parse(JSON.stringify(input))); return null; } catch (e) { return e; } })();
      assert.throws(() => lib.fitProfile(input), (e) => {
        assert.ok(e instanceof lib.PartnerScoringError, String(e));
        if (code !== undefined) {
          assert.equal(e.code, code, e.message);
          assert.equal(e.path, path, e.message);
        } else {
          assert.equal(e.code, viaText.code);
          assert.equal(e.path, viaText.path);
        }
        return true;
      });
    }
    assert.equal(lib.fitProfile({ records, outcomes, profile: 'referral' }).report.n, 200);
  });
});

let HyperFormula = null;
try {
  ({ default: HyperFormula } = await import('hyperformula'));
} catch {
  HyperFormula = null;
}

describe('PARTNER_FIT_WEIGHTS in HyperFormula', { skip: HyperFormula === null ? 'hyperformula is not installed' : false }, () => {
  before(async () => {
    await lib.init();
    const { registerPartnerFunctions } = await import('../../www/sheets/hyperformula/index.js');
    await registerPartnerFunctions(HyperFormula);
  });

  it('spills base and fitted weights per field and the held-out AUC of both', () => {
    const { rows, records, outcomes } = history(400, 11);
    const n = rows.length;
    const sheet = [
      [...HEADERS, 'active'],
      ...rows.map((r, i) => [...r, outcomes[i]]),
      [`=PARTNER_FIT_WEIGHTS("referral", A1:F1, A2:F${n + 1}, G2:G${n + 1})`],
    ];
    const hf = HyperFormula.buildFromArray(sheet, { licenseKey: 'gpl-v3' });
    const at = (r, c) => hf.getCellValue({ sheet: 0, row: r, col: c });
    const start = n + 1;
    const { report } = lib.fitProfile({ records, outcomes, profile: 'referral' });
    const byId = new Map(report.importance.map((c) => [c.criterion, c]));
    assert.equal(at(start, 0), 'icpMatchPercent');
    assert.equal(at(start, 1), byId.get('icp-match').base);
    assert.equal(at(start, 2), byId.get('icp-match').fitted);
    assert.equal(at(start + 1, 2), byId.get('buying-triggers').fitted);
    assert.equal(at(start + HEADERS.length, 0), 'held-out AUC');
    assert.equal(at(start + HEADERS.length, 1), report.auc.base);
    assert.equal(at(start + HEADERS.length, 2), report.auc.fitted);
    hf.destroy();
  });

  it('answers an error value for outcomes that are not TRUE/FALSE', () => {
    const { rows } = history(40, 2);
    const sheet = [[...HEADERS, 'active'], ...rows.map((r) => [...r, 'yes']), ['=PARTNER_FIT_WEIGHTS("referral", A1:F1, A2:F41, G2:G41)']];
    const hf = HyperFormula.buildFromArray(sheet, { licenseKey: 'gpl-v3' });
    const v = hf.getCellValue({ sheet: 0, row: 41, col: 0 });
    assert.equal(v?.type, 'VALUE', JSON.stringify(v));
    assert.match(v.message, /outcomes\[0\]/);
    hf.destroy();
  });
});
