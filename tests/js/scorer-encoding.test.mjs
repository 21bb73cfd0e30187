// scoreRecords reshapes plain objects into columns in the wrapper (one
// pass per field, numbers straight into a Float64Array, a dictionary for
// the rest) and the kernel scores rows two at a time (src/kernel.rs). Every
// cell form, odd row counts (a last pair with one row) and field names that
// Object.prototype also has must give the explained path's scores.
import { describe, it, before } from 'node:test';
import assert from 'node:assert/strict';
import * as lib from '../../www/lib/index.js';
import { prng } from './prng.mjs';


// Every form a cell takes: numbers (with -0, NaN, ±Infinity and values
// outside the domain), numeric text, booleans, flag words, categories, tags,
// blanks (absent, null, undefined, '', spaces) and objects.
const CELLS = [
  0, -0, 1, 2, 3.5, 7, 12, 40, 0.25, 0.31, -4, 150, NaN, Infinity, -Infinity, 1e308,
  '3', ' 12 ', '0.3', 'lots', '', '  ', null, undefined,
  true, false, 'yes', 'No', 'TRUE', 'n', 1, 0,
  'VAR', ' msp ', 'Distributor', 'agency', ['a', 'b'], {}, [],
];

function recordsFor(fields, n, seed, keep = 0.85) {
  const rand = prng(seed);
  const out = [];
  for (let i = 0; i < n; i += 1) {
    const r = rand() < 0.1 ? Object.create(null) : {};
    for (const f of fields) if (rand() < keep) r[f] = CELLS[Math.floor(rand() * CELLS.length)];
    out.push(r);
  }
  return out;
}

function assertExplained(scorer, records, profile) {
  const explained = lib.scorePartners(records, profile);
  const got = scorer.scoreRecords(records);
  assert.equal(got.scores.length, records.length);
  for (let i = 0; i < records.length; i += 1) {
    assert.ok(Object.is(got.scores[i], explained[i].score), `row ${i}: ${got.scores[i]} vs ${explained[i].score}`);
    assert.equal(got.bands[i], scorer.bandLabels.indexOf(explained[i].band), `band of row ${i}`);
  }
}

describe('scoreRecords encoding', () => {
  before(() => lib.init());

  for (const id of ['reseller', 'referral', 'technology', 'alliance']) {
    it(`${id}: every cell form, at odd and even row counts`, () => {
      const scorer = lib.createScorer(id);
      for (const [n, seed] of [[1, 1], [2, 2], [3, 3], [511, 4], [512, 5], [513, 6], [1029, 7]]) {
        assertExplained(scorer, recordsFor(scorer.fields, n, seed), id);
      }
      scorer.free();
    });
  }

  // Float64Array columns take the kernel's two-rows-at-a-time curve path
  // (wasm SIMD in this build): every number form, at odd and even counts.
  it('numbers columns: every number form through the curves, odd and even counts', () => {
    const NUMBERS = [0, -0, 0.5, 1, 2, 3, 4.99, 5, 7.25, 10, 11, 14.5, 15, 29.9, 30, 31, 99, 100, 101,
      0.1, 0.15, 0.2, 0.22, 0.25, 0.3, 0.35, 0.4, 0.45, 1.5, -0.01, -3, NaN, Infinity, -Infinity, 1e-300, 1e300];
    for (const id of ['reseller', 'referral', 'technology', 'services']) {
      const scorer = lib.createScorer(id);
      for (const [n, seed] of [[1, 21], [6, 22], [257, 23], [1030, 24]]) {
        const rand = prng(seed);
        const records = Array.from({ length: n }, () => ({}));
        const columns = {};
        for (const f of scorer.fields) {
          const col = new Float64Array(n);
          for (let i = 0; i < n; i += 1) {
            col[i] = NUMBERS[Math.floor(rand() * NUMBERS.length)];
            if (!Number.isNaN(col[i])) records[i][f] = col[i];
          }
          columns[f] = col;
        }
        const explained = lib.scorePartners(records, id);
        const got = scorer.scoreColumns(columns, n);
        for (let i = 0; i < n; i += 1) {
          assert.ok(Object.is(got.scores[i], explained[i].score), `${id} row ${i}: ${got.scores[i]} vs ${explained[i].score}`);
          assert.equal(got.bands[i], scorer.bandLabels.indexOf(explained[i].band));
        }
      }
      scorer.free();
    }
  });

  it('a column that is all numbers, all text or all blank', () => {
    const scorer = lib.createScorer('reseller');
    const [a, b, c] = scorer.fields;
    const rows = Array.from({ length: 37 }, (_, i) => ({ [a]: i % 13, [b]: i % 2 === 0 ? 'yes' : false, [c]: null }));
    assertExplained(scorer, rows, 'reseller');
    scorer.free();
  });

  it('field names Object.prototype also has are read only as own properties', () => {
    const reseller = lib.builtinProfiles().find((p) => p.id === 'reseller');
    const renamed = { salesReps: 'constructor', businessModel: 'toString', certifiedStaff: 'polluted' };
    const profile = {
      ...reseller,
      id: 'prototype-names',
      criteria: reseller.criteria.map((c) => ({ ...c, field: renamed[c.field] ?? c.field })),
    };
    const scorer = lib.createScorer(profile);
    const rows = recordsFor(scorer.fields, 301, 11, 0.5);
    // eslint-disable-next-line no-extend-native
    Object.defineProperty(Object.prototype, 'polluted', { value: 3, configurable: true, writable: true });
    try {
      assert.equal(({}).polluted, 3);
      assertExplained(scorer, rows, profile);
      const blank = scorer.scoreRecords([{}, Object.create(null)]);
      const want = lib.scorePartners([{}, {}], profile).map((r) => r.score);
      assert.deepStrictEqual([...blank.scores], want);
    } finally {
      delete Object.prototype.polluted;
    }
    scorer.free();
  });
});
