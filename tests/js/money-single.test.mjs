// Single money calls (issue 13 item 2): a plain input object crosses packed
// into a buffer in wasm memory (www/lib/wrapper.js `moneyOne`,
// src/economics.rs `packed_single`) instead of as JSON. Whatever the
// input, the answer must be the general path's: the same result object,
// field for field, or the same error code, path and message. The general
// path is the module's own `call` with the input as JSON text.
//
//   node --test tests/js/money-single.test.mjs

import { describe, it, before } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import * as lib from '../../www/lib/index.js';
import * as glue from '../../pkg/partner_scoring.js';
import { prng } from './prng.mjs';

const rand = prng(1202);
const pick = (list) => list[Math.floor(rand() * list.length)];

const AMOUNTS = [
  () => (Math.round(rand() * 1e7) / 100).toFixed(2), () => Math.round(rand() * 1e7) / 100, () => rand() * 1000,
  () => ` ${Math.round(rand() * 1e5)} `, () => '1.5e3', () => Math.round(rand() * 50) + 1, () => '0.000',
];
const BAD = [null, undefined, '', '  ', 'abc', '1,000', '-5', -3.25, 0, 1e21, 1e-7, 1e30, '1e400', true, false,
  '12345678901234567890123456789', 'NaN', '+7', '.5', '5.', '€12', 'é', '\u{1f600}', '\ud800', 'x'.repeat(25_000),
  'x'.repeat(70_000), { a: 1 }, [1, 2], '1\u001f2', '\u001e'];
const amount = () => (rand() < 0.9 ? pick(AMOUNTS)() : pick(BAD));
const rate = () => (rand() < 0.9 ? pick([() => Math.round(rand() * 1000) / 1000, () => String(Math.round(rand() * 100) / 100)])() : pick([1.5, -0.1, ...BAD]));
const word = (good) => (rand() < 0.9 ? pick(good) : pick([` ${good[0]} `, good[0].toUpperCase(), 7, ...BAD]));
const currency = () => pick(['EUR', 'jpy', ' usd ', 'BHD', 'XXX', 'US', 'ÉUR', 3, true, null]);
const STAGES = ['before-contact', 'after-first-meeting', 'late-stage', 'unregistered'];
const MOTIONS = ['partner-sourced', 'co-sold', 'partner-closed', 'direct'];

// Each function: required and optional fields, each a generator.
const FUNCTIONS = {
  dealRegistrationPayout: {
    contractValue: amount, stage: () => word(STAGES),
    schedule: () => pick([{ 'late-stage': rate() }, { [pick(STAGES)]: rate(), unregistered: rate() }, { won: 0.1 }, {}, 'x', [0.1]]),
    currency,
  },
  referralCommission: {
    firstYearContractValue: amount, rate,
    guidance: () => pick([{ min: amount(), max: amount() }, { min: 900, max: 100 }, { min: 1 }, { min: 1, max: 2, mid: 1 }]),
    currency,
  },
  resellerMargin: { contractValue: amount, marginRate: rate, currency },
  repCompensation: {
    dealValue: amount, standardCommissionRate: rate, motion: () => word(MOTIONS), partnerFeeRate: rate, sourcedShare: rate, currency,
  },
  partnerReturn: {
    payoutPerDeal: amount, hoursPerDeal: amount,
    hours: Object.assign(() => pick([{ identify: amount(), demo: amount() }, { close: 0 }, { lunch: 1 }, { qualify: { deep: { deeper: 1 } } }]), { rare: true }),
    opportunityCostPerHour: amount, targetMultiple: amount, currency,
  },
  retentionUplift: { sharedCustomers: amount, annualChurnRate: rate, upliftRate: rate, arrPerCustomer: amount, currency },
};

function randomInput(fields) {
  const input = {};
  const keys = Object.keys(fields);
  // Fields in a random order, some left out, sometimes an unknown one.
  for (const k of keys.sort(() => rand() - 0.5)) if (rand() < (fields[k].rare ? 0.1 : 0.9)) input[k] = fields[k]();
  if (rand() < 0.08) input[pick(['notAField', 'ключ', 'payout'])] = pick([1, 'x', null, undefined]);
  return input;
}

const outcome = (f) => {
  try {
    return { ok: f() };
  } catch (err) {
    assert.ok(err instanceof lib.PartnerScoringError, String(err));
    return { error: { code: err.code, path: err.path, message: err.message } };
  }
};

// The general path: the module's `call` with the object as JSON (null for
// undefined, as the wrapper's wire text writes it).
function general(name, input) {
  const text = JSON.stringify([input], (_, v) => (v === undefined ? null : v));
  const out = JSON.parse(glue.call(name, text));
  return out.error === undefined ? { ok: out.ok } : { error: out.error };
}

describe('single money calls, packed', () => {
  before(async () => {
    await lib.init();
    await glue.default({ module_or_path: readFileSync(new URL('../../pkg/partner_scoring_bg.wasm', import.meta.url)) });
  });

  it('the core answers a hand-packed object without JSON', () => {
    // {contractValue: 1000, stage: 'late-stage'}: numbers (f64 per field),
    // then type, key length, value length (u32 per field), then the UTF-8.
    const [index, fields] = glue.moneyFields('dealRegistrationPayout').split('\u001d');
    assert.deepEqual(fields.split('\u001f'), ['stage', 'rate', 'payout', 'currency']);
    assert.equal(glue.moneyFields('programRoi'), '', 'no packed single path for ROI');
    const text = new TextEncoder().encode('contractValuestagelate-stage');
    const at = glue.moneyInput(40 + text.length);
    const mem = glue.moneyMemory().buffer;
    new Float64Array(mem, at, 2).set([1000, 0]);
    new Uint32Array(mem, at + 16, 6).set([1, 13, 0, 0, 5, 10]);
    new Uint8Array(mem, at + 40, text.length).set(text);
    const n = glue.moneyOne(Number(index), 2);
    assert.ok(n > 0, `moneyOne answered ${n}`);
    const out = new TextDecoder().decode(new Uint8Array(glue.moneyMemory().buffer, glue.moneyOutput(), n));
    assert.deepEqual(out.split('\u001f'), ['late-stage', '0.15', '150.00', 'USD']);
    // Bytes that do not match the layout: the wrapper is told to use `call`.
    new Uint32Array(mem, at + 16, 1).set([9]);
    assert.equal(glue.moneyOne(Number(index), 2), -1);
  });

  for (const [name, fields] of Object.entries(FUNCTIONS)) {
    it(`${name}: random objects answer as the general path`, () => {
      let errors = 0;
      for (let round = 0; round < 400; round++) {
        const input = randomInput(fields);
        const got = outcome(() => lib[name](input));
        const want = general(name, input);
        if (want.error) errors++;
        assert.deepEqual(got, want, `${name} round ${round}: ${JSON.stringify(input).slice(0, 300)}`);
      }
      assert.ok(errors > 20 && errors < 380, `a mix of good and bad inputs (${errors} of 400 bad)`);
    });
  }

  it('clean objects give the twin\'s digits, row by row', () => {
    const n = 2000;
    const input = {
      contractValue: Array.from({ length: n }, () => pick(AMOUNTS)()),
      stage: Array.from({ length: n }, () => pick(STAGES)),
    };
    const twin = lib.dealRegistrationPayouts(input);
    for (let i = 0; i < n; i++) {
      const one = lib.dealRegistrationPayout({ contractValue: input.contractValue[i], stage: input.stage[i] });
      assert.deepEqual(one, { stage: twin.stage[i], rate: twin.rate[i], payout: twin.payout[i], currency: twin.currency[i] });
    }
  });

  it('keeps answering after errors, big inputs and memory growth', () => {
    const big = { contractValue: '5', stage: 'late-stage', note: 'é'.repeat(20_000) };
    assert.equal(outcome(() => lib.dealRegistrationPayout(big)).error.code, 'unknown-field');
    const many = { contractValue: 1, stage: 'late-stage' };
    for (let i = 0; i < 70; i++) many[`k${i}`] = null;
    assert.deepEqual(lib.dealRegistrationPayout(many), { stage: 'late-stage', rate: '0.15', payout: '0.15', currency: 'USD' });
    // A call that grows memory past the wrapper's restart threshold: the
    // instance is replaced, and the single path finds its new buffers.
    assert.equal(lib.dealRegistrationPayouts({ contractValue: Array(1_000_000).fill('123456.25'), stage: 'late-stage' }).payout[999_999], '18518.44');
    assert.ok(lib.memoryBytes() < 64 * 1024 * 1024, 'the instance was restarted');
    assert.deepEqual(lib.dealRegistrationPayout({ contractValue: '40000', stage: 'after-first-meeting', currency: 'eur' }),
      { stage: 'after-first-meeting', rate: '0.2', payout: '8000.00', currency: 'EUR' });
  });
});
