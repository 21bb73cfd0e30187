// Plain words for the core's results (www/common/explain.js): values, flags,
// failed must-haves, band meanings read from the profile, and errors.
//
//   node --test tests/js/explain.test.mjs

import { describe, it, before } from 'node:test';
import assert from 'node:assert/strict';
import {
  valueInWords, negateStatement, flagStatement, gateInWords, bandsInWords, errorInWords, unitOf, ungatedScore,
} from '../../www/common/explain.js';
import { init, builtinProfiles, scorePartner, validateProfile } from '../../www/lib/index.js';

let profiles;
before(async () => {
  await init();
  profiles = builtinProfiles();
});
const criterion = (field) => profiles.flatMap((p) => p.criteria).find((c) => c.field === field);

describe('values in words', () => {
  it('writes percent fields, multiples, rates, flags and tags as people read them', () => {
    assert.equal(valueInWords(criterion('icpMatchPercent'), 55, 'scored', 'en-US'), '55%');
    assert.equal(valueInWords(criterion('returnMultiple'), 2.6, 'scored', 'en-US'), '2.6×');
    assert.equal(valueInWords(criterion('offeredMarginRate'), 0.2, 'scored', 'en-US'), '20%');
    assert.equal(valueInWords(criterion('salesReps'), 1200, 'scored', 'en-US'), '1,200');
    assert.equal(valueInWords(criterion('sellsCompetingProduct'), false, 'scored'), 'Does not sell a competing product');
    assert.equal(valueInWords(criterion('sellsCompetingProduct'), true, 'scored'), 'Sells a competing product');
    assert.equal(valueInWords(criterion('offersImplementation'), false, 'scored'), 'Does not implement for customers');
    assert.equal(valueInWords(criterion('integrationCapabilities'), ['native deployment', 'unified identity']), 'native deployment, unified identity');
    assert.equal(valueInWords(criterion('icpMatchPercent'), null, 'missing'), 'Not given');
    assert.equal(valueInWords(criterion('icpMatchPercent'), 'lots', 'invalid'), 'Not usable: lots');
    assert.equal(valueInWords(criterion('icpMatchPercent'), '55', 'scored', 'en-US'), '55%');
    assert.equal(unitOf({ field: 'x' }), 'number');
  });

  it('states every built-in flag both ways, never echoing a property name', () => {
    for (const c of profiles.flatMap((p) => p.criteria).filter((x) => x.kind === 'flag')) {
      const yes = flagStatement(c, true);
      const no = flagStatement(c, false);
      assert.notEqual(yes, no, c.label);
      assert.ok(yes === c.label || no === c.label, `${c.label}: one side is the label itself`);
      assert.ok(!yes.includes(c.field) && !no.includes(c.field), c.field);
    }
    assert.equal(negateStatement('Has a co-sell programme'), 'Does not have a co-sell programme');
    assert.equal(negateStatement('Runs a marketplace we can list on'), 'Does not run a marketplace we can list on');
    assert.equal(negateStatement('Is certified'), 'Is not certified');
    assert.equal(negateStatement('Executive sponsor named'), 'Not “Executive sponsor named”');
  });
});

describe('a failed must-have in words', () => {
  it('reads the core’s failed gate as a sentence', () => {
    const referral = profiles.find((p) => p.id === 'referral');
    const r = scorePartner({ sellsCompetingProduct: true, icpMatchPercent: 55 }, referral);
    assert.equal(r.disqualified, true);
    const gate = r.failedGates[0];
    const c = referral.criteria.find((x) => x.id === gate.criterion);
    const line = r.contributions.find((x) => x.criterion === gate.criterion);
    assert.equal(gateInWords(gate, c, line), 'Disqualified: sells a competing product (a must-have)');
  });

  it('words range and category gates of a custom profile', () => {
    const profile = {
      id: 'p', name: 'P', partnerType: 'referral',
      criteria: [
        { id: 'reps', label: 'Sales reps', field: 'salesReps', weight: 1, kind: 'range', curve: [[0, 0], [10, 1]], gate: { min: 5 } },
        { id: 'model', label: 'Business model', field: 'model', weight: 1, kind: 'category', values: { msp: 1, var: 1 }, gate: { allowed: ['msp', 'var'] } },
      ],
      bands: [{ label: 'Good', min: 50 }, { label: 'Poor', min: 0 }],
    };
    assert.equal(validateProfile(profile).ok, true);
    const r = scorePartner({ salesReps: 2, model: 'agency' }, profile);
    const words = r.failedGates.map((g) => gateInWords(g, profile.criteria.find((c) => c.id === g.criterion), r.contributions.find((c) => c.criterion === g.criterion), 'en-US'));
    assert.deepEqual(words, [
      'Disqualified: sales reps is 2, below the minimum of 5 (a must-have)',
      'Disqualified: business model is agency, not one of msp, var (a must-have)',
    ]);
  });
});

describe('bands in words', () => {
  it('reads the thresholds from the profile, highest first', () => {
    const bands = bandsInWords({ bands: [{ label: 'Poor', min: 0 }, { label: 'Ideal', min: 85 }, { label: 'Fine', min: 50 }] }, 'en-US');
    assert.deepEqual(bands.map((b) => [b.label, b.range]), [['Ideal', '85–100'], ['Fine', '50 to under 85'], ['Poor', '0 to under 50']]);
    assert.match(bands[0].meaning, /recruiting/);
    assert.equal(bands[1].meaning, null);
    const builtin = bandsInWords(profiles[0], 'en-US');
    assert.deepEqual(builtin.map((b) => b.min), [...profiles[0].bands].map((b) => b.min).sort((a, b) => b - a));
  });
});

describe('errors in words', () => {
  it('puts the message first and keeps the code and path for a details line', () => {
    assert.deepEqual(errorInWords({ code: 'invalid-number', path: 'payoutPerDeal', message: 'expected a decimal number' }),
      { message: 'Expected a decimal number.', detail: 'Code invalid-number, at payoutPerDeal', code: 'invalid-number', path: 'payoutPerDeal' });
    assert.equal(errorInWords(new Error('boom')).detail, 'Code internal');
    assert.equal(ungatedScore({ score: 0 }), null);
    assert.equal(ungatedScore({ score: 0, scoreWithoutGates: 71.4 }), 71.4);
  });
});
