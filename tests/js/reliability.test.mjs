// Bad input is normal input: 10,000 wrong inputs across every entry point,
// each answered by a PartnerScoringError with a code and a path, then a good
// call that must give the exact right answer. And the largest allowed
// batches keep the module's memory under a stated bound.
import { describe, it, before } from 'node:test';
import assert from 'node:assert/strict';
import * as lib from '../../www/lib/index.js';
import { badInputs } from './bad-inputs.mjs';

const show = (v) => {
  try {
    return JSON.stringify(v, (_, x) => (typeof x === 'bigint' ? `${x}n` : typeof x === 'symbol' ? String(x) : x))?.slice(0, 200);
  } catch {
    return String(v);
  }
};

describe('reliability', () => {
  before(() => Promise.all([lib.init(), lib.initAnalytics()]));

  it('10,000 bad inputs, each a typed error, then a good call', () => {
    const codes = new Set(lib.errorCodes().map((c) => c.code));
    const seen = new Map();
    let count = 0;
    for (const [fn, args] of badInputs(10_000)) {
      count += 1;
      let threw = null;
      try {
        const out = lib[fn](...args);
        if (fn === 'validateProfile') {
          assert.equal(out.ok, false, `validateProfile accepted ${JSON.stringify(args)}`);
          for (const e of out.errors) assert.ok(codes.has(e.code), e.code);
          continue;
        }
      } catch (e) {
        threw = e;
      }
      assert.ok(threw instanceof lib.PartnerScoringError, `${fn}(${show(args)}) did not throw a PartnerScoringError: ${threw}`);
      assert.ok(codes.has(threw.code), `unknown code ${threw.code}`);
      assert.equal(typeof threw.path, 'string');
      assert.notEqual(threw.code, 'internal', `${fn}(${show(args)}) hit an internal fault`);
      seen.set(threw.code, (seen.get(threw.code) ?? 0) + 1);
    }
    assert.equal(count, 10_000);
    assert.ok(seen.size >= 8, `only ${[...seen.keys()]} codes were exercised`);
    const good = lib.partnerReturn({ payoutPerDeal: 2000, hoursPerDeal: 8, opportunityCostPerHour: 300 });
    assert.equal(good.hourlyReturn, '250.00');
    assert.equal(good.multiple, '0.8333');
    assert.equal(lib.scorePartner({ icpMatchPercent: 70 }, 'referral').score, 28.6);
  });

  it('the largest allowed batches keep wasm memory under 256 MiB', () => {
    const scorer = lib.createScorer('reseller');
    const rows = 1_000_000;
    const cols = {};
    for (const [i, f] of ['salesReps', 'certifiedStaff', 'offeredMarginRate', 'customerOverlapPercent'].entries()) {
      cols[f] = Float64Array.from({ length: rows }, (_, r) => ((r * (i + 3)) % 40) / (f === 'offeredMarginRate' ? 100 : 1));
    }
    cols.offersImplementation = Array.from({ length: rows }, (_, r) => r % 3 === 0);
    const out = scorer.scoreColumns(cols, rows);
    assert.equal(out.scores.length, rows);
    const records = Array.from({ length: 100_000 }, (_, r) => ({
      salesReps: r % 12, offersImplementation: r % 2 === 0, certifiedStaff: r % 6, offeredMarginRate: (r % 40) / 100,
      businessModel: ['var', 'msp', 'distributor', 'other'][r % 4], customerOverlapPercent: r % 35,
      registersDealsEarly: 'yes', sellsCompetingProduct: false,
    }));
    assert.equal(scorer.scoreRecords(records).scores.length, 100_000);
    assert.throws(() => scorer.scoreColumns(cols, rows + 1), { code: 'limit-exceeded', path: 'rowCount' });
    assert.throws(() => scorer.scoreRecords([...records, ...records]), { code: 'limit-exceeded', path: 'records' });
    scorer.free();
    const bytes = lib.memoryBytes();
    assert.ok(bytes < 256 * 1024 * 1024, `wasm memory grew to ${bytes} bytes`);
  });
});
