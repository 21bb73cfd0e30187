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

  // The columnar kernel (src/kernel.rs): every column form gives the
  // explained path's scores to the bit.
  it('typed columns: Uint8Array flags, dictionary-coded and mixed columns', () => {
    const scorer = lib.createScorer('reseller');
    const rows = [
      { salesReps: 4, offersImplementation: true, certifiedStaff: '2', offeredMarginRate: 0.3, businessModel: ' VAR ', customerOverlapPercent: 12, registersDealsEarly: 'yes', sellsCompetingProduct: false },
      { salesReps: '11', offersImplementation: false, certifiedStaff: 0, offeredMarginRate: '0.22', businessModel: 'msp', customerOverlapPercent: 40, registersDealsEarly: 'no', sellsCompetingProduct: true },
      { salesReps: 'lots', offersImplementation: 1, certifiedStaff: null, businessModel: 'Agency', registersDealsEarly: 0, sellsCompetingProduct: 0 },
      { salesReps: NaN, certifiedStaff: Infinity, offeredMarginRate: -1, businessModel: 7, registersDealsEarly: 'maybe', sellsCompetingProduct: '' },
      {},
    ];
    const want = lib.scorePartners(rows, 'reseller');
    const wantScores = want.map((r) => r.score);
    const wantBands = want.map((r) => scorer.bandLabels.indexOf(r.band)).map((b) => (b < 0 ? 255 : b));
    const flag = (v) => (v === true || v === 1 ? 1 : v === false || v === 0 ? 0 : 255);
    const dict = (f) => {
      const values = [];
      const codes = Uint32Array.from(rows, (r) => {
        const v = r[f];
        if (v === undefined || v === null) return 0xfffffffe;
        if (!values.includes(v)) values.push(v);
        return values.indexOf(v);
      });
      return { values, codes };
    };
    const coded = Object.fromEntries(scorer.fields.map((f) => [f, dict(f)]));
    // Flags as bytes: rows whose value is not a boolean or 0/1 keep their value.
    const flagsOk = ['offersImplementation', 'sellsCompetingProduct'];
    const mixed = { ...coded };
    for (const f of flagsOk) {
      if (rows.every((r) => [true, false, 1, 0, undefined].includes(r[f]))) mixed[f] = Uint8Array.from(rows, (r) => flag(r[f]));
    }
    // A mixed column: numbers beside codes (0xffffffff = the row's number).
    const reps = dict('salesReps');
    mixed.salesReps = {
      values: reps.values,
      codes: Uint32Array.from(rows, (r, i) => (typeof r.salesReps === 'number' && Number.isFinite(r.salesReps) ? 0xffffffff : reps.codes[i])),
      numbers: Float64Array.from(rows, (r) => (typeof r.salesReps === 'number' ? r.salesReps : NaN)),
    };
    const plainArrays = Object.fromEntries(scorer.fields.map((f) => [f, rows.map((r) => r[f])]));
    for (const [name, cols] of Object.entries({ coded, mixed, plainArrays })) {
      const got = scorer.scoreColumns(cols, rows.length);
      assert.deepStrictEqual([...got.scores], wantScores, name);
      assert.deepStrictEqual([...got.bands], wantBands, name);
    }
    const objects = scorer.scoreRecords(rows);
    assert.deepStrictEqual([...objects.scores], wantScores);
    // A Uint8Array flag column: 0, 1, anything else blank.
    const flags = scorer.scoreColumns({ sellsCompetingProduct: Uint8Array.from([0, 1, 9]), salesReps: Int32Array.from([10, 10, 10]) }, 3);
    assert.deepStrictEqual([...flags.scores], lib.scorePartners(
      [{ sellsCompetingProduct: false, salesReps: 10 }, { sellsCompetingProduct: true, salesReps: 10 }, { salesReps: 10 }], 'reseller',
    ).map((r) => r.score));
    scorer.free();
  });

  it('bad typed columns answer typed errors and leave nothing staged', () => {
    const scorer = lib.createScorer('reseller');
    const good = () => scorer.scoreColumns({ salesReps: new Float64Array([10]) }, 1).scores[0];
    const base = good();
    assert.throws(() => scorer.scoreColumns({ salesReps: new BigInt64Array(1) }, 1), { code: 'invalid-type', path: 'columns.salesReps' });
    assert.throws(() => scorer.scoreColumns({ businessModel: { codes: new Uint32Array(1) } }, 1), { code: 'invalid-type', path: 'columns.businessModel.values' });
    assert.throws(() => scorer.scoreColumns({ businessModel: { values: [], codes: new Uint32Array(1), numbers: [1] } }, 1), { code: 'invalid-type', path: 'columns.businessModel.numbers' });
    // The first column is staged, then the second is too short: the call
    // fails and the next call does not see the staged column.
    assert.throws(() => scorer.scoreColumns({ salesReps: new Float64Array([0]), certifiedStaff: new Float64Array(0) }, 1), { code: 'out-of-range', path: 'columns.certifiedStaff' });
    assert.equal(good(), base);
    assert.throws(() => scorer.scoreColumns({ businessModel: { values: ['x'.repeat(70_000)], codes: new Uint32Array(1) } }, 1), { code: 'limit-exceeded', path: 'columns.businessModel.values[0]' });
    assert.equal(good(), base);
    // A row count past 2^32 is not wrapped into a small one.
    assert.throws(() => scorer.scoreColumns({}, 2 ** 32 + 1), { code: 'limit-exceeded', path: 'rowCount' });
  });
});
