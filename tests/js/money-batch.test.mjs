// Batch money (issue 13 item 2): the columnar twins cross packed (type
// codes, numbers and text cells; src/economics.rs `packed_columns`), and
// must answer exactly what the single function answers row by row: the
// same digits, and for a bad cell the same code and message, with the row
// in the path (`contractValue[17]`, `[17]` for the whole row). Random
// columns mix good and bad cells of every kind a host sends.
//
//   node --test tests/js/money-batch.test.mjs

import { describe, it, before } from 'node:test';
import assert from 'node:assert/strict';
import * as lib from '../../www/lib/index.js';
import { readFileSync } from 'node:fs';
import * as glue from '../../pkg/partner_scoring.js';

let seed = 13;
const rand = () => {
  seed = (Math.imul(seed, 1103515245) + 12345) >>> 0;
  return seed / 4294967296;
};
const pick = (list) => list[Math.floor(rand() * list.length)];

// Amounts: mostly good, sometimes bad, in every form.
const GOOD_AMOUNTS = () => pick([
  () => (Math.round(rand() * 1e7) / 100).toFixed(2),
  () => Math.round(rand() * 1e7) / 100,
  () => rand() * 1000,
  () => ` ${Math.round(rand() * 1e5)} `,
  () => `${Math.round(rand() * 1e3)}.500`,
  () => '1.5e3',
  () => Math.round(rand() * 50) + 1,
])();
const BAD_AMOUNTS = [null, undefined, '', '  ', 'abc', '1,000', '-5', -3.25, NaN, Infinity, -0, 0, 1e21, 1e-7,
  1e30, '1e400', true, false, '12345678901234567890123456789', 'NaN', '+7', '.5', '5.', '0.000'];
const amount = () => (rand() < 0.9 ? GOOD_AMOUNTS() : pick(BAD_AMOUNTS));
const rateCell = () => (rand() < 0.9 ? pick([() => Math.round(rand() * 1000) / 1000, () => String(Math.round(rand() * 100) / 100), () => rand() * 0.4])()
  : pick([1.5, -0.1, 'x', null, '', 1, 0, '0.15 ']));
const word = (good) => (rand() < 0.9 ? pick(good) : pick(['won', '', null, 7, ` ${good[0]} `, 'LATE-STAGE', true]));

const STAGES = ['before-contact', 'after-first-meeting', 'late-stage', 'unregistered'];
const MOTIONS = ['partner-sourced', 'co-sold', 'partner-closed', 'direct'];

// Each twin: its single function and a generator of one input field per key.
const TWINS = {
  dealRegistrationPayouts: {
    single: lib.dealRegistrationPayout,
    fields: { contractValue: amount, stage: () => word(STAGES) },
    shared: { schedule: () => ({ 'late-stage': 0.18 }), currency: () => pick(['EUR', 'JPY', 'usd']) },
  },
  referralCommissions: {
    single: lib.referralCommission,
    fields: { firstYearContractValue: amount, rate: rateCell },
    shared: { guidance: () => ({ min: 100, max: 900 }), currency: () => pick(['GBP', 'BHD', 'XXX']) },
  },
  resellerMargins: {
    single: lib.resellerMargin,
    fields: { contractValue: amount, marginRate: rateCell },
    shared: { currency: () => pick(['USD', 'KWD']) },
  },
  repCompensations: {
    single: lib.repCompensation,
    fields: { dealValue: amount, standardCommissionRate: rateCell, motion: () => word(MOTIONS), partnerFeeRate: rateCell },
    shared: { sourcedShare: () => 0.8, currency: () => 'EUR' },
  },
  partnerReturns: {
    single: lib.partnerReturn,
    fields: { payoutPerDeal: amount, hoursPerDeal: amount, opportunityCostPerHour: amount },
    shared: { targetMultiple: () => pick([3, '2.75']), currency: () => 'CLF' },
  },
};

const errorOf = (f) => {
  try {
    return { ok: f() };
  } catch (err) {
    assert.ok(err instanceof lib.PartnerScoringError, String(err));
    return { error: { code: err.code, path: err.path, message: err.message } };
  }
};

// The row's error as the twin names it (src/economics.rs, `at_row`).
function atRow(e, columns, i) {
  if (e.path === '') return { ...e, path: `[${i}]` };
  const end = e.path.search(/[.[]/);
  const head = end === -1 ? e.path : e.path.slice(0, end);
  return columns.has(head) ? { ...e, path: `${head}[${i}]${e.path.slice(head.length)}` } : e;
}

// What the twin must answer: the single function row by row.
function expected(single, input, n) {
  const columns = new Set(Object.keys(input).filter((k) => Array.isArray(input[k])));
  const out = {};
  for (let i = 0; i < n; i++) {
    const row = {};
    for (const [k, v] of Object.entries(input)) row[k] = columns.has(k) ? v[i] : v;
    const r = errorOf(() => single(row));
    if (r.error) return { error: atRow(r.error, columns, i) };
    for (const [k, v] of Object.entries(r.ok)) (out[k] ??= []).push(v);
  }
  return { ok: out };
}

function randomInput(twin, n) {
  const input = {};
  const keys = Object.keys(twin.fields);
  for (const k of keys) {
    // A field is sometimes one shared value instead of a column.
    input[k] = rand() < 0.15 ? twin.fields[k]() : Array.from({ length: n }, twin.fields[k]);
  }
  for (const [k, f] of Object.entries(twin.shared)) {
    if (rand() < 0.3) input[k] = rand() < 0.7 ? f() : Array.from({ length: n }, f);
  }
  if (rand() < 0.05) input.notAField = Array.from({ length: n }, () => pick([1, null]));
  if (!keys.some((k) => Array.isArray(input[k]))) input[keys[0]] = Array.from({ length: n }, twin.fields[keys[0]]);
  return input;
}

describe('batch money, packed', () => {
  before(async () => {
    await lib.init();
    // The wrapper bundles its own copy of the glue (scripts/build-wrapper.mjs);
    // this one, called directly below, gets its own instance.
    await glue.default({ module_or_path: readFileSync(new URL('../../pkg/partner_scoring_bg.wasm', import.meta.url)) });
  });

  it('takes the packed path for plain columns', () => {
    // [rows, keys, shared, text cells]; two text cells and one number.
    const spec = JSON.stringify([2, ['contractValue', 'stage'], { stage: 'late-stage' }, 1]);
    const out = glue.moneyColumns('dealRegistrationPayouts', spec, Uint8Array.of(0, 1), Float64Array.of(0, 200), new TextEncoder().encode('100'));
    assert.notEqual(out, '', 'the core declined plain packed columns');
    assert.deepEqual(lib.dealRegistrationPayouts({ contractValue: ['100', 200], stage: 'late-stage' }), {
      stage: ['late-stage', 'late-stage'], rate: ['0.15', '0.15'], payout: ['15.00', '30.00'], currency: ['USD', 'USD'],
    });
  });

  for (const [name, twin] of Object.entries(TWINS)) {
    it(`${name}: random columns answer as the single function per row`, () => {
      let errors = 0;
      for (let round = 0; round < 60; round++) {
        const n = 1 + Math.floor(rand() * (round % 3 === 0 ? 40 : 6));
        const input = randomInput(twin, n);
        const got = errorOf(() => lib[name](input));
        const want = expected(twin.single, input, n);
        if (want.error) errors++;
        assert.deepEqual(got, want, `${name} round ${round}: ${JSON.stringify(input)}`);
      }
      assert.ok(errors > 3 && errors < 57, `a mix of good and bad inputs (${errors} of 60 bad)`);
    });
  }

  it('clean random columns give the single functions\' digits on 5,000 rows', () => {
    const n = 5000;
    const input = {
      contractValue: Array.from({ length: n }, GOOD_AMOUNTS),
      marginRate: Array.from({ length: n }, () => Math.round(rand() * 600) / 1000),
    };
    assert.deepEqual(lib.resellerMargins(input), expected(lib.resellerMargin, input, n).ok);
  });

  it('what the packing does not cover goes the wire path, with its answer', () => {
    // A text cell holding the cell separator, an object cell, columns of
    // different lengths, a text past the length limit.
    const cases = [
      { contractValue: ['1\u001f2', '5'], stage: 'late-stage' },
      { contractValue: ['5', '6'], stage: ['late-stage\u001e', 'unregistered'] },
      { contractValue: [{ amount: 5 }], stage: 'late-stage' },
      { contractValue: ['5', '6'], stage: ['late-stage'] },
      { contractValue: ['5', 'x'.repeat(70_000)], stage: 'late-stage' },
    ];
    for (const input of cases) {
      const got = errorOf(() => lib.dealRegistrationPayouts(input));
      const wire = errorOf(() => lib.dealRegistrationPayouts(JSON.stringify(input)));
      assert.deepEqual(got, wire, JSON.stringify(input).slice(0, 80));
      assert.ok(got.error, 'each of these is refused');
    }
    assert.equal(errorOf(() => lib.dealRegistrationPayouts({ contractValue: ['1\u001f2'], stage: 'late-stage' })).error.path,
      'contractValue[0]');
  });
});
