// The batch path: createScorer compiles a profile once, then scores records
// or columns; the scores equal the explained path's for the same data.
import { describe, it, before } from 'node:test';
import assert from 'node:assert/strict';
import * as lib from '../../www/lib/index.js';

const records = [
  { icpMatchPercent: 55, buyingTriggersPerQuarter: '3', returnMultiple: 2.6, customerOverlapPercent: 12, firmType: 'Agency', sellsCompetingProduct: false },
  { icpMatchPercent: '70', buyingTriggersPerQuarter: 9, returnMultiple: 3, customerOverlapPercent: 40, firmType: 'consulting', sellsCompetingProduct: 'no' },
  { icpMatchPercent: 10, sellsCompetingProduct: 'yes' },
  { icpMatchPercent: 'lots', firmType: 'bank' },
  {},
];

// The same rows as columns: numbers as Float64Array (NaN = blank), the rest as arrays.
function columnsOf(rows, fields) {
  const cols = {};
  for (const f of fields) {
    const values = rows.map((r) => r[f]);
    cols[f] = values.every((v) => v === undefined || typeof v === 'number')
      ? Float64Array.from(values, (v) => (v === undefined ? NaN : v))
      : values;
  }
  return cols;
}

describe('createScorer', () => {
  before(() => lib.init());

  for (const id of ['referral', 'technology', 'reseller', 'strategic', 'services', 'alliance']) {
    it(`${id}: records, JSON text and columns give the explained scores`, () => {
      const scorer = lib.createScorer(id);
      const explained = lib.scorePartners(records, id);
      const want = explained.map((r) => r.score);
      const wantBands = explained.map((r) => scorer.bandLabels.indexOf(r.band));
      const a = scorer.scoreRecords(records);
      const b = scorer.scoreRecords(JSON.stringify(records));
      const c = scorer.scoreColumns(columnsOf(records, scorer.fields), records.length);
      for (const got of [a, b, c]) {
        assert.ok(got.scores instanceof Float64Array);
        assert.ok(got.bands instanceof Uint8Array);
        assert.deepStrictEqual([...got.scores], want);
        assert.deepStrictEqual([...got.bands], wantBands);
      }
      scorer.free();
    });
  }

  it('a custom profile, and bad profiles fail like scorePartner', () => {
    const [referral] = lib.builtinProfiles();
    const custom = { ...referral, id: 'mine', missing: 'renormalize' };
    const scorer = lib.createScorer(custom);
    assert.equal(scorer.profileId, 'mine');
    assert.deepStrictEqual([...scorer.scoreRecords(records).scores], lib.scorePartners(records, custom).map((r) => r.score));
    assert.throws(() => lib.createScorer('nope'), { code: 'unknown-profile', path: 'profile' });
    assert.throws(() => lib.createScorer({ ...referral, criteria: [] }), { code: 'empty-profile', path: 'profile.criteria' });
  });

  it('bad batches answer typed errors and the scorer keeps working', () => {
    const scorer = lib.createScorer('referral');
    assert.throws(() => scorer.scoreRecords({}), { code: 'invalid-type', path: 'records' });
    assert.throws(() => scorer.scoreRecords([{}, 7]), { code: 'invalid-type', path: 'records[1]' });
    assert.throws(() => scorer.scoreRecords('[{'), { code: 'invalid-json', path: 'records' });
    assert.throws(() => scorer.scoreColumns(null, 1), { code: 'invalid-type', path: 'columns' });
    assert.throws(() => scorer.scoreColumns({ icpMatchPercent: 'x' }, 1), { code: 'invalid-type', path: 'columns.icpMatchPercent' });
    assert.throws(() => scorer.scoreColumns({ icpMatchPercent: new Float64Array(2) }, 3), { code: 'out-of-range', path: 'columns.icpMatchPercent' });
    assert.throws(() => scorer.scoreColumns({}, -1), { code: 'invalid-type', path: 'rowCount' });
    assert.throws(() => scorer.scoreColumns({}, 2_000_000), { code: 'limit-exceeded', path: 'rowCount' });
    assert.equal(scorer.scoreColumns({ icpMatchPercent: new Float64Array([70]) }, 1).scores[0], 28.6);
    assert.equal(scorer.scoreColumns({}, 0).scores.length, 0);
  });

  it('a freed scorer refuses calls', () => {
    const scorer = lib.createScorer('technology');
    scorer.free();
    scorer.free();
    assert.throws(() => scorer.scoreRecords([]), { code: 'invalid-type' });
  });

  it('1,000 rows from columns in one call', () => {
    const scorer = lib.createScorer('technology');
    const n = 1000;
    const level = Float64Array.from({ length: n }, (_, i) => i % 4);
    const overlap = Float64Array.from({ length: n }, (_, i) => i % 40);
    const got = scorer.scoreColumns({ integrationLevel: level, customerOverlapPercent: overlap }, n);
    const want = lib.scorePartners(
      Array.from({ length: n }, (_, i) => ({ integrationLevel: i % 4, customerOverlapPercent: i % 40 })),
      'technology',
    ).map((r) => r.score);
    assert.deepStrictEqual([...got.scores], want);
  });
});
