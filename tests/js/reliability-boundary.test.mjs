// The boundary's edges (issue 15, items 4-6), through the public wrapper:
// values that are not plain data are refused with invalid-type at their
// path, never read as something else; counts are refused, never wrapped;
// an error names the field it is about and quotes at most an excerpt of
// the value; and a call that grew the module's memory past 64 MiB is
// followed by a fresh instance, without the caller noticing.
//
//   node --test tests/js/reliability-boundary.test.mjs    (after scripts/build.sh)
import { describe, it, before } from 'node:test';
import assert from 'node:assert/strict';
import * as lib from '../../www/lib/index.js';

const MiB = 1024 * 1024;
const deal = () => ({ payoutPerDeal: 2000, hoursPerDeal: 8, opportunityCostPerHour: 300 });

function refused(fn, code, path) {
  let err = null;
  try {
    fn();
  } catch (e) {
    err = e;
  }
  assert.ok(err instanceof lib.PartnerScoringError, `expected a PartnerScoringError, got ${err}`);
  assert.equal(err.code, code, `code (path ${JSON.stringify(err.path)}, message: ${err.message.slice(0, 200)})`);
  assert.equal(err.path, path, `path (message: ${err.message.slice(0, 200)})`);
  assert.ok(err.message.length <= 600, `a message of ${err.message.length} characters`);
  return err;
}

// The module answers exactly after each refusal.
function stillExact() {
  assert.equal(lib.partnerReturn(deal()).hourlyReturn, lib.partnerReturn(JSON.stringify(deal())).hourlyReturn);
  assert.equal(lib.referralCommission({ firstYearContractValue: 0.1, rate: 0.1 }).commission, '0.01');
}

class Account {
  constructor() {
    this.icpMatchPercent = 90;
  }
}

describe('boundary edges', () => {
  before(() => lib.init());

  it('a BigInt is refused with invalid-type at its field, never rounded', () => {
    for (const big of [2n ** 63n, 2n ** 53n + 1n, 5n]) {
      const err = refused(() => lib.partnerReturn({ ...deal(), payoutPerDeal: big }), 'invalid-type', 'payoutPerDeal');
      assert.match(err.message, /BigInt/);
      stillExact();
    }
    refused(() => lib.assignTier(2n ** 63n), 'invalid-type', 'annualPartnerRevenue');
    refused(() => lib.scorePartner({ icpMatchPercent: 10n }, 'referral'), 'invalid-type', 'record.icpMatchPercent');
  });

  it('a Date, Map, Set, RegExp or class instance where a record is expected is refused, not scored as empty', () => {
    for (const odd of [new Date(0), new Map([['icpMatchPercent', 90]]), new Set(), /x/, new Account(), new Uint8Array(2)]) {
      refused(() => lib.scorePartner(odd, 'referral'), 'invalid-type', 'record');
      refused(() => lib.scorePartners([{ icpMatchPercent: 90 }, odd], 'referral'), 'invalid-type', 'records[1]');
      refused(() => lib.rankPartners([odd], 'referral'), 'invalid-type', 'records[0]');
      refused(() => lib.recommendPartnerType(odd), 'invalid-type', 'record');
      refused(() => lib.partnerReturn(odd), 'invalid-type', '');
      const scorer = lib.createScorer('referral');
      refused(() => scorer.scoreRecords([{ icpMatchPercent: 90 }, odd]), 'invalid-type', 'records[1]');
      scorer.free();
      stillExact();
    }
    // Plain objects from another realm, and without a prototype, are records.
    const bare = Object.assign(Object.create(null), { icpMatchPercent: 90 });
    assert.equal(lib.scorePartner(bare, 'referral').score, lib.scorePartner({ icpMatchPercent: 90 }, 'referral').score);
  });

  it('a symbol or function inside a field names the field', () => {
    refused(() => lib.partnerReturn({ ...deal(), payoutPerDeal: Symbol('x') }), 'invalid-type', 'payoutPerDeal');
    refused(() => lib.partnerReturn({ ...deal(), hoursPerDeal: () => 8 }), 'invalid-type', 'hoursPerDeal');
    refused(() => lib.scorePartner({ tags: ['a', Symbol('b')] }, 'referral'), 'invalid-type', 'record.tags[1]');
    stillExact();
  });

  it('row counts that are not safe whole numbers within the limit are refused, never wrapped', () => {
    const scorer = lib.createScorer('referral');
    const cols = { icpMatchPercent: new Float64Array([90, 50, 10]) };
    const rows = scorer.scoreColumns(cols, 3);
    assert.equal(rows.scores.length, 3);
    for (const n of [2 ** 32 + 3, 2 ** 32, 2 ** 53, 1_000_001]) {
      refused(() => scorer.scoreColumns(cols, n), 'limit-exceeded', 'rowCount');
    }
    for (const n of [-1, 1.5, NaN, Infinity, '3', 3n]) {
      refused(() => scorer.scoreColumns(cols, n), 'invalid-type', 'rowCount');
    }
    assert.deepEqual([...scorer.scoreColumns(cols, 3).scores], [...rows.scores]);
    scorer.free();
  });

  it('a 10 MB text in a field names the field and quotes only an excerpt', () => {
    const err = refused(() => lib.partnerReturn({ ...deal(), payoutPerDeal: '9'.repeat(10 * MiB) }), 'limit-exceeded', 'payoutPerDeal');
    assert.ok(!err.message.includes('9'.repeat(100)), 'the message quotes the value whole');
    // Text under the field limit but far too long to be a number: an excerpt.
    const long = refused(() => lib.partnerReturn({ ...deal(), payoutPerDeal: 'x'.repeat(60_000) }), 'invalid-number', 'payoutPerDeal');
    assert.match(long.message, /cut; 60000 characters/);
    stillExact();
  });

  it('after a call that grew memory past 64 MiB, the next call runs on a fresh instance, transparently', () => {
    const scorer = lib.createScorer('referral');
    const before = scorer.scoreRecords([{ icpMatchPercent: 90 }]);
    // A 50 MiB profile id: refused, with a short message.
    const err = refused(() => lib.scorePartner({}, 'x'.repeat(50 * MiB)), 'unknown-profile', 'profile');
    assert.ok(err.message.length < 300, `a message of ${err.message.length} characters`);
    // The call grew the instance past 64 MiB; the wrapper gave it back.
    assert.ok(lib.memoryBytes() < 64 * MiB, `memory is ${lib.memoryBytes()} bytes after the call`);
    // Everything keeps working, a scorer made before the restart included.
    stillExact();
    assert.deepEqual(scorer.scoreRecords([{ icpMatchPercent: 90 }]), before);
    scorer.free();
  });
});
